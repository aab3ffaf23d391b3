"""The RDFS interpreter: stereotypes, multiplicities, profile names, dialect spellings."""

from __future__ import annotations

from pathlib import Path

import pytest

from cimgen.errors import InputError
from cimgen.graph.records import LiteralRecord, Multiplicity, PropertyRecord, TypeKind, TypeRecord
from cimgen.readers import read_document
from cimgen.readers.rdfs import interpret_rdfs, parse_multiplicity
from cimgen.readers.triples import CIMS, RDF, RDFS, Term, Triple, index_triples
from tests.conftest import FIXTURES, corpus_path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://iec.ch/TC57/1999/rdf-schema-extensions-19990926#M:0..1", Multiplicity(0, 1)),
        ("http://iec.ch/TC57/1999/rdf-schema-extensions-19990926#M:1..1", Multiplicity(1, 1)),
        ("http://iec.ch/TC57/1999/rdf-schema-extensions-19990926#M:0..n", Multiplicity(0, None)),
        ("http://iec.ch/TC57/1999/rdf-schema-extensions-19990926#M:1", Multiplicity(1, 1)),
        ("M:2..*", Multiplicity(2, None)),
    ],
)
def test_multiplicities(text: str, expected: Multiplicity) -> None:
    assert parse_multiplicity(Term(text, True), "f.rdf", 1) == expected


def test_an_unreadable_multiplicity_is_an_error_naming_the_place() -> None:
    with pytest.raises(InputError) as caught:
        parse_multiplicity(Term("M:lots", False), "f.rdf", 12)
    assert str(caught.value) == "f.rdf:12: cannot read the multiplicity 'M:lots'"


def test_the_tiny_profile_is_read_with_kinds_names_and_profile() -> None:
    document = read_document(FIXTURES / "tiny.rdf", "tiny.rdf")
    assert (document.profile.name, document.profile.version) == ("TINY", "2.1.0")
    records = {record.iri: record for record in document.records}
    base = "http://example.com/cim#"
    kinds = {iri.removeprefix(base): r.kind for iri, r in records.items() if isinstance(r, TypeRecord)}
    assert kinds == {
        "String": TypeKind.PRIMITIVE,
        "Float": TypeKind.PRIMITIVE,
        "UnitSymbol": TypeKind.ENUMERATION,
        "UnitMultiplier": TypeKind.ENUMERATION,
        "Voltage": TypeKind.DATATYPE,
        "IdentifiedObject": TypeKind.CLASS,
        "BaseVoltage": TypeKind.CLASS,
        "TopologicalNode": TypeKind.CLASS,
    }
    identified = records[base + "IdentifiedObject"]
    assert isinstance(identified, TypeRecord)
    assert identified.package == "Core"
    # The document marks concrete classes, so an unmarked class is abstract.
    assert identified.abstract is True
    assert records[base + "BaseVoltage"].abstract is False  # type: ignore[union-attr]
    role = records[base + "TopologicalNode.BaseVoltage"]
    assert isinstance(role, PropertyRecord)
    assert (role.name, role.multiplicity, role.inverse, role.used) == (
        "BaseVoltage",
        Multiplicity(1, 1),
        base + "BaseVoltage.TopologicalNodes",
        True,
    )
    literal = records[base + "UnitMultiplier.m"]
    assert isinstance(literal, LiteralRecord)
    assert (literal.name, literal.enumeration, literal.comment) == ("m", base + "UnitMultiplier", "Thousandth.")
    assert literal.location.line is not None


def test_the_profile_name_falls_back_to_the_fixed_short_name_then_the_stem() -> None:
    second = read_document(FIXTURES / "tiny-second.rdf", "tiny-second.rdf")
    assert second.profile.name == "TWO"
    triples = [Triple("http://e/#A", f"{RDF}type", Term(f"{RDFS}Class", True), 1)]
    assert interpret_rdfs(index_triples(triples), "x.rdf", "MyStem").profile.name == "MyStem"


def test_cimtool_labels_lose_their_hash_and_langdale_stereotypes_are_understood() -> None:
    triples = [
        Triple("http://e/#Kind", f"{RDF}type", Term(f"{RDFS}Class", True), 1),
        Triple("http://e/#Kind", f"{RDFS}label", Term("#Kind", False), 2),
        Triple("http://e/#Kind", f"{CIMS}stereotype", Term("http://langdale.com.au/2005/UML#enumeration", True), 3),
        Triple("http://e/#Kind.one", f"{RDF}type", Term("http://e/#Kind", True), 4),
    ]
    records = {r.iri: r for r in interpret_rdfs(index_triples(triples), "x.rdfs", "x").records}
    kind = records["http://e/#Kind"]
    assert isinstance(kind, TypeRecord)
    assert (kind.name, kind.kind, kind.abstract) == ("Kind", TypeKind.ENUMERATION, False)
    assert isinstance(records["http://e/#Kind.one"], LiteralRecord)


def test_a_literal_keeps_its_own_dots_and_loses_its_enumerations_name() -> None:
    kind = [Triple("http://e/#Kind", f"{RDF}type", Term(f"{RDFS}Class", True), 1)]
    literals = [
        Triple("http://e/#Kind.0.05CubicMeters", f"{RDF}type", Term("http://e/#Kind", True), 2),
        Triple("http://e/#Kind.0.05CubicMeters", f"{RDFS}label", Term("0.05CubicMeters", False), 3),
        Triple("http://e/#Kind.two", f"{RDF}type", Term("http://e/#Kind", True), 4),
        Triple("http://e/#Kind.two", f"{RDFS}label", Term("Kind.two", False), 5),
        Triple("http://e/#Kind.three", f"{RDF}type", Term("http://e/#Kind", True), 6),
    ]
    records = interpret_rdfs(index_triples(kind + literals), "x.rdfs", "x").records
    assert sorted(r.name for r in records if isinstance(r, LiteralRecord)) == ["0.05CubicMeters", "three", "two"]


def test_a_property_without_a_domain_is_an_error(tmp_path: Path) -> None:
    triples = [Triple("http://e/#A.b", f"{RDF}type", Term(f"{RDF}Property", True), 9)]
    with pytest.raises(InputError, match=r"x.rdf:9: property http://e/#A.b has no rdfs:domain"):
        interpret_rdfs(index_triples(triples), "x.rdf", "x")


def test_the_turtle_rendering_reads_through_rdflib() -> None:
    path = corpus_path("inst4cim-cgmes3-variants/ttl-improved/61970-600-2_Equipment-AP-Voc-RDFS2020_v3-0-0.ttl")
    document = read_document(path)
    assert document.profile.name == "EQ"
    names = {r.name for r in document.records if isinstance(r, TypeRecord)}
    assert {"ACLineSegment", "PhaseCode", "ActivePower"} <= names


@pytest.mark.parametrize(
    ("relative", "version"),
    [
        ("cimgen-cgmes/CGMES_3.0.0/IEC61970-600-2_CGMES_3_0_0_RDFS2020_EQ.rdf", "3.0.0"),
        ("cimgen-cgmes/CGMES_2.4.15_27JAN2020/EquipmentProfileCoreRDFSAugmented-v2_4_15-27Jan2020.rdf", "2.4.15"),
    ],
)
def test_cgmes_profiles_say_they_are_cgmes_and_which_release(relative: str, version: str) -> None:
    # CGMES 3 conforms to IEC 61970-600 in its header; CGMES 2.4.15 fixes entsoeUML to entsoe_v2.4.15.
    profile = read_document(corpus_path(relative), "EQ.rdf").profile
    assert (profile.name, profile.family, profile.version) == ("EQ", "CGMES", version)
