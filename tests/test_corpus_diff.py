"""``cimgen diff`` on the corpus: CGMES 2.4.15 against 3.0.0 held to a count made here with rdflib,
the two PNNL CIM100 profiles, and two renderings of the Part 9 XSDs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from lxml import etree

from cimgen.diff import KINDS, STATUSES, GraphDiff, diff_inputs
from tests.conftest import SAFE_PARSER, corpus_path
from tests.test_cli import cimgen

CIMS = rdflib.Namespace("http://iec.ch/TC57/1999/rdf-schema-extensions-19990926#")
OLD, NEW = "cimgen-cgmes/CGMES_2.4.15_27JAN2020", "cimgen-cgmes/CGMES_3.0.0"
# The stereotype that makes a type of each kind, spelled as CGMES (CIMDatatype) or CIMTool (cimdatatype) does.
_KIND_BY_STEREOTYPE = {
    "enumeration": "enumeration",
    "cimdatatype": "datatype",
    "primitive": "primitive",
    "compound": "compound",
}


def _local(node: rdflib.term.Node) -> str:
    text = str(node)
    return text.rpartition("#")[2] if "#" in text else text.rpartition("/")[2]


def rdflib_names(given: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The names of each kind in an RDFS profile set (a folder or one file), and each property's
    multiplicities, read with rdflib."""
    graph = rdflib.Graph()
    for path in sorted(given.glob("*.rdf")) if given.is_dir() else [given]:
        graph.parse(path, format="xml")
    names: dict[str, set[str]] = {kind: set() for kind in KINDS}
    enumerations = set()
    for type_ in set(graph.subjects(rdflib.RDF.type, rdflib.RDFS.Class)):
        stereotypes = {_local(s).lower() for s in graph.objects(type_, CIMS.stereotype)}
        kind = next((k for s, k in _KIND_BY_STEREOTYPE.items() if s in stereotypes), "class")
        names[kind].add(_local(type_))
        if kind == "enumeration":
            enumerations.add(type_)
    declared = set().union(*names.values())  # a datatype used but not declared is a primitive, as cimgen reads it
    names["primitive"] |= {_local(o) for o in graph.objects(None, CIMS.dataType)} - declared
    multiplicities: dict[str, set[str]] = {}
    for prop in set(graph.subjects(rdflib.RDF.type, rdflib.RDF.Property)):
        association = (prop, CIMS.inverseRoleName, None) in graph
        names["association end" if association else "attribute"].add(_local(prop))
        multiplicities[_local(prop)] = {_local(m).removeprefix("M:") for m in graph.objects(prop, CIMS.multiplicity)}
    for enumeration in enumerations:
        names["literal"] |= {_local(literal) for literal in graph.subjects(rdflib.RDF.type, enumeration)}
    return names, multiplicities


def rdflib_links(given: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Each class's superclasses and each property's range (its datatype, else its rdfs:range), by local name."""
    graph = rdflib.Graph()
    for path in sorted(given.glob("*.rdf")) if given.is_dir() else [given]:
        graph.parse(path, format="xml")
    superclasses: dict[str, set[str]] = {}
    for type_, parent in graph.subject_objects(rdflib.RDFS.subClassOf):
        superclasses.setdefault(_local(type_), set()).add(_local(parent))
    ranges: dict[str, set[str]] = {}
    for prop in set(graph.subjects(rdflib.RDF.type, rdflib.RDF.Property)):
        found = {_local(o) for o in graph.objects(prop, CIMS.dataType)} or {
            _local(o) for o in graph.objects(prop, rdflib.RDFS.range)
        }
        ranges[_local(prop)] = found
    return superclasses, ranges


def _loosest(multiplicities: set[str]) -> str:
    bounds = [m.split("..") for m in multiplicities]
    upper = max((b[-1] for b in bounds), key=lambda u: float("inf") if u == "n" else int(u))
    return f"{min(int(b[0]) for b in bounds)}..{upper}"


def assert_added_and_removed_as_found(diff: GraphDiff, old: dict[str, set[str]], new: dict[str, set[str]]) -> None:
    """Each kind's added names are the newer version's that the older lacks, and the other way round."""
    every_old, every_new = set().union(*old.values()), set().union(*new.values())
    for kind in KINDS:
        ours = {status: {c.key for c in diff.changes if c.kind == kind and c.status == status} for status in STATUSES}
        assert ours["added"] == new[kind] - every_old, kind
        assert ours["removed"] == old[kind] - every_new, kind


@pytest.fixture(scope="module")
def cgmes_diff() -> GraphDiff:
    return diff_inputs([corpus_path(OLD)], [corpus_path(NEW)])


def test_what_was_added_and_removed_between_cgmes_versions_is_what_rdflib_finds(cgmes_diff: GraphDiff) -> None:
    (old, old_multiplicities), (new, new_multiplicities) = (
        rdflib_names(corpus_path(OLD)),
        rdflib_names(corpus_path(NEW)),
    )
    assert_added_and_removed_as_found(cgmes_diff, old, new)
    every_old, every_new = set().union(*old.values()), set().union(*new.values())
    counts = cgmes_diff.counts()
    assert counts["class"]["added"] == len(new["class"] - every_old) > 10
    assert counts["attribute"]["removed"] == len(old["attribute"] - every_new) > 100
    # a property that profiles of one version give different multiplicities has the loosest of them
    shared = old_multiplicities.keys() & new_multiplicities.keys()
    remultiplied = {name for name in shared if _loosest(old_multiplicities[name]) != _loosest(new_multiplicities[name])}
    ours = {
        c.key for c in cgmes_diff.changes if c.status == "changed" and any(d[0] == "multiplicity" for d in c.details)
    }
    assert ours == remultiplied and ours
    assert [(o.rpartition("/")[2], n.rpartition("/")[2]) for o, n, _ in cgmes_diff.namespaces if n.endswith("CIM100")][
        -1
    ] == (
        "CIM-schema-cim16",
        "CIM100",
    )


def test_a_class_that_moved_package_is_a_change_not_a_removal(cgmes_diff: GraphDiff) -> None:
    line = next(c for c in cgmes_diff.changes if c.key == "ACLineSegment")
    assert line.status == "changed" and ("package", "Wires", "CoreEquipmentProfile") in line.details


def test_the_pnnl_profiles_compare_as_one_renamed_profile() -> None:
    folder = corpus_path("pnnl-cimgraph-profiles")
    diff = diff_inputs([folder / "rc4_2021.rdfs"], [folder / "cimhub_2023.rdfs"])
    assert diff.profiles == (("rc4_2021", "cimhub_2023"),)
    assert_added_and_removed_as_found(
        diff, rdflib_names(folder / "rc4_2021.rdfs")[0], rdflib_names(folder / "cimhub_2023.rdfs")[0]
    )
    counts = diff.counts()
    assert counts["class"]["added"] > 0 and counts["class"]["removed"] > 0
    assert counts["literal"]["changed"] == 0  # profile membership is compared across the rename


def test_the_command_line_reports_the_part9_schemas_in_every_format(tmp_path: Path) -> None:
    older, newer = corpus_path("openwms-epri-61968-9/xsd"), corpus_path("aimir-iesco-61968-9-ed2")
    text = cimgen("diff", str(older), "--against", str(newer))
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[0].startswith("compounds +")
    data = json.loads(cimgen("diff", str(older), "-a", str(newer), "--format", "json").stdout)
    added = {c["name"] for c in data["changes"] if c["status"] == "added"}
    assert "EndDeviceConfig:EndDevice" in added  # a noun the older set lacks, matched within its namespace
    assert data["summary"]["compound"]["added"] == sum(
        1 for c in data["changes"] if c["kind"] == "compound" and c["status"] == "added"
    )
    markdown = cimgen("diff", str(older), "-a", str(newer), "-f", "markdown").stdout
    assert "| kind | added | removed | changed |" in markdown and "\n## MeterReadings\n" in markdown
    wrong = cimgen("diff", str(older), "-a", str(newer), "-f", "xml")
    assert wrong.returncode == 2 and "unknown --format 'xml'" in wrong.stderr


def test_the_readme_shows_what_the_command_prints() -> None:
    result = cimgen("diff", str(corpus_path(OLD)), "--against", str(corpus_path(NEW)))
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    lines = result.stdout.splitlines()
    shown = [lines[0], lines[2], "    ~ ACLineSegment (class, changed)"]
    assert all(line in readme for line in shown) and any(line.startswith(shown[2]) for line in lines)


def _schema_names(folder: Path) -> tuple[set[str], set[str]]:
    """Named complex types (``noun:Type``) and their elements (``noun:Type.element``) of an XSD set, read with lxml."""
    xs = "{http://www.w3.org/2001/XMLSchema}"
    types, elements = set(), set()
    for path in sorted(folder.rglob("*.xsd")):
        root = etree.parse(str(path), SAFE_PARSER).getroot()
        stem = (root.get("targetNamespace") or "").rstrip("#/").rpartition("/")[2]
        for complex_type in root.iter(f"{xs}complexType"):
            name = complex_type.get("name")
            if not name:
                continue
            types.add(f"{stem}:{name}")
            for element in complex_type.iter(f"{xs}element"):  # its own elements, not a nested type's
                owner = next(element.iterancestors(f"{xs}complexType"))
                if owner is complex_type and element.get("name"):
                    elements.add(f"{stem}:{name}.{element.get('name')}")
    return types, elements


def test_the_part9_schemas_compare_type_by_type_and_element_by_element() -> None:
    older, newer = corpus_path("openwms-epri-61968-9/xsd"), corpus_path("aimir-iesco-61968-9-ed2")
    diff = diff_inputs([older], [newer])
    (old_types, old_elements), (new_types, new_elements) = _schema_names(older), _schema_names(newer)
    found: dict[tuple[str, str], set[str]] = {(k, s): set() for k in KINDS for s in STATUSES}
    for change in diff.changes:
        found[change.kind, change.status].add(change.key)
    assert new_types - old_types <= found["compound", "added"] and old_types - new_types <= found["compound", "removed"]
    assert new_elements - old_elements <= found["attribute", "added"]
    assert old_elements - new_elements <= found["attribute", "removed"]
    assert len(new_types - old_types) > 100 and len(old_elements - new_elements) > 50


def test_what_changed_superclass_or_range_between_cgmes_versions_is_what_rdflib_finds(cgmes_diff: GraphDiff) -> None:
    (old_parents, old_ranges), (new_parents, new_ranges) = (
        rdflib_links(corpus_path(OLD)),
        rdflib_links(corpus_path(NEW)),
    )

    def changed(what: str) -> set[str]:
        return {c.key for c in cgmes_diff.changes if c.status == "changed" and any(d[0] == what for d in c.details)}

    (old_names, _), (new_names, _) = rdflib_names(corpus_path(OLD)), rdflib_names(corpus_path(NEW))
    both = set().union(*old_names.values()) & set().union(*new_names.values())  # in both versions
    assert changed("superclass") == {n for n in both if old_parents.get(n, set()) != new_parents.get(n, set())} != set()
    shared = old_ranges.keys() & new_ranges.keys()
    assert changed("range") == {n for n in shared if old_ranges[n] != new_ranges[n]} and changed("range")
