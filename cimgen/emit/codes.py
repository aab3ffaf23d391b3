"""The code-table emitter: IEC 61968-9 code tables as enums, with their codecs.

A package with code tables gets ``_codetables.py`` (one enum per table, generated), the codecs
of the runtime whose tables are all present (``ReadingType``, ``EndDeviceEventType`` and
``EndDeviceControlType``, ``ReadingQualityType``; copied verbatim from :mod:`cimgen.runtime`),
and ``codes.py``, the module users import, which gathers them and decodes any code. The same
files serve the generated package and ``cimgen codes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cimgen import __version__
from cimgen.emit.render import environment, tuple_source
from cimgen.emit.runtime import CODE_FACTS, END_DEVICE_CODEC, QUALITY_CODEC, READING_TYPE_CODEC, runtime_files
from cimgen.graph.code_tables import END_DEVICE_TABLES, KNOWN_TABLES, QUALITY_TABLES, READING_TYPE_TABLES, REPLY_TABLES
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import CodeEntry, CodeTableRecord
from cimgen.plan.python_types import pystr

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
    """Everything the code-table templates lay out."""

    enums: tuple[CodeEnumView, ...]
    reading_type: bool
    end_device: bool
    quality: bool
    reply: bool

    @property
    def enum_names(self) -> list[str]:
        """The enum classes, in ``__all__`` order."""
        return sorted(enum.name for enum in self.enums)

    @property
    def runtime_modules(self) -> tuple[str, ...]:
        """The runtime modules the package carries: the shared facts and each codec whose tables are there."""
        codecs = (
            (self.reading_type, READING_TYPE_CODEC),
            (self.end_device, END_DEVICE_CODEC),
            (self.quality, QUALITY_CODEC),
        )
        return (CODE_FACTS, *(module for present, module in codecs if present))

    @property
    def codec_names(self) -> dict[str, tuple[str, ...]]:
        """Runtime codec module -> the classes ``codes`` takes from it."""
        names = {
            READING_TYPE_CODEC: ("ReadingType",),
            END_DEVICE_CODEC: ("EndDeviceControlType", "EndDeviceEventType"),
            QUALITY_CODEC: ("ReadingQualityType",),
        }
        return {module: names[module] for module in self.runtime_modules if module in names}

    @property
    def imports(self) -> list[str]:
        """The import lines of ``codes.py``, sorted as isort sorts them."""
        lines = [
            f"from .{CODE_FACTS} import CodeError, CodeFacts",
            _from_import("._codetables", self.enum_names),
            *(_from_import(f".{module}", list(names)) for module, names in self.codec_names.items()),
        ]
        return sorted(lines, key=lambda line: line.split()[1])

    @property
    def public_names(self) -> list[str]:
        """``codes.__all__``: every enum and codec, the error, the facts mixin and ``decode``."""
        codecs = [name for names in self.codec_names.values() for name in names]
        return [*sorted([*self.enum_names, *codecs, "CodeError", "CodeFacts"]), "decode"]


def _from_import(module: str, names: list[str]) -> str:
    """``from module import a, b``, one name a line in parentheses when too long, as a formatter does."""
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return line
    return f"from {module} import (\n" + "".join(f"    {name},\n" for name in names) + ")"


def _code_key(entry: CodeEntry) -> tuple[int, ...]:
    return tuple(int(part) for part in entry.code.split("."))


def _member_view(entry: CodeEntry, dotted: bool) -> CodeMemberView:
    """A member, with its facts line laid out as a formatter would (one line, or one item a line)."""
    value = pystr(entry.code) if dotted else entry.code
    aliases = tuple_source([pystr(name) for name, _ in entry.aliases])
    items = (pystr(entry.name), pystr(entry.description), pystr(entry.confidence), aliases)
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


def emit_codes(graph: ClassGraph, template_dirs: Sequence[Path] = ()) -> dict[str, str]:
    """The code-table modules by path in the package; none when the inputs hold no code table."""
    view = codes_view(graph)
    if view is None:
        return {}
    env = environment(template_dirs)
    return {
        "_codetables.py": env.get_template("codetables_module.py.jinja").render(
            view=view, generator_version=__version__
        ),
        "codes.py": env.get_template("codes_module.py.jinja").render(view=view, generator_version=__version__),
        **runtime_files(*view.runtime_modules),
    }
