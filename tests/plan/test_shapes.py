"""The SHACL plan: compiled checks by class, and what is not run with why."""

from __future__ import annotations

from pathlib import Path

from cimgen.api import load_graph
from cimgen.plan.shapes import plan_shapes
from tests.conftest import FIXTURES
from tests.readers.test_shacl import CIM, SHAPES


def test_checks_go_to_their_target_classes_sparql_to_rdflib_and_the_rest_is_listed_as_not_run(tmp_path: Path) -> None:
    shapes = tmp_path / "tiny-shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    plan = plan_shapes(load_graph([FIXTURES / "tiny.rdf", shapes]))
    assert plan is not None
    assert dict(plan.not_run) == {
        "http://example.com/shapes#Nowhere": "targets only classes and properties the profiles do not have",
    }
    assert plan.compiled == 4 and [c.class_iri for c in plan.classes] == [f"{CIM}TopologicalNode"]
    steps = {check.shape.rpartition("#")[2]: check.steps for check in plan.classes[0].checks}
    assert steps == {
        "voltage-required": (("field", "base_voltage"),),
        "voltage-type": (("field", "base_voltage"), ("type", "")),
        "nodes-inverse": (("inverse", f"{CIM}TopologicalNode base_voltage"),),
        "mrid-pattern": (("field", "m_rid"),),
    }
    (sparql,) = plan.sparql  # run with rdflib, over the objects of the node shape's target class
    assert sparql.selectors == (("class", f"{CIM}TopologicalNode"),)
    assert (sparql.path, sparql.sparql_path) == ("IdentifiedObject.mRID", f"<{CIM}IdentifiedObject.mRID>")
    assert sparql.query == "SELECT $this WHERE { }"


def test_a_deactivated_shape_checks_nothing_and_is_listed_as_not_run(tmp_path: Path) -> None:
    shapes = tmp_path / "tiny-shapes.ttl"
    shapes.write_text(
        SHAPES.replace("sh:maxCount 0 .", "sh:maxCount 0 ; sh:deactivated true .").replace(
            "sh:targetClass cim:Nowhere ;", "sh:targetClass cim:TopologicalNode ; sh:deactivated true ;"
        ),
        encoding="utf-8",
    )
    plan = plan_shapes(load_graph([FIXTURES / "tiny.rdf", shapes]))
    assert plan is not None
    assert dict(plan.not_run) == {
        "http://example.com/shapes#Nowhere": "sh:deactivated",
        "http://example.com/shapes#nodes-inverse": "sh:deactivated",
    }
    checked = {check.shape.rpartition("#")[2] for classes in plan.classes for check in classes.checks}
    assert checked == {"voltage-required", "voltage-type", "mrid-pattern"}
