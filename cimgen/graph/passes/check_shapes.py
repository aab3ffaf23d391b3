"""Say which SHACL shapes point at nothing: a target class or a path property the profile lacks.

A shape that targets a class the profiles do not have, or whose path names a property they do
not have, cannot be checked on any model these profiles read; each is one note with the file
and the shape's IRI, never dropped silently. Shapes that point at what exists are compiled.
"""

from __future__ import annotations

from cimgen.graph.model import ClassGraph
from cimgen.graph.records import PropertyRecord, ShapeRecord, TypeRecord
from cimgen.readers.triples import RDF

RDF_TYPE = f"{RDF}type"


def run(graph: ClassGraph) -> None:
    """Note every node shape target and property shape path step the graph does not have."""
    for shape in graph.records(ShapeRecord):
        where = shape.location.file
        for target in shape.targets:
            if not isinstance(graph.get(target), TypeRecord):
                graph.notes.append(f"{where}: shape {shape.iri} targets {target}, which the profiles do not have")
        for part in shape.properties:
            if not isinstance(graph.get(part), ShapeRecord):
                graph.notes.append(f"{where}: shape {shape.iri} names the property shape {part}, which no file defines")
        for _, predicate in shape.path:
            if predicate != RDF_TYPE and not isinstance(graph.get(predicate), PropertyRecord):
                graph.notes.append(
                    f"{where}: shape {shape.iri} has a path through {predicate}, which the profiles do not have"
                )
