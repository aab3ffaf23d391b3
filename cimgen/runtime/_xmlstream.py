"""Streaming reads: the elements ``iter_xml`` streams, a message's parts before its payload's items,
and a whole document read as a stream, so that its tree never stands whole in memory.

A document such as a MeterReadings is mostly repeated elements (``MeterReading``, and their
``IntervalBlocks``). :func:`read_streamed` parses it with ``iterparse`` and reads each such element
as soon as it ends, with the reader the whole-document read would use; the element is then
emptied, and only its object is kept. At the end the document element, now a skeleton of emptied
elements, is read as ever: where its reader meets an emptied element, it takes the object already
made (``Context.ready``). Peak memory is then the objects and one repeated element's tree.

Only documents of ``STREAMED_FROM`` bytes or more are streamed: a smaller one is parsed whole,
which is faster. The stream is used only while the document is clean. At the first issue, error
or anything left unread, the document is read again by the whole-document reader, which reports
exactly what it always reports (paths name positions among siblings that the stream has not seen
yet). A source that cannot be read twice (a file object that cannot seek) is read whole at once.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import gc
import io
import os
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from ._xmlcodec import (
    DOCTYPE_ISSUE,
    PARSE_OPTIONS,
    XmlSource,
    document_element,
    read_document,
    refuse_doctype,
    run_reader,
    source_name,
)
from ._xmlvalues import SOAP_WRAPPERS, Context, XmlDecodeError, XmlIssue, parser_words

__all__ = ["Streamed", "iter_elements", "read_streamed", "root_element", "stream_message"]

Streams = dict[str, tuple[tuple[str, ...], tuple[str, ...], Callable[[Any, Context], Any]]]
"""What a class streams: field path -> (element names, parent element names, reader)."""

_AGAIN = object()
_SMALL = 16  # children: fewer than the bulk reader's runs, so a careful read loses nothing

STREAMED_FROM = 32 * 2**20
"""Documents of this many bytes or more are streamed. libxml2 parses a whole buffer faster than a
stream (the stream read takes 1.2 times as long where the repeated elements are large, such as
interval blocks, and 1.5 times where they are small, such as register readings), and the tree of a
smaller document takes little memory (about six times the document's size)."""


def _start(source: Any) -> int | None:
    """Where a file object stands, or None when it cannot seek (it is then read whole: a stream
    that went wrong could not be read again)."""
    try:
        return int(source.tell()) if source.seekable() else None
    except (AttributeError, OSError):
        return None


def _size(source: XmlSource, start: int | None) -> int:
    """How many bytes the document has (0 when unknown)."""
    if isinstance(source, bytes):
        return len(source)
    if isinstance(source, str | os.PathLike):
        try:
            return os.stat(source).st_size
        except OSError:
            return 0  # the whole-document read says what is wrong
    if start is None:
        return 0
    end = source.seek(0, os.SEEK_END)
    source.seek(start)
    return int(end) - start


def read_streamed(
    source: XmlSource,
    elements: tuple[str, ...],
    parse: Callable[[Any, Context], Any],
    issues: list[Any] | None,
    streams: Streams,
    *,
    always: bool = False,
) -> Any:
    """Read a document whose (SOAP-unwrapped) root must be one of ``elements``, streaming the
    repeated elements of ``streams`` when it has ``STREAMED_FROM`` bytes or more (any size with
    ``always``); the result, issues and errors are ``read_document``'s."""
    named = isinstance(source, bytes | str | os.PathLike)
    start = None if named else _start(source)
    if (start is None and not named) or (not always and _size(source, start) < STREAMED_FROM):
        return read_document(source, elements, parse, issues)
    refuse_doctype(source, source_name(source))
    readers = {
        (tag, parent, path.count(".") + 1): reader
        for path, (tags, parents, reader) in streams.items()
        for tag in tags
        for parent in parents
    }
    enabled = gc.isenabled()
    gc.disable()  # the objects made hold no cycles: see run_reader
    try:
        found = _streamed(source, elements, parse, readers)
    except (XmlDecodeError, etree.LxmlError, OSError):
        found = _AGAIN
    finally:
        if enabled:
            gc.enable()
    if found is _AGAIN:
        if start is not None:
            source.seek(start)  # type: ignore[union-attr]
        return read_document(source, elements, parse, issues)
    return found


def _streamed(
    source: XmlSource,
    elements: tuple[str, ...],
    parse: Callable[[Any, Context], Any],
    readers: dict[tuple[str, str, int], Callable[[Any, Context], Any]],
) -> Any:
    """The document read as a stream, or ``_AGAIN`` when it is not clean."""
    opened: Any = io.BytesIO(source) if isinstance(source, bytes) else source
    ctx = Context([])
    ready: dict[Any, Any] = {}
    ctx.ready = ready
    careful = Context(ctx.issues, careful=True)
    careful.ready = ready
    pairs = {(tag, parent) for tag, parent, _ in readers}
    tags = tuple(sorted({tag for tag, _ in pairs}))
    events = etree.iterparse(opened, events=("end",), tag=tags, **PARSE_OPTIONS)
    for _, node in events:
        parent = node.getparent()
        if parent is None or (node.tag, parent.tag) not in pairs:
            continue
        # by its parent's tag and its level under the document element: so its type is the one
        # the document element's reader reads there
        reader = readers.get((node.tag, parent.tag, _level(parent)))
        if reader is None:
            continue
        # A small element (its repeated children are emptied already) is read carefully, each
        # element's attributes looked at; a large one counting its attributes in one query.
        ready[node] = reader(node, careful) if len(node) <= _SMALL else run_reader(reader, node, ctx)
        if ctx.issues:
            return _AGAIN
        node.clear(keep_tail=True)
    _refuse_parsed_doctype(events.root, source_name(source))  # raises: the tree read says so
    node = document_element(etree.ElementTree(events.root))
    if node.tag not in elements:
        return _AGAIN
    result = run_reader(parse, node, ctx)
    return _AGAIN if ctx.issues or ready else result


def _level(node: Any) -> int:
    """How deep an element stands: 1 for the document element (inside a SOAP Body, if any)."""
    level = 0
    while node is not None and node.tag not in SOAP_WRAPPERS:
        level += 1
        node = node.getparent()
    return level


def iter_elements(source: XmlSource, tags: tuple[str, ...], parent_tags: tuple[str, ...]) -> Iterator[Any]:
    """Stream the elements named ``tags`` whose parent is named ``parent_tags``, freeing each after use.

    With no ``tags``, yield the root element as soon as it starts, and stop.
    """
    name = source_name(source)
    refuse_doctype(source, name)
    opened: Any = source
    if isinstance(source, bytes):
        opened = io.BytesIO(source)
    # lxml picks the wanted elements' ends itself (``tag``): Python sees no other event
    events = (
        etree.iterparse(opened, events=("end",), tag=tags, **PARSE_OPTIONS)
        if tags
        else etree.iterparse(opened, events=("start",), **PARSE_OPTIONS)
    )
    checked = False
    try:
        for _, node in events:
            if not checked:
                checked = True
                _refuse_parsed_doctype(node, name)
                if not tags:  # only the root element was asked for
                    yield node
                    return
            parent = node.getparent()
            if parent is None or parent.tag not in parent_tags:
                continue
            yield node
            node.clear(keep_tail=True)
            while node.getprevious() is not None:
                del parent[0]
        root = getattr(events, "root", None)
        if not checked and root is not None:  # nothing was asked for: the document is still checked
            _refuse_parsed_doctype(root, name)
    except etree.XMLSyntaxError as error:
        line = f", line {error.lineno}" if error.lineno else ""
        message = f"not well-formed XML: {parser_words(error.msg)}"
        issue = XmlIssue("not-well-formed", message, "/", error.lineno or None)
        raise XmlDecodeError(f"{name}{line}: {message}", issue) from None


def _refuse_parsed_doctype(node: Any, name: str) -> None:
    """Refuse a document whose parser met a document type declaration (a stream's, which
    ``refuse_doctype`` cannot look at before)."""
    if getattr(node.getroottree().docinfo, "doctype", None):
        message = "document type declarations (DTDs, entities) are refused"
        raise XmlDecodeError(f"{name}, line 1: {message}", DOCTYPE_ISSUE)


# What a message streams: (element names, parent element names, reader).
Streamed = tuple[tuple[str, ...], tuple[str, ...], Callable[[Any, "Context"], Any]]


def stream_message(
    source: XmlSource,
    parts: dict[str, Callable[[Any, Context], Any]],
    roots: tuple[str, ...],
    items: Streamed,
    issues: list[XmlIssue] | None = None,
) -> tuple[dict[str, Any], Iterator[Any]]:
    """Read a message's parts (header, reply) and stream its payload's items, in one pass.

    The document is read up to its first item (or its end), so the parts that come before the
    payload, as IEC 61968-100 orders them, are known before any item is; the items then stream
    one at a time in flat memory. A part that comes after the first item is not read.

    Args:
        source: A file path, a binary file object, or bytes.
        parts: The readers of the message's parts, by element name (``{ns}Header``).
        roots: The message elements that hold the parts (``{ns}ResponseMessage``, ...).
        items: The payload's items, as ``iter_xml`` streams them.
        issues: As for ``read_document``.

    Returns:
        The parts read, by local name (``Header``, ``Reply``), and the items.
    """
    ctx = Context(issues)
    item_tags, item_parents, parse_item = items
    nodes = iter_elements(source, (*parts, *item_tags), (*roots, *item_parents))

    def is_item(node: Any) -> bool:
        return node.tag in item_tags and node.getparent().tag in item_parents

    found: dict[str, Any] = {}
    first: list[Any] = []
    for node in nodes:
        if is_item(node):
            first.append(run_reader(parse_item, node, ctx))
            break
        if node.tag in parts and node.getparent().tag in roots:
            found[node.tag.rpartition("}")[2]] = run_reader(parts[node.tag], node, ctx)

    def rest() -> Iterator[Any]:
        yield from first
        for node in nodes:
            if is_item(node):
                yield run_reader(parse_item, node, ctx)

    return found, rest()


def root_element(source: XmlSource) -> Any:
    """The root element of a document, read without reading the rest (its children are not there)."""
    return next(iter(iter_elements(source, (), ())), None)
