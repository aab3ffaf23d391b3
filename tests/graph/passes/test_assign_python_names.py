"""Python names: unique classes and modules, fields unique with what a class inherits."""

from __future__ import annotations

from cimgen.graph.passes import assign_python_names
from cimgen.graph.records import LiteralRecord, PropertyRecord, TypeKind, TypeRecord
from tests.graph.factories import NS, a_literal, a_property, a_type, graph_of


def test_names_are_safe_and_unique() -> None:
    graph = graph_of(
        a_type("Base"),
        a_type("Child", superclass="Base"),
        a_type("String", TypeKind.PRIMITIVE),
        a_type("Kind", TypeKind.ENUMERATION),
        a_type("kind", TypeKind.ENUMERATION),
        a_property("Base", "mRID", "String"),
        a_property("Base", "class", "String"),
        a_property("Child", "MRID", "String"),
        a_literal("Kind", "None"),
        a_literal("Kind", "1phase"),
        a_literal("Kind", "m"),
        a_literal("Kind", "M"),
    )
    assign_python_names.run(graph)
    types = {t.name: (t.python_name, t.module) for t in graph.records(TypeRecord) if t.python_name}
    assert types["Child"] == ("Child", "child")
    assert {types["Kind"], types["kind"]} == {("Kind", "kind"), ("Kind_2", "kind_2")}
    fields = {p.iri.removeprefix(NS): p.python_name for p in graph.records(PropertyRecord)}
    assert fields == {"Base.mRID": "m_rid", "Base.class": "class_", "Child.MRID": "mrid"}
    members = {lit.name: lit.python_name for lit in graph.records(LiteralRecord)}
    assert members == {"None": "None_", "1phase": "_1phase", "m": "m", "M": "M"}


def test_a_field_never_takes_an_inherited_name() -> None:
    graph = graph_of(
        a_type("Base"),
        a_type("Child", superclass="Base"),
        a_type("String", TypeKind.PRIMITIVE),
        a_property("Base", "name", "String"),
        a_property("Child", "Name", "String"),
    )
    assign_python_names.run(graph)
    assert graph.get_as(NS + "Child.Name", PropertyRecord).python_name == "name_2"


def test_the_name_spelled_that_way_in_the_source_keeps_it_and_every_rename_is_noted() -> None:
    graph = graph_of(
        a_type("Ünit", iri=NS + "AUnit"),  # comes first by IRI, but is not spelled "Unit"
        a_type("Unit"),
        a_type("String", TypeKind.PRIMITIVE),
        a_property("Unit", "type", "String"),
    )
    assign_python_names.run(graph)
    assert graph.get_as(NS + "Unit", TypeRecord).python_name == "Unit"
    assert graph.get_as(NS + "AUnit", TypeRecord).python_name == "Unit_2"
    assert graph.get_as(NS + "Unit.type", PropertyRecord).python_name == "type_2"
    assert "class 'Ünit' is 'Unit_2' in Python: 'Unit' is taken ('Unit' has it)" in graph.notes
    assert "field 'Unit.type' is 'type_2' in Python: 'type' is taken (generated annotations use it)" in graph.notes
