"""CIMTool's OWL profiles: classes, restrictions, anonymous classes and enumerations into the class graph.

The corpus has three CIMTool profiles together with the "Message" catalog that CIMTool
wrote from each of them (the intermediate form its XSD builder renders): what we read
from the ``.owl`` is compared with that catalog, class by class and property by property.
The PNNL profile has no such companion, so it is compared with counts made with rdflib.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from cimgen.api import load_graph
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import LiteralRecord, PropertyKind, PropertyRecord, TypeKind, TypeRecord
from cimgen.readers import collect_inputs, read_document
from tests.conftest import SAFE_PARSER, corpus_path

METERING = "cimtool-builders-metering-profiles"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
_CATALOG_PROPERTIES = {
    *("Simple", "Domain", "Instance", "Reference"),
    *("Enumerated", "SimpleEnumerated", "Complex", "Choice"),
}
_CATALOG_TYPES = {"Root", "ComplexType", "CompoundType", "EnumeratedType"}

TINY_PROFILE = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" xmlns:owl="http://www.w3.org/2002/07/owl#"
    xmlns:uml="http://langdale.com.au/2005/UML#" xml:base="http://example.com/profile">
  <owl:Ontology rdf:about="http://example.com/profile"><rdfs:label>Tiny</rdfs:label>
    <owl:versionInfo>1.2</owl:versionInfo></owl:Ontology>
  <owl:Class rdf:about="#Meter">
    <rdfs:subClassOf rdf:resource="http://example.com/cim#Meter"/>
    <rdfs:subClassOf rdf:resource="#Asset"/>
    <uml:hasStereotype rdf:resource="http://langdale.com.au/2005/UML#concrete"/>
    <rdfs:subClassOf>
      <owl:Restriction>
        <owl:onProperty rdf:resource="http://example.com/cim#Meter.serialNumber"/>
        <owl:allValuesFrom><rdfs:Datatype><rdfs:label>serialNumber</rdfs:label>
          <owl:equivalentClass rdf:resource="http://www.w3.org/2001/XMLSchema#string"/></rdfs:Datatype>
        </owl:allValuesFrom>
      </owl:Restriction>
    </rdfs:subClassOf>
    <rdfs:subClassOf>
      <owl:Restriction>
        <owl:onProperty rdf:resource="http://example.com/cim#Meter.serialNumber"/>
        <owl:minCardinality>1</owl:minCardinality>
      </owl:Restriction>
    </rdfs:subClassOf>
    <rdfs:subClassOf>
      <owl:Restriction>
        <owl:onProperty rdf:resource="http://example.com/cim#Meter.kind"/>
        <owl:allValuesFrom><owl:Class><rdfs:label>kind</rdfs:label>
          <owl:unionOf rdf:parseType="Collection"><owl:Class rdf:about="#MeterKind"/></owl:unionOf>
        </owl:Class></owl:allValuesFrom>
      </owl:Restriction>
    </rdfs:subClassOf>
    <rdfs:subClassOf>
      <owl:Restriction>
        <owl:onProperty rdf:resource="http://example.com/cim#Meter.Seal"/>
        <owl:maxCardinality>2</owl:maxCardinality>
        <owl:allValuesFrom><owl:Class><rdfs:label>Seals</rdfs:label>
          <owl:unionOf rdf:parseType="Collection">
            <owl:Class><rdfs:label>Seal</rdfs:label>
              <rdfs:subClassOf rdf:resource="http://example.com/cim#Seal"/>
              <rdfs:subClassOf>
                <owl:Restriction>
                  <owl:onProperty rdf:resource="http://example.com/cim#Seal.sealNumber"/>
                  <owl:allValuesFrom><rdfs:Datatype><rdfs:label>sealNumber</rdfs:label></rdfs:Datatype>
                  </owl:allValuesFrom>
                </owl:Restriction>
              </rdfs:subClassOf>
            </owl:Class>
          </owl:unionOf>
        </owl:Class></owl:allValuesFrom>
      </owl:Restriction>
    </rdfs:subClassOf>
  </owl:Class>
  <owl:Class rdf:about="#Asset"><rdfs:subClassOf rdf:resource="http://example.com/cim#Asset"/></owl:Class>
  <owl:Class rdf:about="#MeterKind">
    <rdfs:subClassOf rdf:resource="http://example.com/cim#MeterKind"/>
    <owl:oneOf rdf:parseType="Collection">
      <rdf:Description rdf:about="http://example.com/cim#MeterKind.smart"><rdfs:label>smart</rdfs:label>
      </rdf:Description>
    </owl:oneOf>
  </owl:Class>
  <owl:NamedIndividual rdf:about="http://example.com/cim#MeterKind.basic">
    <rdf:type rdf:resource="#MeterKind"/>
  </owl:NamedIndividual>
</rdf:RDF>
"""


def test_a_profile_reads_classes_restrictions_anonymous_classes_and_literals(tmp_path: Path) -> None:
    path = tmp_path / "Tiny.owl"
    path.write_text(TINY_PROFILE)
    document = read_document(path, "Tiny.owl")
    profile = "http://example.com/profile#"
    assert (document.profile.name, document.profile.version, document.profile.namespace) == ("Tiny", "1.2", profile)
    records = {record.iri.removeprefix(profile): record for record in document.records}
    meter = records["Meter"]
    assert isinstance(meter, TypeRecord)
    assert (meter.superclass, meter.model_reference) == (profile + "Asset", "http://example.com/cim#Meter")
    serial = records["Meter.serialNumber"]
    assert isinstance(serial, PropertyRecord)
    assert (serial.range, serial.multiplicity.lower, serial.multiplicity.upper) == (XSD_NS + "string", 1, 1)
    assert serial.model_reference == "http://example.com/cim#Meter.serialNumber"
    kind = records["Meter.kind"]
    assert isinstance(kind, PropertyRecord)
    assert (kind.range, kind.kind) == (profile + "MeterKind", PropertyKind.ASSOCIATION)
    seals = records["Meter.Seals"]
    assert isinstance(seals, PropertyRecord)
    assert (seals.range, seals.multiplicity.lower, seals.multiplicity.upper) == (profile + "MeterSeals", 0, 2)
    anonymous = records["MeterSeals"]
    assert isinstance(anonymous, TypeRecord)
    assert anonymous.model_reference == "http://example.com/cim#Seal"
    assert isinstance(records["MeterSeals.sealNumber"], PropertyRecord)
    enumeration = records["MeterKind"]
    assert isinstance(enumeration, TypeRecord) and enumeration.kind is TypeKind.ENUMERATION
    literals = {r.name: r.enumeration for r in document.records if isinstance(r, LiteralRecord)}
    assert literals == {"smart": profile + "MeterKind", "basic": profile + "MeterKind"}
    # The seal number's type is left to the base schema: read as a string, and said.
    assert records["MeterSeals.sealNumber"].range == XSD_NS + "string"  # type: ignore[union-attr]
    assert document.notes == (
        f"Tiny.owl: {profile}MeterSeals.sealNumber leaves its datatype to the base schema; read as xsd:string",
    )


def test_a_folder_of_cimtool_profiles_is_read() -> None:
    folder = corpus_path(METERING)
    assert [p.name for p in collect_inputs([folder])] == sorted(p.name for p in folder.glob("*.owl"))


def _catalog(path: Path) -> tuple[set[str], dict[tuple[str, str], etree._Element]]:
    """CIMTool's Message catalog: its types, and each (type, property); an inline (Complex) type is owner + Property."""
    types: set[str] = set()
    properties: dict[tuple[str, str], etree._Element] = {}

    def walk(owner: str, element: etree._Element) -> None:
        types.add(owner)
        for child in element:
            if etree.QName(child).localname in _CATALOG_PROPERTIES:
                name = child.get("name", "")
                properties[(owner, name)] = child
                if etree.QName(child).localname == "Complex":
                    walk(owner + name[:1].upper() + name[1:], child)

    for top in etree.parse(str(path), SAFE_PARSER).getroot():
        if etree.QName(top).localname in _CATALOG_TYPES:
            walk(top.get("name", ""), top)
    return types, properties


def _class_types(graph: ClassGraph) -> dict[str, TypeRecord]:
    kinds = (TypeKind.CLASS, TypeKind.COMPOUND, TypeKind.ENUMERATION)
    return {t.name: t for t in graph.types() if t.kind in kinds}


@pytest.mark.parametrize(
    "name", ["EndDeviceControlsTestProfile", "EndDeviceControlsTestProfileWithAnonymousTypes", "GetUsagePointGroups"]
)
def test_classes_and_properties_match_the_catalog_cimtool_wrote_from_the_same_profile(name: str) -> None:
    folder = corpus_path(METERING)
    graph = load_graph([folder / f"{name}.owl"])
    catalog_types, catalog = _catalog(folder / f"{name}.xml")
    ours = _class_types(graph)
    assert catalog_types <= set(ours)
    for extra in sorted(set(ours) - catalog_types):
        # An inline class with nothing in it stands for a base-schema type: CIMTool lists such a
        # property as a SimpleEnumerated one, or folds it into a datatype's value (priceSignal).
        assert not graph.properties_of(ours[extra].iri), extra
        owner_property = [(o, p) for o, p in catalog if extra == o + p[:1].upper() + p[1:]]
        datatype_part = [t for t in graph.types(TypeKind.DATATYPE) if extra.startswith(t.name)]
        assert owner_property or datatype_part, extra
        if owner_property:
            assert catalog[owner_property[0]].tag.endswith("SimpleEnumerated"), extra
    notes = "\n".join(graph.notes)
    for type_name in catalog_types:
        by_name = {p.name: p for p in graph.properties_of(ours[type_name].iri)}
        expected = {prop: element for (owner, prop), element in catalog.items() if owner == type_name}
        assert set(by_name) == set(expected), type_name
        for prop, element in expected.items():
            ours_prop = by_name[prop]
            assert ours_prop.multiplicity.lower == int(element.get("minOccurs", "")), (type_name, prop)
            kind = etree.QName(element).localname
            target = graph.get(ours_prop.range)
            if kind in ("Instance", "Reference", "Enumerated", "Domain"):
                assert target is not None and target.name == element.get("type"), (type_name, prop)
            elif kind == "Simple" and target is not None and isinstance(target, TypeRecord) and target.value_type:
                assert target.value_type == element.get("dataType"), (type_name, prop)
            elif kind == "Simple" and ours_prop.range != element.get("dataType"):
                # The profile does not state this type; CIMTool took it from the base schema.
                assert f"{ours_prop.iri} leaves its datatype to the base schema" in notes, (type_name, prop)
                assert ours_prop.range == XSD_NS + "string"


def test_the_pnnl_profile_matches_an_independent_rdflib_count() -> None:
    import rdflib

    path = corpus_path("pnnl-cimgraph-profiles/cimhub_2023_17v40.owl")
    rdf = rdflib.Graph()
    rdf.parse(path, format="xml")
    namespace = "http://iec.ch/TC57/2007/profile#"
    named_classes = {str(c) for c in rdf.subjects(rdflib.RDF.type, rdflib.OWL.Class) if str(c).startswith(namespace)}
    restricted = {
        (str(c), str(p))
        for c, p in rdf.query(
            "SELECT ?c ?p WHERE { ?c rdfs:subClassOf ?r . ?r a owl:Restriction ; owl:onProperty ?p }",
            initNs={"rdfs": rdflib.RDFS, "owl": rdflib.OWL},
        )
        if str(c).startswith(namespace)
    }
    literals = {str(m) for (m,) in rdf.query("SELECT ?m WHERE { ?e owl:oneOf/rdf:rest*/rdf:first ?m }")}

    graph = load_graph([path])
    ours = {t.iri for t in graph.types() if t.iri in named_classes}
    assert ours == named_classes
    ours_properties = {(p.domain, p.model_reference) for p in graph.records(PropertyRecord) if p.domain in ours}
    assert ours_properties == restricted
    assert {r.iri for r in graph.records(LiteralRecord)} == literals
    assert len(named_classes) > 300 and len(restricted) > 1000 and len(literals) > 100
