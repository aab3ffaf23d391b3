"""Give a type whose text derives from a type that is itself text with attributes that base's text
type and attributes.

``xs:simpleContent`` may restrict or extend a complex type with simple content (ebIX restricts its
code types, ``DocumentNameCodeType`` with its ``listAgencyIdentifier``, to one code per element).
The XSD reader records such a type's text as a value of its base; read so, the text would be taken
for an element of the base type. Here the text takes the base's text type, and the type gains the
base's attributes that it does not declare again itself, through any number of such bases.
"""

from __future__ import annotations

import dataclasses

from cimgen.graph.model import ClassGraph
from cimgen.graph.records import PropertyRecord, TypeKind, TypeRecord
from cimgen.readers.triples import XSD
from cimgen.readers.xsd import MIXED, XML_ATTRIBUTE, XML_TEXT


def run(graph: ClassGraph) -> None:
    """Flatten every type whose text is typed by a type with text and attributes."""
    owned: dict[str, list[PropertyRecord]] = {}
    for prop in graph.records(PropertyRecord):
        owned.setdefault(prop.domain, []).append(prop)
    done: set[str] = set()
    for record in graph.types(TypeKind.COMPOUND):
        _flatten(graph, record.iri, owned, done, ())


def _text(properties: list[PropertyRecord]) -> PropertyRecord | None:
    return next((p for p in properties if XML_TEXT in p.stereotypes and MIXED not in p.stereotypes), None)


def _flatten(
    graph: ClassGraph, type_iri: str, owned: dict[str, list[PropertyRecord]], done: set[str], path: tuple[str, ...]
) -> None:
    if type_iri in done or type_iri in path:
        return
    text = _text(owned.get(type_iri, []))
    base = None if text is None else graph.get(text.range)
    if text is None or not isinstance(base, TypeRecord) or base.kind is not TypeKind.COMPOUND:
        done.add(type_iri)
        return
    _flatten(graph, base.iri, owned, done, (*path, type_iri))  # the base first: it may derive from another
    base_properties = owned.get(base.iri, [])
    base_text = _text(base_properties)
    properties = owned[type_iri]
    flattened = dataclasses.replace(text, range=base_text.range if base_text is not None else f"{XSD}string")
    properties[properties.index(text)] = flattened
    graph.put(flattened)
    declared = {p.xml_name for p in properties}
    for prop in base_properties:
        if XML_ATTRIBUTE in prop.stereotypes and prop.xml_name not in declared:
            copy = dataclasses.replace(prop, iri=f"{type_iri}.{prop.name}", domain=type_iri)
            properties.append(copy)
            graph.put(copy)
    done.add(type_iri)
