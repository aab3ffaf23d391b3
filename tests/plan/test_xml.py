"""The XML plan: each XML Schema type's facts, computed once from the class graph."""

from __future__ import annotations

import pytest

from cimgen.api import load_graph
from cimgen.graph.records import TypeKind
from cimgen.plan import build_plans
from cimgen.plan.xml import XmlPlan
from tests.conftest import FIXTURES

NS = "http://example.com/2011/TinyReadings#"


@pytest.fixture(scope="module")
def plan() -> XmlPlan:
    found = build_plans(load_graph([FIXTURES / "tiny-payload.xsd"])).xml
    assert found is not None
    return found


def _type(plan: XmlPlan, name: str):  # type: ignore[no-untyped-def]
    return next(t for t in plan.types.values() if t.value.name == name)


def test_fields_come_in_schema_order_inherited_first(plan: XmlPlan) -> None:
    reading = _type(plan, "MeterReading")
    names = [f.name for f in reading.fields]
    assert names[:2] == ["mRID", "isCoincidentTrigger"]
    assert names.index("Reading") < names.index("count") < names.index("ReadingType")
    order = next(f for f in reading.fields if f.name == "xmlOrder")
    assert order.stereotypes == ("xml-order",)  # the repeated choice keeps its children's order
    wildcard = next(f for f in reading.fields if "wildcard" in f.stereotypes)
    assert wildcard.multiplicity.is_many
    reading_type = next(f for f in reading.fields if f.name == "ReadingType")
    assert reading_type.multiplicity.lower == 1 and reading_type.xml_name == f"{{{NS}}}ReadingType"


def test_values_carry_their_python_type_and_xsd_builtin(plan: XmlPlan) -> None:
    values = {f.name: f.value for f in _type(plan, "Reading").fields}
    assert (values["value"].primitive, values["value"].builtin) == ("_decimal.Decimal", "decimal")
    assert values["timeStamp"].builtin == "dateTime" and values["scale"].primitive == "float"
    assert values["source"].kind is TypeKind.ENUMERATION and values["demand"].kind is TypeKind.COMPOUND
    counter = next(f for f in _type(plan, "MeterReading").fields if f.name == "count").value
    assert (counter.primitive, counter.builtin) == ("int", "unsignedShort")


def test_a_root_knows_its_elements_namespaces_and_streams(plan: XmlPlan) -> None:
    root = _type(plan, "TinyReadings")
    assert root.is_root and root.elements == (f"{{{NS}}}TinyReadings",)
    assert root.namespaces == (NS,)
    assert [s.path for s in root.streams] == ["meter_reading", "meter_reading.reading"]
    first, second = root.streams
    assert first.in_root and first.parents == root.elements
    assert not second.in_root and second.parents == (f"{{{NS}}}MeterReading",)
    assert plan.roots == ((f"{{{NS}}}TinyReadings", f".{root.value.module}", "TinyReadings"),)
    assert not _type(plan, "Reading").is_root


def test_every_compound_a_field_names_has_its_fields_in_the_plan(plan: XmlPlan) -> None:
    for xml_type in plan.types.values():
        for field in xml_type.fields:
            if field.value.kind is TypeKind.COMPOUND:
                assert plan.fields_of(field.value) == plan.types[field.value.iri].fields


def test_a_graph_without_schemas_has_no_xml_plan() -> None:
    assert build_plans(load_graph([FIXTURES / "tiny.rdf"])).xml is None
