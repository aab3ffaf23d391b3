"""Small factories for records and graphs, for unit tests of the passes."""

from __future__ import annotations

from cimgen.graph.model import ClassGraph
from cimgen.graph.passes import connect_graph
from cimgen.graph.records import (
    DocumentRecords,
    LiteralRecord,
    Location,
    Multiplicity,
    ProfileRecord,
    PropertyKind,
    PropertyRecord,
    Record,
    TypeKind,
    TypeRecord,
)

NS = "http://example.com/cim#"
HERE = Location("test.rdf", 1)
ONE_OPTIONAL = Multiplicity(0, 1)


def a_type(name: str, kind: TypeKind = TypeKind.CLASS, superclass: str | None = None, **changes: object) -> TypeRecord:
    record = TypeRecord(
        iri=NS + name,
        name=name,
        kind=kind,
        location=HERE,
        superclass=NS + superclass if superclass else None,
        profiles=("P",),
    )
    return record if not changes else TypeRecord(**{**_fields(record), **changes})


def a_property(
    domain: str,
    name: str,
    range_: str,
    multiplicity: Multiplicity = ONE_OPTIONAL,
    inverse: str | None = None,
    **changes: object,
) -> PropertyRecord:
    record = PropertyRecord(
        iri=f"{NS}{domain}.{name}",
        name=name,
        kind=PropertyKind.ATTRIBUTE,
        domain=NS + domain,
        range=NS + range_,
        multiplicity=multiplicity,
        location=HERE,
        inverse=NS + inverse if inverse else None,
        profiles=("P",),
    )
    return record if not changes else PropertyRecord(**{**_fields(record), **changes})


def a_literal(enumeration: str, name: str) -> LiteralRecord:
    return LiteralRecord(iri=f"{NS}{enumeration}.{name}", name=name, enumeration=NS + enumeration, location=HERE)


def _fields(record: object) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__slots__}  # type: ignore[attr-defined]


def graph_of(*records: Record, connect: bool = True) -> ClassGraph:
    """A graph holding the records (already merged), with edges drawn if ``connect``."""
    graph = ClassGraph()
    graph.add_document(DocumentRecords(ProfileRecord("P", "test.rdf"), tuple(records)))
    for _, pending in sorted(graph.pending.items()):
        graph.put(pending[0])
    graph.pending.clear()
    if connect:
        connect_graph.run(graph)
    return graph
