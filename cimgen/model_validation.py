"""``cimgen validate`` for CIM-XML models (IEC 61970-552): CGMES exchanges, boundary sets, master data.

The CIM-XML documents given are read together as one model, the way a CGMES exchange is one
model in several files (EQ defines an object, SSH and TP add to it), with the ``cimxml``
module of the package generated from the schemas. Each file's report lists what the reader
could not take as written (unknown classes and properties, values not of their type,
references to objects no document defines) and what the profile's rules find
(``model.validate()``), each with the object's identifier and the line that describes it.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from lxml import etree

from cimgen.runtime._cimread import is_zip
from cimgen.validation import FileReport, Finding

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_ID, _ABOUT = f"{{{RDF}}}ID", f"{{{RDF}}}about"
_RDF_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?RDF[\s>]")
# What the reader reports, at the value's own line, and the model's checks would report again.
_REPORTED_BY_THE_READER = frozenset({"bad-value", "unresolved-reference"})


def is_cim_xml(path: Path) -> bool:
    """A zip exchange (by its name or, as the reader knows one, its first bytes), or a document
    whose root is ``rdf:RDF`` (read from its first bytes)."""
    if is_zip(path):
        return True
    with open(path, "rb") as handle:
        head = handle.read(4096)
    return RDF.encode() in head and _RDF_ROOT.search(head) is not None


def _report_of(document: str, reports: dict[str, FileReport], archives: dict[str, str]) -> FileReport:
    """The report of the file a document came from: itself, or the archive it is a member of."""
    return reports.get(document) or reports[archives.get(document.partition("/")[0], next(iter(reports)))]


def _object_lines(source: str | bytes, identifiers: set[str]) -> dict[str, int]:
    """The line of each object element that names one of ``identifiers``, in one pass that frees as it goes."""
    found: dict[str, int] = {}
    stream = source if isinstance(source, str) else io.BytesIO(source)
    context = etree.iterparse(
        stream, events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    depth = 0
    for event, element in context:
        if event == "start":
            depth += 1
            if depth == 2:
                about = element.get(_ID) or (element.get(_ABOUT) or "").removeprefix("#")
                if about in identifiers and about not in found:
                    found[about] = element.sourceline
            continue
        depth -= 1
        if depth == 1:
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
        if len(found) == len(identifiers):
            break
    return found


def _document_source(document: str, paths: Sequence[Path]) -> str | bytes | None:
    """A document of the model again, to look lines up in: its file, or its member of an archive."""
    for path in paths:
        if str(path) == document:
            return str(path)
        if document.startswith(f"{path.name}/") and is_zip(path):
            with zipfile.ZipFile(path) as archive:
                return archive.read(document.partition("/")[2])
    return None


def _place(findings: Iterable[Any], paths: Sequence[Path]) -> dict[tuple[str, str], int]:
    """Lines of the objects that findings without one name, by (document, identifier)."""
    wanted: dict[str, set[str]] = {}
    for finding in findings:
        if finding.line is None and finding.object and finding.file:
            wanted.setdefault(finding.file, set()).add(finding.object)
    lines: dict[tuple[str, str], int] = {}
    for document, identifiers in wanted.items():
        source = _document_source(document, paths)
        if source is not None:
            lines.update(((document, key), line) for key, line in _object_lines(source, identifiers).items())
    return lines


def validate_models(
    package: ModuleType,
    paths: Sequence[Path],
    progress: Callable[[str], None] | None = None,
    sparql: bool = False,
) -> list[FileReport]:
    """Validate CIM-XML documents as one model: a report per file, findings in line order.

    Args:
        package: The generated package whose ``cimxml`` module reads the model.
        paths: The documents and ``.zip`` exchanges, read together.
        progress: Called with a short description of each step.
        sparql: Also run the SHACL-SPARQL constraints of the package's shapes (with rdflib).
    """
    cimxml = importlib.import_module(f"{package.__name__}.cimxml")
    reports = {str(path): FileReport(str(path), root="rdf:RDF") for path in paths}
    archives = {path.name: str(path) for path in paths if is_zip(path)}
    if progress:
        progress(f"reading the model ({len(paths)} files)")
    try:
        model = cimxml.read(list(paths))
    except cimxml.CimReadError as error:  # one document cannot be read at all: the verdict is on it
        message = str(error)
        named = next((r for key, r in reports.items() if message.startswith(key)), None)
        report = named or _report_of(message.partition(":")[0], reports, archives)
        report.findings.append(Finding("error", "unreadable", message, "/", None))
        return list(reports.values())
    if progress:
        progress(f"checking {len(model)} objects")
    read = {(f.code, f.object) for f in model.findings if f.code in _REPORTED_BY_THE_READER}
    checked = [f for f in model.validate(sparql=sparql) if (f.code, f.object) not in read]
    findings = [*model.findings, *checked]
    lines = _place(findings, paths)
    for finding in findings:
        line = finding.line or lines.get((finding.file, finding.object or ""))
        report = _report_of(finding.file, reports, archives) if finding.file else next(iter(reports.values()))
        report.findings.append(Finding(finding.severity, finding.code, finding.message, finding.object or "/", line))
    for report in reports.values():
        report.findings.sort(key=lambda f: (f.line or 0, f.path, f.code))
    return list(reports.values())
