"""View models: everything a dataclass template lays out, computed here in Python.

A view holds finished strings (annotations, default expressions, import lines,
metadata items); the templates only place them. Every list is sorted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cimgen.emit.render import docstring
from cimgen.errors import InputError
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import PropertyKind, PropertyRecord, TypeKind, TypeRecord
from cimgen.plan.python_types import (
    DATETIME_ALIAS,
    DECIMAL_ALIAS,
    annotation,
    datatype_value,
    enum_member,
    fixed_value,
    pystr,
)

GENERATED_KINDS = (TypeKind.CLASS, TypeKind.COMPOUND, TypeKind.ENUMERATION, TypeKind.DATATYPE)


@dataclass(frozen=True, slots=True)
class FieldView:
    """One dataclass field.

    Attributes:
        name: The Python field name.
        annotation: The annotation text.
        arguments: The ``field(...)`` keyword arguments other than metadata, as source.
        metadata: (key, Python source) pairs of the field's runtime metadata.
        doc: The field's documentation.
    """

    name: str
    annotation: str
    arguments: tuple[tuple[str, str], ...]
    metadata: tuple[tuple[str, str], ...]
    doc: str

    @property
    def source(self) -> str:
        """The field's declaration in a class body, with its docstring, as a formatter lays it out."""
        arguments = "".join(f"        {key}={value},\n" for key, value in self.arguments)
        metadata = "".join(f'            "{key}": {value},\n' for key, value in self.metadata)
        doc = docstring(self.doc, 4, "Not documented in the profile.")
        head = f"    {self.name}: {self.annotation} = field(\n{arguments}"
        return f'{head}        metadata={{\n{metadata}        }},\n    )\n    """{doc}"""'


@dataclass(frozen=True, slots=True)
class ImportsView:
    """The import lines of one module, already grouped and sorted."""

    standard: tuple[str, ...] = ()
    local: tuple[str, ...] = ()
    type_checking: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class XmlRootView:
    """The XML methods of a class that global elements of the schema have as their type."""

    elements_line: str
    namespaces_line: str
    codec_import: str
    parse_function: str
    write_function: str
    validate_import: str
    validate_function: str
    streams: tuple[str, ...]  # the field paths iter_xml can stream
    streams_name: str  # the codec module's table of streams
    stream_hint: str = ""  # what iter_xml's error adds: where an IEC 61968-100 message's payload streams


@dataclass(frozen=True, slots=True)
class ClassView:
    """A dataclass module: a CIM class or compound."""

    name: str
    module: str
    base: str | None
    doc: str
    iri: str
    cim_name: str
    abstract: bool
    identity: bool
    title: str
    profiles: tuple[str, ...]
    profiles_source: str
    codec: str | None
    codec_field: str  # the Python field holding the code (for a class with a codec)
    codec_label: str  # how the schema names it: mRID or ref
    fields: tuple[FieldView, ...]
    imports: ImportsView
    xml: XmlRootView | None = None
    weakref_slot: bool = False  # an XML Schema compound: the reader can note the order its elements came in


@dataclass(frozen=True, slots=True)
class MemberView:
    """One enumeration member."""

    name: str
    value: str
    doc: str


@dataclass(frozen=True, slots=True)
class EnumView:
    """An enumeration module."""

    name: str
    module: str
    doc: str
    iri: str
    members: tuple[MemberView, ...]


@dataclass(frozen=True, slots=True)
class DatatypeView:
    """A CIM datatype module: a subclass of its value type carrying unit and multiplier."""

    name: str
    module: str
    doc: str
    iri: str
    base: str
    unit_annotation: str | None
    unit_value: str | None
    multiplier_annotation: str | None
    multiplier_value: str | None
    imports: ImportsView


@dataclass(slots=True)
class _ImportCollector:
    """Collects what one module imports, then renders sorted import lines."""

    package_module: str
    runtime: set[tuple[str, str]] = field(default_factory=set)
    type_only: set[tuple[str, str]] = field(default_factory=set)
    standard: set[str] = field(default_factory=set)

    def need(self, target: TypeRecord, *, at_runtime: bool) -> None:
        if target.module == self.package_module:
            return
        (self.runtime if at_runtime else self.type_only).add((target.module, target.python_name))

    def need_standard_for(self, source: str) -> None:
        if f"{DATETIME_ALIAS}." in source:
            self.standard.add(f"import datetime as {DATETIME_ALIAS}")
        if f"{DECIMAL_ALIAS}." in source:
            self.standard.add(f"import decimal as {DECIMAL_ALIAS}")

    def view(
        self,
        typing_names: set[str],
        dataclass_names: tuple[str, ...] = (),
        modules: tuple[str, ...] = (),
        extra_standard: tuple[str, ...] = (),
    ) -> ImportsView:
        standard = set(self.standard) | set(extra_standard)
        if dataclass_names:
            standard.add(f"from dataclasses import {', '.join(dataclass_names)}")
        type_only = self.type_only - self.runtime
        if type_only:
            typing_names = typing_names | {"TYPE_CHECKING"}
        if typing_names:
            ordered = sorted(typing_names, key=lambda name: (not name.isupper(), name))
            standard.add(f"from typing import {', '.join(ordered)}")
        here = self.package_module
        # Whole modules at the package root (``codes``) first: ``from . import codes`` sorts before ``from .x``.
        root = "." * len(here.split("."))  # the package root, seen from this module
        lines = [f"from {root} import {', '.join(sorted(modules))}"] if modules else []
        for module, name in sorted(self.runtime, key=lambda item: _relative_sort_key(here, item[0])):
            lines.append(import_line(here, module, name))
        return ImportsView(
            standard=tuple(sorted(standard, key=_import_sort_key)),
            local=tuple(lines),
            type_checking=tuple(
                import_line(here, module, name, indent="    ")
                for module, name in sorted(type_only, key=lambda item: _relative_sort_key(here, item[0]))
            ),
        )


LINE_LENGTH = 120
# How an XSD property appears in XML, from the stereotype the XSD reader gives it.
_XML_NODES = {"xml-attribute": "attribute", "xml-text": "text", "wildcard": "wildcard", "xml-order": "order"}


def relative_source(from_module: str, to_module: str) -> tuple[int, str]:
    """How ``from_module`` names ``to_module`` relatively: (number of dots, dotted rest).

    Both are dotted paths inside the generated package (``meter_readings.asset``).
    """
    here = from_module.split(".")[:-1]
    there = to_module.split(".")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return 1 + len(here) - common, ".".join(there[common:])


def import_line(from_module: str, to_module: str, names: str, indent: str = "") -> str:
    """One relative import, wrapped in parentheses as a formatter would when it is too long."""
    dots, rest = relative_source(from_module, to_module)
    if not rest:  # the package itself: ``from .. import codes``
        line = f"{indent}from {'.' * dots} import {names}"
    else:
        line = f"{indent}from {'.' * dots}{rest} import {names}"
    if len(line) <= LINE_LENGTH:
        return line
    return f"{line.rpartition(' import ')[0]} import (\n{indent}    {names},\n{indent})"


def _relative_sort_key(from_module: str, to_module: str) -> tuple[int, str]:
    """isort's order for relative imports: the furthest first, then by module."""
    dots, rest = relative_source(from_module, to_module)
    return -dots, rest


def _import_sort_key(line: str) -> tuple[int, str]:
    """isort's order: plain ``import`` lines before ``from`` lines, each alphabetical."""
    return (0 if line.startswith("import ") else 1, line.split()[1])


def _profiles_source(profiles: tuple[str, ...]) -> str:
    if len(profiles) == 1:
        return f"({pystr(profiles[0])},)"
    return "(" + ", ".join(pystr(p) for p in profiles) + ")"


def _field_view(graph: ClassGraph, prop: PropertyRecord, imports: _ImportCollector) -> FieldView:
    range_type = graph.get_as(prop.range, TypeRecord)
    text = annotation(graph, prop)
    if range_type.kind is not TypeKind.PRIMITIVE:
        imports.need(range_type, at_runtime=False)
    imports.need_standard_for(text)
    arguments: list[tuple[str, str]] = []
    if prop.multiplicity.is_many:
        arguments.append(("default_factory", "list"))
    else:
        # An XSD element or attribute that is absent has no value, fixed or not: the document says
        # nothing (and writes back nothing); a profile's fixed attribute is the class's constant.
        fixed = None if prop.xml_name is not None else fixed_value(graph, prop)
        if fixed is not None:
            imports.need_standard_for(fixed)
            if range_type.kind is not TypeKind.PRIMITIVE:
                imports.need(range_type, at_runtime=True)
        arguments.append(("default", fixed or "None"))
    metadata = [
        ("cim_name", pystr(prop.name)),
        ("iri", pystr(prop.iri)),
        ("kind", pystr(prop.kind.value)),
        ("multiplicity", pystr(str(prop.multiplicity))),
        ("profiles", _profiles_source(prop.profiles)),
    ]
    if prop.fixed is not None:
        metadata.append(("fixed", pystr(prop.fixed)))
    xml_node = next((s for s in prop.stereotypes if s in _XML_NODES), None)
    if xml_node is not None or graph.get_as(prop.domain, TypeRecord).namespace:
        metadata.append(("xml", pystr(_XML_NODES.get(xml_node or "", "element"))))
    if prop.model_reference:
        metadata.append(("model_reference", pystr(prop.model_reference)))
    if prop.kind is PropertyKind.ASSOCIATION:
        arguments += [("repr", "False"), ("compare", "False")]
        if prop.inverse:
            metadata.append(("inverse", pystr(prop.inverse)))
        if prop.used is not None:
            metadata.append(("used", str(prop.used)))
    return FieldView(prop.python_name, text, tuple(arguments), tuple(metadata), prop.comment)


def _identifying_field(graph: ClassGraph, record: TypeRecord) -> tuple[str, str]:
    """(Python field, schema name) of what holds a code to decode: a payload's ``ref`` attribute, else the mRID."""
    owners = [record, *graph.superclass_chain(record.iri)]
    names = {prop.name: prop.python_name for owner in owners for prop in graph.properties_of(owner.iri)}
    for wanted in ("ref", "mRID"):
        if wanted in names:
            return names[wanted], wanted
    return "m_rid", "mRID"


def class_view(graph: ClassGraph, record: TypeRecord, xml: XmlRootView | None = None) -> ClassView:
    """The view of a class or compound module (``xml`` for a class that is a document root)."""
    imports = _ImportCollector(record.module)
    base = None
    if record.superclass:
        parent = graph.get_as(record.superclass, TypeRecord)
        imports.need(parent, at_runtime=True)
        base = parent.python_name
    fields = tuple(_field_view(graph, prop, imports) for prop in graph.properties_of(record.iri))
    identifying = _identifying_field(graph, record) if record.codec else ("m_rid", "mRID")
    return ClassView(
        name=record.python_name,
        module=record.module,
        base=base,
        doc=record.comment,
        iri=record.iri,
        cim_name=record.name,
        abstract=record.abstract,
        identity=record.kind is TypeKind.CLASS,
        title=(
            f"The XML Schema type {record.name}."
            if record.namespace
            else f"The CIM {'class' if record.kind is TypeKind.CLASS else 'compound'} {record.name}."
        ),
        profiles=record.profiles,
        profiles_source=_profiles_source(record.profiles),
        codec=record.codec,
        codec_field=identifying[0],
        codec_label=identifying[1],
        fields=fields,
        imports=imports.view(
            {"ClassVar", "Any"} if xml else {"ClassVar"},
            ("dataclass", "field") if fields else ("dataclass",),
            tuple(
                sorted(
                    {
                        *(("codes",) if record.codec else ()),
                        *(("_xmlcheck", "_xmlcodec") if xml else ()),
                        *(("_xmlstream",) if xml and xml.streams else ()),
                    }
                )
            ),
            extra_standard=("from collections.abc import Iterator",) if xml and xml.streams else (),
        ),
        xml=xml,
        weakref_slot=bool(record.namespace) and record.kind is TypeKind.COMPOUND,
    )


def enum_view(graph: ClassGraph, record: TypeRecord) -> EnumView:
    """The view of an enumeration module."""
    members = tuple(
        MemberView(literal.python_name, pystr(literal.name), literal.comment)
        for literal in graph.literals_of(record.iri)
    )
    return EnumView(record.python_name, record.module, record.comment, record.iri, members)


def _unit_part(
    graph: ClassGraph, datatype: TypeRecord, role: str, fixed: str | None, imports: _ImportCollector
) -> tuple[str | None, str | None]:
    """(annotation, value source) of a datatype's unit or multiplier; (None, None) if it has none."""
    prop = next((p for p in graph.properties_of(datatype.iri) if p.name == role), None)
    if prop is None:
        return None, None
    range_type = graph.get_as(prop.range, TypeRecord)
    if range_type.kind is not TypeKind.ENUMERATION:
        return "str | None", pystr(fixed) if fixed else "None"
    imports.need(range_type, at_runtime=True)
    if fixed is None:
        return f"{range_type.python_name} | None", "None"
    try:
        member = enum_member(graph, range_type, fixed)
    except ValueError as error:
        raise InputError(f"{prop.iri}: {error}", file=prop.location.file, line=prop.location.line) from None
    return f"{range_type.python_name} | None", f"{range_type.python_name}.{member}"


def datatype_view(graph: ClassGraph, record: TypeRecord) -> DatatypeView:
    """The view of a CIM datatype module."""
    imports = _ImportCollector(record.module)
    value = datatype_value(graph, record)
    # A value type Python cannot subclass (bool, datetime) keeps its lexical form.
    base = value.annotation if value.subclassable else "str"
    imports.need_standard_for(base)
    unit_annotation, unit_value = _unit_part(graph, record, "unit", record.unit, imports)
    multiplier_annotation, multiplier_value = _unit_part(graph, record, "multiplier", record.multiplier, imports)
    return DatatypeView(
        name=record.python_name,
        module=record.module,
        doc=record.comment,
        iri=record.iri,
        base=base,
        unit_annotation=unit_annotation,
        unit_value=unit_value,
        multiplier_annotation=multiplier_annotation,
        multiplier_value=multiplier_value,
        imports=imports.view({"ClassVar"}),
    )
