"""The XML plan: what every emitter of XML code needs to know of each XML Schema type, computed once.

The codec emitter (``_xml`` modules), the validator emitter (``_validate`` modules), the stream
tables of ``iter_xml`` and the document-root methods of the class modules all need the same
facts: a type's XML fields in schema order with their element names, multiplicities and value
types, its global elements, the namespaces a document can hold, and the repeated children a
reader can stream. :func:`plan_xml` reads them from the class graph once, into the frozen
records below; the emitters read the plan and never query the graph for them again.
"""

from __future__ import annotations

from dataclasses import dataclass

from cimgen import naming
from cimgen.graph.model import ClassGraph
from cimgen.graph.passes.resolve_aliases import ELEMENT_SUFFIX
from cimgen.graph.records import XML_SEQUENCE, Multiplicity, PropertyRecord, TypeKind, TypeRecord
from cimgen.plan.python_types import python_primitive
from cimgen.readers.triples import XSD


@dataclass(frozen=True, slots=True)
class XmlValue:
    """The type of a field's values, as the XML code needs it.

    Attributes:
        iri: The type's IRI (the key of its :class:`XmlType` for compounds).
        name: The type's schema name (``UnitSymbol``).
        kind: Compound, enumeration or primitive.
        module: The dotted module of the type inside the package.
        python_name: The class name.
        primitive: The Python annotation of the value (``float``, ``object`` for ``xs:anyType``).
        builtin: The XSD builtin the value's lexical form follows (``dateTime``).
        facets: The simple type's facets, inherited ones included.
        codec: The IEC 61968-9 codec that decodes a value's ``ref``, if any.
    """

    iri: str
    name: str
    kind: TypeKind
    module: str
    python_name: str
    primitive: str
    builtin: str
    facets: tuple[tuple[str, str], ...]
    codec: str | None

    @property
    def subpackage(self) -> str:
        """The namespace subpackage the type's codec functions live in."""
        return self.module.rpartition(".")[0]

    @property
    def suffix(self) -> str:
        """The suffix of the type's codec functions: ``parse_<suffix>``."""
        return self.module.rpartition(".")[2]


@dataclass(frozen=True, slots=True)
class XmlField:
    """One field of a type as it appears in XML.

    Attributes:
        name: The schema name (``IntervalReadings``).
        python_name: The dataclass field.
        xml_name: ``{namespace}local`` of an element or attribute; empty for text and order fields.
        stereotypes: How it appears: ``xml-attribute``, ``xml-text``, ``wildcard``, ``xml-order``.
        multiplicity: How many values it holds.
        value: The type of its values.
        choice: For an element of a choice made once, the choice; of its elements, one may appear.
    """

    name: str
    python_name: str
    xml_name: str
    stereotypes: tuple[str, ...]
    multiplicity: Multiplicity
    value: XmlValue
    choice: int | None = None

    @property
    def local_name(self) -> str:
        """The element or attribute name without its namespace."""
        return (self.xml_name or self.name).rpartition("}")[2]


@dataclass(frozen=True, slots=True)
class XmlStream:
    """A repeated child that ``iter_xml`` can hand out one at a time.

    Attributes:
        path: The field path (``meter_reading`` or ``meter_reading.interval_blocks``).
        tag: The child's ``{namespace}local``.
        parents: The tags of the elements it stands in: the document's root elements for a child
            of the root, else the one child of the root it stands in.
        value: The child's type.
    """

    path: str
    tag: str
    parents: tuple[str, ...]
    value: XmlValue

    @property
    def in_root(self) -> bool:
        """True for a child of the document's root element."""
        return "." not in self.path


@dataclass(frozen=True, slots=True)
class XmlType:
    """An XML Schema compound or enumeration, with everything its XML code needs.

    Attributes:
        value: The type itself, as a field's value would name it.
        namespace: The target namespace.
        fields: The XML fields in schema order, inherited ones first.
        blank_fields: Every dataclass field (Python name, holds many), inherited first, for
            making an empty object without the constructor; None when a field has a fixed value
            (then the constructor is needed).
        elements: The global elements of this type (``{namespace}name``), sorted: it is a document root.
        namespaces: The namespaces of every element and attribute a document of this type can hold.
        streams: The repeated children a document of this type can stream.
        in_one_order: Its elements (inherited ones first) may come in one order only, schema order.
        bulk_leaves: When its elements can be read in bulk (see the runtime's ``_xmlbulk``), the
            leaves that can: (``{namespace}local``, field, kind) in schema order; else empty.
    """

    value: XmlValue
    namespace: str
    fields: tuple[XmlField, ...]
    blank_fields: tuple[tuple[str, bool], ...] | None
    elements: tuple[str, ...]
    namespaces: tuple[str, ...]
    streams: tuple[XmlStream, ...]
    in_one_order: bool = False
    bulk_leaves: tuple[tuple[str, str, str], ...] = ()

    @property
    def is_root(self) -> bool:
        """True for a compound that global elements have as their type."""
        return self.value.kind is TypeKind.COMPOUND and bool(self.elements)


@dataclass(frozen=True, slots=True)
class XmlPlan:
    """The XML facts of a whole package.

    Attributes:
        types: Every XML Schema compound and enumeration by IRI, in graph order.
        fields: The XML fields of every compound, also of those that a field names but no namespace holds.
        subpackages: Namespace subpackage -> the IRIs of its types, in graph order; sorted by subpackage.
        prefixes: The prefix written for each namespace.
        roots: (global element, module, class) of every document root, sorted.
    """

    types: dict[str, XmlType]
    fields: dict[str, tuple[XmlField, ...]]
    subpackages: dict[str, tuple[str, ...]]
    prefixes: dict[str, str]
    roots: tuple[tuple[str, str, str], ...]

    def fields_of(self, value: XmlValue) -> tuple[XmlField, ...]:
        """The XML fields of a field's value type (none for a simple type)."""
        return self.fields.get(value.iri, ())

    def members(self, subpackage: str) -> list[XmlType]:
        """The types of one namespace subpackage, in graph order."""
        return [self.types[iri] for iri in self.subpackages[subpackage]]


XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"


def _value(record: TypeRecord) -> XmlValue:
    builtin = record.iri if record.iri.startswith(XSD) else (record.value_type or record.iri)
    return XmlValue(
        iri=record.iri,
        name=record.name,
        kind=record.kind,
        module=record.module,
        python_name=record.python_name,
        primitive=python_primitive(record).annotation,
        builtin=builtin.rpartition("#")[2],
        facets=record.facets,
        codec=record.codec,
    )


def _xml_properties(graph: ClassGraph, record: TypeRecord) -> list[PropertyRecord]:
    """The type's XML properties in schema order, inherited ones first."""
    found: list[PropertyRecord] = []
    for owner in reversed([record, *graph.superclass_chain(record.iri)]):
        own = [p for p in graph.properties_of(owner.iri) if p.xml_name is not None]
        found.extend(sorted(own, key=lambda p: (p.xml_position or 0, p.iri)))
    return found


def _fields(graph: ClassGraph, record: TypeRecord) -> tuple[XmlField, ...]:
    return tuple(
        XmlField(
            name=prop.name,
            python_name=prop.python_name,
            xml_name=prop.xml_name or "",
            stereotypes=prop.stereotypes,
            multiplicity=prop.multiplicity,
            value=_value(graph.get_as(prop.range, TypeRecord)),
            choice=prop.xml_choice,
        )
        for prop in _xml_properties(graph, record)
    )


def _blank_fields(graph: ClassGraph, record: TypeRecord) -> tuple[tuple[str, bool], ...] | None:
    chain = [record, *graph.superclass_chain(record.iri)]
    fields = [p for owner in reversed(chain) for p in graph.properties_of(owner.iri)]
    if any(p.fixed is not None and p.xml_name is None for p in fields):  # a profile constant to set
        return None
    return tuple((p.python_name, p.multiplicity.is_many) for p in fields)


class _FieldsOf(dict[str, tuple[XmlField, ...]]):
    """The XML fields of any compound, read from the graph the first time they are asked for."""

    def __init__(self, graph: ClassGraph) -> None:
        super().__init__()
        self.graph = graph

    def __missing__(self, iri: str) -> tuple[XmlField, ...]:
        record = self.graph.get_as(iri, TypeRecord)
        found = _fields(self.graph, record) if record.kind is TypeKind.COMPOUND else ()
        self[iri] = found
        return found


def _is_plain_element(field: XmlField) -> bool:
    """An element of a compound type with no other way of appearing (not a wildcard or choice order)."""
    return (
        field.value.kind is TypeKind.COMPOUND and bool(field.xml_name) and not set(field.stereotypes) - {"xml-element"}
    )


# The kinds of leaf the bulk reader converts, by Python annotation of the value.
_BULK_KINDS = {"str": "str", "float": "float", "_datetime.datetime": "datetime"}


def _bulk_leaves(fields: tuple[XmlField, ...], blank: bool, in_one_order: bool) -> tuple[tuple[str, str, str], ...]:
    """The leaves a bulk reader may take, for a type of elements only, in one order, made without
    its constructor; none for any other type."""
    if not (blank and in_one_order) or any(set(f.stereotypes) - {"xml-element"} for f in fields):  # attributes, text
        return ()
    return tuple(
        (f.xml_name, f.python_name, _BULK_KINDS[f.value.primitive])
        for f in fields
        if f.value.kind is TypeKind.PRIMITIVE
        and f.value.primitive in _BULK_KINDS
        and not f.multiplicity.is_many
        and f.choice is None
        and f.xml_name.startswith("{")
    )


def _streams(fields_of: _FieldsOf, iri: str, elements: tuple[str, ...]) -> tuple[XmlStream, ...]:
    """The repeated children of a root type, and their repeated children."""
    found: list[XmlStream] = []
    for first in fields_of[iri]:
        if not _is_plain_element(first):
            continue
        if first.multiplicity.is_many:
            found.append(XmlStream(first.python_name, first.xml_name, elements, first.value))
        for second in fields_of[first.value.iri]:
            if second.value.kind is TypeKind.COMPOUND and second.xml_name and second.multiplicity.is_many:
                path = f"{first.python_name}.{second.python_name}"
                found.append(XmlStream(path, second.xml_name, (first.xml_name,), second.value))
    return tuple(found)


def _reachable_namespaces(fields_of: _FieldsOf, iri: str) -> set[str]:
    """The namespaces of every element and attribute a document of this type can hold."""
    found: set[str] = set()
    seen: set[str] = set()
    pending = [iri]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for field in fields_of[current]:
            if field.xml_name.startswith("{"):
                found.add(field.xml_name[1:].partition("}")[0])
            if field.value.kind is TypeKind.COMPOUND:
                pending.append(field.value.iri)
    return found


def namespace_prefixes(graph: ClassGraph) -> dict[str, str]:
    """A short prefix per namespace, from its subpackage's initials: meter_readings -> ``mr``."""
    namespaces: dict[str, str] = {}
    for record in graph.types(TypeKind.COMPOUND, TypeKind.ENUMERATION, TypeKind.PRIMITIVE):
        if record.namespace and record.module:
            namespaces.setdefault(record.namespace, record.module.rpartition(".")[0])
    for prop in graph.records(PropertyRecord):
        if prop.xml_name and prop.xml_name.startswith("{"):
            namespaces.setdefault(prop.xml_name[1:].partition("}")[0], "ns")
    xml = namespaces.pop(XML_NAMESPACE, None)
    wanted = []
    for namespace, subpackage in sorted(namespaces.items()):
        initials = "".join(word[:1] for word in subpackage.rpartition(".")[2].split("_") if word) or "ns"
        wanted.append((namespace, initials))
    prefixes = naming.make_unique(wanted, taken={"xml", "xmlns", "xsi"})
    if xml is not None:
        prefixes[XML_NAMESPACE] = "xml"  # bound by XML itself: written, never declared
    return prefixes


def root_elements(graph: ClassGraph) -> dict[str, list[str]]:
    """Type IRI -> the global elements (``{namespace}name``) of that type, sorted."""
    found: dict[str, list[str]] = {}
    for alias in graph.types(TypeKind.PRIMITIVE):
        if "xml-element" not in alias.stereotypes or alias.value_type is None or not alias.namespace:
            continue
        local = alias.iri.rpartition("#")[2].removesuffix(ELEMENT_SUFFIX)
        found.setdefault(alias.value_type, []).append(f"{{{alias.namespace}}}{local}")
    return {iri: sorted(elements) for iri, elements in found.items()}


def plan_xml(graph: ClassGraph) -> XmlPlan | None:
    """The XML plan of the graph's XML Schema types, or None when it has none."""
    records = [t for t in graph.types(TypeKind.COMPOUND, TypeKind.ENUMERATION) if t.namespace]
    if not records:
        return None
    fields_of = _FieldsOf(graph)
    elements_of = root_elements(graph)
    types: dict[str, XmlType] = {}
    subpackages: dict[str, list[str]] = {}
    roots: list[tuple[str, str, str]] = []
    for record in records:
        elements = tuple(elements_of.get(record.iri, ())) if record.kind is TypeKind.COMPOUND else ()
        compound = record.kind is TypeKind.COMPOUND
        blank = _blank_fields(graph, record) if compound else None
        in_one_order = compound and all(
            XML_SEQUENCE in t.stereotypes for t in [record, *graph.superclass_chain(record.iri)]
        )
        namespaces = _reachable_namespaces(fields_of, record.iri) if elements else set()
        types[record.iri] = XmlType(
            value=_value(record),
            namespace=record.namespace or "",
            fields=fields_of[record.iri],
            blank_fields=blank,
            elements=elements,
            namespaces=tuple(sorted(namespaces | {e[1:].partition("}")[0] for e in elements})),
            streams=_streams(fields_of, record.iri, elements) if elements else (),
            in_one_order=in_one_order,
            bulk_leaves=_bulk_leaves(fields_of[record.iri], blank is not None, in_one_order),
        )
        subpackages.setdefault(record.module.rpartition(".")[0], []).append(record.iri)
        roots += [(element, f".{record.module}", record.python_name) for element in elements]
    for xml_type in types.values():
        for field in xml_type.fields:
            fields_of[field.value.iri]  # every compound a field names, for its emitters to look into
    return XmlPlan(
        types=types,
        fields=dict(sorted(fields_of.items())),
        subpackages={name: tuple(iris) for name, iris in sorted(subpackages.items())},
        prefixes=namespace_prefixes(graph),
        roots=tuple(sorted(roots)),
    )
