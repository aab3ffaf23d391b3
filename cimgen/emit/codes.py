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
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import CodeEntry, CodeTableRecord

# Table name -> (enum class name, what the table is).
KNOWN_TABLES: dict[str, tuple[str, str]] = {
    "readingtype_macro_period": ("MacroPeriod", "ReadingType part 1, macroPeriod: the long period of interest."),
    "readingtype_aggregate": ("Aggregate", "ReadingType part 2, aggregate: how values in an interval combine."),
    "readingtype_measuring_period": ("MeasuringPeriod", "ReadingType part 3, measuringPeriod: what each value covers."),
    "readingtype_accumulation": ("Accumulation", "ReadingType part 4, accumulation: how values accumulate."),
    "readingtype_flow_direction": ("FlowDirection", "ReadingType part 5, flowDirection: which way the flow goes."),
    "readingtype_commodity": ("Commodity", "ReadingType part 6, commodity: what is measured."),
    "readingtype_measurement_kind": ("MeasurementKind", "ReadingType part 7, measurementKind: the quantity."),
    "readingtype_phase": ("Phase", "ReadingType part 15, phases: the phases measured (a bit mask)."),
    "readingtype_multiplier": ("Multiplier", "ReadingType part 16: the power of ten the unit is scaled by."),
    "readingtype_uom": ("UnitSymbol", "ReadingType part 17, uom: the unit of measure."),
    "readingtype_currency": ("Currency", "ReadingType part 18, currency: ISO 4217 numeric codes."),
    "enddevice_type": ("EndDeviceType", "EndDeviceEventType and EndDeviceControlType part 1: the kind of device."),
    "enddevice_domain": ("EndDeviceDomain", "EndDeviceEventType and EndDeviceControlType part 2: the domain."),
    "enddevice_subdomain": ("EndDeviceSubdomain", "EndDeviceEventType and EndDeviceControlType part 3: subdomain."),
    "enddevice_event_or_action": (
        "EndDeviceEventOrAction",
        "EndDeviceEventType and EndDeviceControlType part 4: what happened or what to do.",
    ),
    "quality_system": ("QualitySystem", "ReadingQualityType part 1: the system that set the quality."),
    "quality_category": ("QualityCategory", "ReadingQualityType part 2: the category of the quality."),
    "quality_index": ("QualityIndex", "ReadingQualityType part 3 within its category, as category.index."),
    "reply_code_category": ("ReplyCodeCategory", "IEC 61968-9 Annex B reply code categories."),
    "reply_code": ("ReplyCode", "IEC 61968-9 Annex B reply codes, as category.index."),
}
LINE_LENGTH = 120
READING_TYPE_TABLES = tuple(t for t in KNOWN_TABLES if t.startswith("readingtype_"))
END_DEVICE_TABLES = tuple(t for t in KNOWN_TABLES if t.startswith("enddevice_"))
QUALITY_TABLES = ("quality_system", "quality_category", "quality_index")
REPLY_TABLES = ("reply_code_category", "reply_code")


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
