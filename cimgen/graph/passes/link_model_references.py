"""Link XSD types and elements to the CIM classes and attributes their ``sawsdl:modelReference`` names.

Schemas and profiles rarely share a CIM namespace (``cim15`` in a 2011 payload schema,
``CIM100`` in a profile), so references match on the local name: ``#MeterReading`` or
``#IdentifiedObject.mRID``. A reference that matches nothing stays unlinked; ``inspect``
counts and lists those.
"""

from __future__ import annotations

from cimgen.graph.model import ClassGraph
from cimgen.graph.records import PropertyRecord, TypeRecord

MODELS = "models"


def local_reference(iri: str) -> str:
    """The part of a model reference that names the class or attribute: ``IdentifiedObject.mRID``."""
    return iri.rpartition("#")[2] if "#" in iri else iri.rstrip("/").rpartition("/")[2]


def referring_records(graph: ClassGraph) -> list[TypeRecord | PropertyRecord]:
    """The types and properties that carry a model reference."""
    found: list[TypeRecord | PropertyRecord] = [t for t in graph.types() if t.model_reference]
    found += [p for p in graph.records(PropertyRecord) if p.model_reference]
    return found


def run(graph: ClassGraph) -> None:
    """Add a ``models`` edge from each XSD type or property to the CIM node its reference names."""
    cim_nodes: dict[str, str] = {}
    for cim_type in graph.types():
        if cim_type.namespace is None:
            cim_nodes.setdefault(local_reference(cim_type.iri), cim_type.iri)
    for prop in graph.records(PropertyRecord):
        owner = graph.get(prop.domain)
        if isinstance(owner, TypeRecord) and owner.namespace is None:
            cim_nodes.setdefault(f"{owner.name}.{prop.name}", prop.iri)
    if not cim_nodes:
        return
    for record in referring_records(graph):
        target = cim_nodes.get(local_reference(record.model_reference or ""))
        if target is not None:
            graph.link(record.iri, target, MODELS)
