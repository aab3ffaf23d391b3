"""The ``cimgen`` command: parses flags, calls the library API, prints results.

Errors reach the user as one line on standard error, ``cimgen: error: FILE:LINE: what``,
with exit code 1 for bad input and 2 for a wrong call; never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from cimgen import __version__, api
from cimgen.cli_codes import codes_app
from cimgen.cli_diff import diff, docs
from cimgen.cli_readings import readings_app
from cimgen.cli_status import status_line
from cimgen.cli_validate import validate
from cimgen.errors import CimgenError

app = typer.Typer(
    name="cimgen",
    help="Turn IEC CIM profiles (RDFS) into typed Python packages.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cimgen {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn IEC CIM profiles (RDFS) and IEC 61968-9 schemas into typed Python packages."""


InputsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="RDFS, OWL, XSD or code-table files, or folders of them. Default: the embedded profile."),
]
PackageOption = Annotated[
    str | None,
    typer.Option(
        "--package",
        "-p",
        help="Python package name. Default: named after the profile set (cgmes_3_0_0), the profile, or the folder.",
    ),
]
TemplatesOption = Annotated[
    list[Path] | None, typer.Option("--templates", help="Folder of templates that override the built-in ones.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
CodeTablesOption = Annotated[
    bool,
    typer.Option(
        "--code-tables/--no-code-tables",
        help="Add cimgen's IEC 61968-9 code tables when the schemas refer to ReadingType and the other "
        "coded classes but bring no tables.",
    ),
]

app.add_typer(codes_app, name="codes")
app.add_typer(readings_app, name="readings")
cache_app = typer.Typer(help="What cimgen keeps between runs: compiled templates and validators.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info() -> None:
    """Say where the cache is and how much it holds."""
    from cimgen.cache import cache_root, cache_size

    typer.echo(f"{cache_root()}: {cache_size() / 1e6:.1f} MB")


@cache_app.command("clear")
def cache_clear() -> None:
    """Empty the cache; what it held is made again when needed."""
    from cimgen.cache import cache_root, clear_cache

    typer.echo(f"removed {clear_cache() / 1e6:.1f} MB from {cache_root()}")


app.command(name="validate")(validate)
app.command(name="diff")(diff)
app.command(name="docs")(docs)


def _fail(error: CimgenError) -> NoReturn:
    typer.echo(f"cimgen: error: {error}", err=True)
    raise typer.Exit(error.exit_code)


def _print_notes(notes: tuple[str, ...]) -> None:
    for note in notes:
        typer.echo(f"cimgen: note: {note}", err=True)


def _print_package_name(result: api.GenerateResult) -> None:
    if result.named_after is not None:
        typer.echo(f"package {result.package}: named after {result.named_after} (--package chooses another name)")


@app.command()
def generate(
    inputs: InputsArgument = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write the package folder into.")
    ] = api.DEFAULT_OUT,
    package: PackageOption = None,
    templates: TemplatesOption = None,
    quiet: QuietOption = False,
    code_tables: CodeTablesOption = True,
) -> None:
    """Generate typed dataclasses from CIM profiles into OUT/PACKAGE."""
    try:
        with status_line(not quiet) as progress:
            result = api.generate(inputs, out, package, templates or (), progress, code_tables=code_tables)
    except CimgenError as error:
        _fail(error)
    if not quiet:
        _print_notes(result.notes)
        _print_package_name(result)
        modules = sum(1 for name in result.files if name.endswith(".py"))
        typer.echo(f"wrote {modules} modules to {result.output_dir}")


@app.command()
def package(
    inputs: InputsArgument = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The distribution folder (replaced whole).")
    ] = api.DEFAULT_OUT,
    package: PackageOption = None,
    dist_name: Annotated[
        str | None, typer.Option("--dist-name", help="Distribution name. Default: the package name with dashes.")
    ] = None,
    templates: TemplatesOption = None,
    quiet: QuietOption = False,
    version: Annotated[
        str | None,
        typer.Option(
            "--version",
            help="Distribution version (PEP 440, no local part). Default: a 'version' file beside the inputs, "
            "else <profile version>.<cimgen version>. Never lower than the one already in OUT.",
        ),
    ] = None,
    code_tables: CodeTablesOption = True,
) -> None:
    """Generate an installable distribution (pyproject.toml, README.md, the package) into OUT."""
    try:
        with status_line(not quiet) as progress:
            result = api.generate_distribution(
                inputs, out, package, dist_name, templates or (), progress, version, code_tables=code_tables
            )
    except CimgenError as error:
        _fail(error)
    if not quiet:
        _print_notes(result.notes)
        _print_package_name(result)
        typer.echo(f"wrote a distribution of {len(result.files)} files to {result.output_dir}")


def _print_text(data: dict[str, Any]) -> None:
    grouped: dict[tuple[str, str], list[str]] = {}  # the code tables are one profile of twenty files
    for profile in data["profiles"]:
        grouped.setdefault((profile["name"], profile["version"] or ""), []).append(profile["file"])
    for (name, version), files in grouped.items():
        said = files[0] if len(files) == 1 else f"{len(files)} files: {', '.join(files[:2])}, ..."
        typer.echo(f"profile {name}{' ' + version if version else ''} ({said})")
    for key, value in data["counts"].items():
        typer.echo(f"{key.replace('_', ' ')}: {value}")
    for note in data["notes"]:
        typer.echo(f"note: {note}")
    shapes = data.get("shapes")
    if shapes:
        reasons = ", ".join(f"{why}: {count}" for why, count in shapes["not_run_by_reason"].items())
        typer.echo(
            f"SHACL shapes: {shapes['compiled']} compiled into checks, {shapes['sparql']} SPARQL constraints "
            f"and SPARQL-selected shapes run with rdflib (--sparql), {shapes['not_run']} not run"
            + (f" ({reasons})" if reasons else "")
        )
    links = data.get("links")
    if links:
        typer.echo(
            f"model references: {links['model_references']}, linked to the CIM: {links['linked']}, "
            f"unlinked: {links['unlinked']}"
        )
    facts = data.get("class")
    if facts is None:
        return
    typer.echo("")
    parents = " -> ".join([facts["name"], *facts["superclasses"]])
    abstract = ", abstract" if facts["abstract"] else ""
    typer.echo(f"{facts['kind']} {parents}{abstract}")
    typer.echo(f"  iri: {facts['iri']}")
    typer.echo(f"  python: {facts['module']}.{facts['python_name']}")
    typer.echo(f"  profiles: {', '.join(facts['profiles'])}")
    for item in facts["attributes"]:
        typer.echo(f"  attribute {item['name']}: {item['type']} [{item['multiplicity']}] from {item['declared_in']}")
    for item in facts["associations"]:
        used = "" if item["used"] is None else (", used" if item["used"] else ", not used")
        typer.echo(
            f"  association {item['name']}: {item['type']} [{item['multiplicity']}] from {item['declared_in']}{used}"
        )
    if "literals" in facts:
        typer.echo(f"  literals: {', '.join(facts['literals'])}")


@app.command()
def inspect(
    inputs: InputsArgument = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    class_name: Annotated[
        str | None, typer.Option("--class", help="Also describe this class (CIM name, Python name or IRI).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Count the classes, enumerations, datatypes and properties the inputs define."""
    try:
        with status_line(not (quiet or as_json)) as progress:
            inspection = api.inspect(inputs, class_name, progress)
    except CimgenError as error:
        _fail(error)
    data = inspection.to_dict()
    if as_json:
        typer.echo(json.dumps(data, indent=2, sort_keys=True))
    else:
        _print_text(data)


def _exit_status(code: object) -> int:
    """The process exit status for a ``SystemExit`` code, as the interpreter would make it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def main() -> None:
    """Entry point of the ``cimgen`` console script."""
    try:
        app()
        status = 0
    except SystemExit as stop:
        status = _exit_status(stop.code)
    except KeyboardInterrupt:
        status = 130
    if status == 130:  # Ctrl-C: typer exits 130 quietly; say it in one line (the output was cleaned up)
        typer.echo("cimgen: interrupted", err=True)
    # Everything is written and closed: leave without tearing the interpreter down, which would
    # free a large class graph object by object (a tenth of a second for CGMES) for nothing.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a reader that went away (``| head``): nothing more to say to it
            pass
    os._exit(status)
