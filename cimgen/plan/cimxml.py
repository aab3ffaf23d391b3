"""The CIM-XML plan: how each CIM class and its properties appear in CIM-XML (IEC 61970-552).

A CIM class is written as an element named after its IRI (``cim:ACLineSegment``); each
property as a child element named after the property's IRI (``cim:ACLineSegment.r``) holding
text, or an ``rdf:resource`` naming an enumeration literal or another object. The plan holds,
per class, the element tag and its own properties with what the reader and writer need:
the Python field, how the value is converted, whether it holds many values, the inverse end
to keep consistent, and the profiles that carry it. The ``cimxml`` emitter lays it out as the
package's ``_cimschema`` module, which the ``cimxml`` runtime reads.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass

from cimgen.graph.model import ClassGraph
from cimgen.graph.records import PropertyKind, PropertyRecord, TypeKind, TypeRecord
from cimgen.plan.python_types import datatype_value, python_primitive
from cimgen.runtime._cimspec import FieldEntry, tag_of_iri


class ValueKind(enum.IntEnum):
    """How a property's text becomes a value; the numbers are the runtime's (``cimxml`` ``K_*``)."""

    STRING = 0
    FLOAT = 1
    INTEGER = 2
    DECIMAL = 3
    BOOLEAN = 4
    DATETIME = 5
    ENUM = 6
    REFERENCE = 7


_KINDS_BY_ANNOTATION = {
    "str": ValueKind.STRING,
    "float": ValueKind.FLOAT,
    "int": ValueKind.INTEGER,
    "_decimal.Decimal": ValueKind.DECIMAL,
    "bool": ValueKind.BOOLEAN,
    "_datetime.datetime": ValueKind.DATETIME,
    "_datetime.date": ValueKind.DATETIME,
    "_datetime.time": ValueKind.DATETIME,
}


@dataclass(frozen=True, slots=True)
class CimClassPlan:
    """One CIM class as an element.

    Attributes:
        tag: The element's ``{namespace}Class``.
        module: The class's module in the package.
        python_name: The class name.
        superclass: The superclass's tag, or empty.
        abstract: The profile marks it abstract.
        fields: Its own properties (inherited ones are the superclass's), by tag order, as the
            runtime's records: tag, Python field, value kind, value module and class (a datatype,
            enumeration or target class; empty for a plain primitive), many, the inverse end's field
            on the target class, whether the end is exchanged, the profiles that carry it, its upper
            bound (-1 for none), and the profiles (as their URIs) that require a value.
        profiles: The profiles that carry the class.
    """

    tag: str
    module: str
    python_name: str
    superclass: str
    abstract: bool
    fields: tuple[FieldEntry, ...]
    profiles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CimEnumPlan:
    """An enumeration's literals by the IRI that ``rdf:resource`` names them with."""

    module: str
    python_name: str
    literals: tuple[tuple[str, str], ...]  # (literal IRI, member name)


@dataclass(frozen=True, slots=True)
class CimXmlPlan:
    """Everything the ``_cimschema`` module lays out.

    Attributes:
        classes: Every CIM class by tag, sorted.
        enums: Every enumeration, sorted by module.
        namespaces: Prefix -> namespace of the classes and properties, sorted by prefix.
        profiles: Profile name -> the URIs instance headers name it by, sorted by name.
    """

    classes: tuple[CimClassPlan, ...]
    enums: tuple[CimEnumPlan, ...]
    namespaces: tuple[tuple[str, str], ...]
    profiles: tuple[tuple[str, tuple[str, ...]], ...]


# Prefixes CIM-XML documents conventionally use for well-known namespaces.
_KNOWN_PREFIXES = {
    "http://iec.ch/TC57/CIM100#": "cim",
    "http://iec.ch/TC57/CIM100-European#": "eu",
    "http://iec.ch/TC57/2013/CIM-schema-cim16#": "cim",
    "http://entsoe.eu/CIM/SchemaExtension/3/1#": "entsoe",
}


def _value(graph: ClassGraph, prop: PropertyRecord) -> tuple[ValueKind, str, str]:
    target = graph.get_as(prop.range, TypeRecord)
    if prop.kind is PropertyKind.ASSOCIATION:
        return ValueKind.REFERENCE, target.module, target.python_name
    if target.kind is TypeKind.ENUMERATION:
        return ValueKind.ENUM, target.module, target.python_name
    if target.kind is TypeKind.DATATYPE:
        primitive = datatype_value(graph, target)
        kind = _KINDS_BY_ANNOTATION.get(primitive.annotation, ValueKind.STRING)
        # A datatype over bool or a date and time keeps its text: Python cannot subclass those.
        return (kind if primitive.subclassable else ValueKind.STRING), target.module, target.python_name
    if target.kind is TypeKind.PRIMITIVE:
        return _KINDS_BY_ANNOTATION.get(python_primitive(target).annotation, ValueKind.STRING), "", ""
    return ValueKind.STRING, target.module, target.python_name  # a compound: kept as its text


def _inverse(graph: ClassGraph, prop: PropertyRecord) -> str:
    if prop.inverse is None:
        return ""
    other = graph.get(prop.inverse)
    return other.python_name if isinstance(other, PropertyRecord) else ""


def _field(graph: ClassGraph, prop: PropertyRecord) -> FieldEntry:
    kind, module, name = _value(graph, prop)
    return FieldEntry(
        tag=tag_of_iri(prop.iri),
        name=prop.python_name,
        kind=int(kind),
        value_module=f".{module}" if module else "",
        value_class=name,
        many=prop.multiplicity.is_many,
        inverse=_inverse(graph, prop) if kind is ValueKind.REFERENCE else "",
        used=prop.used is not False,
        profiles=prop.profiles,
        upper=-1 if prop.multiplicity.upper is None else prop.multiplicity.upper,
        required_in=prop.required_in,
    )


def _prefixes(namespaces: set[str], main: str) -> tuple[tuple[str, str], ...]:
    """A prefix per namespace: the conventional one, ``cim`` for the one most classes are in, else ``nsN``."""
    prefixes: dict[str, str] = {}
    for number, namespace in enumerate(sorted(namespaces), start=1):
        prefix = _KNOWN_PREFIXES.get(namespace) or ("cim" if namespace == main else f"ns{number}")
        while prefix in prefixes:
            prefix += "_"
        prefixes[prefix] = namespace
    return tuple(sorted(prefixes.items()))


def plan_cimxml(graph: ClassGraph) -> CimXmlPlan | None:
    """The CIM-XML plan of the graph's CIM classes, or None when it has none (XML Schemas alone)."""
    records = [t for t in graph.types(TypeKind.CLASS) if not t.namespace]
    if not records:
        return None
    namespaces: set[str] = set()
    classes = []
    for record in records:
        fields = tuple(sorted((_field(graph, p) for p in graph.properties_of(record.iri)), key=lambda f: f.tag))
        tag = tag_of_iri(record.iri)
        namespaces.add(tag[1:].partition("}")[0])
        namespaces.update(f.tag[1:].partition("}")[0] for f in fields)
        superclass = tag_of_iri(record.superclass) if record.superclass else ""
        classes.append(
            CimClassPlan(tag, record.module, record.python_name, superclass, record.abstract, fields, record.profiles)
        )
    enums = []
    for enumeration in graph.types(TypeKind.ENUMERATION):
        if enumeration.namespace:
            continue
        literals = tuple(sorted((lit.iri, lit.python_name) for lit in graph.literals_of(enumeration.iri)))
        enums.append(CimEnumPlan(enumeration.module, enumeration.python_name, literals))
    carried = {name for c in classes for name in (*c.profiles, *(p for f in c.fields for p in f.profiles))}
    profiles: dict[str, set[str]] = {}
    for profile in graph.profiles:
        if profile.name in carried:
            profiles.setdefault(profile.name, set()).update(profile.uris)
    return CimXmlPlan(
        classes=tuple(sorted(classes, key=lambda c: c.tag)),
        enums=tuple(sorted(enums, key=lambda e: e.module)),
        namespaces=_prefixes(namespaces, Counter(c.tag[1:].partition("}")[0] for c in classes).most_common(1)[0][0]),
        profiles=tuple((name, tuple(sorted(uris))) for name, uris in sorted(profiles.items())),
    )
