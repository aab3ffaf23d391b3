"""The XML codec emitter: an ``_xml`` module per namespace and the package's ``_xmlcodec`` runtime.

Only packages with XML Schema types get them. Classes that global elements have as their
type (document roots) gain ``from_xml``, ``to_xml`` and ``iter_xml``; they import their
namespace's ``_xml`` module when called, so class modules never import one another at run
time and the codec modules may refer to one another freely.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from cimgen import __version__
from cimgen.emit.python_types import pystr
from cimgen.emit.render import tuple_source
from cimgen.emit.validators import ValidatorModuleView, validator_module_view
from cimgen.emit.views import LINE_LENGTH, XmlRootView, relative_source
from cimgen.emit.xml_views import (
    CodecModuleView,
    _Module,
    codec_module_view,
    function_suffix,
    namespace_prefixes,
    root_elements,
    subpackage_of,
    xml_properties,
)
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import TypeKind, TypeRecord


@dataclass(frozen=True, slots=True)
class StreamView:
    """One entry of a root type's stream table."""

    path: str
    tags: str
    parents: str
    function: str


def _streams(graph: ClassGraph, record: TypeRecord, elements: list[str], module: _Module) -> list[StreamView]:
    """What ``iter_xml`` can stream from a root type: its repeated children, and theirs."""
    found: list[StreamView] = []

    def function(target: TypeRecord) -> str:
        return module.reference(target, f"parse_{function_suffix(target)}")

    parents = tuple_source([pystr(e) for e in elements])
    for first in xml_properties(graph, record):
        first_type = graph.get_as(first.range, TypeRecord)
        if first_type.kind is not TypeKind.COMPOUND or not first.xml_name or set(first.stereotypes) - {"xml-element"}:
            continue
        first_tag = module.constant(first.xml_name)
        if first.multiplicity.is_many:
            found.append(StreamView(first.python_name, tuple_source([first_tag]), parents, function(first_type)))
        for second in xml_properties(graph, first_type):
            second_type = graph.get_as(second.range, TypeRecord)
            if second_type.kind is TypeKind.COMPOUND and second.xml_name and second.multiplicity.is_many:
                found.append(
                    StreamView(
                        f"{first.python_name}.{second.python_name}",
                        tuple_source([module.constant(second.xml_name)]),
                        tuple_source([first_tag]),
                        function(second_type),
                    )
                )
    return found


def reachable_namespaces(graph: ClassGraph, record: TypeRecord) -> list[str]:
    """The namespaces of every element and attribute a document of this type can hold, sorted."""
    found: set[str] = set()
    seen: set[str] = set()
    pending = [record]
    while pending:
        current = pending.pop()
        if current.iri in seen:
            continue
        seen.add(current.iri)
        for prop in xml_properties(graph, current):
            if prop.xml_name and prop.xml_name.startswith("{"):
                found.add(prop.xml_name[1:].partition("}")[0])
            target = graph.get_as(prop.range, TypeRecord)
            if target.kind is TypeKind.COMPOUND:
                pending.append(target)
    return sorted(found)


def _class_tuple(name: str, items: list[str]) -> str:
    """A ``ClassVar[tuple[str, ...]]`` assignment in a class body, one item a line when too long."""
    head = f"{name}: ClassVar[tuple[str, ...]] = "
    line = head + tuple_source([pystr(item) for item in items])
    if len(line) + 4 <= LINE_LENGTH:
        return line
    return head + "(\n" + "".join(f"        {pystr(item)},\n" for item in items) + "    )"


@dataclass(frozen=True, slots=True)
class XmlPlan:
    """Everything the XML emitter renders, and the root views the class modules need."""

    modules: dict[str, tuple[CodecModuleView, list[tuple[str, list[StreamView]]]]]
    validators: dict[str, ValidatorModuleView]
    roots: dict[str, XmlRootView]
    prefixes: dict[str, str]
    registry: list[tuple[str, str, str]]


def plan_xml(graph: ClassGraph) -> XmlPlan | None:
    """Views of every codec module, or None when the graph has no XML Schema types."""
    xsd_types = [t for t in graph.types(TypeKind.COMPOUND, TypeKind.ENUMERATION) if t.namespace]
    if not xsd_types:
        return None
    prefixes = namespace_prefixes(graph)
    elements_by_type = root_elements(graph)
    groups: dict[str, list[TypeRecord]] = {}
    for record in xsd_types:
        groups.setdefault(subpackage_of(record), []).append(record)
    modules: dict[str, tuple[CodecModuleView, list[tuple[str, list[StreamView]]]]] = {}
    roots: dict[str, XmlRootView] = {}
    validators: dict[str, ValidatorModuleView] = {}
    registry: list[tuple[str, str, str]] = []
    for subpackage, members in sorted(groups.items()):
        module = _Module(subpackage)
        stream_tables: list[tuple[str, list[StreamView]]] = []
        for record in members:
            elements = elements_by_type.get(record.iri)
            if record.kind is not TypeKind.COMPOUND or not elements:
                continue
            suffix = function_suffix(record)
            streams = _streams(graph, record, elements, module)
            table = f"STREAMS_{suffix.upper()}"
            if streams:
                stream_tables.append((table, streams))
            dots, rest = relative_source(record.module, f"{subpackage}._xml")
            roots[record.iri] = XmlRootView(
                elements_line=_class_tuple("__xml_elements__", elements),
                namespaces_line=_class_tuple(
                    "__xml_namespaces__",
                    sorted({*reachable_namespaces(graph, record), *(e[1:].partition("}")[0] for e in elements)}),
                ),
                codec_import=f"{'.' * dots}{rest}",
                parse_function=f"parse_{suffix}",
                write_function=f"write_{suffix}",
                validate_import=f"{'.' * dots}{rest.removesuffix('_xml')}_validate",
                validate_function=f"validate_{suffix}",
                streams=tuple(s.path for s in streams),
                streams_name=table,
            )
            registry += [(element, f".{record.module}", record.python_name) for element in elements]
        modules[subpackage] = (codec_module_view(graph, subpackage, members, prefixes, module), stream_tables)
        validators[subpackage] = validator_module_view(graph, subpackage, members)
    return XmlPlan(modules, validators, roots, prefixes, sorted(registry))


def render_xml(env: jinja2.Environment, plan: XmlPlan) -> dict[str, str]:
    """The codec modules and the runtime, by path relative to the package folder."""
    files: dict[str, str] = {}
    for subpackage, (view, streams) in plan.modules.items():
        files[subpackage.replace(".", "/") + "/_xml.py"] = env.get_template("xml_module.py.jinja").render(
            generator_version=__version__, view=view, streams=streams
        )
    for subpackage, validators in plan.validators.items():
        files[subpackage.replace(".", "/") + "/_validate.py"] = env.get_template("validate_module.py.jinja").render(
            generator_version=__version__, view=validators
        )
    for runtime in ("_xmlcheck", "_xmlvalues"):  # the validation runtime, and the values every reader converts
        files[f"{runtime}.py"] = env.get_template(f"{runtime[1:]}_module.py.jinja").render(
            generator_version=__version__
        )
    files["_xmlcodec.py"] = env.get_template("xmlcodec_module.py.jinja").render(
        generator_version=__version__,
        namespaces=sorted(((namespace, prefix) for namespace, prefix in plan.prefixes.items()), key=lambda i: i[1]),
        roots=plan.registry,
    )
    return files
