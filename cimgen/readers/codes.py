"""IEC 61968-9 code tables (CSV) into code-table records.

Two shapes are read. A table file, named after its table (``readingtype_uom.csv``), has the
header ``code,name,member,description,confidence`` and may add ``aliases``. An extension file,
for the vendor codes every head-end system has, names the table on each row:
``table,code,name,member,description`` (and may add ``aliases``); its rows are marked ``vendor``.

``aliases`` lists the other names deployed systems give a code, each with where it is used:
``MINUTE15 (Connexo); n/a (ENCOURAGE)``. Lookups accept them; the mnemonic stays the one name.
"""

from __future__ import annotations

import csv
from pathlib import Path

from cimgen.errors import InputError
from cimgen.graph.records import (
    CODE_TABLE_PREFIX,
    CodeEntry,
    CodeTableRecord,
    DocumentRecords,
    Location,
    ProfileRecord,
)
from cimgen.runtime._codefacts import folded

TABLE_HEADER = ["code", "name", "member", "description", "confidence"]
EXTENSION_HEADER = ["table", "code", "name", "member", "description"]
_HEADERS = (TABLE_HEADER, EXTENSION_HEADER, [*TABLE_HEADER, "aliases"], [*EXTENSION_HEADER, "aliases"])


def csv_header(path: Path) -> list[str]:
    """The first row of a CSV file, or an empty list."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError):
        return []


def is_code_table(path: Path) -> bool:
    """True for a CSV file with a code-table or extension header."""
    return csv_header(path) in _HEADERS


def _entry(row: dict[str, str], confidence: str, location: Location) -> CodeEntry:
    member = row["member"].strip()
    if not member.isidentifier() or not member.isupper():
        raise InputError(f"member {member!r} is not an upper-case Python name", file=location.file, line=location.line)
    code = row["code"].strip()
    if not code or any(not part.lstrip("-").isdigit() for part in code.split(".")):
        raise InputError(f"code {code!r} is not a number", file=location.file, line=location.line)
    aliases = tuple(_alias(text, location) for text in (row.get("aliases") or "").split(";") if text.strip())
    return CodeEntry(code, row["name"].strip(), member, row["description"].strip(), confidence, location, aliases)


def _alias(text: str, location: Location) -> tuple[str, str]:
    """An alias as written, ``MINUTE15 (Connexo)``: (name, where it is used)."""
    name, _, used = text.strip().partition(" (")
    if not name or not used.endswith(")"):
        message = f"alias {text.strip()!r} is not written 'name (where it is used)'"
        raise InputError(message, file=location.file, line=location.line)
    return name, used[:-1]


def _check_aliases(entries: list[CodeEntry], table: str) -> None:
    """An alias may name no other code of its table: a lookup by it would be a guess."""
    names = {folded(name): entry.code for entry in entries for name in (entry.name, entry.member)}
    for entry in entries:
        for alias, _ in entry.aliases:
            other = names.get(folded(alias))
            if other is not None and other != entry.code:
                message = f"{table}: alias {alias!r} of code {entry.code} is the name of code {other}"
                raise InputError(message, file=entry.location.file, line=entry.location.line)


def read_code_tables(path: Path, display_name: str) -> DocumentRecords:
    """Read a code-table or extension CSV file.

    Args:
        path: The file.
        display_name: How to name it in records and errors.

    Returns:
        One record per table the file contributes to.

    Raises:
        InputError: An unknown header, a row with missing fields, a bad code or member name.
    """
    header = csv_header(path)
    extension = header[:1] == ["table"]
    if header not in _HEADERS:
        raise InputError(
            f"not a code table: the header must be {','.join(TABLE_HEADER)} or {','.join(EXTENSION_HEADER)} "
            "(either may add ,aliases)",
            file=display_name,
            line=1,
        )
    tables: dict[str, list[CodeEntry]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            location = Location(display_name, reader.line_num)
            if None in row.values() or None in row:
                raise InputError("the row does not have the header's columns", file=display_name, line=reader.line_num)
            table = row["table"].strip() if extension else path.stem
            confidence = "vendor" if extension else row["confidence"].strip()
            tables.setdefault(table, []).append(_entry(row, confidence, location))
    for table, entries in tables.items():
        _check_aliases(entries, table)
    profile = ProfileRecord(name="vendor codes" if extension else "IEC 61968-9 codes", file=display_name)
    records = tuple(
        CodeTableRecord(CODE_TABLE_PREFIX + table, table, tuple(entries), entries[0].location, (profile.name,))
        for table, entries in sorted(tables.items())
    )
    return DocumentRecords(profile=profile, records=records)
