"""A property is an association end exactly when its range is a class."""

from __future__ import annotations

from cimgen.graph.passes import classify_properties
from cimgen.graph.records import PropertyKind, PropertyRecord, TypeKind
from tests.graph.factories import NS, a_property, a_type, graph_of


def test_ranges_decide_the_kind() -> None:
    graph = graph_of(
        a_type("A"),
        a_type("B"),
        a_type("Status", TypeKind.COMPOUND),
        a_type("Kind", TypeKind.ENUMERATION),
        a_type("Voltage", TypeKind.DATATYPE),
        a_type("String", TypeKind.PRIMITIVE),
        a_property("A", "b", "B"),
        a_property("A", "status", "Status", kind=PropertyKind.ASSOCIATION),
        a_property("A", "kind", "Kind"),
        a_property("A", "voltage", "Voltage"),
        a_property("A", "name", "String"),
    )
    classify_properties.run(graph)
    kinds = {p.name: p.kind for p in graph.records(PropertyRecord)}
    assert kinds == {
        "b": PropertyKind.ASSOCIATION,
        "status": PropertyKind.ATTRIBUTE,
        "kind": PropertyKind.ATTRIBUTE,
        "voltage": PropertyKind.ATTRIBUTE,
        "name": PropertyKind.ATTRIBUTE,
    }
    assert graph.get_as(NS + "A.b", PropertyRecord).kind is PropertyKind.ASSOCIATION
