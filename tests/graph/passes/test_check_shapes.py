"""Shapes that point at a class or property the profiles lack are noted, one line each."""

from __future__ import annotations

from cimgen.graph.passes import check_shapes, merge_profiles
from cimgen.graph.records import ShapeRecord
from tests.graph.factories import HERE, NS, a_property, a_type, graph_of

SHAPES = "http://example.com/shapes#"


def test_targets_paths_and_parts_that_exist_pass_and_the_others_are_noted() -> None:
    graph = graph_of(
        a_type("A"),
        a_property("A", "x", "A"),
        ShapeRecord(SHAPES + "good", HERE, path=((False, NS + "A.x"),)),
        ShapeRecord(SHAPES + "typed", HERE, path=((False, NS + "A.x"), (False, check_shapes.RDF_TYPE))),
        ShapeRecord(SHAPES + "A", HERE, targets=(NS + "A",), properties=(SHAPES + "good", SHAPES + "typed")),
        ShapeRecord(SHAPES + "lost", HERE, targets=(NS + "Gone",), properties=(SHAPES + "missing",)),
        ShapeRecord(SHAPES + "stray", HERE, path=((True, NS + "A.gone"),)),
        connect=False,
    )
    merge_profiles.run(graph)
    check_shapes.run(graph)
    assert graph.notes == [
        f"test.rdf: shape {SHAPES}lost targets {NS}Gone, which the profiles do not have",
        f"test.rdf: shape {SHAPES}lost names the property shape {SHAPES}missing, which no file defines",
        f"test.rdf: shape {SHAPES}stray has a path through {NS}A.gone, which the profiles do not have",
    ]


def test_one_shape_in_two_files_says_what_both_say() -> None:
    first = ShapeRecord(SHAPES + "s", HERE, path=((False, NS + "A.x"),), constraints=(("in", ("a", "b")),))
    second = ShapeRecord(SHAPES + "s", HERE, path=((False, NS + "A.x"),), constraints=(("in", ("a",)), ("minCount", 1)))
    merged = merge_profiles.merge(first, second)
    assert isinstance(merged, ShapeRecord)
    assert merged.constraints == (("in", ("a", "b")), ("in", ("a",)), ("minCount", 1))
