"""Readers: input files into class-graph records. They never render anything.

``collect_inputs`` expands the paths a user gives into a sorted list of files;
``read_document`` picks the reader for a file by its suffix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from cimgen.errors import InputError, UsageError
from cimgen.graph.records import DocumentRecords
from cimgen.readers.codes import is_code_table, read_code_tables
from cimgen.readers.owl_profile import interpret_owl_profile, is_owl_profile
from cimgen.readers.rdfs import interpret_rdfs
from cimgen.readers.rdfxml import read_rdfxml
from cimgen.readers.shacl import interpret_shacl, is_shapes_document
from cimgen.readers.triples import StatementIndex

RDFXML_SUFFIXES = (".rdf", ".rdfs", ".owl", ".xml")
# What a folder contributes: the schema files (CIMTool's .owl profiles among them),
# and the CSV files that are code tables (by their header), not any other CSV.
FOLDER_SUFFIXES = (".rdf", ".rdfs", ".owl", ".ttl", ".nt", ".jsonld", ".xsd")
XSD_SUFFIX = ".xsd"
CODE_TABLE_SUFFIX = ".csv"

RDFLIB_SUFFIXES = (".ttl", ".nt", ".n3", ".jsonld")


def _read_with_rdflib(path: Path, name: str) -> StatementIndex:
    # Imported on first use: rdflib takes longer to import than lxml takes to read a CGMES set.
    from cimgen.readers.rdflib_formats import read_with_rdflib

    return read_with_rdflib(path, name)


_READERS: dict[str, Callable[[Path, str], StatementIndex]] = {
    **{suffix: read_rdfxml for suffix in RDFXML_SUFFIXES},
    **{suffix: _read_with_rdflib for suffix in RDFLIB_SUFFIXES},
}


def supported_suffixes() -> tuple[str, ...]:
    """The file suffixes cimgen reads, sorted."""
    return tuple(sorted([*_READERS, CODE_TABLE_SUFFIX, XSD_SUFFIX]))


def _wanted_in_folder(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in FOLDER_SUFFIXES or (suffix == CODE_TABLE_SUFFIX and is_code_table(path))


def collect_inputs(paths: Sequence[Path | str]) -> list[Path]:
    """Expand files and folders into the sorted, de-duplicated list of input files.

    Args:
        paths: Files, or folders whose schema files (``*.rdf``, ``*.rdfs``, ``*.ttl``, ...) are read.

    Returns:
        The files, sorted by their resolved path so that input order never matters.

    Raises:
        UsageError: A path does not exist, a file has an unknown suffix, or a folder holds no schema.
    """
    files: set[Path] = set()
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise UsageError("no such file or folder", file=str(given))
        if path.is_dir():
            found = [p for p in path.rglob("*") if p.is_file() and _wanted_in_folder(p)]
            if not found:
                suffixes = ", ".join([*FOLDER_SUFFIXES, "code-table .csv"])
                raise UsageError(f"the folder holds no schema file ({suffixes})", file=str(given))
            files.update(p.resolve() for p in found)
        elif path.suffix.lower() in supported_suffixes():
            files.add(path.resolve())
        else:
            known = ", ".join(supported_suffixes())
            raise UsageError(f"cannot read files of this kind (known: {known})", file=str(given))
    return sorted(files | schema_locations(sorted(f for f in files if f.suffix.lower() == XSD_SUFFIX)))


def schema_locations(schemas: Sequence[Path]) -> set[Path]:
    """The local schema files that XML Schemas include, import or redefine, and those that these do,
    and so on: each ``schemaLocation`` that names a file beside them (never one on the network).
    A schema may import one namespace from many files (ebIX imports one code list per file), so
    every location counts, not the first per namespace. A location that is not there is left to the
    readers, which name what it should have defined."""
    found: set[Path] = set()
    pending = list(schemas)
    while pending:
        schema = pending.pop()
        for location in _locations(schema):
            target = (schema.parent / location).resolve()
            if "://" in location or target in found or target in schemas or not target.is_file():
                continue
            found.add(target)
            pending.append(target)
    return found


def _locations(schema: Path) -> list[str]:
    from cimgen.readers.triples import parse_xml_safely

    root = parse_xml_safely(schema, str(schema)).getroot()
    references = ("include", "import", "redefine")
    return [
        node.get("schemaLocation", "")
        for node in root
        if isinstance(node.tag, str) and node.tag.rpartition("}")[2] in references and node.get("schemaLocation")
    ]


def display_name(path: Path) -> str:
    """How a file is named in records and errors: its path relative to the working folder if possible."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_document(path: Path, name: str | None = None) -> DocumentRecords:
    """Read one input file into records.

    Args:
        path: The file.
        name: How to name it in records and errors; by default its display name.

    Returns:
        The document's profile and records.

    Raises:
        InputError: The file cannot be read or interpreted.
    """
    shown = name or display_name(path)
    if path.suffix.lower() == CODE_TABLE_SUFFIX:
        return read_code_tables(path, shown)
    if path.suffix.lower() == XSD_SUFFIX:
        # Imported on first use: xsdata takes a tenth of a second to import, RDFS runs never need it.
        from cimgen.readers.xsd import read_xsd

        return read_xsd(path, shown)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError("cannot read files of this kind", file=shown)
    statements = reader(path, shown)
    if not statements:
        raise InputError("the file holds no RDF statements", file=shown)
    if is_shapes_document(statements):
        return interpret_shacl(statements, shown, path.stem)
    if is_owl_profile(statements):
        return interpret_owl_profile(statements, shown, path.stem)
    return interpret_rdfs(statements, shown, path.stem)
