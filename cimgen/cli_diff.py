"""``cimgen diff`` and ``cimgen docs``: seeing a profile set, and what changed in it (thin layers over
``cimgen.diff`` and ``cimgen.api.generate_docs``)."""

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


def docs(
    inputs: Annotated[
        list[Path] | None, typer.Argument(help="The profile set (files or folders); the embedded one if none.")
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write the site into.")] = Path("site"),
    older: Annotated[
        list[Path] | None,
        typer.Option("--diff", help="An older version's inputs: mark what changed; repeat for several."),
    ] = None,
) -> None:
    """Write a static HTML reference of a profile set: a page per class and package, class diagrams, a search box."""
    from cimgen.api import generate_docs

    try:
        written = generate_docs(inputs, out, older)
    except CimgenError as error:
        typer.echo(f"cimgen: error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
    typer.echo(f"wrote {len(written)} files to {out} (open {out / 'index.html'})")
