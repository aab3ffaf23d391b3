"""Check the inheritance hierarchy: no cycles, and classes only inherit from their own kind."""

from __future__ import annotations

import networkx as nx

from cimgen.errors import InputError
from cimgen.graph.model import SUBCLASS_OF, ClassGraph
from cimgen.graph.records import TypeKind, TypeRecord

_STRUCTURED = frozenset({TypeKind.CLASS, TypeKind.COMPOUND})


def run(graph: ClassGraph) -> None:
    """Reject inheritance cycles and a class inheriting from an enumeration, datatype or primitive.

    Raises:
        InputError: Naming the class and the file it comes from.
    """
    hierarchy = nx.DiGraph(
        (source, target) for source, target, relation in graph.nx.edges(data="relation") if relation == SUBCLASS_OF
    )
    try:
        cycle = nx.find_cycle(hierarchy)
    except nx.NetworkXNoCycle:
        cycle = []
    if cycle:
        first = graph.get_as(min(source for source, _ in cycle), TypeRecord)
        path = " -> ".join(source for source, _ in cycle)
        raise InputError(f"inheritance cycle: {path}", file=first.location.file, line=first.location.line)
    for record in graph.types():
        if record.superclass is None:
            continue
        parent = graph.get_as(record.superclass, TypeRecord)
        if (record.kind in _STRUCTURED) != (parent.kind in _STRUCTURED):
            raise InputError(
                f"{record.iri} ({record.kind.value}) cannot inherit from {parent.iri} ({parent.kind.value})",
                file=record.location.file,
                line=record.location.line,
            )
