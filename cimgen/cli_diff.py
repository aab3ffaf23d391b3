"""``cimgen diff``: what changed between two versions of a profile set (a thin layer over ``cimgen.diff``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cimgen.diff import diff_inputs
from cimgen.diff_report import FORMATS, render
from cimgen.errors import CimgenError, UsageError


def diff(
    old: Annotated[list[Path], typer.Argument(help="The older version's inputs (files or folders).")],
    against: Annotated[
        list[Path], typer.Option("--against", "-a", help="The newer version's inputs; repeat for several.")
    ],
    format_: Annotated[str, typer.Option("--format", "-f", help="text, markdown or json.")] = "text",
) -> None:
    """Report the classes, properties, enumerations, literals and datatypes added, removed and changed."""
    try:
        if format_ not in FORMATS:
            raise UsageError(f"unknown --format {format_!r}; choose one of {', '.join(FORMATS)}")
        report = render(diff_inputs(old, against), format_)
    except CimgenError as error:
        typer.echo(f"cimgen: error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
    typer.echo(report, nl=False)
