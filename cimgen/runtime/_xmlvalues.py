"""XML reading and writing for the package's XML Schema types: issues, values and their lexical forms.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import datetime as _datetime
import decimal as _decimal
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

SOAP_ENVELOPES = frozenset(
    {
        "{http://schemas.xmlsoap.org/soap/envelope/}Envelope",
        "{http://www.w3.org/2003/05/soap-envelope}Envelope",
    }
)
SOAP_WRAPPERS = SOAP_ENVELOPES | {
    "{http://schemas.xmlsoap.org/soap/envelope/}Body",
    "{http://www.w3.org/2003/05/soap-envelope}Body",
}


# What libxml2 says, in words that do not send a user to its API; its ", line N" is said before.
_PARSER_WORDS = (
    (
        re.compile(r"Excessive depth in document: (\d+), use XML_PARSE_HUGE option"),
        r"elements nested deeper than \1 levels",
    ),
    (re.compile(r"Maximum entity amplification factor exceeded.*?(?=, line|$)"), "entity expansion refused"),
    (re.compile(r"Invalid bytes in character encoding"), "bytes that are not valid in the document's encoding"),
    (re.compile(r", line \d+, column (\d+)$"), r" (column \1)"),
)


def parser_words(message: str) -> str:
    """A libxml2 error message as cimgen says it: ``elements nested deeper than 256 levels (column 771)``."""
    for pattern, words in _PARSER_WORDS:
        message = pattern.sub(words, message)
    return message


class XmlIssue(NamedTuple):
    """A problem found while reading or validating a document.

    Attributes:
        code: A stable identifier: ``unknown-element``, ``unknown-attribute``, ``bad-value``,
            ``repeated-element``, ``stray-text`` (reading); ``missing-element``, ``too-few``, ``too-many``,
            ``bad-type``, ``bad-enum``, ``facet``, ``bad-code``, ``readings-out-of-order``,
            ``duplicate-reading`` (validating).
        message: What is wrong, in words.
        path: Where: ``/MeterReadings/MeterReading[3]/IntervalBlocks/IntervalReadings[17]/value``.
        line: The line in the document, when known.
        severity: ``error`` (the document breaks a rule) or ``warning`` (it is suspicious).
    """

    code: str
    message: str
    path: str
    line: int | None
    severity: str = "error"

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.path}: {self.message}"


class XmlDecodeError(ValueError):
    """The document cannot be read: not well-formed, unsafe, or (when strict) not what the schema says."""

    def __init__(self, message: str, issue: XmlIssue | None = None) -> None:
        super().__init__(message)
        self.issue = issue


class Context:
    """What one reading run reports to: a list of issues, or None to stop at the first.

    A first run counts the attributes it reads (``attributes``); a careful run (``careful``)
    looks at every element's attributes instead, and is made only when the document holds
    attributes that the first run did not read. ``columns`` asks the bulk reader for the values
    of the items it takes instead of their objects, by the items' tag (see ``_xmlbulk``).
    ``ready`` holds the objects of elements already read by a streaming read, by element (see
    ``_xmlstream``); a reader takes them instead of reading those (emptied) elements.
    """

    __slots__ = ("attributes", "careful", "columns", "issues", "positions", "ready")

    def __init__(self, issues: list[XmlIssue] | None, careful: bool = False) -> None:
        self.issues = issues
        self.careful = careful
        self.attributes = 0
        self.positions: Positions = {}
        self.columns: dict[str, list[dict[str, list[Any]]]] | None = None
        self.ready: dict[Any, Any] | None = None


def read_item(child: Any, parse: Callable[[Any, Context], Any], ctx: Context) -> Any:
    """A repeated element's object: made already by a streaming read (``ctx.ready``), or read now."""
    ready = ctx.ready
    if ready and child in ready:
        return ready.pop(child)
    return parse(child, ctx)


Positions = dict[Any, dict[Any, tuple[int, int]]]
"""Per parent element: each child's (position among its same-named siblings, how many there are)."""


def _position(node: Any, parent: Any, positions: Positions) -> tuple[int, int]:
    """Where a child stands among its same-named siblings; a parent's children are counted once,
    so that reporting many issues under one parent costs time in proportion to their number."""
    known = positions.get(parent)
    if known is None:
        counts: dict[Any, int] = {}
        order: list[tuple[Any, Any]] = []
        for child in parent.iterchildren():
            counts[child.tag] = counts.get(child.tag, 0) + 1
            order.append((child, counts[child.tag]))
        known = positions[parent] = {child: (number, counts[child.tag]) for child, number in order}
    return known[node]


def path_of(node: Any, attribute: str = "", positions: Positions | None = None) -> str:
    """The element's path from the document root by local names, with positions among same-named siblings."""
    if positions is None:
        positions = {}
    steps: list[str] = []
    while node is not None and not _is_wrapper(node):
        name = etree.QName(node.tag).localname
        parent = node.getparent()
        if parent is not None and not _is_wrapper(parent):
            number, count = _position(node, parent, positions)
            if count > 1:
                name = f"{name}[{number}]"
        steps.append(name)
        node = parent
    path = "/" + "/".join(reversed(steps))
    return f"{path}/@{attribute}" if attribute else path


def _is_wrapper(node: Any) -> bool:
    """Whether an element is a SOAP envelope or body around the document proper."""
    return node.tag in SOAP_WRAPPERS


def report(ctx: Context, code: str, message: str, node: Any, attribute: str = "") -> None:
    """Record an issue, or raise it when the run is strict."""
    issue = XmlIssue(code, message, path_of(node, attribute, ctx.positions), node.sourceline)
    if ctx.issues is None:
        raise XmlDecodeError(str(issue), issue)
    ctx.issues.append(issue)


def with_article(noun: str) -> str:
    """``a ReadingType``, ``an EndDeviceEventType``, ``a UsagePoint``: the article a name is said with."""
    said_with_a_vowel = noun[:1].lower() in "aeiou" and not noun.lower().startswith(_SAID_YOU)
    return f"{'an' if said_with_a_vowel else 'a'} {noun}"


# Names that start with a "u" said as "you" (usage, unit, utility) take "a".
_SAID_YOU = ("usa", "use", "usu", "uni", "uti")


def bad_value(text: str | None, expected: str, node: Any, ctx: Context, attribute: str = "") -> Any:
    """A value that does not fit its type: raise, or keep its text and report it."""
    shown = text or ""  # an empty element has no text at all: say so as the empty string it is
    report(ctx, "bad-value", f"{shown!r} is not a valid {expected}", node, attribute)
    return shown


# Lexical forms. A value keeps the exact text it was read from when the canonical form would differ.


class XmlFloat(float):
    """A float that remembers its lexical form (``10``, ``1.50``, ``1E3``)."""

    __slots__ = ("lexical",)
    lexical: str


class XmlDecimal(_decimal.Decimal):
    """A decimal that remembers its lexical form (``+1.0``, ``.5``)."""

    __slots__ = ("lexical",)
    lexical: str


class XmlInt(int):
    """An integer that remembers its lexical form (``007``, ``+1``)."""

    lexical: str


class XmlDateTime(_datetime.datetime):
    """A datetime that remembers its lexical form (a fraction ``.0``, a ``+00:00`` zone)."""

    __slots__ = ("lexical",)
    lexical: str


class XmlDate(_datetime.date):
    """A date that remembers its lexical form (``2011-06-17Z``)."""

    __slots__ = ("lexical",)
    lexical: str


class XmlTime(_datetime.time):
    """A time that remembers its lexical form (``09:30:47.0``)."""

    __slots__ = ("lexical",)
    lexical: str


_SPECIAL_FLOATS = {"INF": float("inf"), "-INF": float("-inf"), "+INF": float("inf"), "NaN": float("nan")}
_FLOAT_LEXICAL = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")


def to_float(text: str | None, node: Any, ctx: Context, attribute: str = "") -> Any:
    """xs:float and xs:double."""
    try:
        value = float(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = None
    if value is not None and text[-1] not in "fnyNF" and repr(value) == text:  # type: ignore[index]
        return value  # the common case: the text is the canonical form
    if text is None:
        return bad_value(text, "number", node, ctx, attribute)
    if text.strip() in _SPECIAL_FLOATS:
        value = _SPECIAL_FLOATS[text.strip()]
    elif value is None or not _FLOAT_LEXICAL.fullmatch(text):
        return bad_value(text, "number", node, ctx, attribute)
    kept = XmlFloat(value)
    kept.lexical = text
    return kept


def text_float(value: Any) -> str:
    if value.__class__ is float:
        text = repr(value)
        if text[-1] in "fn":  # inf, -inf, nan
            return {"inf": "INF", "-inf": "-INF", "nan": "NaN"}[text]
        return text
    if value.__class__ is XmlFloat:
        return value.lexical
    if value.__class__ is str:
        return escape(value)
    return text_float(float(value))


def to_decimal(text: str | None, node: Any, ctx: Context, attribute: str = "") -> Any:
    """xs:decimal."""
    try:
        value = _decimal.Decimal(text or "x")
    except _decimal.InvalidOperation:
        return bad_value(text, "decimal", node, ctx, attribute)
    if not value.is_finite():
        return bad_value(text, "decimal", node, ctx, attribute)
    if format(value, "f") == text:
        return value
    kept = XmlDecimal(text.strip())  # type: ignore[union-attr]
    kept.lexical = text  # type: ignore[assignment]
    return kept


def text_decimal(value: Any) -> str:
    if value.__class__ is XmlDecimal:
        return value.lexical
    if value.__class__ is str:
        return escape(value)
    return format(value, "f")


def to_int(text: str | None, node: Any, ctx: Context, attribute: str = "") -> Any:
    """xs:integer and its restrictions."""
    try:
        value = int(text or "x")
    except ValueError:
        return bad_value(text, "integer", node, ctx, attribute)
    if str(value) == text:
        return value
    kept = XmlInt(value)
    kept.lexical = text  # type: ignore[assignment]
    return kept


def text_int(value: Any) -> str:
    if value.__class__ is int:
        return str(value)
    if value.__class__ is XmlInt:
        return value.lexical
    if value.__class__ is str:
        return escape(value)
    return str(int(value))


_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


def to_bool(text: str | None, node: Any, ctx: Context, attribute: str = "") -> Any:
    """xs:boolean. ``1`` and ``0`` are read as true and false and written back as ``true`` and ``false``."""
    value = _BOOLEANS.get(text.strip() if text else "")
    if value is None:
        return bad_value(text, "boolean", node, ctx, attribute)
    return value


def text_bool(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return escape(str(value))


def iso_text(value: Any) -> str:
    text: str = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


fromisoformat = _datetime.datetime.fromisoformat


def to_datetime(text: str | None, node: Any, ctx: Context, attribute: str = "") -> Any:
    """xs:dateTime."""
    if text is not None and len(text) == 20 and text[19] == "Z" and text[10] == "T" and text[7] == "-":
        # The commonest form (seconds, then Z) is already canonical: no lexical form to keep.
        try:
            return _datetime.datetime.fromisoformat(text)
        except ValueError:
            return bad_value(text, "date and time", node, ctx, attribute)
    if text is None or "T" not in text:
        return bad_value(text, "date and time", node, ctx, attribute)
    try:
        value = _datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        return bad_value(text, "date and time", node, ctx, attribute)
    if iso_text(value) == text:
        return value
    kept = XmlDateTime(
        value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond, value.tzinfo
    )
    kept.lexical = text
    return kept


def to_date(text: str | None, node: Any, ctx: Context, attribute: str = "") -> Any:
    """xs:date (a time-zone suffix is kept in the lexical form only)."""
    stripped = (text or "").strip()
    bare = stripped[:10]
    try:
        value = _datetime.date.fromisoformat(bare)
    except ValueError:
        return bad_value(text, "date", node, ctx, attribute)
    if bare == text:
        return value
    kept = XmlDate(value.year, value.month, value.day)
    kept.lexical = text  # type: ignore[assignment]
    return kept


def to_time(text: str | None, node: Any, ctx: Context, attribute: str = "") -> Any:
    """xs:time."""
    try:
        value = _datetime.time.fromisoformat(text or "x")
    except ValueError:
        return bad_value(text, "time", node, ctx, attribute)
    if iso_text(value) == text:
        return value
    kept = XmlTime(value.hour, value.minute, value.second, value.microsecond, value.tzinfo)
    kept.lexical = text  # type: ignore[assignment]
    return kept


def text_temporal(value: Any) -> str:
    """xs:dateTime, xs:date, xs:time: the lexical form read, else ISO 8601 with ``Z`` for UTC."""
    lexical = getattr(value, "lexical", None)
    if lexical is not None:
        return lexical  # type: ignore[no-any-return]
    if value.__class__ is str:
        return escape(value)
    return iso_text(value)


def text_enum(value: Any) -> str:
    if value.__class__ is str:
        return escape(value)
    return escape(value.value)


class EnumValues(dict[str | None, Any]):
    """An enumeration's members by XML value, for reading."""

    def __init__(self, enumeration: Any) -> None:
        super().__init__((member.value, member) for member in enumeration)
        self.name: str = enumeration.__name__


def to_enum(values: EnumValues, text: str | None, node: Any, ctx: Context, attribute: str = "") -> Any:
    """An enumeration member by its XML value."""
    found = values.get(text)
    if found is None:
        return bad_value(text, values.name, node, ctx, attribute)
    return found


def escape(text: str) -> str:
    """Escape character data."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def escape_attribute(text: str) -> str:
    """Escape an attribute value (already escaped as character data)."""
    if '"' in text:
        text = text.replace('"', "&quot;")
    for character, reference in (("\n", "&#10;"), ("\t", "&#9;")):
        if character in text:
            text = text.replace(character, reference)
    return text


def text_str(value: Any) -> str:
    return escape(value if value.__class__ is str else str(value))
