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
from cimgen.emit.render import tuple_source
from cimgen.emit.runtime import XML_RUNTIME, runtime_files
from cimgen.emit.validators import ValidatorModuleView, validator_module_view
from cimgen.emit.views import LINE_LENGTH, XmlRootView, relative_source
from cimgen.emit.xml_views import CodecModuleView, _Module, codec_module_view
from cimgen.plan.python_types import pystr
from cimgen.plan.xml import XmlPlan, XmlStream, XmlType


@dataclass(frozen=True, slots=True)
class StreamView:
    """One entry of a root type's stream table."""

    path: str
    tags: str
    parents: str
    function: str


def _stream_view(stream: XmlStream, module: _Module) -> StreamView:
    """A stream table entry; a root's elements are spelled out, other tags are the module's constants."""
    if stream.in_root:
        parents = tuple_source([pystr(tag) for tag in stream.parents])
    else:
        parents = tuple_source([module.constant(tag) for tag in stream.parents])
    tags = tuple_source([module.constant(stream.tag)])
    return StreamView(stream.path, tags, parents, module.reference(stream.value, f"parse_{stream.value.suffix}"))


def _class_tuple(name: str, items: list[str]) -> str:
    """A ``ClassVar[tuple[str, ...]]`` assignment in a class body, one item a line when too long."""
    head = f"{name}: ClassVar[tuple[str, ...]] = "
    line = head + tuple_source([pystr(item) for item in items])
    if len(line) + 4 <= LINE_LENGTH:
        return line
    return head + "(\n" + "".join(f"        {pystr(item)},\n" for item in items) + "    )"


@dataclass(frozen=True, slots=True)
class XmlViews:
    """Everything the XML emitter renders, and the root views the class modules need."""

    modules: dict[str, tuple[CodecModuleView, list[tuple[str, list[StreamView]]]]]
    validators: dict[str, ValidatorModuleView]
    roots: dict[str, XmlRootView]
    prefixes: dict[str, str]
    registry: tuple[tuple[str, str, str], ...]


# The IEC 61968-100 message types, whose payload streams through the envelope module.
_MESSAGES = frozenset({"RequestMessageType", "ResponseMessageType", "EventMessageType"})


def _root_view(xml_type: XmlType, subpackage: str, streams: list[StreamView], table: str) -> XmlRootView:
    record = xml_type.value
    dots, rest = relative_source(record.module, f"{subpackage}._xml")
    return XmlRootView(
        elements_line=_class_tuple("__xml_elements__", list(xml_type.elements)),
        namespaces_line=_class_tuple("__xml_namespaces__", list(xml_type.namespaces)),
        codec_import=f"{'.' * dots}{rest}",
        parse_function=f"parse_{record.suffix}",
        write_function=f"write_{record.suffix}",
        validate_import=f"{'.' * dots}{rest.removesuffix('_xml')}_validate",
        validate_function=f"validate_{record.suffix}",
        streams=tuple(s.path for s in streams),
        streams_name=table,
        stream_hint=" (a message's payload streams with envelope.stream_message)" if record.name in _MESSAGES else "",
    )


def xml_views(plan: XmlPlan) -> XmlViews:
    """Views of every codec and validator module, and of the document roots, from the XML plan."""
    modules: dict[str, tuple[CodecModuleView, list[tuple[str, list[StreamView]]]]] = {}
    roots: dict[str, XmlRootView] = {}
    validators: dict[str, ValidatorModuleView] = {}
    for subpackage in plan.subpackages:
        module = _Module(subpackage)
        stream_tables: list[tuple[str, list[StreamView]]] = []
        for xml_type in plan.members(subpackage):
            if not xml_type.is_root:
                continue
            streams = [_stream_view(stream, module) for stream in xml_type.streams]
            table = f"STREAMS_{xml_type.value.suffix.upper()}"
            if streams:
                stream_tables.append((table, streams))
            roots[xml_type.value.iri] = _root_view(xml_type, subpackage, streams, table)
        modules[subpackage] = (codec_module_view(plan, subpackage, module), stream_tables)
        validators[subpackage] = validator_module_view(plan, subpackage)
    return XmlViews(modules, validators, roots, plan.prefixes, plan.roots)


def render_xml(env: jinja2.Environment, plan: XmlViews) -> dict[str, str]:
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
    files.update(runtime_files(*XML_RUNTIME))
    files["_xmlroots.py"] = env.get_template("xmlroots_module.py.jinja").render(
        generator_version=__version__,
        namespaces=sorted(((namespace, prefix) for namespace, prefix in plan.prefixes.items()), key=lambda i: i[1]),
        roots=plan.registry,
    )
    return files
