"""The class graph: one networkx graph that every reader fills and every emitter reads.

Nodes are keyed by IRI and carry one record each under the ``record`` attribute.
Edges carry a ``relation``:

* ``subclass_of``: class -> its direct superclass;
* ``has_property``: type -> one of its own attributes or association ends;
* ``range``: property -> the type of its values;
* ``has_literal``: enumeration -> one of its literals;
* ``inverse``: association end -> the other end.

Before the ``merge_profiles`` pass runs, the records of an IRI wait in ``pending``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

import networkx as nx

from cimgen.errors import InputError
from cimgen.graph.records import (
    CodeTableRecord,
    DocumentRecords,
    LiteralRecord,
    ProfileRecord,
    PropertyKind,
    PropertyRecord,
    Record,
    ShapeRecord,
    TypeKind,
    TypeRecord,
)

SUBCLASS_OF = "subclass_of"
HAS_PROPERTY = "has_property"
RANGE = "range"
HAS_LITERAL = "has_literal"
INVERSE = "inverse"

RecordT = TypeVar("RecordT", TypeRecord, PropertyRecord, LiteralRecord, CodeTableRecord, ShapeRecord)


class ClassGraph:
    """The CIM class graph.

    Attributes:
        nx: The underlying directed graph; nodes are IRIs.
        profiles: The documents read, in input order.
        pending: Records per IRI waiting for the merge pass.
        notes: What the passes assumed or repaired, one line each, for the user to read.
    """

    def __init__(self) -> None:
        self.nx: nx.DiGraph = nx.DiGraph()
        self.profiles: list[ProfileRecord] = []
        self.pending: dict[str, list[Record]] = {}
        self.notes: list[str] = []
        # The same records as the nodes' "record" attribute, for fast lookup by IRI.
        self._records: dict[str, Record] = {}
        # The IRIs in sorted order, made again only after a new IRI was added.
        self._sorted: list[str] | None = None
        # Each node's attribute dictionary in the networkx graph, to replace its record in place.
        self._attributes: dict[str, dict[str, Any]] = {}

    def add_document(self, document: DocumentRecords) -> None:
        """Queue a document's records for merging."""
        self.profiles.append(document.profile)
        self.notes.extend(document.notes)
        for record in document.records:
            self.pending.setdefault(record.iri, []).append(record)

    def put(self, record: Record) -> None:
        """Add a record, or replace the record of the same IRI."""
        attributes = self._attributes.get(record.iri)
        if attributes is None:
            self.nx.add_node(record.iri, record=record)
            self._attributes[record.iri] = self.nx.nodes[record.iri]
            self._sorted = None
        else:
            attributes["record"] = record
        self._records[record.iri] = record

    def link(self, source: str, target: str, relation: str) -> None:
        """Add an edge between two existing nodes."""
        self.nx.add_edge(source, target, relation=relation)

    def __contains__(self, iri: object) -> bool:
        return iri in self._records

    def get(self, iri: str) -> Record | None:
        """The record of an IRI, or None."""
        return self._records.get(iri)

    def get_as(self, iri: str, record_type: type[RecordT]) -> RecordT:
        """The record of an IRI, which must be of the given record type."""
        record = self.get(iri)
        if not isinstance(record, record_type):
            raise KeyError(f"{iri} is not a {record_type.__name__}")
        return record

    def records(self, record_type: type[RecordT]) -> list[RecordT]:
        """All records of one type, sorted by IRI."""
        if self._sorted is None:
            self._sorted = sorted(self._records)
        records = self._records
        return [record for iri in self._sorted if isinstance(record := records[iri], record_type)]

    def types(self, *kinds: TypeKind) -> list[TypeRecord]:
        """The types of the given kinds (all kinds if none given), sorted by IRI."""
        return [t for t in self.records(TypeRecord) if not kinds or t.kind in kinds]

    def targets(self, iri: str, relation: str) -> list[str]:
        """The nodes an IRI points to through one relation, sorted."""
        return sorted(target for target, data in self.nx.succ[iri].items() if data["relation"] == relation)

    def properties_of(self, type_iri: str, kind: PropertyKind | None = None) -> list[PropertyRecord]:
        """The type's own properties (not inherited), sorted by name then IRI."""
        found = [self.get_as(iri, PropertyRecord) for iri in self.targets(type_iri, HAS_PROPERTY)]
        found = [p for p in found if kind is None or p.kind is kind]
        return sorted(found, key=lambda p: (p.name, p.iri))

    def literals_of(self, enumeration_iri: str) -> list[LiteralRecord]:
        """The enumeration's literals, sorted by name then IRI."""
        found = [self.get_as(iri, LiteralRecord) for iri in self.targets(enumeration_iri, HAS_LITERAL)]
        return sorted(found, key=lambda literal: (literal.name, literal.iri))

    def superclass_chain(self, type_iri: str) -> Iterator[TypeRecord]:
        """The type's superclasses, nearest first."""
        current = self.get_as(type_iri, TypeRecord).superclass
        seen = {type_iri}
        while current is not None:
            if current in seen:
                record = self.get_as(type_iri, TypeRecord)
                raise InputError(f"class {type_iri} inherits from itself", file=record.location.file)
            seen.add(current)
            record = self.get_as(current, TypeRecord)
            yield record
            current = record.superclass
