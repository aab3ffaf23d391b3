"""CIM classes identified by an IEC 61968-9 code are linked to its codec, when its tables are there."""

from __future__ import annotations

from cimgen.graph.code_tables import READING_TYPE_TABLES
from cimgen.graph.passes import link_code_types
from cimgen.graph.records import CodeTableRecord, TypeKind, TypeRecord
from tests.graph.factories import HERE, NS, a_property, a_type, graph_of


def _tables(*names: str) -> list[CodeTableRecord]:
    return [CodeTableRecord(f"urn:cimgen:codes:{name}", name, (), HERE) for name in names]


def test_reading_type_with_an_mrid_and_all_its_tables_gets_the_codec() -> None:
    graph = graph_of(
        a_type("IdentifiedObject"),
        a_type("String", TypeKind.PRIMITIVE),
        a_property("IdentifiedObject", "mRID", "String"),
        a_type("ReadingType", superclass="IdentifiedObject"),
        a_type("EndDeviceEventType", superclass="IdentifiedObject"),
        *_tables(*READING_TYPE_TABLES),
    )
    link_code_types.run(graph)
    assert graph.get_as(NS + "ReadingType", TypeRecord).codec == "ReadingType"
    assert graph.get_as(NS + "EndDeviceEventType", TypeRecord).codec is None  # its tables are missing


def test_no_codec_without_an_mrid() -> None:
    graph = graph_of(a_type("ReadingType"), *_tables(*READING_TYPE_TABLES))
    link_code_types.run(graph)
    assert graph.get_as(NS + "ReadingType", TypeRecord).codec is None
