"""Validation of the package's XML Schema types: the runtime of the _validate modules.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import datetime as _datetime
import decimal as _decimal
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from ._xmlvalues import XmlIssue, iso_text, text_float, with_article


class Validation:
    """What one validation run collects: findings, and the coded objects the document defines."""

    __slots__ = ("defined", "findings")

    def __init__(self) -> None:
        self.findings: list[XmlIssue] = []
        self.defined: dict[str, set[str]] = {}

    def add(self, severity: str, code: str, path: str, message: str) -> None:
        self.findings.append(XmlIssue(code, message, path, None, severity))


def missing(code: str, path: str, v: Validation) -> None:
    """A required element or attribute is absent."""
    what = "attribute" if code == "missing-attribute" else "element"
    v.add("error", code, path, f"the required {what} {path.rpartition('/')[2].lstrip('@')} is missing")


def check_count(items: list[Any], lower: int, upper: int | None, path: str, local: str, v: Validation) -> None:
    """How many times an element occurs, against minOccurs and maxOccurs."""
    count = len(items)
    if count < lower:
        v.add("error", "too-few", f"{path}/{local}", f"{local} occurs {count} times; at least {lower} are required")
    elif upper is not None and count > upper:
        v.add("error", "too-many", f"{path}/{local}", f"{local} occurs {count} times; at most {upper} are allowed")


def bad_enum(value: Any, name: str, path: str, v: Validation) -> None:
    """A value that is not a member of its enumeration."""
    v.add("error", "bad-enum", path, f"{value!r} is not one of the values of {name}")


_PYTHON_TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "float": (float, int),
    "boolean": bool,
    "decimal": (_decimal.Decimal, int),
    "dateTime": _datetime.datetime,
    "date": _datetime.date,
    "time": _datetime.time,
}
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "byte": (-(2**7), 2**7 - 1),
    "unsignedByte": (0, 2**8 - 1),
    "short": (-(2**15), 2**15 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "int": (-(2**31), 2**31 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "long": (-(2**63), 2**63 - 1),
    "unsignedLong": (0, 2**64 - 1),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "negativeInteger": (None, -1),
    "nonPositiveInteger": (None, 0),
}


# The lexical spaces of the built-in types derived from xs:string (XML Schema 1.0, part 2, 3.3),
# checked after whitespace is collapsed as those types do; xs:string and xs:anyURI take any text.
_NAME_START = r"[^\W\d]"
_NAME_CHAR = r"[\w.\-\u00B7\u0300-\u036F\u203F-\u2040]"
_NCNAME = f"{_NAME_START}{_NAME_CHAR}*"
_NMTOKEN = f"(?:{_NAME_CHAR}|:)+"
_STRING_LEXICAL: dict[str, re.Pattern[str]] = {
    "normalizedString": re.compile(r"[^\r\n\t]*"),
    "token": re.compile(r"(?:\S+(?: \S+)*)?"),
    "language": re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*"),
    "NMTOKEN": re.compile(_NMTOKEN),
    "NMTOKENS": re.compile(f"{_NMTOKEN}(?: {_NMTOKEN})*"),
    "Name": re.compile(f"(?:{_NAME_START}|:)(?:{_NAME_CHAR}|:)*"),
    "NCName": re.compile(_NCNAME),
    "ID": re.compile(_NCNAME),
    "IDREF": re.compile(_NCNAME),
    "ENTITY": re.compile(_NCNAME),
    "IDREFS": re.compile(f"{_NCNAME}(?: {_NCNAME})*"),
    "ENTITIES": re.compile(f"{_NCNAME}(?: {_NCNAME})*"),
    "QName": re.compile(f"(?:{_NCNAME}:)?{_NCNAME}"),
}
# Types whose whitespace facet is "replace" (normalizedString) or "collapse" (token and all below it).
_KEEPS_SPACES = frozenset({"normalizedString"})


def _lexical_text(value: str, builtin: str) -> str:
    return value if builtin in _KEEPS_SPACES else " ".join(value.split())


def check_value(value: Any, kind: str, builtin: str, facets: Any, path: str, v: Validation) -> None:
    """A simple value: of the right Python type, inside its XSD type's range, and meeting its facets."""
    if value.__class__ is str and kind != "string":
        v.add("error", "bad-value", path, f"{value!r} is not a valid {builtin}")
        return
    wrong_class = not isinstance(value, _PYTHON_TYPES[kind])
    if (
        wrong_class
        or (kind in ("integer", "float", "decimal") and isinstance(value, bool))
        or (kind == "date" and isinstance(value, _datetime.datetime))
    ):
        v.add("error", "bad-type", path, f"{with_article(type(value).__name__)} where the schema wants {builtin}")
        return
    lexical = _STRING_LEXICAL.get(builtin) if kind == "string" else None
    if lexical is not None and not lexical.fullmatch(_lexical_text(value, builtin)):
        v.add("error", "bad-value", path, f"{value!r} is not a valid {builtin}")
        return
    bounds = _INTEGER_RANGES.get(builtin)
    if bounds is not None:
        low, high = bounds
        if (low is not None and value < low) or (high is not None and value > high):
            v.add("error", "facet", path, f"{value} is outside the range of {builtin}")
    if facets:
        _check_facets(value, builtin, facets, path, v)


_NUMERIC_FACETS = {
    "minInclusive": lambda a, b: a >= b,
    "maxInclusive": lambda a, b: a <= b,
    "minExclusive": lambda a, b: a > b,
    "maxExclusive": lambda a, b: a < b,
}
_LENGTH_FACETS = {"length": lambda a, b: a == b, "minLength": lambda a, b: a >= b, "maxLength": lambda a, b: a <= b}
_PATTERNS: dict[str, Any] = {}


def _lexical(value: Any) -> str:
    lexical = getattr(value, "lexical", None)
    if lexical is not None:
        return str(lexical)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return text_float(value)
    if isinstance(value, _decimal.Decimal):
        return format(value, "f")
    if isinstance(value, _datetime.date | _datetime.time):
        return iso_text(value)
    return str(value)


def _pattern(pattern: str) -> Any:
    """An XSD pattern as a Python regular expression (the common subset; None when it cannot be read)."""
    if pattern not in _PATTERNS:
        try:
            _PATTERNS[pattern] = re.compile(pattern.replace("\\i", "[_:A-Za-z]").replace("\\c", "[-._:A-Za-z0-9]"))
        except re.error:
            _PATTERNS[pattern] = None
    return _PATTERNS[pattern]


def _check_facets(value: Any, builtin: str, facets: Any, path: str, v: Validation) -> None:
    patterns: list[str] = []
    for name, limit in facets:
        if name == "pattern":
            patterns.append(limit)
        elif name in _LENGTH_FACETS and isinstance(value, str):
            size = len(value) // 2 if builtin == "hexBinary" else len(value)
            if builtin != "base64Binary" and not _LENGTH_FACETS[name](size, int(limit)):
                v.add("error", "facet", path, f"length {size} breaks {name} {limit}")
        elif name in _NUMERIC_FACETS and isinstance(value, int | float | _decimal.Decimal):
            if not _NUMERIC_FACETS[name](_decimal.Decimal(str(value)), _decimal.Decimal(limit)):
                v.add("error", "facet", path, f"{_lexical(value)} breaks {name} {limit}")
        elif name in ("totalDigits", "fractionDigits") and isinstance(value, int | _decimal.Decimal):
            digits = _decimal.Decimal(value).as_tuple()
            exponent = int(digits.exponent) if isinstance(digits.exponent, int) else 0
            count = len(digits.digits) if name == "totalDigits" else max(0, -exponent)
            if count > int(limit):
                v.add("error", "facet", path, f"{_lexical(value)} has {count} digits; {name} is {limit}")
    if patterns:
        text = _lexical(value)
        compiled = [_pattern(p) for p in patterns]
        if all(c is not None for c in compiled) and not any(c.fullmatch(text) for c in compiled):
            v.add("error", "facet", path, f"{text!r} does not match the pattern {' or '.join(patterns)}")


def define(v: Validation, codec: Any, identifiers: Iterator[str | None]) -> None:
    """Remember the coded objects a document defines (its ReadingTypes), so that references to them resolve."""
    v.defined.setdefault(codec.__name__, set()).update(i for i in identifiers if i is not None)


def check_code(codec: Any, reference: str, path: str, v: Validation) -> None:
    """A reference to a coded object: defined in the document, or a valid code."""
    if reference in v.defined.get(codec.__name__, ()):
        return
    try:
        codec.parse(reference)
    except ValueError as error:
        kind = with_article(codec.__name__)
        message = f"{reference!r} is neither {kind} defined in this document nor a valid code ({error})"
        v.add("error", "bad-code", path, message)


def check_time_order(readings: list[Any], path: str, v: Validation) -> None:
    """Interval readings in time order, without two at the same time (warnings)."""
    previous: Any = None
    seen: set[Any] = set()
    for index, reading in enumerate(readings, 1):
        stamp = reading.time_stamp
        if not isinstance(stamp, _datetime.datetime):
            continue
        try:
            if stamp in seen:
                v.add("warning", "duplicate-reading", f"{path}[{index}]/timeStamp", f"a second reading at {stamp}")
            elif previous is not None and stamp < previous:
                where = f"{path}[{index}]/timeStamp"
                v.add("warning", "readings-out-of-order", where, f"{stamp} comes after {previous}")
        except TypeError:  # a zoned and an unzoned time cannot be compared
            continue
        seen.add(stamp)
        previous = stamp


Children = dict[Any, dict[str, list[Any]]]
"""Per element: its child elements by local name, in order."""


def line_of(root: Any, path: str, children: Children | None = None) -> int | None:
    """The line of the element a path names, counted from ``root`` (the nearest existing ancestor's).

    ``children`` remembers each element's children by name between calls, so that placing many
    findings under one element costs time in proportion to their number.
    """
    if children is None:
        children = {}
    steps = [step for step in path.split("/") if step][1:]
    node = root
    for step in steps:
        if step.startswith("@"):
            break
        name, _, index = step.partition("[")
        position = int(index.rstrip("]")) if index else 1
        by_name = children.get(node)
        if by_name is None:
            by_name = children[node] = {}
            for child in node.iterchildren("*"):
                by_name.setdefault(etree.QName(child).localname, []).append(child)
        matches = by_name.get(name, [])
        if len(matches) < position:
            break
        node = matches[position - 1]
    line: int | None = node.sourceline
    return line


VERBS = frozenset(
    {
        "get",
        "create",
        "change",
        "cancel",
        "close",
        "delete",
        "execute",
        "reply",
        "created",
        "changed",
        "canceled",
        "closed",
        "deleted",
        "executed",
    }
)
"""The verbs of IEC 61968-100 message headers."""


def check_envelope(message: Any, payload: Any, path: str, *, query: bool = False) -> list[XmlIssue]:
    """The IEC 61968-100 rules a schema cannot say: the verb is one of the standard's, the noun
    names the payload (for a get request's ``query`` in ``Request``, what it asks for: a
    ``GetMeterReadings`` asks for ``MeterReadings``), a reply has a result, the header's timestamp
    has a time zone."""
    found: list[XmlIssue] = []
    header = getattr(message, "header", None)
    if header is not None:
        verb = getattr(header, "verb", None)
        declared = str(getattr(header.__dataclass_fields__.get("verb"), "type", ""))
        if declared.startswith("str") and isinstance(verb, str) and verb not in VERBS:  # else the schema checks it
            found.append(XmlIssue("bad-verb", f"{verb!r} is not an IEC 61968-100 verb", f"{path}/Header/Verb", None))
        noun = getattr(header, "noun", None)
        noun_text = getattr(noun, "value", noun)
        elements = getattr(payload, "__xml_elements__", None)
        payload_name = elements[0].rpartition("}")[2] if elements else ""
        named = payload_name[3:] if query and payload_name.startswith("Get") else payload_name
        if noun_text and elements and noun_text != named:
            message_text = f"the noun {noun_text!r} does not name the payload {payload_name}"
            found.append(XmlIssue("noun-mismatch", message_text, f"{path}/Header/Noun", None))
        stamp = getattr(header, "timestamp", None)
        if isinstance(stamp, _datetime.datetime) and stamp.tzinfo is None:
            text = "the timestamp has no time zone"
            found.append(XmlIssue("naive-timestamp", text, f"{path}/Header/Timestamp", None))
    reply = getattr(message, "reply", None)
    if reply is not None and getattr(reply, "result", None) is None:
        found.append(XmlIssue("missing-result", "the reply has no Result", f"{path}/Reply", None))
    return found
