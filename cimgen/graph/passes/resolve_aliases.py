"""Follow XSD aliases: a reference to a global element means its type, a simple type its base.

An XSD element ``<xs:element ref="m:MeterReading"/>`` ranges over the global element, which
stands for its type; a simple type such as ``UInt16`` restricts ``xs:unsignedShort``. After
this pass every property ranges over a real type and every simple type names the XSD
builtin its values are, so the emitters need not follow chains.
"""

from __future__ import annotations

from dataclasses import replace

from cimgen.errors import InputError
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import PropertyRecord, TypeKind, TypeRecord
from cimgen.readers.triples import XSD

ELEMENT_SUFFIX = ".element"


def _final(graph: ClassGraph, iri: str, record: TypeRecord) -> str:
    """Follow ``value_type`` from alias to alias until a non-alias (or an XSD builtin) is reached."""
    seen = {iri}
    current = iri
    while True:
        found = graph.get(current)
        if not isinstance(found, TypeRecord) or found.kind is not TypeKind.PRIMITIVE or found.value_type is None:
            return current
        if found.value_type in seen:
            raise InputError(
                f"{iri} is defined in terms of itself", file=record.location.file, line=record.location.line
            )
        seen.add(found.value_type)
        current = found.value_type


def run(graph: ClassGraph) -> None:
    """Point element references at types, and simple types at their XSD builtin."""
    for prop in graph.records(PropertyRecord):
        target = graph.get(prop.range)
        if prop.range.endswith(ELEMENT_SUFFIX) and isinstance(target, TypeRecord):
            graph.put(replace(prop, range=_final(graph, prop.range, target)))
    for record in graph.types(TypeKind.PRIMITIVE):
        if record.value_type is not None and not record.value_type.startswith(XSD):
            final = _final(graph, record.iri, record)
            if final not in graph and not final.startswith(XSD):
                what = "the global element" if "xml-element" in record.stereotypes else "the simple type"
                raise InputError(
                    f"{what} {record.name.removesuffix('Element')} has the type {final}, which no input defines",
                    file=record.location.file,
                    line=record.location.line,
                )
            graph.put(replace(record, value_type=final, facets=_inherited_facets(graph, record)))


def _inherited_facets(graph: ClassGraph, record: TypeRecord) -> tuple[tuple[str, str], ...]:
    """A simple type's facets with those of the simple types it restricts, the base's first."""
    chain: list[TypeRecord] = []
    current: TypeRecord | None = record
    while current is not None and current.iri not in {r.iri for r in chain}:
        chain.append(current)
        found = graph.get(current.value_type) if current.value_type else None
        current = found if isinstance(found, TypeRecord) and found.kind is TypeKind.PRIMITIVE else None
    facets: list[tuple[str, str]] = []
    for link in reversed(chain):
        facets += [facet for facet in link.facets if facet not in facets]
    return tuple(facets)
