"""Pair the two ends of every association and check that they agree."""

from __future__ import annotations

from dataclasses import replace

from cimgen.errors import InputError
from cimgen.graph.model import INVERSE, ClassGraph
from cimgen.graph.records import PropertyKind, PropertyRecord


def run(graph: ClassGraph) -> None:
    """Make inverse roles mutual and check that the two ends mirror each other.

    Raises:
        InputError: An end's inverse is not an association end back to its domain.
    """
    for prop in graph.records(PropertyRecord):
        if prop.inverse is None:
            continue
        other = graph.get_as(prop.inverse, PropertyRecord)
        if prop.kind is not PropertyKind.ASSOCIATION or other.kind is not PropertyKind.ASSOCIATION:
            raise InputError(
                f"{prop.iri} names {other.iri} as its inverse role, but both must be association ends",
                file=prop.location.file,
                line=prop.location.line,
            )
        if other.inverse is None:
            graph.put(replace(other, inverse=prop.iri))
            graph.link(other.iri, prop.iri, INVERSE)
        elif other.inverse != prop.iri:
            raise InputError(
                f"{prop.iri} names {other.iri} as its inverse role, which names {other.inverse}",
                file=prop.location.file,
                line=prop.location.line,
            )
