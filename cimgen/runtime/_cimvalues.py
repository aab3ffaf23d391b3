"""CIM-XML values: text into typed values that remember their lexical form, and back.

CIM-XML literals carry no datatype, so the profile says what a property's text is. A value
whose text is not the canonical form of its type (``60.000000`` for a float, ``007`` for an
integer, a date and time written without its zone) keeps that text in a ``lexical`` slot of
a subclass of its class, so a model written back says exactly what it read. Repeated texts
(``0.000000`` in every other element of a grid model) share one value object.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import datetime as _datetime
import decimal as _decimal
import math
import re
from collections.abc import Callable
from typing import Any

from ._xmlvalues import XmlDate, XmlDateTime, XmlTime

__all__ = [
    "K_BOOLEAN",
    "K_DATETIME",
    "K_DECIMAL",
    "K_ENUM",
    "K_FLOAT",
    "K_INTEGER",
    "K_REFERENCE",
    "K_STRING",
    "BadValue",
    "builtin_type",
    "converter",
    "escape_attribute",
    "escape_text",
    "lexical_class",
    "value_text",
]

# How a property's text becomes a value (the plan's ValueKind numbers).
K_STRING, K_FLOAT, K_INTEGER, K_DECIMAL, K_BOOLEAN, K_DATETIME, K_ENUM, K_REFERENCE = range(8)

_FLOAT_LEXICAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_SPECIAL_FLOATS = {"INF": float("inf"), "+INF": float("inf"), "-INF": float("-inf"), "NaN": float("nan")}
_INTEGER_LEXICAL = re.compile(r"[+-]?\d+")
_BOOLEANS = {"true": True, "false": False}


class BadValue(ValueError):
    """A text that is not a value of its property's type; the reader keeps the text and reports it."""


_LEXICAL_CLASSES: dict[type, type] = {}


def lexical_class(cls: type) -> type:
    """The subclass of ``cls`` whose instances also hold the text they were read from (``.lexical``)."""
    found = _LEXICAL_CLASSES.get(cls)
    if found is None:
        found = type(cls.__name__, (cls,), {"__slots__": ("lexical",), "__module__": cls.__module__})
        _LEXICAL_CLASSES[cls] = found
    return found


def _keep(cls: type, value: Any, text: str) -> Any:
    kept = lexical_class(cls)(value)
    kept.lexical = text
    return kept


def _float(cls: type, text: str) -> Any:
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None and repr(number) == text:
        return number if cls is float else cls(number)
    stripped = text.strip()
    if stripped in _SPECIAL_FLOATS:
        return _keep(cls, _SPECIAL_FLOATS[stripped], text)
    if number is None or not _FLOAT_LEXICAL.fullmatch(stripped):
        raise BadValue(f"{text!r} is not a number")
    return _keep(cls, number, text)


def _integer(cls: type, text: str) -> Any:
    if not _INTEGER_LEXICAL.fullmatch(text.strip()):
        raise BadValue(f"{text!r} is not an integer")
    number = int(text)
    return (number if cls is int else cls(number)) if str(number) == text else _keep(cls, number, text)


def _decimal_value(cls: type, text: str) -> Any:
    try:
        number = _decimal.Decimal(text.strip())
    except _decimal.InvalidOperation:
        raise BadValue(f"{text!r} is not a decimal number") from None
    if not number.is_finite():
        raise BadValue(f"{text!r} is not a decimal number")
    return cls(number) if format(number, "f") == text else _keep(cls, number, text)


def _boolean(cls: type, text: str) -> Any:
    found = _BOOLEANS.get(text)
    if found is None:  # 1 and 0 are booleans too, but a bool cannot remember that it was written so
        raise BadValue(f"{text!r} is not written as true or false")
    return found


def _datetime_value(cls: type, text: str) -> Any:
    stripped = text.strip()
    try:
        if "T" in stripped:
            parsed = _datetime.datetime.fromisoformat(stripped)
            value: Any = XmlDateTime(
                parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute, parsed.second,
                parsed.microsecond, parsed.tzinfo,
            )  # fmt: skip
        elif ":" in stripped:
            moment = _datetime.time.fromisoformat(stripped)
            value = XmlTime(moment.hour, moment.minute, moment.second, moment.microsecond, moment.tzinfo)
        else:
            day = _datetime.date.fromisoformat(stripped)
            value = XmlDate(day.year, day.month, day.day)
    except ValueError:
        raise BadValue(f"{text!r} is not a date and time") from None
    value.lexical = text
    return value


_PARSERS: dict[int, Callable[[type, str], Any]] = {
    K_FLOAT: _float,
    K_INTEGER: _integer,
    K_DECIMAL: _decimal_value,
    K_BOOLEAN: _boolean,
    K_DATETIME: _datetime_value,
}


_BUILTIN_TYPES: dict[int, type] = {K_FLOAT: float, K_INTEGER: int, K_DECIMAL: _decimal.Decimal, K_BOOLEAN: bool}


def builtin_type(kind: int) -> type:
    """The Python type of a property's values when the profile gives it a primitive (``Integer``), not a datatype."""
    return _BUILTIN_TYPES.get(kind, str)


def converter(kind: int, cls: type, cache: dict[str, Any]) -> Callable[[str], Any]:
    """A function from text to value for one property, remembering in ``cache`` the texts it has seen.

    Values are immutable, so equal texts share one value object (the caller clears the cache
    when a read is done). A text that is not a value of the type raises :class:`BadValue`.
    """
    if kind == K_STRING:
        if cls is str:
            return _same_text
        return cls
    parse = _PARSERS[kind]

    def convert(text: str) -> Any:
        found = cache.get(text)
        if found is None:
            found = cache[text] = parse(cls, text)
        return found

    return convert


def _same_text(text: str) -> str:
    return text


def value_text(kind: int, value: Any) -> str:
    """The text a value is written as: the text it was read from while it still says the same, else canonical."""
    if kind == K_STRING or value.__class__ is str:  # a string, or a text kept because it was not a value
        return str(value)
    lexical = getattr(value, "lexical", None)
    if kind == K_FLOAT:
        number = float(value)
        if lexical is not None and (float(lexical) == number or (math.isnan(number) and math.isnan(float(lexical)))):
            return str(lexical)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "INF" if number > 0 else "-INF"
        return repr(number)
    if kind == K_INTEGER:
        if lexical is not None and int(lexical) == int(value):
            return str(lexical)
        return str(int(value))
    if kind == K_DECIMAL:
        if lexical is not None and _decimal.Decimal(lexical.strip()) == value:
            return str(lexical)
        return format(value, "f")
    if kind == K_BOOLEAN:
        return "true" if value else "false"
    if kind == K_DATETIME:
        if lexical is not None:
            return str(lexical)
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return str(value)


def escape_text(text: str) -> str:
    """Element content: ``&``, ``<`` and ``>`` escaped."""
    if "&" in text or "<" in text or ">" in text or "\r" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return text


def escape_attribute(text: str) -> str:
    """An attribute value in double quotes."""
    if "&" in text or "<" in text or '"' in text or "\n" in text or "\t" in text or "\r" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        text = text.replace("\n", "&#10;").replace("\t", "&#9;").replace("\r", "&#13;")
    return text
