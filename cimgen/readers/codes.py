"""IEC 61968-9 code tables (CSV) into code-table records.

Two shapes are read. A table file, named after its table (``readingtype_uom.csv``), has the
header ``code,name,member,description,confidence``. An extension file, for the vendor
codes every head-end system has, names the table on each row:
``table,code,name,member,description``; its rows are marked ``vendor``.
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

TABLE_HEADER = ["code", "name", "member", "description", "confidence"]
EXTENSION_HEADER = ["table", "code", "name", "member", "description"]


def csv_header(path: Path) -> list[str]:
    """The first row of a CSV file, or an empty list."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError):
        return []


def is_code_table(path: Path) -> bool:
    """True for a CSV file with a code-table or extension header."""
    return csv_header(path) in (TABLE_HEADER, EXTENSION_HEADER)


def _entry(row: dict[str, str], confidence: str, location: Location) -> CodeEntry:
    member = row["member"].strip()
    if not member.isidentifier() or not member.isupper():
        raise InputError(f"member {member!r} is not an upper-case Python name", file=location.file, line=location.line)
    code = row["code"].strip()
    if not code or any(not part.lstrip("-").isdigit() for part in code.split(".")):
        raise InputError(f"code {code!r} is not a number", file=location.file, line=location.line)
    return CodeEntry(code, row["name"].strip(), member, row["description"].strip(), confidence, location)


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
    extension = header == EXTENSION_HEADER
    if header != TABLE_HEADER and not extension:
        raise InputError(
            f"not a code table: the header must be {','.join(TABLE_HEADER)} or {','.join(EXTENSION_HEADER)}",
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
    profile = ProfileRecord(name="vendor codes" if extension else "IEC 61968-9 codes", file=display_name)
    records = tuple(
        CodeTableRecord(CODE_TABLE_PREFIX + table, table, tuple(entries), entries[0].location, (profile.name,))
        for table, entries in sorted(tables.items())
    )
    return DocumentRecords(profile=profile, records=records)
