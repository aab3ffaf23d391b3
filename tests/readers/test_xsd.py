"""XML Schemas into records, through xsdata's schema models, and the packages generated from them."""

from __future__ import annotations

import dataclasses
import decimal
import enum
from pathlib import Path

import pytest

from cimgen import generate, inspect, load_graph
from cimgen.errors import InputError
from cimgen.graph.records import Multiplicity, PropertyRecord, TypeKind, TypeRecord
from tests.conftest import FIXTURES, import_fresh, run_tool

NS = "http://example.com/2011/TinyReadings#"


def test_types_properties_and_occurrences() -> None:
    graph = load_graph([FIXTURES / "tiny-payload.xsd"])
    kinds = {t.name: t.kind for t in graph.types() if t.iri.startswith(NS) and not t.iri.endswith(".element")}
    assert kinds["MeterReading"] is TypeKind.COMPOUND
    assert kinds["ReadingSource"] is TypeKind.ENUMERATION
    assert kinds["Counter"] is TypeKind.PRIMITIVE
    assert kinds["MeterReadingReadingType"] is TypeKind.COMPOUND  # the anonymous type, named after its owner
    meter_reading = graph.get_as(NS + "MeterReading", TypeRecord)
    assert meter_reading.superclass == NS + "IdentifiedObject"
    assert meter_reading.model_reference == "http://iec.ch/TC57/CIM100#MeterReading"
    assert meter_reading.comment == "Values read from a meter."
    props = {p.name: p for p in graph.properties_of(NS + "MeterReading")}
    assert props["Reading"].multiplicity == Multiplicity(0, None)  # inside an unbounded choice
    assert props["ReadingType"].multiplicity == Multiplicity(1, 1)
    assert props["anyElement"].stereotypes == ("wildcard",)
    ref = graph.get_as(NS + "MeterReading.ReadingType.type.ref", PropertyRecord)
    assert (ref.multiplicity, ref.stereotypes) == (Multiplicity(1, 1), ("xml-attribute",))
    mrid = graph.get_as(NS + "IdentifiedObject.mRID", PropertyRecord)
    assert mrid.model_reference == "http://iec.ch/TC57/CIM100#IdentifiedObject.mRID"
    assert graph.get_as(NS + "Counter", TypeRecord).value_type == "http://www.w3.org/2001/XMLSchema#unsignedShort"


def test_generated_payload_classes_live_in_a_subpackage_per_namespace(tmp_path: Path) -> None:
    generate([FIXTURES / "tiny-payload.xsd"], out=tmp_path, package="payload")
    package = import_fresh(tmp_path, "payload")
    readings = package.tiny_readings
    reading = readings.Reading(value=decimal.Decimal("1.5"), source=readings.ReadingSource.meter)
    document = readings.TinyReadings(meter_reading=[readings.MeterReading(m_rid="1", reading=[reading], count=[3])])
    assert document == readings.TinyReadings(
        meter_reading=[readings.MeterReading(m_rid="1", reading=[reading], count=[3])]
    )
    assert issubclass(readings.MeterReading, readings.IdentifiedObject)
    assert issubclass(readings.ReadingSource, enum.Enum)
    fields = {f.name: f.metadata for f in dataclasses.fields(readings.MeterReadingReadingType)}
    assert fields["ref"]["xml"] == "attribute"
    assert {f.name: f.metadata for f in dataclasses.fields(readings.Quantity)}["value"]["xml"] == "text"
    typed = run_tool("mypy", "--strict", "--no-incremental", "payload", cwd=tmp_path)
    assert typed.returncode == 0, typed.stdout


def test_a_file_that_is_no_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "not-a-schema.xsd"
    path.write_text('<?xml version="1.0"?>\n<root/>\n')
    with pytest.raises(InputError, match="not an XML Schema"):
        load_graph([path])


def test_model_references_link_to_cim_nodes_by_local_name_and_inspect_counts_them(tmp_path: Path) -> None:
    profile = tmp_path / "cim.rdf"
    profile.write_text(
        (FIXTURES / "tiny.rdf")
        .read_text()
        .replace('#BaseVoltage"', '#MeterReading"')
        .replace("<rdfs:label>BaseVoltage</rdfs:label>", "<rdfs:label>MeterReading</rdfs:label>")
    )
    graph = load_graph([profile, FIXTURES / "tiny-payload.xsd"])
    links = {s: t for s, t, r in graph.nx.edges(data="relation") if r == "models"}
    assert links[NS + "MeterReading"] == "http://example.com/cim#MeterReading"
    assert links[NS + "IdentifiedObject.mRID"] == "http://example.com/cim#IdentifiedObject.mRID"
    counted = inspect([profile, FIXTURES / "tiny-payload.xsd"]).links
    assert counted is not None
    assert (counted["model_references"], counted["linked"], counted["unlinked"]) == (2, 2, 0)
    alone = inspect([FIXTURES / "tiny-payload.xsd"]).links
    assert alone is not None and (alone["linked"], alone["unlinked"]) == (0, 2)
    assert alone["unlinked_names"] == ["IdentifiedObject.mRID", "MeterReading"]


_MISSING = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:m="urn:m" targetNamespace="urn:m">
  {line}
  <xs:element name="Root" type="m:{type}"/>
  <xs:complexType name="RootType"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>
</xs:schema>
"""


@pytest.mark.parametrize(
    ("line", "type_name", "message"),
    [
        (
            '<xs:include schemaLocation="parts.xsd"/>',
            "RootType",
            r"main\.xsd:3: xs:include names parts\.xsd, which is not there",
        ),
        (
            '<xs:import namespace="urn:x" schemaLocation="x.xsd"/>',
            "RootType",
            r"main\.xsd:3: xs:import of urn:x \(x\.xsd\): no input",
        ),
        ("", "Nope", r"main\.xsd:4: the global element Root has the type urn:m#Nope, which no input defines"),
    ],
)
def test_what_a_schema_names_but_no_input_holds_is_an_error(
    tmp_path: Path, line: str, type_name: str, message: str
) -> None:
    path = tmp_path / "main.xsd"
    path.write_text(_MISSING.format(line=line, type=type_name))
    with pytest.raises(InputError, match=message):
        load_graph([path])
