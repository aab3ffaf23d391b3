"""``cimgen codes``: decode, encode and list IEC 61968-9 codes from the command line.

The commands run the same ``codes`` module that generated packages contain, built from the
embedded tables plus any ``--extension`` files with vendor codes.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer

from cimgen import api
from cimgen.errors import CimgenError, UsageError
from cimgen.graph.code_tables import KNOWN_TABLES

codes_app = typer.Typer(help="Decode, encode and list IEC 61968-9 codes.", no_args_is_help=True)

ExtensionOption = Annotated[
    list[Path] | None,
    typer.Option("--extension", "-e", help="A CSV file of vendor codes (table,code,name,member,description)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
KINDS = {
    "readingtype": "ReadingType",
    "enddeviceeventtype": "EndDeviceEventType",
    "enddevicecontroltype": "EndDeviceControlType",
    "readingqualitytype": "ReadingQualityType",
}


def _fail(error: CimgenError | ValueError) -> typer.Exit:
    code = error.exit_code if isinstance(error, CimgenError) else 1
    typer.echo(f"cimgen: error: {error}", err=True)
    return typer.Exit(code)


def _load(extensions: list[Path] | None) -> ModuleType:
    try:
        return api.load_codes(extensions or [])
    except CimgenError as error:
        raise _fail(error) from None


def _part(field: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {"field": field, "code": "*", "member": None, "mnemonic": None, "description": "any (wildcard)"}
    if hasattr(value, "mnemonic"):
        return {
            "field": field,
            "code": value.value if isinstance(value.value, str) else int(value),
            "member": value.name,
            "mnemonic": value.mnemonic,
            "description": value.description,
        }
    return {"field": field, "code": value, "member": None, "mnemonic": None, "description": None}


def _facts(code: str, decoded: Any) -> dict[str, Any]:
    fields = getattr(decoded, "_fields", None)
    if fields is not None:  # a codec value: a named tuple of parts
        parts = [_part(field, value) for field, value in zip(fields, decoded, strict=True)]
        return {"code": code, "kind": type(decoded).__name__, "description": decoded.describe(), "parts": parts}
    return {"code": code, "kind": type(decoded).__name__, "description": decoded.description, "parts": []}


@codes_app.command()
def decode(
    codes: Annotated[list[str], typer.Argument(help="Dotted codes: 18 parts (ReadingType), 4, 3 or 2.")],
    kind: Annotated[str | None, typer.Option("--kind", help="Decode 4-part codes as enddevicecontroltype.")] = None,
    lenient: Annotated[bool, typer.Option("--lenient", help="Keep unknown parts as numbers.")] = False,
    as_json: JsonOption = False,
    extension: ExtensionOption = None,
) -> None:
    """Decode codes and say what they mean."""
    module = _load(extension)
    results = []
    try:
        for code in codes:
            if kind is not None:
                codec = getattr(module, KINDS.get(kind.lower().replace("-", ""), ""), None)
                if codec is None:
                    raise UsageError(f"--kind must be one of {', '.join(KINDS)}")
                decoded = codec.parse(code, strict=not lenient)
            else:
                decoded = module.decode(code, strict=not lenient)
            results.append(_facts(code, decoded))
    except (CimgenError, ValueError) as error:
        raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps(results, indent=2, ensure_ascii=False))
        return
    for result in results:
        typer.echo(f"{result['code']}  {result['kind']}: {result['description']}")
        for part in result["parts"]:
            name = part["mnemonic"] or ""
            typer.echo(f"  {part['field']:<26} {part['code']!s:>5}  {name:<28} {part['description'] or ''}")


@codes_app.command()
def encode(
    parts: Annotated[list[str], typer.Argument(help="part=value pairs, such as measuring-period=fifteenMinute.")],
    kind: Annotated[str, typer.Option("--kind", help=f"One of: {', '.join(KINDS)}.")] = "readingtype",
    as_json: JsonOption = False,
    extension: ExtensionOption = None,
) -> None:
    """Build a code from named parts; values are member names, mnemonics or numbers."""
    module = _load(extension)
    values: dict[str, str] = {}
    for pair in parts:
        key, sep, value = pair.partition("=")
        if not sep:
            raise _fail(UsageError(f"{pair!r} is not part=value"))
        values[key.strip().replace("-", "_")] = value.strip()
    codec_name = KINDS.get(kind.lower().replace("-", ""))
    if codec_name is None or not hasattr(module, codec_name):
        raise _fail(UsageError(f"--kind must be one of {', '.join(KINDS)}"))
    codec = getattr(module, codec_name)
    try:
        if codec_name == "ReadingType":
            built = codec.build(**values)
        elif codec_name == "ReadingQualityType":
            built = codec.parse(".".join(values.get(f, "0") for f in codec._fields))
        else:
            unknown = set(values) - set(codec._fields)
            if unknown:
                raise UsageError(f"{codec_name} has no part {sorted(unknown)[0]!r}")
            built = codec.from_mnemonics(".".join(values.get(field, "*") for field in codec._fields))
    except (CimgenError, ValueError) as error:
        raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps(_facts(str(built), built), indent=2, ensure_ascii=False))
    else:
        typer.echo(str(built))


def _table_enum(module: ModuleType, table: str) -> Any:
    wanted = table.replace(".", "_").replace("-", "_").lower()
    for name, (enum_name, _) in KNOWN_TABLES.items():
        if wanted in (name, enum_name.lower()) and hasattr(module, enum_name):
            return getattr(module, enum_name)
    raise UsageError(f"no code table {table!r}; `cimgen codes list` names them")


@codes_app.command("list")
def list_tables(
    table: Annotated[str | None, typer.Argument(help="A table, such as readingtype.uom or UnitSymbol.")] = None,
    as_json: JsonOption = False,
    extension: ExtensionOption = None,
) -> None:
    """List the code tables, or the codes of one table."""
    module = _load(extension)
    if table is None:
        rows: list[dict[str, Any]] = [
            {"table": name, "enum": enum_name, "codes": len(getattr(module, enum_name)), "what": what}
            for name, (enum_name, what) in KNOWN_TABLES.items()
            if hasattr(module, enum_name)
        ]
        if as_json:
            typer.echo(json.dumps(rows, indent=2))
        for row in [] if as_json else rows:
            typer.echo(f"{row['table'].replace('_', '.', 1):<30} {row['enum']:<24} {row['codes']:>4}  {row['what']}")
        return
    try:
        enum = _table_enum(module, table)
    except UsageError as error:
        raise _fail(error) from None
    entries = [
        {
            "code": member.value,
            "member": member.name,
            "mnemonic": member.mnemonic,
            "description": member.description,
            "confidence": member.confidence,
        }
        for member in enum
    ]
    if as_json:
        typer.echo(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    for entry in entries:
        typer.echo(
            f"{entry['code']!s:>6}  {entry['member']:<34} {entry['mnemonic']:<30} {entry['description']}"
            + ("" if entry["confidence"] == "agreed" else f"  [{entry['confidence']}]")
        )
