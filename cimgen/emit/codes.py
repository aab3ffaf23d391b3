"""The code-table emitter: ``codes.py``, IEC 61968-9 code tables as enums with their codecs.

The enums come from the tables; the codecs (``ReadingType``, ``EndDeviceEventType``,
``EndDeviceControlType``, ``ReadingQualityType``, ``ReplyCode``) are emitted when the tables
they need are present. The same text serves the generated package and ``cimgen codes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cimgen import __version__
from cimgen.emit.python_types import pystr
from cimgen.emit.render import environment
from cimgen.graph.code_tables import END_DEVICE_TABLES, KNOWN_TABLES, QUALITY_TABLES, READING_TYPE_TABLES, REPLY_TABLES
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import CodeEntry, CodeTableRecord

LINE_LENGTH = 120


@dataclass(frozen=True, slots=True)
class CodeMemberView:
    """One enum member: its Python name, its value as source, and its facts."""

    member: str
    value: str
    facts: str


@dataclass(frozen=True, slots=True)
class CodeEnumView:
    """One code table as an enum."""

    name: str
    table: str
    doc: str
    dotted: bool
    members: tuple[CodeMemberView, ...]


@dataclass(frozen=True, slots=True)
class CodesView:
    """Everything the codes template lays out."""

    enums: tuple[CodeEnumView, ...]
    reading_type: bool
    end_device: bool
    quality: bool
    reply: bool


def _code_key(entry: CodeEntry) -> tuple[int, ...]:
    return tuple(int(part) for part in entry.code.split("."))


def _member_view(entry: CodeEntry, dotted: bool) -> CodeMemberView:
    """A member, with its facts line laid out as a formatter would (one line, or one item a line)."""
    value = pystr(entry.code) if dotted else entry.code
    items = (pystr(entry.name), pystr(entry.description), pystr(entry.confidence))
    line = f"{value}: ({', '.join(items)}),"
    if len(line) + 4 > LINE_LENGTH:
        line = f"{value}: (\n" + "".join(f"        {item},\n" for item in items) + "    ),"
    return CodeMemberView(entry.member, value, line)


def enum_name(table: str) -> str:
    """The enum class name of a table: the known name, or the table name in CamelCase."""
    if table in KNOWN_TABLES:
        return KNOWN_TABLES[table][0]
    return "".join(part.capitalize() for part in table.split("_"))


def codes_view(graph: ClassGraph) -> CodesView | None:
    """The view of the codes module, or None when the inputs hold no code table."""
    tables = {t.name: t for t in graph.records(CodeTableRecord)}
    if not tables:
        return None
    enums = []
    known_order = list(KNOWN_TABLES)
    for name in sorted(tables, key=lambda t: (known_order.index(t) if t in KNOWN_TABLES else len(known_order), t)):
        table = tables[name]
        dotted = any("." in entry.code for entry in table.entries)
        members = tuple(_member_view(entry, dotted) for entry in sorted(table.entries, key=_code_key))
        doc = KNOWN_TABLES.get(name, ("", f"The code table {name}."))[1]
        enums.append(CodeEnumView(enum_name(name), name, doc, dotted, members))
    return CodesView(
        enums=tuple(enums),
        reading_type=all(t in tables for t in READING_TYPE_TABLES),
        end_device=all(t in tables for t in END_DEVICE_TABLES),
        quality=all(t in tables for t in QUALITY_TABLES),
        reply=all(t in tables for t in REPLY_TABLES),
    )


def emit_codes(graph: ClassGraph, template_dirs: Sequence[Path] = ()) -> str | None:
    """The text of ``codes.py``, or None when the inputs hold no code table."""
    view = codes_view(graph)
    if view is None:
        return None
    template = environment(template_dirs).get_template("codes_module.py.jinja")
    return template.render(view=view, generator_version=__version__)
