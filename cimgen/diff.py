"""What changed between two versions of a profile set: ``cimgen diff``.

Both versions are read into class graphs, and their types, properties and enumeration literals
are matched on local names, since CIM versions name their namespaces differently (``cim16`` and
``CIM100``); the namespace pairs that matching joined are reported. An XML Schema type is matched
within its namespace's last path segment (``MeterReadings#``), so the 2009 and 2011 schemas of a
noun meet. What is in one version only is added or removed; what is in both and differs in kind,
superclass, package, stereotypes, profiles, datatype unit or value, range, multiplicity, inverse
role or fixed value is changed, with each difference said. A class that moved package or profile
is so a change, never a removal and an addition.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cimgen.graph.model import ClassGraph
from cimgen.graph.passes.link_model_references import local_reference
from cimgen.graph.records import LiteralRecord, PropertyKind, PropertyRecord, TypeRecord

KINDS = ("class", "compound", "enumeration", "datatype", "primitive", "attribute", "association end", "literal")
STATUSES = ("added", "removed", "changed")


@dataclass(frozen=True, slots=True)
class Change:
    """One type, property or literal added, removed or changed.

    Attributes:
        kind: One of ``KINDS``.
        key: Its name, matched across versions: ``ACLineSegment``, ``ACLineSegment.r``, ``UnitSymbol.W``.
        status: ``added``, ``removed`` or ``changed``.
        profiles: The profiles that carry it (in the newer version, or the older one if removed).
        details: For a change, each difference: (what, old value, new value).
    """

    kind: str
    key: str
    status: str
    profiles: tuple[str, ...]
    details: tuple[tuple[str, str, str], ...] = ()

    @property
    def owner(self) -> str:
        """The type a property or literal belongs to, or the type itself."""
        return self.key.rsplit(".", 1)[0] if self.kind in ("attribute", "association end", "literal") else self.key


@dataclass(frozen=True, slots=True)
class GraphDiff:
    """The differences between two versions.

    Attributes:
        namespaces: (older namespace, newer namespace, how many names matched across them), where
            they differ.
        changes: Every change, sorted by kind and name.
        profiles: (older profile, newer profile) taken as one renamed: the one profile of the older
            version whose name the newer lacks and the one of the newer version whose name the older
            lacks (a single-file profile is named after its file).
    """

    namespaces: tuple[tuple[str, str, int], ...]
    changes: tuple[Change, ...]
    profiles: tuple[tuple[str, str], ...] = ()

    def counts(self) -> dict[str, dict[str, int]]:
        """How many of each kind were added, removed and changed."""
        counted = Counter((c.kind, c.status) for c in self.changes)
        return {kind: {status: counted[kind, status] for status in STATUSES} for kind in KINDS}


def _local(iri: str | None) -> str:
    return local_reference(iri) if iri else ""


def _namespace(iri: str) -> str:
    return iri.rpartition("#")[0] if "#" in iri else iri.rpartition("/")[0]


def _stem(namespace: str) -> str:
    return namespace.rstrip("#/").rpartition("/")[2]


class _Side:
    """One version's records by the key they are matched on."""

    def __init__(self, graph: ClassGraph, renamed: Mapping[str, str] | None = None) -> None:
        self.graph = graph
        self.renamed = renamed or {}
        self.types = {self.type_key(t.iri): t for t in graph.types()}
        self.properties = {f"{self.type_key(p.domain)}.{p.name}": p for p in graph.records(PropertyRecord)}
        self.literals = {f"{self.type_key(lit.enumeration)}.{lit.name}": lit for lit in graph.records(LiteralRecord)}

    def profiles(self, names: Iterable[str]) -> str:
        """Profile names as compared: an older version's renamed profile under its newer name."""
        return ", ".join(sorted({self.renamed.get(name, name) for name in names}))

    def type_key(self, iri: str | None) -> str:
        return type_key(self.graph, iri)


def type_key(graph: ClassGraph, iri: str | None) -> str:
    """The name a type is matched on across versions: its local name, within its noun for an XSD type."""
    if not iri:
        return ""
    record = graph.get(iri)
    if isinstance(record, TypeRecord) and record.namespace:
        return f"{_stem(record.namespace)}:{_local(iri)}"
    return _local(iri)


def _type_facts(side: _Side, record: TypeRecord) -> dict[str, str]:
    return {
        "kind": record.kind.value,
        "superclass": side.type_key(record.superclass),
        "package": record.package or "",
        "stereotypes": ", ".join(sorted(record.stereotypes)),
        "abstract": str(record.abstract).lower(),
        "profiles": side.profiles(record.profiles),
        "value type": side.type_key(record.value_type),
        "unit": record.unit or "",
        "multiplier": record.multiplier or "",
    }


def _property_facts(side: _Side, record: PropertyRecord) -> dict[str, str]:
    return {
        "kind": record.kind.value,
        "range": side.type_key(record.range),
        "multiplicity": str(record.multiplicity),
        "inverse role": _local(record.inverse),
        "stereotypes": ", ".join(sorted(record.stereotypes)),
        "profiles": side.profiles(record.profiles),
        "fixed": record.fixed or "",
    }


def _property_kind(record: PropertyRecord) -> str:
    return "attribute" if record.kind is PropertyKind.ATTRIBUTE else "association end"


Facts = Callable[[Any], dict[str, str]]


def _compare(
    old: Mapping[str, Any], new: Mapping[str, Any], kind_of: Callable[[Any], str], facts: tuple[Facts, Facts]
) -> Iterator[Change]:
    for key in sorted(new.keys() - old.keys()):
        yield Change(kind_of(new[key]), key, "added", tuple(sorted(new[key].profiles)))
    for key in sorted(old.keys() - new.keys()):
        yield Change(kind_of(old[key]), key, "removed", tuple(sorted(old[key].profiles)))
    for key in sorted(old.keys() & new.keys()):
        before, after = facts[0](old[key]), facts[1](new[key])
        details = tuple((what, before[what], after[what]) for what in before if before[what] != after[what])
        if details:
            yield Change(kind_of(new[key]), key, "changed", tuple(sorted(new[key].profiles)), details)


def diff_graphs(old: ClassGraph, new: ClassGraph) -> GraphDiff:
    """The changes from an older version's class graph to a newer one's."""
    old_names, new_names = {p.name for p in old.profiles}, {p.name for p in new.profiles}
    gone, came = sorted(old_names - new_names), sorted(new_names - old_names)
    renamed = {gone[0]: came[0]} if len(gone) == len(came) == 1 else {}
    before, after = _Side(old, renamed), _Side(new)
    changes: list[Change] = []
    changes += _compare(
        before.types,
        after.types,
        lambda r: str(r.kind.value),
        (lambda r: _type_facts(before, r), lambda r: _type_facts(after, r)),
    )
    changes += _compare(
        before.properties,
        after.properties,
        _property_kind,
        (lambda r: _property_facts(before, r), lambda r: _property_facts(after, r)),
    )
    changes += _compare(
        before.literals,
        after.literals,
        lambda r: "literal",
        (lambda r: {"profiles": before.profiles(r.profiles)}, lambda r: {"profiles": after.profiles(r.profiles)}),
    )
    pairs: Counter[tuple[str, str]] = Counter()
    for key in before.types.keys() & after.types.keys():
        pair = (_namespace(before.types[key].iri), _namespace(after.types[key].iri))
        if pair[0] != pair[1]:
            pairs[pair] += 1
    namespaces = tuple((o, n, count) for (o, n), count in sorted(pairs.items()))
    order = {kind: number for number, kind in enumerate(KINDS)}
    ordered = tuple(sorted(changes, key=lambda c: (order[c.kind], c.key, c.status)))
    return GraphDiff(namespaces, ordered, tuple(sorted(renamed.items())))


def diff_inputs(old: list[Path], new: list[Path]) -> GraphDiff:
    """Read two versions' inputs (files or folders) and compare them.

    Raises:
        UsageError: A path does not exist or cannot be read as a schema.
        InputError: An input is malformed or inconsistent.
    """
    from cimgen.api import load_graph  # the API imports the emitters, which a diff does not need

    return diff_graphs(load_graph(old), load_graph(new))
