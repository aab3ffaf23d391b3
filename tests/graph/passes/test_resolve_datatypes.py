"""CIM datatypes get their value type and fixed unit and multiplier."""

from __future__ import annotations

from cimgen.graph.passes import resolve_datatypes
from cimgen.graph.records import TypeKind, TypeRecord
from tests.graph.factories import NS, a_property, a_type, graph_of


def test_value_unit_and_multiplier_are_found() -> None:
    graph = graph_of(
        a_type("Voltage", TypeKind.DATATYPE),
        a_type("Float", TypeKind.PRIMITIVE),
        a_type("UnitSymbol", TypeKind.ENUMERATION),
        a_type("UnitMultiplier", TypeKind.ENUMERATION),
        a_property("Voltage", "value", "Float"),
        a_property("Voltage", "unit", "UnitSymbol", fixed="V"),
        a_property("Voltage", "multiplier", "UnitMultiplier", fixed=" k "),
    )
    resolve_datatypes.run(graph)
    voltage = graph.get_as(NS + "Voltage", TypeRecord)
    assert (voltage.value_type, voltage.unit, voltage.multiplier) == (NS + "Float", "V", "k")


def test_a_datatype_without_fixed_unit_keeps_none() -> None:
    graph = graph_of(
        a_type("Money", TypeKind.DATATYPE),
        a_type("UnitSymbol", TypeKind.ENUMERATION),
        a_property("Money", "unit", "UnitSymbol"),
    )
    resolve_datatypes.run(graph)
    money = graph.get_as(NS + "Money", TypeRecord)
    assert (money.value_type, money.unit, money.multiplier) == (None, None, None)
