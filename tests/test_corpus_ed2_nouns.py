"""Each payload schema of the embedded profile holds the whole IEC 61968-9 ed2 structure of its noun.

The check walks a third-party rendering of ed2 (``../shared/corpus/aimir-iesco-61968-9-ed2/``, the
XSDs of a deployed MDMS, CIMTool-generated; for MeterReadSchedule and MeterServiceRequests, which
it lacks, the EPRI interoperability tests' XSDs; read here, never copied) from its root element down,
and asks of every element and attribute path it has: does ours have the path, with the same
kind of value (the XSD built-in type a simple type comes down to, or "complex"; and whether it
is a member of a choice; an enumeration's literals are ours too) and the same multiplicity, and
are the children of each element in an order ours accepts? Every difference is listed in
``tests/fixtures/ed2_differences.csv`` with its reason: an edition difference, a choice of
cimgen's with what it serves, or an extension of the vendor's that ed2 does not have.
An unlisted difference fails, and so does a listed one that no longer occurs.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import FIXTURES, REPO, corpus_path

XS = "{http://www.w3.org/2001/XMLSchema}"
SAWSDL = "{http://www.w3.org/ns/sawsdl}modelReference"
AIMIR = "aimir-iesco-61968-9-ed2"
OURS = REPO / "profiles" / "messages"
DIFFERENCES = FIXTURES / "ed2_differences.csv"
# The reason given to an element of the vendor's own CIM extension namespace, and that namespace.
VENDOR_EXTENSION = "Landis+Gyr extension"
VENDOR_NAMESPACE = "http://landisgyr.com/"
OPENWMS = "openwms-epri-61968-9/xsd"
# Each noun whose schema holds the whole ed2 structure, and the third-party rendering it is held to:
# aimir's, or for the two nouns aimir lacks, the EPRI interoperability tests' (2011 namespaces too).
REFERENCES = {
    "AuxiliaryAgreementConfig": AIMIR,
    "CustomerAccountConfig": AIMIR,
    "CustomerAgreementConfig": AIMIR,
    "CustomerConfig": AIMIR,
    "CustomerMeterDataSet": AIMIR,
    "EndDeviceConfig": AIMIR,
    "EndDeviceControls": AIMIR,
    "EndDeviceEvents": AIMIR,
    "GetEndDeviceEvents": AIMIR,
    "GetMeterReadings": AIMIR,
    "MasterDataLinkageConfig": AIMIR,
    "MeterConfig": AIMIR,
    "MeterReadSchedule": OPENWMS,
    "MeterReadings": AIMIR,
    "MeterServiceRequests": OPENWMS,
    "ServiceLocationConfig": AIMIR,
    "ServiceSupplierConfig": AIMIR,
    "UsagePointConfig": AIMIR,
    "UsagePointLocationConfig": AIMIR,
}


@dataclass(frozen=True)
class Node:
    """One element or attribute path of a payload: its kind of value, multiplicity and CIM reference (an IRI)."""

    kind: str
    low: str
    high: str
    reference: str
    literals: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Structure:
    """A payload's paths (``Root/Child/@attribute``) and each complex path's children in order."""

    nodes: dict[str, Node]
    children: dict[str, list[str]]


def _local(name: str | None) -> str:
    return (name or "").rpartition(":")[2]


def structure(path: Path) -> Structure:
    """The paths of the one payload a schema's first global element roots."""
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    complex_types = {c.get("name"): c for c in root if c.tag == XS + "complexType"}
    simple_types = {c.get("name"): c for c in root if c.tag == XS + "simpleType"}

    def builtin(type_name: str) -> tuple[str, frozenset[str]]:
        """The built-in type a simple type comes down to, and its enumeration literals if any."""
        seen, literals = set(), frozenset()
        while type_name in simple_types and type_name not in seen:
            seen.add(type_name)
            restriction = simple_types[type_name].find(XS + "restriction")
            if restriction is None:
                return "string", literals
            literals = literals or frozenset(e.get("value") for e in restriction.iter(XS + "enumeration"))
            type_name = _local(restriction.get("base"))
        return type_name, literals

    def body(declaration: etree._Element) -> etree._Element | None:
        inline = declaration.find(XS + "complexType")
        return inline if inline is not None else complex_types.get(_local(declaration.get("type")))

    def particles(node: etree._Element, choice: str = "") -> list[tuple[etree._Element, str]]:
        """The element and attribute declarations of a model group, each with the choice it is a
        member of: "" outside one, else the choice's bounds ("choice 0..unbounded")."""
        found = []
        for child in node:
            if child.tag in (XS + "element", XS + "attribute"):
                found.append((child, choice))
            elif child.tag == XS + "choice":
                found += particles(child, f"choice {child.get('minOccurs', '1')}..{child.get('maxOccurs', '1')}")
            elif child.tag in (XS + "sequence", XS + "all", XS + "complexContent", XS + "simpleContent"):
                found += particles(child, choice)
            elif child.tag in (XS + "extension", XS + "restriction"):
                base = complex_types.get(_local(child.get("base")))
                found += (particles(base, choice) if base is not None else []) + particles(child, choice)
        return found

    nodes: dict[str, Node] = {}
    children: dict[str, list[str]] = {}

    def visit(declaration: etree._Element, at: str, within: frozenset[str], choice: str = "") -> None:
        complex_body = body(declaration)
        attribute = declaration.tag == XS + "attribute"
        if attribute:
            low, high = ("1" if declaration.get("use") == "required" else "0"), "1"
        else:
            low, high = declaration.get("minOccurs", "1"), declaration.get("maxOccurs", "1")
        if complex_body is not None:
            kind, literals = "complex", frozenset[str]()
        else:
            kind, literals = builtin(_local(declaration.get("type")) or "string")
        kind += f" in a {choice}" if choice else ""
        nodes[at] = Node(kind, low, high, declaration.get(SAWSDL, ""), literals)
        type_name = _local(declaration.get("type"))
        if complex_body is None or type_name in within:  # an inline type has no name: never a cycle
            return
        names = []
        for child, member_of in particles(complex_body):
            name = ("@" if child.tag == XS + "attribute" else "") + (child.get("name") or _local(child.get("ref")))
            names.append(name)
            visit(child, f"{at}/{name}", within | ({type_name} - {""}), member_of)
        children[at] = names

    top = next(child for child in root if child.tag == XS + "element")
    visit(top, top.get("name"), frozenset())
    return Structure(nodes, children)


def differences(theirs: Structure, ours: Structure) -> list[tuple[str, str, str]]:
    """(path, ed2's, ours) where ours does not have what ed2 has, or orders it otherwise."""
    found = []
    for path, node in theirs.nodes.items():
        mine = ours.nodes.get(path)
        if mine is None:
            found.append((path, _shown(node), "absent"))
        elif (mine.kind, mine.low, mine.high) != (node.kind, node.low, node.high):
            found.append((path, _shown(node), _shown(mine)))
        if mine is not None and node.literals - mine.literals:  # an enumeration: ours has each ed2 literal
            found.append((f"{path} (literals)", " ".join(sorted(node.literals - mine.literals)), "absent"))
    for path, names in theirs.children.items():
        mine = [name for name in ours.children.get(path, []) if name in names]
        expected = [name for name in names if name in mine]
        if mine != expected:
            found.append((path, "order " + " ".join(expected), "order " + " ".join(mine)))
    return found


def _shown(node: Node) -> str:
    return f"{node.kind} {node.low}..{node.high}"


@functools.cache
def _vendor_properties(rendering: str) -> frozenset[str]:
    """The CIM properties a rendering gives the vendor's namespace in any of its payloads (it does not
    always: aimir's UsagePointLocationConfig gives TownDetail.county the IEC namespace, its others not)."""
    found = set()
    for path in corpus_path(rendering).glob("*.xsd"):
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
        for reference in root.xpath("//@sawsdl:modelReference", namespaces={"sawsdl": SAWSDL[1:].partition("}")[0]}):
            if str(reference).startswith(VENDOR_NAMESPACE):
                found.add(str(reference).rpartition("#")[2])
    return frozenset(found)


def _listed() -> dict[tuple[str, str], dict[str, str]]:
    with DIFFERENCES.open(encoding="utf-8", newline="") as handle:
        return {(row["noun"], row["path"]): row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("noun", sorted(REFERENCES))
def test_every_ed2_path_of_the_noun_is_ours_or_a_listed_difference(noun: str) -> None:
    theirs = structure(corpus_path(REFERENCES[noun]) / f"{noun}.xsd")
    ours = structure(OURS / f"{noun}.xsd")
    listed = {path: row for (listed_noun, path), row in _listed().items() if listed_noun == noun}
    found = {path: (ed2, mine) for path, ed2, mine in differences(theirs, ours)}
    unlisted = sorted(f"{path}: ed2 {ed2}, ours {mine}" for path, (ed2, mine) in found.items() if path not in listed)
    assert not unlisted, f"{len(unlisted)} differences not listed in {DIFFERENCES.name}:\n" + "\n".join(unlisted)
    stale = sorted(path for path in listed if path not in found)
    assert not stale, f"listed in {DIFFERENCES.name} but not a difference any more: {stale}"
    for path, row in listed.items():
        assert (row["ed2"], row["cimgen"]) == found[path], path
        assert row["reason"].strip(), f"{path}: a difference needs its reason"
        if row["reason"].startswith(VENDOR_EXTENSION):  # the element, or one it is part of, is the vendor's
            steps = path.replace(" (literals)", "").split("/")
            owners = ["/".join(steps[:end]) for end in range(len(steps), 1, -1)]
            vendors = _vendor_properties(REFERENCES[noun])
            assert any(theirs.nodes[owner].reference.rpartition("#")[2] in vendors for owner in owners), path
