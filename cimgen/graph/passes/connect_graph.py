"""Draw the graph's edges from the references in its records."""

from __future__ import annotations

from cimgen.graph.model import HAS_LITERAL, HAS_PROPERTY, INVERSE, RANGE, SUBCLASS_OF, ClassGraph
from cimgen.graph.records import LiteralRecord, PropertyRecord, TypeRecord


def run(graph: ClassGraph) -> None:
    """Link classes to superclasses, types to properties and literals, properties to ranges and inverses."""
    for record in graph.records(TypeRecord):
        if record.superclass:
            graph.link(record.iri, record.superclass, SUBCLASS_OF)
    for prop in graph.records(PropertyRecord):
        graph.link(prop.domain, prop.iri, HAS_PROPERTY)
        graph.link(prop.iri, prop.range, RANGE)
        if prop.inverse:
            graph.link(prop.iri, prop.inverse, INVERSE)
    for literal in graph.records(LiteralRecord):
        graph.link(literal.enumeration, literal.iri, HAS_LITERAL)
