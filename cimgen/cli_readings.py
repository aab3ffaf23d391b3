"""``cimgen readings``: ebIX metered data to IEC 61968-9 MeterReadings messages and back (Annex I).

A thin layer over ``cimgen.ebix``: each input file becomes one file of the same name in ``--out``,
written whole or not at all (a temporary file renamed into place; none is left after an error or
Ctrl-C). Values with no CIM counterpart are listed, one line each, with ``--verbose``; a summary says
how many there are.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from cimgen import ebix_mapping
from cimgen.cli_status import status_line
from cimgen.ebix import Converted, from_ebix, to_ebix
from cimgen.emit.writer import written_whole
from cimgen.errors import CimgenError, UsageError

readings_app = typer.Typer(
    help="Convert metered data between ebIX and IEC 61968-9 MeterReadings (Annex I).", no_args_is_help=True
)
FilesArgument = Annotated[list[Path], typer.Argument(help="The documents to convert.")]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="The folder to write the converted documents into.")]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="List each value carried without CIM counterpart.")
]


def _refuse_missing(files: list[Path]) -> None:
    """One line and exit code 2 for the first of the files that is not there."""
    missing = next((path for path in files if not path.is_file()), None)
    if missing is not None:
        typer.echo(f"cimgen: error: {UsageError('no such file', file=str(missing))}", err=True)
        raise typer.Exit(2)


def _convert(files: list[Path], out: Path, convert: Callable[[Path], Converted], verbose: bool) -> None:
    failed = 0
    _refuse_missing(files)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        typer.echo(f"cimgen: error: {error}", err=True)
        raise typer.Exit(2) from None
    for path in files:
        try:
            converted = convert(path)
            with written_whole(out / path.name) as temporary:
                temporary.write_bytes(converted.document)
        except CimgenError as error:
            typer.echo(f"cimgen: error: {error}", err=True)
            failed += 1
            continue
        carried = f"; {len(converted.carried)} values without CIM counterpart carried" if converted.carried else ""
        typer.echo(f"{path}: {converted.series} series, {converted.readings} readings -> {out / path.name}{carried}")
        for item in converted.carried if verbose else ():
            typer.echo(f"  {item}")
    if failed:
        raise typer.Exit(1)


@readings_app.command("from-ebix")
def readings_from_ebix(files: FilesArgument, out: OutOption, verbose: VerboseOption = False) -> None:
    """Convert ebIX metered data time series (RSM-012) to IEC 61968-100 messages of MeterReadings."""
    _convert(files, out, from_ebix, verbose)


@readings_app.command("to-ebix")
def readings_to_ebix(files: FilesArgument, out: OutOption) -> None:
    """Convert messages of MeterReadings (as from-ebix writes them) back to ebIX documents."""
    _convert(files, out, to_ebix, False)


@readings_app.command("mapping")
def readings_mapping() -> None:
    """Print the ebIX to IEC 61968-9 mapping, one row per line."""
    for ebix, cim in ebix_mapping.table():
        typer.echo(f"{ebix}\t{cim}")


@readings_app.command("to-parquet")
def readings_to_parquet(
    files: FilesArgument,
    out: OutOption,
    events: Annotated[bool, typer.Option("--events", help="The EndDeviceEvents table instead of readings.")] = False,
    by_day: Annotated[bool, typer.Option("--by-day", help="One file per day, in day=YYYY-MM-DD folders.")] = False,
) -> None:
    """Write the readings (or events) of IEC 61968-9 documents (plain, SOAP or IEC 61968-100) as Parquet."""
    from cimgen.parquet import to_parquet

    _refuse_missing(files)
    stems: dict[str, Path] = {}
    for path in files:  # each document's file is named after it: two of one name would overwrite each other
        if stems.setdefault(path.stem, path) != path:
            typer.echo(f"cimgen: error: {path}: {stems[path.stem]} has the same name; give them one by one", err=True)
            raise typer.Exit(2)
    failed, rows, written = 0, 0, 0
    with status_line(len(files) > 1) as step:
        for number, path in enumerate(files, 1):
            if step:
                step(f"converting {path.name} ({number}/{len(files)})")
            try:
                result = to_parquet(path, out, events=events, by_day=by_day)
            except CimgenError as error:
                typer.echo(f"cimgen: error: {error}", err=True)
                if error.exit_code == 2:
                    raise typer.Exit(2) from None
                failed += 1
                continue
            rows, written = rows + result.rows, written + len(result.files)
    what = "events" if events else "readings"
    typer.echo(f"{len(files) - failed} of {len(files)} files, {rows:,} {what} -> {written} Parquet files in {out}")
    if failed:
        raise typer.Exit(1)
