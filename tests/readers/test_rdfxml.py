"""The lxml RDF/XML reader: the RDF/XML grammar it covers, safety, and agreement with rdflib."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from cimgen.errors import InputError
from cimgen.readers.rdfxml import read_rdfxml
from cimgen.readers.triples import RDF, Triple, iter_triples
from tests.conftest import corpus_path

HEADER = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" xmlns:ex="http://example.com/ns#" '
    'xml:base="http://example.com/base">'
)


def _write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "doc.rdf"
    path.write_text(f'<?xml version="1.0"?>\n{header}\n{body}\n</rdf:RDF>\n', encoding="utf-8")
    return path


def _triples(path: Path) -> list[Triple]:
    return list(iter_triples(read_rdfxml(path, path.name)))


def _statements(path: Path) -> set[tuple[str, str, str]]:
    return {(t.subject, t.predicate, t.object.value) for t in _triples(path)}


def test_relative_about_resource_and_id_resolve_against_xml_base(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '<rdf:Description rdf:about="#A"><ex:p rdf:resource="#B"/></rdf:Description>'
        '<rdf:Description rdf:ID="C"><ex:p rdf:resource="http://other.org/x#D"/></rdf:Description>',
    )
    assert _statements(path) == {
        ("http://example.com/base#A", "http://example.com/ns#p", "http://example.com/base#B"),
        ("http://example.com/base#C", "http://example.com/ns#p", "http://other.org/x#D"),
    }


def test_typed_node_elements_property_attributes_and_literals(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '<rdfs:Class rdf:about="#A" ex:short="s"><rdfs:label xml:lang="en">An A</rdfs:label>'
        '<ex:n rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">7</ex:n></rdfs:Class>',
    )
    triples = _triples(path)
    by_predicate = {t.predicate: t.object for t in triples}
    assert by_predicate[f"{RDF}type"].value == "http://www.w3.org/2000/01/rdf-schema#Class"
    assert by_predicate["http://example.com/ns#short"].value == "s"
    assert by_predicate["http://www.w3.org/2000/01/rdf-schema#label"].lang == "en"
    assert by_predicate["http://example.com/ns#n"].datatype == "http://www.w3.org/2001/XMLSchema#integer"
    assert all(t.line == 3 for t in triples)


def test_parse_type_literal_keeps_the_text_and_resource_makes_a_blank_node(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '<rdf:Description rdf:about="#A"><rdfs:comment rdf:parseType="Literal">Use <b>this</b>.</rdfs:comment>'
        '<ex:part rdf:parseType="Resource"><ex:q>inner</ex:q></ex:part></rdf:Description>',
    )
    triples = _triples(path)
    comment = next(t for t in triples if t.predicate.endswith("comment"))
    assert comment.object.value == "Use this."
    part = next(t for t in triples if t.predicate.endswith("part"))
    assert part.object.is_iri and part.object.value.startswith("_:")
    assert (part.object.value, "http://example.com/ns#q", "inner") in {
        (t.subject, t.predicate, t.object.value) for t in triples
    }


def test_parse_type_collection_is_an_rdf_list(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '<rdf:Description rdf:about="#E"><ex:oneOf rdf:parseType="Collection">'
        '<rdf:Description rdf:about="#x"/><rdf:Description rdf:about="#y"/></ex:oneOf></rdf:Description>',
    )
    graph = rdflib.Graph()
    for s, p, o in _statements(path):
        graph.add(
            (
                rdflib.URIRef(s) if not s.startswith("_:") else rdflib.BNode(s[2:]),
                rdflib.URIRef(p),
                rdflib.URIRef(o) if not o.startswith("_:") else rdflib.BNode(o[2:]),
            )
        )
    head = graph.value(rdflib.URIRef("http://example.com/base#E"), rdflib.URIRef("http://example.com/ns#oneOf"))
    items = [str(item) for item in rdflib.collection.Collection(graph, head)]
    assert items == ["http://example.com/base#x", "http://example.com/base#y"]


def test_malformed_xml_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.rdf"
    path.write_text('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<a>\n')
    with pytest.raises(InputError) as caught:
        read_rdfxml(path, "broken.rdf")
    assert caught.value.file == "broken.rdf"
    assert caught.value.line is not None and caught.value.line >= 3
    assert "not well-formed" in str(caught.value)


def test_a_doctype_is_refused_and_entities_never_expand(tmp_path: Path) -> None:
    path = tmp_path / "bomb.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="#x">'
        "<rdf:value>&b;</rdf:value></rdf:Description></rdf:RDF>\n"
    )
    with pytest.raises(InputError, match="DOCTYPE"):
        read_rdfxml(path, "bomb.rdf")


def test_an_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    path = tmp_path / "xxe.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="#x">'
        "<rdf:value>&x;</rdf:value></rdf:Description></rdf:RDF>\n"
    )
    with pytest.raises(InputError) as caught:
        read_rdfxml(path, "xxe.rdf")
    assert "TOP-SECRET" not in str(caught.value)


def test_a_non_rdf_root_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "schema.rdf"
    path.write_text('<?xml version="1.0"?>\n<schema/>\n')
    with pytest.raises(InputError, match="not an RDF/XML document"):
        read_rdfxml(path, "schema.rdf")


@pytest.mark.parametrize(
    "relative",
    [
        "cimgen-cgmes/CGMES_3.0.0/IEC61970-600-2_CGMES_3_0_0_RDFS2020_EQ.rdf",
        "cimgen-cgmes/CGMES_2.4.15_27JAN2020/EquipmentBoundaryProfileRDFSAugmented-v2_4_15-27Jan2020.rdf",
        "pnnl-cimgraph-profiles/rc4_2021.rdfs",
        "inst4cim-cgmes3-variants/RDFS2020/61970-600-2_Header-AP-Voc-RDFS2019_v3-0-0.rdf",
    ],
)
def test_statements_with_iri_objects_equal_rdflibs_on_real_files(relative: str) -> None:
    path = corpus_path(relative)
    graph = rdflib.Graph()
    graph.parse(str(path), format="xml")
    theirs = {
        (str(s), str(p), str(o))
        for s, p, o in graph
        if not isinstance(s, rdflib.BNode) and isinstance(o, rdflib.URIRef)
    }
    # Plain literals must match to the letter; typed ones (XMLLiteral, dateTime) rdflib normalises.
    theirs_plain = {
        (str(s), str(p), str(o)) for s, p, o in graph if isinstance(o, rdflib.Literal) and o.datatype is None
    }
    triples = _triples(path)
    mine = {
        (t.subject, t.predicate, t.object.value) for t in triples if t.object.is_iri and not t.subject.startswith("_:")
    }
    mine_plain = {
        (t.subject, t.predicate, t.object.value) for t in triples if not t.object.is_iri and not t.object.datatype
    }
    assert mine == theirs
    assert mine_plain == theirs_plain
