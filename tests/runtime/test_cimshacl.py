"""SHACL shapes compiled into the package and run by ``model.validate()``, on the small fixture profile.

The corpus tests (tests/test_corpus_shacl.py) hold the compiled checks to pySHACL's results on
the ENTSO-E shapes; these show each constraint kind on a model small enough to read.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from cimgen import generate
from tests.conftest import FIXTURES, import_fresh
from tests.readers.test_shacl import SHAPES
from tests.runtime.test_cimxml import MODEL

RULE = "http://example.com/shapes#"
# Logical components on a node shape's focus and on a property shape's values, and a
# sh:targetSubjectsOf target; the fixture model meets them all.
LOGICAL = """
ex:BaseVoltageLogic a sh:NodeShape ;
    sh:targetClass cim:BaseVoltage ;
    sh:or ( [ sh:path cim:BaseVoltage.nominalVoltage ; sh:minCount 1 ]
            [ sh:path cim:IdentifiedObject.mRID ; sh:minCount 1 ] ) ;
    sh:xone ( [ sh:path cim:BaseVoltage.nominalVoltage ; sh:minCount 1 ]
              [ sh:path cim:IdentifiedObject.name ; sh:minCount 1 ] ) ;
    sh:not [ sh:path cim:IdentifiedObject.mRID ; sh:pattern "^x" ] .

ex:TopologicalNodeLogic a sh:NodeShape ;
    sh:targetClass cim:TopologicalNode ;
    sh:property ex:voltage-and .

ex:voltage-and a sh:PropertyShape ;
    sh:path cim:TopologicalNode.BaseVoltage ;
    sh:and ( [ sh:class cim:BaseVoltage ] [ sh:nodeKind sh:IRI ] ) .

ex:Named a sh:NodeShape ;
    sh:targetSubjectsOf cim:IdentifiedObject.name ;
    sh:property ex:name-length .

ex:name-length a sh:PropertyShape ;
    sh:path cim:IdentifiedObject.name ;
    sh:maxLength 4 .

ex: sh:declare [ sh:prefix "cim" ; sh:namespace "http://example.com/cim#"^^xsd:anyURI ] .

ex:BaseVoltageSparql a sh:NodeShape ;
    sh:targetClass cim:BaseVoltage ;
    sh:property ex:voltage-sparql .

ex:voltage-sparql a sh:PropertyShape ;
    sh:path cim:BaseVoltage.nominalVoltage ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:message "Above 400 kV." ; sh:prefixes ex: ;
        sh:select "SELECT $this ?value WHERE { $this $PATH ?value . FILTER (?value > 400) }" ] .

ex:HighVoltagesOnly a sh:NodeShape ;
    sh:targetNode ex:HighVoltagesOnly ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:message "A base voltage below 200 kV." ; sh:prefixes ex: ;
        sh:select '''SELECT $this ?value WHERE {
            ?value a cim:BaseVoltage ; cim:BaseVoltage.nominalVoltage ?voltage .
            FILTER (?voltage < 200)
        }''' ] .
"""


@pytest.fixture(scope="module")
def shaped(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    folder = tmp_path_factory.mktemp("shaped")
    shapes = folder / "tiny-shapes.ttl"
    text = SHAPES.replace("sh:minInclusive 1.5 .", "sh:maxLength 3 .").replace(
        "WHERE { }", "WHERE { $this <http://example.com/cim#IdentifiedObject.mRID> 'no such mRID' }"
    )
    shapes.write_text(text + LOGICAL, encoding="utf-8")
    generate([FIXTURES / "tiny.rdf", FIXTURES / "tiny-second.rdf", shapes], out=folder, package="tinyshaped")
    import_fresh(folder, "tinyshaped")
    return importlib.import_module("tinyshaped.cimxml")


def _shape_findings(cimxml: ModuleType, text: str, tmp_path: Path) -> list[tuple[str, str | None, str]]:
    path = tmp_path / "model.xml"
    path.write_text(text, encoding="utf-8")
    found = cimxml.read(path).validate()
    return [(f.severity, f.object, f.code.removeprefix(RULE)) for f in found if f.code.startswith(RULE)]


def test_a_model_that_meets_its_shapes_has_only_the_notes_of_what_was_not_run(
    shaped: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "model.xml"
    path.write_text(MODEL, encoding="utf-8")
    found = shaped.read(path).validate()
    assert [(f.severity, f.code) for f in found] == [("info", "sparql-not-run"), ("info", "shapes-not-run")]
    assert found[0].message.startswith("3 SPARQL constraints")
    found = shaped.read(path).validate(sparql=True)
    assert [(f.severity, f.code) for f in found] == [("info", "shapes-not-run")]
    shapes = importlib.import_module("tinyshaped._cimshapes")
    assert shapes.NOT_RUN == {f"{RULE}Nowhere": "targets only classes and properties the profiles do not have"}


def test_each_constraint_kind_finds_what_breaks_it(shaped: ModuleType, tmp_path: Path) -> None:
    broken = MODEL.replace(
        '    <cim:TopologicalNode.BaseVoltage rdf:resource="#_bv1"/>\n  </cim:TopologicalNode>\n</rdf',
        "  </cim:TopologicalNode>\n</rdf",
    )
    assert _shape_findings(shaped, broken, tmp_path) == [("warning", "_tn2", "voltage-required")]
    wrong_class = MODEL.replace(
        'rdf:resource="#_bv1"/>\n  </cim:TopologicalNode>\n</rdf',
        'rdf:resource="#_tn1"/>\n  </cim:TopologicalNode>\n</rdf',
    )
    # _tn2 names _tn1 as its base voltage: the value is not a BaseVoltage, and _tn1 is now named back
    assert _shape_findings(shaped, wrong_class, tmp_path) == [
        ("error", "_tn1", "nodes-inverse"),
        ("error", "_tn2", "voltage-type"),
        ("error", "_tn2", "voltage-and"),
    ]
    bad_mrid = MODEL.replace("<cim:IdentifiedObject.mRID>tn2<", "<cim:IdentifiedObject.mRID>xn2-long<")
    assert _shape_findings(shaped, bad_mrid, tmp_path) == [
        ("error", "_tn2", "mrid-pattern"),
        ("error", "_tn2", "mrid-pattern"),
    ]


def test_logical_components_find_a_focus_or_value_that_does_not_conform(shaped: ModuleType, tmp_path: Path) -> None:
    no_voltage = MODEL.replace("<cim:BaseVoltage.nominalVoltage>380.000000</cim:BaseVoltage.nominalVoltage>", "")
    # sh:or still holds (the mRID is there), sh:xone does not (neither member holds)
    assert _shape_findings(shaped, no_voltage, tmp_path) == [("error", "_bv1", "BaseVoltageLogic")]
    x_mrid = MODEL.replace("<cim:IdentifiedObject.mRID>bv1<", "<cim:IdentifiedObject.mRID>xbv1<")
    assert _shape_findings(shaped, x_mrid, tmp_path) == [("error", "_bv1", "BaseVoltageLogic")]  # sh:not
    bare = no_voltage.replace("<cim:IdentifiedObject.mRID>bv1</cim:IdentifiedObject.mRID>", "")
    # sh:or and sh:xone fail, and so does sh:not (a member with no mRID to match conforms):
    # three results of the one node shape, as pySHACL gives
    assert _shape_findings(shaped, bare, tmp_path) == [("error", "_bv1", "BaseVoltageLogic")] * 3


def test_a_subjects_of_target_checks_only_the_objects_that_state_the_property(
    shaped: ModuleType, tmp_path: Path
) -> None:
    named = MODEL.replace(
        "<cim:IdentifiedObject.mRID>tn1</cim:IdentifiedObject.mRID>",
        "<cim:IdentifiedObject.mRID>tn1</cim:IdentifiedObject.mRID><cim:IdentifiedObject.name>North</cim:IdentifiedObject.name>",
    ).replace(
        "<cim:IdentifiedObject.mRID>tn2</cim:IdentifiedObject.mRID>",
        "<cim:IdentifiedObject.mRID>tn2</cim:IdentifiedObject.mRID><cim:IdentifiedObject.name>Sud</cim:IdentifiedObject.name>",
    )
    assert _shape_findings(shaped, named, tmp_path) == [("error", "_tn1", "name-length")]
    shapes = importlib.import_module("tinyshaped._cimshapes")
    assert list(shapes.SUBJECTS_OF) == [("http://example.com/cim#IdentifiedObject", "name")]


def _sparql_findings(cimxml: ModuleType, text: str, tmp_path: Path) -> list[tuple[str, str | None, str, str]]:
    path = tmp_path / "model.xml"
    path.write_text(text, encoding="utf-8")
    found = cimxml.read(path).validate(sparql=True)
    return [(f.severity, f.object, f.code.removeprefix(RULE), f.message) for f in found if f.code.startswith(RULE)]


def test_sparql_constraints_run_over_the_models_triples_with_this_and_path_bound(
    shaped: ModuleType, tmp_path: Path
) -> None:
    from rdflib.plugins.sparql import CUSTOM_EVALS

    high = MODEL.replace(">380.000000<", ">500.0<")
    before = dict(CUSTOM_EVALS)
    assert _sparql_findings(shaped, high, tmp_path) == [
        ("error", "_bv1", "voltage-sparql", "BaseVoltage.nominalVoltage: Above 400 kV. (value '500.0')")
    ]
    assert CUSTOM_EVALS == before  # the run's ordering of triple patterns is lent to rdflib for the run only
    second = MODEL.replace(
        "</rdf:RDF>",
        '<cim:BaseVoltage rdf:ID="_bv2"><cim:IdentifiedObject.mRID>bv2</cim:IdentifiedObject.mRID>'
        "<cim:BaseVoltage.nominalVoltage>110.0</cim:BaseVoltage.nominalVoltage></cim:BaseVoltage></rdf:RDF>",
    )
    # a sh:targetNode that is no object of the model: the finding names the node
    assert _sparql_findings(shaped, second, tmp_path) == [
        ("error", f"{RULE}HighVoltagesOnly", "HighVoltagesOnly", ": A base voltage below 200 kV. (value '_bv2')")
    ]


def test_a_sparql_query_runs_once_for_all_its_focus_nodes_only_where_that_gives_the_same_solutions() -> None:
    from cimgen.runtime._cimsparql import _batch_head, _ignores_focus

    simple = "SELECT $this ?value WHERE { $this <p> ?value }"
    assert _batch_head(simple) == simple.index("{") + 1 and not _ignores_focus(simple)
    assert _ignores_focus("SELECT $this ?value WHERE { ?s <p> ?value } GROUP BY $this ?value")
    assert _batch_head("SELECT ?value WHERE { $this <p> ?value }") is None  # solutions would not name their focus
    counted = "SELECT $this (COUNT(?v) AS ?n) WHERE { $this <p> ?v }"
    assert _batch_head(counted) is None  # one count over every focus node
    assert _batch_head(counted + " GROUP BY $this") is not None
    assert _batch_head("SELECT $this WHERE { { SELECT ?x WHERE { ?x <p> ?y } } $this <q> ?x }") is None


def test_a_pattern_matches_first_the_triples_tied_to_a_bound_resource_not_to_a_literal() -> None:
    from rdflib import Literal, URIRef, Variable

    from cimgen.runtime._cimsparql import in_order

    this, term1, term2, node = Variable("this"), Variable("term1"), Variable("term2"), Variable("cn1")
    seq, equipment, connects = URIRef("urn:seq"), URIRef("urn:equipment"), URIRef("urn:node")
    first, second = (term1, seq, Literal(1)), (term2, seq, Literal(2))
    one, two, cn = (term1, equipment, this), (term2, equipment, this), (term1, connects, node)
    # as rdflib parses the Terminal-connection rule: the literal ties come first
    assert in_order([first, second, one, two, cn], {this}) == [one, first, two, second, cn]
    assert in_order([one, first], set()) == [first, one]  # with $this unbound, fewer open variables first
    assert in_order([one, cn], {node}) == [cn, one]


def test_comments_leave_a_query_but_not_the_hashes_of_its_iris_and_strings() -> None:
    from cimgen.runtime._cimsparql import _ignores_focus, without_comments

    query = 'SELECT $this ?v WHERE { ?s <http://x/y#z> ?v . # ?s\n  #BIND(str($this) AS ?u)\n  FILTER (?v != "a #b") }'
    assert without_comments(query) == 'SELECT $this ?v WHERE { ?s <http://x/y#z> ?v . \n  \n  FILTER (?v != "a #b") }'
    assert not _ignores_focus(query) and _ignores_focus(without_comments(query))  # $this was only in a comment


def test_has_value_compares_iris_with_iris_and_literals_with_their_lexical_form_and_datatype(
    shaped: ModuleType,
) -> None:
    shacl = importlib.import_module("tinyshaped._cimshacl")
    model = shaped.read(MODEL.encode())
    context = shacl.ShapeContext(model, ())
    voltage = next(iter(model))
    units, mrids = context.values(voltage, "unit_of_record"), context.values(voltage, "m_rid")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert context.has_value(units, ("http://example.com/cim#UnitSymbol.V", "", "iri"))
    assert not context.has_value(units, ("http://example.com/cim#UnitSymbol.W", "", "iri"))
    assert context.has_value(mrids, ("bv1", "", "literal")) and context.has_value(
        mrids, ("bv1", f"{xsd}string", "literal")
    )
    assert not context.has_value(mrids, ("bv1", f"{xsd}float", "literal"))  # another datatype, another term
    assert not context.has_value(units, ("http://example.com/cim#UnitSymbol.V", "", "literal"))
    nodes = [obj for obj in model if context.values(obj, "base_voltage")]
    assert context.has_value(context.values(nodes[0], "base_voltage"), ("http://cimgen.test/model#_bv1", "", "iri"))


def test_triples_after_an_optional_are_matched_with_what_the_pattern_bound_before_them() -> None:
    import rdflib

    from cimgen.runtime._cimsparql import ordered_patterns

    class CountingGraph(rdflib.Graph):
        matched = 0

        def triples(self, pattern: Any) -> Any:  # type: ignore[override]
            for triple in super().triples(pattern):
                CountingGraph.matched += 1
                yield triple

    graph = CountingGraph()
    ex = rdflib.Namespace("urn:ex:")
    for n in range(40):
        graph.add((ex[f"t{n}"], ex.equipment, ex[f"s{n}"]))
        graph.add((ex[f"t{n}"], ex.node, ex[f"cn{n}"]))
        graph.add((ex[f"cn{n}"], ex.topology, ex[f"tn{n % 3}"]))
    # as the Switch-sameTopologicalNode rule has it: a triple pattern after an OPTIONAL group
    query = (
        "SELECT ?this ?tn WHERE { VALUES ?this { <urn:ex:s1> <urn:ex:s2> } ?t <urn:ex:equipment> ?this ."
        " OPTIONAL { ?t <urn:ex:node> ?cn } ?cn <urn:ex:topology> ?tn }"
    )
    as_shipped = sorted(graph.query(query), key=str)
    shipped_matches, CountingGraph.matched = CountingGraph.matched, 0
    with ordered_patterns():
        ordered = sorted(graph.query(query), key=str)
    assert ordered == as_shipped and len(ordered) == 2
    assert shipped_matches >= 40 and CountingGraph.matched < 10  # not every node's topology, only the two
