"""``cimgen.diff`` and its reports on small graphs: matched on local names across namespaces, a
renamed profile taken as the same, a moved class a change, and every difference said."""

from __future__ import annotations

import json

from cimgen.diff import diff_graphs
from cimgen.diff_report import render, summary
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import (
    DocumentRecords,
    Location,
    Multiplicity,
    ProfileRecord,
    PropertyKind,
    PropertyRecord,
    TypeKind,
    TypeRecord,
)

HERE = Location("test.rdf")
OLD, NEW = "http://iec.ch/TC57/2013/CIM-schema-cim16#", "http://iec.ch/TC57/CIM100#"


def _graph(profile: str, *records: TypeRecord | PropertyRecord) -> ClassGraph:
    graph = ClassGraph()
    graph.add_document(DocumentRecords(ProfileRecord(profile, f"{profile}.rdf"), records))
    for _, pending in sorted(graph.pending.items()):
        graph.put(pending[0])
    graph.pending.clear()
    return graph


def _type(ns: str, name: str, profile: str, package: str = "Wires") -> TypeRecord:
    return TypeRecord(
        iri=ns + name, name=name, kind=TypeKind.CLASS, location=HERE, package=package, profiles=(profile,)
    )


def _attribute(ns: str, owner: str, name: str, profile: str, lower: int = 0) -> PropertyRecord:
    return PropertyRecord(
        iri=f"{ns}{owner}.{name}",
        name=name,
        kind=PropertyKind.ATTRIBUTE,
        domain=ns + owner,
        range=ns + "Float",
        multiplicity=Multiplicity(lower, 1),
        location=HERE,
        profiles=(profile,),
    )


def _versions() -> tuple[ClassGraph, ClassGraph]:
    float_old = TypeRecord(iri=OLD + "Float", name="Float", kind=TypeKind.PRIMITIVE, location=HERE, profiles=("EQ_2",))
    float_new = TypeRecord(iri=NEW + "Float", name="Float", kind=TypeKind.PRIMITIVE, location=HERE, profiles=("EQ_3",))
    old = _graph(
        "EQ_2",
        float_old,
        _type(OLD, "ACLineSegment", "EQ_2"),
        _type(OLD, "GoneClass", "EQ_2"),
        _attribute(OLD, "ACLineSegment", "r", "EQ_2"),
        _attribute(OLD, "ACLineSegment", "b0ch", "EQ_2"),
    )
    new = _graph(
        "EQ_3",
        float_new,
        _type(NEW, "ACLineSegment", "EQ_3", package="CoreEquipmentProfile"),
        _type(NEW, "NewClass", "EQ_3"),
        _attribute(NEW, "ACLineSegment", "r", "EQ_3", lower=1),
        _attribute(NEW, "ACLineSegment", "b0ch", "EQ_3"),
    )
    return old, new


def test_names_match_across_namespaces_and_the_one_renamed_profile() -> None:
    diff = diff_graphs(*_versions())
    assert diff.namespaces == ((OLD.rstrip("#"), NEW.rstrip("#"), 2),)
    assert diff.profiles == (("EQ_2", "EQ_3"),)
    found = {(c.kind, c.key, c.status): c.details for c in diff.changes}
    assert found == {
        ("class", "NewClass", "added"): (),
        ("class", "GoneClass", "removed"): (),
        ("class", "ACLineSegment", "changed"): (("package", "Wires", "CoreEquipmentProfile"),),  # moved, not re-added
        ("attribute", "ACLineSegment.r", "changed"): (("multiplicity", "0..1", "1..1"),),
    }  # b0ch and Float differ in nothing but their namespace and profile name: unchanged


def test_the_reports_start_with_the_counts_and_group_by_profile_and_type() -> None:
    diff = diff_graphs(*_versions())
    assert summary(diff) == "classes +1 -1 ~1; attributes +0 -0 ~1"
    text = render(diff, "text").splitlines()
    assert text[0] == summary(diff) and "profile EQ_2 taken as EQ_3 (renamed)" in text
    at = text.index("EQ_3")
    assert text[at + 1 : at + 4] == [
        "  ACLineSegment",
        "    ~ ACLineSegment (class, changed): package Wires -> CoreEquipmentProfile",
        "    ~ ACLineSegment.r (attribute, changed): multiplicity 0..1 -> 1..1",
    ]
    markdown = render(diff, "markdown")
    assert (
        "| class | 1 | 1 | 1 |" in markdown
        and "| ACLineSegment | r | attribute | changed | multiplicity 0..1 -> 1..1 |" in markdown
    )
    data = json.loads(render(diff, "json"))
    assert data["summary"]["attribute"] == {"added": 0, "removed": 0, "changed": 1}
    assert data["renamed_profiles"] == [{"older": "EQ_2", "newer": "EQ_3"}]


def test_two_equal_versions_differ_in_nothing() -> None:
    old, _ = _versions()
    diff = diff_graphs(old, old)
    assert diff.changes == () and summary(diff) == "no differences"
