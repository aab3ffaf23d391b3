"""``cimgen validate``: check XML documents; exit 0 when all are valid, 1 when one is not, 2 on a wrong call."""

from __future__ import annotations

import enum
import gc
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cimgen.errors import CimgenError, UsageError

if TYPE_CHECKING:
    from cimgen.validation import FileReport


class Format(enum.StrEnum):
    """How ``cimgen validate`` prints its findings."""

    TEXT = "text"
    JSON = "json"


def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="XML documents (plain, SOAP or IEC 61968-100 messages; CIM-XML models and their .zip "
            "exchanges, read together as one model), or folders of them (searched deep)."
        ),
    ],
    schemas: Annotated[
        list[Path] | None,
        typer.Option(
            "--schemas",
            "-s",
            help="XSDs (for messages) and RDFS profiles (for CIM-XML models), files or folders. "
            "Default: the embedded ones.",
        ),
    ] = None,
    output: Annotated[Format, typer.Option("--format", "-f", help="How to print the findings.")] = Format.TEXT,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the findings.")] = False,
    max_findings: Annotated[
        int,
        typer.Option("--max-findings", help="List at most this many findings per file (0: all); the rest are counted."),
    ] = 1000,
    code_tables: Annotated[
        bool,
        typer.Option(
            "--code-tables/--no-code-tables",
            help="Check IEC 61968-9 codes with cimgen's code tables when the schemas bring none.",
        ),
    ] = True,
    sparql: Annotated[
        bool,
        typer.Option(
            "--sparql",
            help="Also run the SHACL-SPARQL constraints of the shapes given with --schemas (slower: rdflib "
            "over the model's triples).",
        ),
    ] = False,
) -> None:
    """Validate documents against XML Schemas and the IEC 61968-9 / 61968-100 rules, and CIM-XML
    models against the rules their RDFS profile states.

    The validators are generated once per set of schemas and kept in $CIMGEN_CACHE (by default
    ~/.cache/cimgen; the last 8 sets); `cimgen cache clear` empties it.
    """
    gc.enable()  # documents of any size stream through here: garbage must be collected as it goes
    try:
        if max_findings < 0:
            raise UsageError("--max-findings must be 0 (all) or more")
        reports = _run(_documents(files), schemas, quiet, max_findings or None, code_tables, sparql)
    except CimgenError as error:  # a wrong call or an unreadable schema: no verdict on the documents
        typer.echo(f"cimgen: error: {error}", err=True)
        raise typer.Exit(2) from None
    if output is Format.JSON:
        document = {
            "valid": all(r.valid for r in reports),
            "code_tables": code_tables,
            "files": [r.as_dict() for r in reports],
        }
        typer.echo(json.dumps(document, indent=2))
    else:
        for report in reports:
            for finding in report.findings:
                where = f"{report.file}:{finding.line}" if finding.line else report.file
                typer.echo(f"{where}: {finding.severity}: [{finding.code}] {finding.path}: {finding.message}")
            more_errors, more_warnings = report.not_listed.get("error", 0), report.not_listed.get("warning", 0)
            if more_errors or more_warnings:
                typer.echo(
                    f"{report.file}: {more_errors} more errors and {more_warnings} more warnings not listed "
                    "(--max-findings lists more)"
                )
            if not quiet:
                errors = sum(1 for f in report.findings if f.severity == "error") + more_errors
                warnings = len(report.findings) + more_errors + more_warnings - errors
                verdict = "valid" if report.valid else "INVALID"
                typer.echo(f"{report.file}: {verdict} ({errors} errors, {warnings} warnings)")
    raise typer.Exit(0 if all(r.valid for r in reports) else 1)


def _documents(paths: list[Path]) -> list[Path]:
    """The files given, and the ``*.xml`` and ``*.zip`` files in the folders given (sorted, at any depth)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".xml", ".zip"))
            if not inside:
                raise UsageError("holds no .xml or .zip file to validate", file=str(path))
            found += inside
        else:
            found.append(path)
    return found


def _run(
    files: list[Path], schemas: list[Path] | None, quiet: bool, most: int | None, code_tables: bool, sparql: bool
) -> list[FileReport]:
    """Validate, with the file at hand shown on standard error when it is a terminal."""
    from cimgen.validation import validate_files  # imported when used: the other commands start faster

    if not code_tables and not quiet:
        typer.echo("cimgen: IEC 61968-9 code checks are off (--no-code-tables)", err=True)
    if quiet or not sys.stderr.isatty():
        return validate_files(files, schemas, max_findings=most, code_tables=code_tables, sparql=sparql)
    from rich.console import Console

    with Console(stderr=True, highlight=False).status("starting") as status:
        update = status.update
        return validate_files(
            files, schemas, lambda message: update(message), max_findings=most, code_tables=code_tables, sparql=sparql
        )
