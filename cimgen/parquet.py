"""Meter readings and end device events from IEC 61968-9 documents into Parquet files
(``cimgen readings to-parquet``), through the embedded profile's generated ``tables`` module.

Each document becomes one Parquet file of the same stem, or one per day of its readings under
``day=YYYY-MM-DD/`` folders (the layout DuckDB, Spark and pandas read as a partition column). Files
are written under temporary names and renamed into place once the document is read to its end, so
a document that fails part way (or Ctrl-C) leaves no Parquet file behind.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from cimgen.emit.writer import written_whole
from cimgen.errors import InputError, UsageError


@dataclass(frozen=True, slots=True)
class Written:
    """What one document gave: its rows and the Parquet files written."""

    rows: int
    files: tuple[Path, ...]


def _tables() -> tuple[ModuleType, ModuleType, Any]:
    from cimgen.validation import embedded_module  # the embedded profile's package, generated once

    try:
        import pyarrow.parquet as parquet
    except ImportError:
        raise UsageError("Parquet output needs pyarrow: pip install 'cimgen[arrow]'") from None
    return embedded_module("tables"), embedded_module("_xmlcodec"), parquet


def to_parquet(source: Path, out: Path, *, events: bool = False, by_day: bool = False) -> Written:
    """Write the readings (or, with ``events``, the events) table of one document as Parquet.

    Raises:
        InputError: The document cannot be read; the error names its line. Nothing is written then.
    """
    tables, codec, parquet = _tables()
    batches = tables.events_batches(source) if events else tables.readings_batches(source)
    schema = tables.events_schema() if events else tables.readings_schema()
    time_column = "created" if events else "time_stamp"
    writers: dict[str, Any] = {}  # by day, or "" for the whole document
    finals: list[Path] = []
    rows = 0
    try:
        # Leaving the blocks closes every writer, then renames every file into place; an error
        # closes them and removes every file.
        with ExitStack() as files, ExitStack() as open_writers:
            for batch in batches:
                rows += batch.num_rows
                for day, part in _by_day(batch, time_column) if by_day else [("", batch)]:
                    if day not in writers:
                        final = out / f"day={day}" / f"{source.stem}.parquet" if day else out / f"{source.stem}.parquet"
                        final.parent.mkdir(parents=True, exist_ok=True)
                        temporary = files.enter_context(written_whole(final))
                        writers[day] = open_writers.enter_context(parquet.ParquetWriter(str(temporary), schema))
                        finals.append(final)
                    writers[day].write_batch(part)
    except codec.XmlDecodeError as error:
        line = error.issue.line if error.issue is not None else None
        raise InputError(str(error), file=str(source), line=line) from None
    return Written(rows, tuple(sorted(finals)))


def _by_day(batch: Any, column: str) -> list[tuple[str, Any]]:
    """The batch's rows grouped by the UTC day of a timestamp column (``unknown`` where it has none)."""
    import pyarrow.compute as compute

    days = compute.strftime(batch.column(column), format="%Y-%m-%d").fill_null("unknown")
    parts = []
    for day in sorted(set(days.to_pylist())):
        parts.append((day, batch.filter(compute.equal(days, day))))
    return parts
