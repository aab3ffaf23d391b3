"""Dangling references fail loudly, naming the file, the line and the IRI."""

from __future__ import annotations

import pytest

from cimgen.errors import InputError
from cimgen.graph.passes import add_implicit_primitives, check_references
from cimgen.graph.records import TypeKind
from tests.graph.factories import NS, a_literal, a_property, a_type, graph_of


def test_a_complete_graph_passes() -> None:
    graph = graph_of(
        a_type("A"),
        a_type("B", superclass="A"),
        a_type("E", TypeKind.ENUMERATION),
        a_property("B", "e", "E"),
        a_literal("E", "one"),
        connect=False,
    )
    check_references.run(graph)


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ((a_type("B", superclass="Missing"),), f"{NS}B: its superclass {NS}Missing is not defined"),
        ((a_type("A"), a_property("Missing", "x", "A")), f"{NS}Missing.x: its domain {NS}Missing is not defined"),
        ((a_type("A"), a_property("A", "x", "Missing")), f"{NS}A.x: its range {NS}Missing is not defined"),
        ((a_type("A"), a_property("A", "x", "A", inverse="A.y")), f"its inverse role {NS}A.y is not defined"),
        ((a_literal("Missing", "one"),), f"its enumeration {NS}Missing is not defined"),
        ((a_type("A"), a_literal("A", "one")), f"{NS}A.one is typed by {NS}A, which is no enumeration"),
    ],
)
def test_each_kind_of_dangling_reference_is_an_error(records: tuple[object, ...], message: str) -> None:
    graph = graph_of(*records, connect=False)  # type: ignore[arg-type]
    with pytest.raises(InputError) as caught:
        check_references.run(graph)
    assert message in str(caught.value)
    assert str(caught.value).startswith("test.rdf:1: ")


def test_the_error_counts_the_other_dangling_references() -> None:
    graph = graph_of(a_type("A", superclass="X"), a_type("B", superclass="Y"), connect=False)
    with pytest.raises(InputError, match=r"\(and 1 more dangling references\)"):
        check_references.run(graph)


def test_xsd_and_cim_domain_primitives_are_built_in_but_other_names_are_not() -> None:
    xsd = a_property("A", "f", "x", range="http://www.w3.org/2001/XMLSchema#float")
    month_day = a_property("A", "m", "MonthDay")
    graph = graph_of(a_type("A"), xsd, month_day, connect=False)
    add_implicit_primitives.run(graph)
    check_references.run(graph)
    assert graph.get("http://www.w3.org/2001/XMLSchema#float") is not None
    assert len(graph.notes) == 1 and "MonthDay" in graph.notes[0]

    unknown = graph_of(a_type("A"), a_property("A", "w", "Widget"), connect=False)
    add_implicit_primitives.run(unknown)
    with pytest.raises(InputError, match="Widget is not defined"):
        check_references.run(unknown)
