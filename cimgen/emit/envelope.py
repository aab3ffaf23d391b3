"""The envelope emitter: IEC 61968-100 helpers for packages that hold the message schema.

The message schema (``Message.xsd``, namespace ``.../schema/message``) is recognised by its
types: HeaderType, PayloadType, ReplyType and the RequestMessageType, ResponseMessageType and
EventMessageType around them. Their spelling is the same in the 2010 draft, 2011 and later
editions, but how a header field is typed is not (the noun is an enumeration in some, a
string in others), so the helpers are generated from the schema actually read.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from cimgen import __version__
from cimgen.emit.views import import_line
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import PropertyRecord, TypeKind, TypeRecord
from cimgen.plan.python_types import python_primitive
from cimgen.plan.xml import root_elements

MESSAGE_TYPES = ("HeaderType", "PayloadType", "ReplyType", "RequestMessageType", "ResponseMessageType")
# Header fields the helpers fill, by schema name, with the helper argument that gives each.
HEADER_FIELDS = {
    "Verb": "verb",
    "Noun": "noun",
    "Timestamp": "timestamp",
    "Source": "source",
    "MessageID": "message_id",
    "CorrelationID": "correlation_id",
}


@dataclass(frozen=True, slots=True)
class EnvelopeView:
    """What ``envelope.py`` needs: import lines and the finished assignments."""

    namespace: str
    imports: tuple[str, ...]
    header_assignments: tuple[tuple[str, str], ...]
    payload_field: str
    query_field: str | None  # RequestType's wildcard, where a get request's query goes; None without one
    error_field: str | None  # ReplyType's Error; None where the schema has no ErrorType
    result_expression: str
    has_event: bool
    verbs: tuple[str, ...]
    parts: tuple[tuple[str, str], ...]  # (element name, reader) of the parts stream_message reads first
    roots: tuple[str, ...]  # the message elements that hold those parts


def _find(graph: ClassGraph, namespace: str, name: str) -> TypeRecord | None:
    return next(
        (t for t in graph.types(TypeKind.COMPOUND) if t.namespace == namespace and t.name == name),
        None,
    )


def _property(graph: ClassGraph, record: TypeRecord, name: str) -> PropertyRecord | None:
    return next((p for p in graph.properties_of(record.iri) if p.name == name), None)


def envelope_view(graph: ClassGraph) -> EnvelopeView | None:
    """The view of the newest message namespace in the graph, or None when there is none."""
    candidates = sorted({t.namespace for t in graph.types(TypeKind.COMPOUND) if t.namespace and t.name == "HeaderType"})
    for namespace in reversed(candidates):
        found = {name: _find(graph, namespace, name) for name in (*MESSAGE_TYPES, "EventMessageType")}
        if any(found[name] is None for name in MESSAGE_TYPES):
            continue
        return _view(graph, namespace, found)
    return None


def _value(graph: ClassGraph, prop: PropertyRecord, argument: str, imports: set[tuple[str, str]]) -> str:
    """How an argument becomes the field's value: an enumeration member from its value, or as given."""
    target = graph.get_as(prop.range, TypeRecord)
    if target.kind is TypeKind.ENUMERATION:
        imports.add((target.module, target.python_name))
        return f"{target.python_name}({argument})"
    if target.kind is TypeKind.PRIMITIVE and python_primitive(target).annotation != "str":
        return argument
    return f"str({argument})" if argument == "noun" else argument


def _view(graph: ClassGraph, namespace: str, found: dict[str, TypeRecord | None]) -> EnvelopeView:
    imports = {(t.module, t.python_name) for t in found.values() if t is not None}
    header = found["HeaderType"]
    assert header is not None
    assignments = []
    verbs: tuple[str, ...] = ()
    for schema_name, argument in HEADER_FIELDS.items():
        prop = _property(graph, header, schema_name)
        if prop is None:
            continue
        assignments.append((prop.python_name, _value(graph, prop, argument, imports)))
        target = graph.get_as(prop.range, TypeRecord)
        if schema_name == "Verb" and target.kind is TypeKind.ENUMERATION:
            verbs = tuple(literal.name for literal in graph.literals_of(target.iri))
    payload = found["PayloadType"]
    assert payload is not None
    wildcard = next((p for p in graph.properties_of(payload.iri) if "wildcard" in p.stereotypes), None)
    reply = found["ReplyType"]
    assert reply is not None
    result = _property(graph, reply, "Result")
    result_expression = "result" if result is None else _value(graph, result, "result", imports)
    query_field = _query_field(graph, namespace, found, imports)
    error = _find(graph, namespace, "ErrorType")
    error_prop = _property(graph, reply, "Error")
    error_field = None
    if error is not None and error_prop is not None and _property(graph, error, "code") is not None:
        imports.add((error.module, error.python_name))
        error_field = error_prop.python_name
    parts = []
    response = found["ResponseMessageType"]
    assert response is not None
    for name, record in (("Header", header), ("Reply", reply)):
        prop = _property(graph, response, name)
        if prop is not None and prop.xml_name:
            reader = f"parse_{record.module.rpartition('.')[2]}"
            imports.add((f"{record.module.rpartition('.')[0]}._xml", reader))
            parts.append((prop.xml_name, reader))
    elements = root_elements(graph)
    messages = [found[name] for name in ("RequestMessageType", "ResponseMessageType", "EventMessageType")]
    roots = sorted(element for t in messages if t is not None for element in elements.get(t.iri, ()))
    return EnvelopeView(
        namespace=namespace,
        imports=tuple(
            import_line("envelope", module, ", ".join(sorted(name for m, name in imports if m == module)))
            for module in sorted({module for module, _ in imports})
        ),
        header_assignments=tuple(assignments),
        payload_field=wildcard.python_name if wildcard else "any_element",
        query_field=query_field,
        error_field=error_field,
        result_expression=result_expression,
        has_event=found["EventMessageType"] is not None,
        verbs=verbs,
        parts=tuple(parts),
        roots=tuple(roots),
    )


def _query_field(
    graph: ClassGraph, namespace: str, found: dict[str, TypeRecord | None], imports: set[tuple[str, str]]
) -> str | None:
    """RequestType's wildcard, where IEC 61968-100 puts a get request's query (``GetMeterReadings``),
    when the request message has a ``Request`` of that type."""
    request_type = _find(graph, namespace, "RequestType")
    message = found["RequestMessageType"]
    if request_type is None or message is None or _property(graph, message, "Request") is None:
        return None
    wildcard = next((p for p in graph.properties_of(request_type.iri) if "wildcard" in p.stereotypes), None)
    if wildcard is None:
        return None
    imports.add((request_type.module, request_type.python_name))
    return wildcard.python_name


def render_envelope(env: jinja2.Environment, view: EnvelopeView) -> str:
    """The ``envelope.py`` module."""
    return env.get_template("envelope_module.py.jinja").render(generator_version=__version__, view=view)
