"""SHACL shapes into shape records: paths, constraint components, what is not compiled, broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from cimgen.errors import InputError
from cimgen.graph.records import ShapeRecord
from cimgen.readers import read_document
from tests.conftest import corpus_path

CIM = "http://example.com/cim#"
SHAPES = f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix cim: <{CIM}> .
@prefix ex: <http://example.com/shapes#> .

ex:TopologicalNode a sh:NodeShape ;
    sh:targetClass cim:TopologicalNode ;
    sh:property ex:voltage-required , ex:voltage-type , ex:nodes-inverse , ex:mrid-pattern , ex:sparql .

ex:voltage-required a sh:PropertyShape ;
    sh:path cim:TopologicalNode.BaseVoltage ;
    sh:minCount 1 ; sh:maxCount 1 ;
    sh:severity sh:Warning ;
    sh:message "Needs its base voltage." .

ex:voltage-type a sh:PropertyShape ;
    sh:path ( cim:TopologicalNode.BaseVoltage rdf:type ) ;
    sh:nodeKind sh:IRI ;
    sh:in ( cim:BaseVoltage ) .

ex:nodes-inverse a sh:PropertyShape ;
    sh:path [ sh:inversePath cim:TopologicalNode.BaseVoltage ] ;
    sh:maxCount 0 .

ex:mrid-pattern a sh:PropertyShape ;
    sh:path cim:IdentifiedObject.mRID ;
    sh:datatype xsd:string ;
    sh:pattern "^tn" ;
    sh:minInclusive 1.5 .

ex:sparql a sh:PropertyShape ;
    sh:path cim:IdentifiedObject.mRID ;
    sh:sparql [ sh:select "SELECT $this WHERE {{ }}" ] .

ex:Nowhere a sh:NodeShape ;
    sh:targetClass cim:Nowhere ;
    sh:property ex:voltage-required .
"""


def _shapes(tmp_path: Path) -> Path:
    path = tmp_path / "tiny-shapes.ttl"
    path.write_text(SHAPES, encoding="utf-8")
    return path


def test_shapes_are_read_with_their_paths_and_constraints(tmp_path: Path) -> None:
    document = read_document(_shapes(tmp_path), "tiny-shapes.ttl")
    shapes = {record.iri.rpartition("#")[2]: record for record in document.records}
    assert all(isinstance(record, ShapeRecord) for record in document.records)
    node = shapes["TopologicalNode"]
    assert isinstance(node, ShapeRecord) and node.is_node_shape
    assert node.targets == (f"{CIM}TopologicalNode",) and len(node.properties) == 5
    required = shapes["voltage-required"]
    assert isinstance(required, ShapeRecord)
    assert required.path == ((False, f"{CIM}TopologicalNode.BaseVoltage"),)
    assert required.constraints == (("minCount", 1), ("maxCount", 1))
    assert (required.severity, required.message) == ("Warning", "Needs its base voltage.")
    typed = shapes["voltage-type"]
    assert isinstance(typed, ShapeRecord)
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert typed.path == ((False, f"{CIM}TopologicalNode.BaseVoltage"), (False, rdf_type))
    assert typed.constraints == (("nodeKind", "http://www.w3.org/ns/shacl#IRI"), ("in", (f"{CIM}BaseVoltage",)))
    inverse = shapes["nodes-inverse"]
    assert isinstance(inverse, ShapeRecord) and inverse.path == ((True, f"{CIM}TopologicalNode.BaseVoltage"),)
    mrid = shapes["mrid-pattern"]
    assert isinstance(mrid, ShapeRecord)
    assert ("pattern", ("^tn", "")) in mrid.constraints
    assert ("minInclusive", ("1.5", "http://www.w3.org/2001/XMLSchema#decimal")) in mrid.constraints
    sparql = shapes["sparql"]
    assert isinstance(sparql, ShapeRecord) and sparql.sparql == (("SELECT $this WHERE { }", ""),)
    assert not sparql.unsupported


def test_a_broken_shapes_file_names_itself_and_its_line() -> None:
    broken = corpus_path("entsoe-cgmes3-shacl/SHACL/61970-600-1_AllProfiles-AP-Con-Complex-SolvedMAS-SHACL.ttl")
    with pytest.raises(InputError) as caught:
        read_document(broken, broken.name)
    assert str(caught.value).startswith(f"{broken.name}:98: cannot parse:")


def test_logical_components_keep_their_member_shapes_and_say_what_they_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "logical.ttl"
    path.write_text(
        SHAPES.split("ex:TopologicalNode a")[0]
        + """ex:Either a sh:NodeShape ;
    sh:targetClass cim:BaseVoltage ;
    sh:or ( [ sh:path cim:BaseVoltage.nominalVoltage ; sh:minCount 1 ] [ sh:class cim:BaseVoltage ] ) ;
    sh:not "a literal is no shape" .
""",
        encoding="utf-8",
    )
    (shape,) = read_document(path, "logical.ttl").records
    assert isinstance(shape, ShapeRecord) and shape.checks_its_focus
    ((component, members),) = shape.logical
    assert component == "or" and [member.iri.rpartition(" ")[2] for member in members] == ["sh:or[0]", "sh:or[1]"]
    assert members[0].constraints == (("minCount", 1),) and members[1].constraints == (("class", f"{CIM}BaseVoltage"),)
    assert shape.unsupported == ("not",)


def test_sparql_prefixes_declared_in_another_file_are_marked_for_the_plan(tmp_path: Path) -> None:
    path = tmp_path / "prefixed.ttl"
    path.write_text(
        SHAPES.split("ex:TopologicalNode a")[0]
        + """ex: sh:declare [ sh:prefix "cim" ; sh:namespace "http://example.com/cim#" ] .
ex:Here a sh:NodeShape ; sh:targetNode ex:Here ;
    sh:sparql [ sh:prefixes ex: ; sh:select "SELECT $this WHERE { }" ] ;
    sh:target [ sh:prefixes ex:elsewhere ; sh:select "SELECT ?this WHERE { }" ] .
""",
        encoding="utf-8",
    )
    records = {record.iri.rpartition("#")[2]: record for record in read_document(path, "prefixed.ttl").records}
    assert isinstance(records[""], ShapeRecord) and records[""].declares == ("PREFIX cim: <http://example.com/cim#>",)
    here = records["Here"]
    assert isinstance(here, ShapeRecord) and here.target_nodes == ("http://example.com/shapes#Here",)
    assert here.sparql == (("PREFIX cim: <http://example.com/cim#>\nSELECT $this WHERE { }", ""),)
    assert here.sparql_targets == ("#prefixes http://example.com/shapes#elsewhere\nSELECT ?this WHERE { }",)
