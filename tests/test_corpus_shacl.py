"""The ENTSO-E CGMES 3.0 SHACL shapes compiled into a package, held to pySHACL on the corpus models.

pySHACL (the reference engine) runs on the same data and shapes: the model's documents parsed
with rdflib, each literal typed by the datatype its property has in the CGMES 3.0 RDFS (looked
up here with rdflib, not with cimgen; strings stay plain literals, as RDF 1.1 reads them), and
the 73 shapes files that parse (the 74th is broken, see tests/readers/test_shacl.py) less the
shapes cimgen reports as not run (``_cimshapes.NOT_RUN``: SPARQL constraints and targets,
``sh:targetNode``, shapes on the 61970-552 header, ...). On what remains, the sets of (focus node, source shape,
severity) must be equal; a shape has one path, so the path is compared with it. pySHACL takes
about a minute on the ReliCapGrid here, which the suite affords.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import pytest
import rdflib

from cimgen import generate
from tests.conftest import corpus_path, import_fresh

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
CIMS = rdflib.Namespace("http://iec.ch/TC57/1999/rdf-schema-extensions-19990926#")
XSD = "http://www.w3.org/2001/XMLSchema#"
BROKEN = "61970-600-1_AllProfiles-AP-Con-Complex-SolvedMAS-SHACL.ttl"
PRIMITIVES = {"Float": "float", "Integer": "integer", "Boolean": "boolean", "DateTime": "dateTime", "Date": "date"}
PRIMITIVES |= {"Decimal": "decimal", "Duration": "duration", "MonthDay": "gMonthDay", "Time": "time"}
MICROGRID = "cgmes-instances/cgmes-3.0-microgrid-be"
RELICAP = "cgmes-instances/cgmes-3.0-relicap-svedala"
_SEVERITY = {"error": "Violation", "warning": "Warning", "info": "Info"}

Result = tuple[str, str, str]


def _shape_files() -> list[Path]:
    return [p for p in sorted(corpus_path("entsoe-cgmes3-shacl/SHACL").glob("*.ttl")) if p.name != BROKEN]


@pytest.fixture(scope="module")
def cgmes3(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The ``cimxml`` module of the CGMES 3.0 package with every shapes file that parses compiled into it."""
    out = tmp_path_factory.mktemp("shacl")
    generate([corpus_path("cimgen-cgmes/CGMES_3.0.0"), *_shape_files()], out=out, package="cgmes3shapes")
    import_fresh(out, "cgmes3shapes")
    return importlib.import_module("cgmes3shapes.cimxml")


def _without(graph: rdflib.Graph, shapes: Iterable[rdflib.term.Node]) -> rdflib.Graph:
    """A copy of a shapes graph less some shapes (and the node shapes' references to them)."""
    kept = rdflib.Graph()
    for triple in graph:
        kept.add(triple)
    for node in list(shapes):
        kept.remove((node, None, None))
        kept.remove((None, SH.property, node))
    return kept


def reference_shapes(not_run: Iterable[str]) -> rdflib.Graph:
    """The shapes pySHACL runs against ``validate(sparql=True)``: every file that parses, less the
    shapes cimgen does not run.

    pySHACL 0.40 refuses a whole shapes graph when a SPARQL query has a name ending in "service"
    and a space (``cim:Equipment.inService true``): its check for SERVICE clauses matches it.
    Those names are written here as full IRIs, the same query.
    """
    graph = rdflib.Graph()
    for path in _shape_files():
        graph.parse(path, format="turtle")
    for constraint, query in list(graph.subject_objects(SH.select)):
        text = re.sub(r"\bcim:([\w.]*[sS]ervice)(?=\s)", r"<http://iec.ch/TC57/CIM100#\1>", str(query))
        graph.set((constraint, SH.select, rdflib.Literal(text)))
    return _without(graph, map(rdflib.URIRef, not_run))


@pytest.fixture(scope="module")
def all_shapes_graph(cgmes3: ModuleType) -> rdflib.Graph:
    """The shapes pySHACL runs against ``validate(sparql=True)``."""
    return reference_shapes(importlib.import_module("cgmes3shapes._cimshapes").NOT_RUN)


def compiled_only(graph: rdflib.Graph) -> rdflib.Graph:
    """The shapes ``validate()`` runs without ``sparql``: a reference graph less the shapes with
    SPARQL constraints and the node shapes whose focus nodes SPARQL or ``sh:targetNode`` selects."""
    by_sparql = {*graph.subjects(SH.sparql, None), *graph.subjects(SH.target, None)}
    by_sparql |= set(graph.subjects(SH.targetNode, None))
    return _without(graph, by_sparql)


@pytest.fixture(scope="module")
def shapes_graph(all_shapes_graph: rdflib.Graph) -> rdflib.Graph:
    """The shapes pySHACL runs against ``validate()``."""
    return compiled_only(all_shapes_graph)


def rdfs_datatypes(folder: Path) -> dict[rdflib.term.Node, rdflib.URIRef]:
    """Property -> XSD datatype, from RDFS files (a CIM datatype's ``.value`` gives its primitive)."""
    rdfs = rdflib.Graph()
    for path in sorted(folder.glob("*.rdf")):
        rdfs.parse(path, format="xml")

    def primitive(node: rdflib.term.Node | None) -> rdflib.URIRef | None:
        name = str(node).rpartition("#")[2]
        if name in PRIMITIVES:
            return rdflib.URIRef(XSD + PRIMITIVES[name])
        value = rdfs.value(rdflib.URIRef(f"{node}.value"), CIMS.dataType)
        return primitive(value) if value is not None else None

    found = {}
    for prop, datatype in rdfs.subject_objects(CIMS.dataType):
        xsd = primitive(datatype)
        if xsd is not None:
            found[prop] = xsd
    return found


def typed_data(files: list[Path], datatypes: dict[rdflib.term.Node, rdflib.URIRef]) -> rdflib.Graph:
    """The documents as one rdflib graph, each literal typed by its property's datatype (strings stay plain)."""
    data = rdflib.Graph()
    for path in files:
        data.parse(path, format="xml", publicID="http://cimgen.test/model")
    typed = rdflib.Graph()
    for subject, predicate, value in data:
        if isinstance(value, rdflib.Literal) and value.datatype is None and predicate in datatypes:
            value = rdflib.Literal(str(value), datatype=datatypes[predicate])
        typed.add((subject, predicate, value))
    return typed


@pytest.fixture(scope="module")
def datatypes() -> dict[rdflib.term.Node, rdflib.URIRef]:
    """Property -> XSD datatype in the CGMES 3.0 RDFS."""
    return rdfs_datatypes(corpus_path("cimgen-cgmes/CGMES_3.0.0"))


def _pyshacl(data: rdflib.Graph, shapes: rdflib.Graph) -> tuple[set[Result], dict[str, str]]:
    import pyshacl

    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    assert isinstance(report, rdflib.Graph)
    results, paths = set(), {}
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        shape = str(report.value(result, SH.sourceShape))
        focus = str(report.value(result, SH.focusNode)).rpartition("#")[2]
        results.add((focus, shape, str(report.value(result, SH.resultSeverity)).rpartition("#")[2]))
        paths[shape] = _path_text(report, report.value(result, SH.resultPath))
    return results, paths


def _path_text(graph: rdflib.Graph, path: rdflib.term.Node | None) -> str:
    if isinstance(path, rdflib.URIRef):
        return str(path).rpartition("#")[2]
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + str(inverse).rpartition("#")[2]
    return "/".join(_path_text(graph, step) for step in rdflib.collection.Collection(graph, path))


def _ours(cgmes3: ModuleType, files: list[Path], sparql: bool = False) -> tuple[set[Result], dict[str, str]]:
    shapes = importlib.import_module("cgmes3shapes._cimshapes")
    paths = {shape: path for shape, path, _, _ in shapes.RULES}
    findings = cgmes3.read(files).validate(sparql=sparql)
    found = {(f.object.rpartition("#")[2], f.code, _SEVERITY[f.severity]) for f in findings if f.code in paths}
    return found, paths


def _files(relative: str) -> list[Path]:
    return sorted(p for p in corpus_path(relative).rglob("*.xml") if "CGMES_2-4" not in p.parts)


@pytest.mark.parametrize("model", [MICROGRID, RELICAP])
def test_the_compiled_shapes_find_what_pyshacl_finds(
    model: str, cgmes3: ModuleType, shapes_graph: rdflib.Graph, datatypes: dict[rdflib.term.Node, rdflib.URIRef]
) -> None:
    files = _files(model)
    theirs, their_paths = _pyshacl(typed_data(files, datatypes), shapes_graph)
    ours, our_paths = _ours(cgmes3, files)
    assert ours == theirs, (sorted(ours - theirs)[:5], sorted(theirs - ours)[:5])
    assert len(ours) > 200  # the corpus models break rules enough to compare on
    assert {shape: our_paths[shape] for shape in their_paths} == their_paths


def test_with_sparql_every_shape_run_finds_what_pyshacl_finds_on_the_microgrid(
    cgmes3: ModuleType, all_shapes_graph: rdflib.Graph, datatypes: dict[rdflib.term.Node, rdflib.URIRef]
) -> None:
    """SPARQL constraints, SPARQL targets and ``sh:targetNode`` too (pySHACL takes over half an hour
    on the ReliCapGrid with them, so the MicroGrid only)."""
    files = _files(MICROGRID)
    theirs, _ = _pyshacl(typed_data(files, datatypes), all_shapes_graph)
    ours, _ = _ours(cgmes3, files, sparql=True)
    assert ours == theirs, (sorted(ours - theirs)[:5], sorted(theirs - ours)[:5])
    shapes = importlib.import_module("cgmes3shapes._cimshapes")
    by_sparql = {shapes.RULES[rule][0] for rule, *_ in shapes.SPARQL}
    found = sorted(shape.rpartition("#")[2] for shape in {shape for _, shape, _ in ours} & by_sparql)
    assert found == [
        "GeneratingUnit-singleActivePowerSlack",
        "PhaseTapChangerAsymmetrical.windingConnectionAngle-valueRange",
    ]


def _mutated(tmp_path: Path, old: str, new: str) -> list[Path]:
    """A copy of the MicroGrid with one text of its EQ document replaced, once."""
    copies = []
    for path in _files(MICROGRID):
        text = path.read_text(encoding="utf-8")
        if path.name == "20210325T1530Z_1D_BE_EQ_001.xml":
            assert old in text, old
            text = text.replace(old, new, 1)
        copy = tmp_path / path.parent.name / path.name
        copy.parent.mkdir(exist_ok=True)
        copy.write_text(text, encoding="utf-8")
        copies.append(copy)
    return copies


# What to replace in the EQ document, the rule that then breaks, and on how many objects.
BREAKS: dict[str, tuple[str, str, str, int]] = {
    "a negative resistance": (
        "<cim:ACLineSegment.r>2.2</cim:ACLineSegment.r>",
        "<cim:ACLineSegment.r>-2.2</cim:ACLineSegment.r>",
        "ACLineSegment.r-valueRange",
        1,
    ),
    "a required resistance left out": (
        "<cim:ACLineSegment.r>2.2</cim:ACLineSegment.r>",
        "",
        "ACLineSegment.r-cardinality",
        1,
    ),
    "a literal the enumeration does not have": (
        "WindingConnection.Y",
        "WindingConnection.Q",
        "PowerTransformerEnd.connectionKind-datatype",
        1,
    ),
    # sh:or: a load's terminal moved to another load leaves one with none and one with two
    "a terminal moved from one load to another": (
        '<cim:Terminal.ConductingEquipment rdf:resource="#_b1480a00-b427-4001-a26c-51954d2bb7e9" />',
        '<cim:Terminal.ConductingEquipment rdf:resource="#_cb459405-cc14-4215-a45c-416789205904" />',
        "ConductingEquipment-oneTerminal",
        2,
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_one_broken_rule_is_found_as_pyshacl_finds_it(
    name: str,
    cgmes3: ModuleType,
    shapes_graph: rdflib.Graph,
    datatypes: dict[rdflib.term.Node, rdflib.URIRef],
    tmp_path: Path,
) -> None:
    old, new, rule, times = BREAKS[name]
    baseline, _ = _ours(cgmes3, _files(MICROGRID))
    files = _mutated(tmp_path, old, new)
    ours, _ = _ours(cgmes3, files)
    theirs, _ = _pyshacl(typed_data(files, datatypes), shapes_graph)
    assert ours == theirs, (sorted(ours - theirs)[:5], sorted(theirs - ours)[:5])
    assert [shape.rpartition("#")[2] for _, shape, _ in ours - baseline] == [rule] * times
    assert not baseline - ours
