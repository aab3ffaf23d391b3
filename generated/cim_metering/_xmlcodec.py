"""XML reading and writing for the package's XML Schema types: the shared runtime.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import importlib
import os
import weakref
from collections.abc import Callable
from typing import IO, Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from ._xmlroots import NAMESPACES, ROOTS
from ._xmlvalues import (
    SOAP_ENVELOPES,
    SOAP_WRAPPERS,
    Context,
    EnumValues,
    XmlDate,
    XmlDateTime,
    XmlDecimal,
    XmlDecodeError,
    XmlFloat,
    XmlInt,
    XmlIssue,
    XmlTime,
    bad_value,
    escape,
    escape_attribute,
    fromisoformat,
    iso_text,
    parser_words,
    path_of,
    read_item,
    report,
    text_bool,
    text_decimal,
    text_enum,
    text_float,
    text_int,
    text_str,
    text_temporal,
    to_bool,
    to_date,
    to_datetime,
    to_decimal,
    to_enum,
    to_float,
    to_int,
    to_time,
)

__all__ = [
    "DOCTYPE_ISSUE",
    "NAMESPACES",
    "PARSE_OPTIONS",
    "READ_ORDERS",
    "ROOTS",
    "SOAP_ENVELOPES",
    "SOAP_WRAPPERS",
    "XML_NAMESPACE",
    "Context",
    "EnumValues",
    "Writer",
    "XmlDate",
    "XmlDateTime",
    "XmlDecimal",
    "XmlDecodeError",
    "XmlFloat",
    "XmlInt",
    "XmlIssue",
    "XmlSource",
    "XmlTime",
    "bad_value",
    "check_tail",
    "check_text",
    "class_for",
    "document_element",
    "escape",
    "escape_attribute",
    "fromisoformat",
    "inner_elements",
    "iso_text",
    "keep",
    "keep_order",
    "order_fits",
    "out_of_order",
    "parse_tree",
    "path_of",
    "read_document",
    "read_item",
    "read_order",
    "read_xml",
    "refuse_doctype",
    "repeated",
    "report",
    "run_reader",
    "second_choice",
    "source_name",
    "stray_text",
    "text_bool",
    "text_decimal",
    "text_enum",
    "text_float",
    "text_int",
    "text_str",
    "text_temporal",
    "to_bool",
    "to_date",
    "to_datetime",
    "to_decimal",
    "to_enum",
    "to_float",
    "to_int",
    "to_time",
    "typed_payload",
    "unexpected",
    "unknown_attributes",
    "write_any",
    "write_document",
]

XmlSource = bytes | str | os.PathLike[str] | IO[bytes]
"""Where a document comes from: its bytes, a file path, or a binary file object."""

Writer = Callable[[str], None]
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"


def unexpected(child: Any, ctx: Context) -> None:
    """A child the schema does not allow here: reported, never silently dropped."""
    if isinstance(child.tag, str):
        report(ctx, "unknown-element", f"element {child.tag} is not part of this type", child)


def inner_elements(child: Any, ctx: Context) -> None:
    """Elements inside an element whose type is a simple value: each reported."""
    for inner in child:
        if isinstance(inner.tag, str):
            report(ctx, "unknown-element", f"element {inner.tag} is not allowed inside a value", inner)


_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"


def unknown_attributes(node: Any, known: tuple[str, ...], ctx: Context) -> None:
    """Attributes the schema does not declare here (``xsi:`` ones aside): each reported."""
    for name in node.attrib:
        if name not in known and not name.startswith(_XSI):
            report(ctx, "unknown-attribute", f"attribute {name} is not part of this type", node, name)


def repeated(child: Any, ctx: Context) -> None:
    """A second occurrence of a single-valued element; the last one is kept."""
    report(ctx, "repeated-element", "element occurs more than once; only the last is kept", child)


def second_choice(node: Any, ctx: Context) -> None:
    """An element of a choice made once, after another element of that choice (read all the same)."""
    name = etree.QName(node.tag).localname
    report(ctx, "second-choice", f"{name} is a second choice where the schema allows one", node)


def out_of_order(node: Any, ctx: Context) -> None:
    """An element that comes after one the schema's sequence puts after it (read all the same)."""
    name = etree.QName(node.tag).localname
    report(ctx, "out-of-order", f"{name} comes after an element the schema puts after it", node)


def stray_text(node: Any, text: str, ctx: Context) -> None:
    """Character data between child elements of a type that has no text."""
    report(ctx, "stray-text", f"text {text.strip()[:40]!r} is not allowed here", node)


def check_text(node: Any, ctx: Context) -> None:
    """Report the text of an element-only type, when it is not blank."""
    text = node.text
    if not text.isspace():
        stray_text(node, text, ctx)


def check_tail(child: Any, ctx: Context) -> None:
    """Report the text after a child, when it is not blank."""
    tail = child.tail
    if not tail.isspace():
        stray_text(child, tail, ctx)


READ_ORDERS: dict[int, tuple[Any, list[str]]] = {}
"""The objects read from elements out of schema order, by id: (a weak reference, the fields in
the order their elements came in). An entry goes with its object."""


def keep_order(obj: Any, node: Any, names: dict[str, str]) -> None:
    """Note the order of an element's children, for writing them back as they came (a reader told
    to go on reads elements out of schema order; written in schema order, they would come back
    different)."""
    key = id(obj)
    if key in READ_ORDERS:
        return
    order = [names[child.tag] for child in node if isinstance(child.tag, str) and child.tag in names]
    READ_ORDERS[key] = (weakref.ref(obj, _forgetting(key)), order)


def _forgetting(key: int) -> Callable[[Any], None]:
    """The callback that removes an object's entry when the object goes."""

    def forget(_: Any) -> None:
        READ_ORDERS.pop(key, None)

    return forget


def read_order(obj: Any) -> list[str] | None:
    """The order an object's elements were read in, when it was not the schema's."""
    found = READ_ORDERS.get(id(obj))
    return found[1] if found is not None and found[0]() is obj else None


def order_fits(obj: Any, order: list[str] | None, fields: tuple[str, ...]) -> bool:
    """Whether the order children were read in still matches the fields' values (one entry a value)."""
    if not order:
        return False
    counts: dict[str, int] = {}
    for name in order:
        counts[name] = counts.get(name, 0) + 1
    for name in fields:
        value = getattr(obj, name)
        expected = len(value) if isinstance(value, list) else int(value is not None)
        if counts.pop(name, 0) != expected:
            return False
    return not counts


def keep(child: Any, ctx: Context) -> Any:
    """Content under a wildcard or of type xs:anyType: kept whole, as a detached element."""
    if not ctx.careful:
        ctx.attributes += int(_COUNT_ATTRIBUTES(child))  # kept, so read
    return copy.deepcopy(child)


def write_any(value: Any, write: Writer) -> None:
    """Write wildcard content: a kept element, or a generated object with its own root element."""
    if isinstance(value, etree._Element):
        write(etree.tostring(value, encoding="unicode", with_tail=False))
    elif hasattr(value, "__xml_elements__"):
        write(value.to_xml(xml_declaration=False).decode())
    else:
        raise TypeError(f"cannot write {type(value).__name__} as XML element content")


# Documents.


# What every read uses, whole or streamed: no entities, no DTD, no network. Blank text between
# elements is dropped by the parser (a leaf's own blank text is kept), so readers need not look at it.
PARSE_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": True,
    "collect_ids": False,
    "remove_blank_text": True,
}


def _parser() -> Any:
    return etree.XMLParser(**PARSE_OPTIONS)


def source_name(source: XmlSource) -> str:
    if isinstance(source, bytes):
        return "<bytes>"
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))


DOCTYPE_ISSUE = XmlIssue("doctype-refused", "document type declarations (DTDs, entities) are refused", "/", 1)


def refuse_doctype(source: XmlSource, name: str) -> None:
    """Refuse a document type declaration before the parser sees it (entity bombs, external entities)."""
    if isinstance(source, bytes):
        head = source[:4096]
    elif isinstance(source, str | os.PathLike):
        try:
            with open(source, "rb") as file:
                head = file.read(4096)
        except OSError as error:
            raise XmlDecodeError(f"{name}: cannot read: {error.strerror or error}") from None
    else:
        return  # a stream: the parser's own checks apply
    if b"<!DOCTYPE" in head or b"<\x00!\x00D\x00O\x00C" in head:
        line = head[: head.find(b"<!DOCTYPE")].count(b"\n") + 1
        issue = DOCTYPE_ISSUE._replace(line=line)
        raise XmlDecodeError(f"{name}, line {line}: document type declarations (DTDs, entities) are refused", issue)


def parse_tree(source: XmlSource) -> Any:
    """Parse a document safely: no DTD, no entities, no network.

    Raises:
        XmlDecodeError: Not well-formed, or has a document type declaration.
    """
    name = source_name(source)
    refuse_doctype(source, name)
    try:
        if isinstance(source, bytes):
            tree = etree.ElementTree(etree.fromstring(source, _parser()))
        else:
            try:
                tree = etree.parse(source, _parser())
            except OSError:
                if not isinstance(source, str | os.PathLike):
                    raise
                # libxml2 reading a file reports bad bytes as a read error without the line: parse the bytes.
                with open(source, "rb") as file:
                    tree = etree.ElementTree(etree.fromstring(file.read(), _parser()))
    except etree.XMLSyntaxError as error:
        line = f", line {error.lineno}" if error.lineno else ""
        message = f"not well-formed XML: {parser_words(error.msg)}"
        issue = XmlIssue("not-well-formed", message, "/", error.lineno or None)
        raise XmlDecodeError(f"{name}{line}: {message}", issue) from None
    except OSError as error:
        raise XmlDecodeError(f"{name}: cannot read: {error.strerror or error}") from None
    if getattr(tree.docinfo, "doctype", None):
        raise XmlDecodeError(f"{name}, line 1: document type declarations (DTDs, entities) are refused", DOCTYPE_ISSUE)
    return tree


def document_element(tree: Any) -> Any:
    """The document proper: the root, or the first element inside a SOAP Body."""
    root = tree.getroot()
    if root.tag in SOAP_ENVELOPES:
        for part in root.iterchildren("{*}Body"):
            for child in part.iterchildren("*"):
                return child
        raise XmlDecodeError(f"line {root.sourceline}: the SOAP envelope has an empty Body")
    return root


def read_document(
    source: XmlSource,
    elements: tuple[str, ...],
    parse: Callable[[Any, Context], Any],
    issues: list[XmlIssue] | None,
    streams: dict[str, Any] | None = None,
    stream: bool | None = None,
) -> Any:
    """Parse a document whose (SOAP-unwrapped) root must be one of ``elements``.

    With ``streams`` (the repeated elements the class's ``iter_xml`` streams), a large document
    (or any, with ``stream``) is read as a stream, in the memory its objects take (see
    ``_xmlstream``), with the same result; ``stream=False`` reads it from a whole tree.
    """
    if streams and stream is not False:
        from ._xmlstream import read_streamed

        return read_streamed(source, elements, parse, issues, streams, always=bool(stream))
    node = document_element(parse_tree(source))
    if node.tag not in elements:
        raise XmlDecodeError(
            f"{source_name(source)}, line {node.sourceline}: the root element is {node.tag}, expected "
            + " or ".join(elements)
        )
    return run_reader(parse, node, Context(issues))


_XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
_COUNT_ATTRIBUTES = etree.XPath(f"count(descendant-or-self::*/@*[namespace-uri() != '{_XSI_NAMESPACE}'])")


def run_reader(parse: Callable[[Any, Context], Any], node: Any, ctx: Context) -> Any:
    """Run a reader on an element, making sure no attribute went unread.

    The reader counts the attributes it reads; the element's own count comes from one C-level
    query. Only when they differ is the reader run again, carefully, so that each attribute the
    schema does not declare is reported where it stands. The cyclic garbage collector is paused
    meanwhile: readers build trees of new objects without cycles, which it would otherwise scan
    again and again while a large document grows.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = len(ctx.issues) if ctx.issues is not None else 0
        taken = {tag: len(runs) for tag, runs in ctx.columns.items()} if ctx.columns is not None else {}
        ctx.attributes = 0
        result = parse(node, ctx)
        if not ctx.careful and ctx.attributes != int(_COUNT_ATTRIBUTES(node)):
            if ctx.issues is not None:
                del ctx.issues[start:]
            if ctx.columns is not None:  # the careful run makes every object
                for tag, runs in ctx.columns.items():
                    del runs[taken[tag] :]
            careful = Context(ctx.issues, careful=True)
            careful.ready = ctx.ready
            result = parse(node, careful)
        return result
    finally:
        if enabled:
            gc.enable()


def class_for(element: str) -> Any:
    """The generated class for a global element ``{namespace}name``.

    Raises:
        XmlDecodeError: No class of this package reads that element.
    """
    found = ROOTS.get(element)
    if found is None:
        raise XmlDecodeError(f"no class of this package reads the element {element}")
    module, name = found
    return getattr(importlib.import_module(module, __package__), name)


def read_xml(source: XmlSource, *, issues: list[XmlIssue] | None = None) -> Any:
    """Read any document this package knows, by its root element (SOAP envelopes unwrapped)."""
    node = document_element(parse_tree(source))
    cls = class_for(node.tag)
    return run_reader(cls._parse_xml, node, Context(issues))


_PAYLOAD_DETAILS = frozenset({"compressed", "format", "operation_set", "id"})


def typed_payload(payload: Any, ctx: Context) -> Any:
    """The payload proper inside a message's Payload: a typed object, or an element no class here reads."""
    for name in sorted(f.name for f in dataclasses.fields(payload)):
        if name in _PAYLOAD_DETAILS:
            continue
        value = getattr(payload, name)
        found = typed_content(value if isinstance(value, list) else [value], ctx)
        if found is not None:
            return found
    return None


def typed_content(items: list[Any], ctx: Context) -> Any:
    """The first of a wildcard's items: typed where a class here reads its root element, else as it
    is (an element, or an object already typed); None when there is none."""
    for item in items:
        if isinstance(item, etree._Element):
            if item.tag in ROOTS:
                return run_reader(class_for(item.tag)._parse_xml, item, ctx)
            return item
        if item is not None:
            return item
    return None


def write_document(
    obj: Any,
    element: str,
    write: Callable[[Any, str, Writer, str], None],
    xml_declaration: bool,
    namespaces: tuple[str, ...],
) -> bytes:
    """Serialize ``obj`` as the root element ``element`` (``{namespace}name``), declaring ``namespaces``."""
    namespace, _, local = element[1:].partition("}")
    prefix = NAMESPACES.get(namespace, "")
    used = sorted({*namespaces, namespace} & NAMESPACES.keys() - {XML_NAMESPACE}, key=NAMESPACES.__getitem__)
    declarations = "".join(f' xmlns:{NAMESPACES[n]}="{escape_attribute(escape(n))}"' for n in used)
    parts: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>\n'] if xml_declaration else []
    write(obj, f"{prefix}:{local}" if prefix else local, parts.append, declarations)
    return "".join(parts).encode()
