"""``cimgen validate``: check documents with the validators generated from their schemas.

The schemas (the embedded Part 9 schemas by default) are generated once into a cache folder
keyed by their content, and that package does the work: its readers report what the schema
does not allow (unknown elements, bad values, stray text), its validators what is missing or
out of range, the IEC 61968-9 rules (codes, references, reading order) and the IEC 61968-100
envelope rules. A document is found its classes by its root element, inside SOAP and message
envelopes too. Documents larger than a threshold are streamed: one repeated child of the root
at a time, so memory stays flat.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any

from cimgen import __version__
from cimgen.cache import KEPT_VALIDATOR_PACKAGES, cache_root, prune
from cimgen.emit.runtime import RUNTIME_DIR
from cimgen.errors import UsageError
from cimgen.provenance import MANIFEST_NAME, hash_inputs, input_digest
from cimgen.resources import templates_dir

STREAM_ABOVE_BYTES = 256 * 1024 * 1024
# Issues the readers report that the validators report again, better placed: the reader keeps a bad
# value as its text, and the validator flags that text at the value's path.
_REPORTED_AGAIN = frozenset({"bad-value"})
# Findings about the XML Schema alone; the others are IEC 61968-9 / 61968-100 rules.
SCHEMA_CODES = frozenset(
    {
        "not-well-formed",
        "doctype-refused",
        "unknown-root",
        "unknown-element",
        "unknown-attribute",
        "stray-text",
        "repeated-element",
        "out-of-order",
        "second-choice",
        "bad-value",
        "bad-type",
        "bad-enum",
        "facet",
        "missing-element",
        "missing-attribute",
        "too-few",
        "too-many",
    }
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong with a document."""

    severity: str
    code: str
    message: str
    path: str
    line: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "line": self.line,
        }


@dataclass(slots=True)
class FileReport:
    """What validating one file found."""

    file: str
    root: str | None = None
    findings: list[Finding] = field(default_factory=list)
    not_listed: dict[str, int] = field(default_factory=dict)  # findings past the cap, by severity

    @property
    def valid(self) -> bool:
        """No errors (warnings allowed), listed or not."""
        return not self.not_listed.get("error") and not any(f.severity == "error" for f in self.findings)

    def cap(self, most: int | None) -> None:
        """Keep the first ``most`` findings in document order and count the rest by severity."""
        if most is None or len(self.findings) <= most:
            return
        for finding in self.findings[most:]:
            self.not_listed[finding.severity] = self.not_listed.get(finding.severity, 0) + 1
        del self.findings[most:]

    @property
    def schema_valid(self) -> bool:
        """No errors of the XML Schema itself: the verdict an XSD validator gives."""
        return not any(f.severity == "error" and f.code in SCHEMA_CODES for f in self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "root": self.root,
            "valid": self.valid,
            "findings": [f.as_dict() for f in self.findings],
            "not_listed": dict(sorted(self.not_listed.items())),
        }


def validator_package(
    schemas: Sequence[Path | str] | None = None, models: bool = False, messages: bool = True, code_tables: bool = True
) -> ModuleType:
    """The generated package for ``schemas`` (the embedded profile if none), generated once and cached.

    Args:
        schemas: XSD, RDFS (or other profile) files or folders.
        models: CIM-XML models are to be read: the package must have CIM classes.
        messages: XML messages are to be read: the package must have XML Schema documents.
        code_tables: Check IEC 61968-9 codes with cimgen's tables when the schemas bring none.

    Raises:
        InputError: A schema cannot be read.
        UsageError: The schemas define no XML documents, or no CIM classes, where they are needed.
    """
    from cimgen import api  # the API imports the emitters; validation of one file should not wait twice
    from cimgen.readers import collect_inputs

    files = collect_inputs(list(schemas) if schemas else api.default_inputs())
    templates = sorted(p for p in templates_dir().rglob("*") if p.is_file())
    templates += sorted(RUNTIME_DIR.glob("*.py"))  # the runtime the package carries makes it too
    # The same schemas with another cimgen, or other templates or runtime, make other code: part of the key.
    digest = hashlib.sha256(
        f"{__version__}:{code_tables}:{input_digest(hash_inputs(files))}:{input_digest(hash_inputs(templates))}".encode()
    ).hexdigest()[:16]
    package = f"cimgen_validators_{digest}"
    folder = cache_root() / "validators" / digest
    if not (folder / package / MANIFEST_NAME).is_file():
        api.generate(list(schemas) if schemas else None, out=folder, package=package, code_tables=code_tables)
    if messages and not (folder / package / "_xmlcodec.py").is_file():
        raise UsageError("the schemas given define no XML documents to validate (give XSDs with --schemas)")
    if models and not (folder / package / "cimxml.py").is_file():
        raise UsageError("the schemas given define no CIM classes to read CIM-XML models (give RDFS with --schemas)")
    prune(folder.parent, KEPT_VALIDATOR_PACKAGES, folder)  # the cache keeps the last few sets of schemas
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    return importlib.import_module(package)


@functools.cache
def embedded_module(name: str) -> ModuleType:
    """A module of the embedded profile's package (``meter_readings``, ``tables``, ``_xmlcodec``),
    the package generated once into the cache and looked up once per process: a command converting
    many documents does not hash the profile's files again for each."""
    return importlib.import_module(f"{validator_package(None, messages=True).__name__}.{name}")


def _unreadable(error: Any) -> Finding:
    """A document that cannot be read at all, as its one finding."""
    issue = error.issue
    if issue is None:
        return Finding("error", "unreadable", str(error), "/", None)
    return Finding("error", issue.code, str(error), "/", issue.line)


def _findings(issues: Sequence[Any]) -> list[Finding]:
    """Reader issues as findings (they carry their own path and line)."""
    return [
        Finding(issue.severity, issue.code, issue.message, issue.path, issue.line)
        for issue in issues
        if issue.code not in _REPORTED_AGAIN
    ]


def _runtime_of(codec: ModuleType, name: str) -> ModuleType:
    """Another runtime module (``_xmlcheck``, ``_xmlstream``) of the package whose ``_xmlcodec`` is ``codec``."""
    return importlib.import_module(codec.__name__.rpartition(".")[0] + "." + name)


def _placed(issues: Sequence[Any], tree_root: Any, codec: Any, prefix: str = "") -> list[Finding]:
    """Validator findings with the prefix of the envelope they sit in and the line of their element."""
    check = _runtime_of(codec, "_xmlcheck")
    placed = []
    children: dict[Any, Any] = {}  # each element's children by name, counted once for all findings
    for issue in issues:
        path = prefix + issue.path
        line = issue.line or check.line_of(tree_root, path, children)
        placed.append(Finding(issue.severity, issue.code, issue.message, path, line))
    return placed


def _message_payload(codec: Any, document: Any, issues: list[Any]) -> tuple[Any, bool, str]:
    """A message's typed payload, whether it came from under a wildcard (so is not yet validated),
    and the part that holds it: ``Payload``, or ``Request`` for a get request's query. What reading
    it from under the wildcard finds goes to ``issues``."""
    for part in ("Payload", "Request"):
        holder = getattr(document, part.lower(), None)
        if holder is None or not hasattr(holder, "__dataclass_fields__"):
            continue
        found: list[Any] = []
        context = codec.Context(found)
        payload = codec.typed_payload(holder, context) if part == "Payload" else _typed_query(holder, codec, context)
        if payload is None or not hasattr(payload, "validate"):
            continue
        kept = any(
            isinstance(item, codec.etree._Element)
            for value in vars_of(holder)
            for item in (value if isinstance(value, list) else [value])
        )
        issues += found
        return payload, kept, part
    return None, False, ""


def _typed_query(request: Any, codec: Any, context: Any) -> Any:
    """The query a get request's ``Request`` holds under its wildcard, typed; None without one."""
    items = [item for value in vars_of(request) if isinstance(value, list) for item in value]
    query = codec.typed_content([item for item in items if isinstance(item, codec.etree._Element)], context)
    return query if hasattr(query, "__xml_elements__") else None


def vars_of(obj: Any) -> list[Any]:
    """The values of a dataclass object's fields."""
    return [getattr(obj, name) for name in obj.__dataclass_fields__]


def validate_document(codec: Any, path: Path) -> FileReport:
    """Validate one document that fits in memory."""
    report = FileReport(str(path))
    try:
        tree = codec.parse_tree(path)
        node = codec.document_element(tree)
    except codec.XmlDecodeError as error:
        report.findings.append(_unreadable(error))
        return report
    report.root = node.tag
    if node.tag not in codec.ROOTS:
        message = f"no schema given defines the root element {node.tag}"
        report.findings.append(Finding("error", "unknown-root", message, "/", node.sourceline))
        return report
    issues: list[Any] = []
    document = codec.run_reader(codec.class_for(node.tag)._parse_xml, node, codec.Context(issues))
    report.findings += _findings(issues)
    report.findings += _placed(document.validate(element=node.tag), node, codec)
    read_issues: list[Any] = []
    payload, under_wildcard, part = _message_payload(codec, document, read_issues)
    if payload is not None:
        local = node.tag.rpartition("}")[2]
        checked = _runtime_of(codec, "_xmlcheck").check_envelope(
            document, payload, f"/{local}", query=part == "Request"
        )
        report.findings += _placed(checked, node, codec)
        if under_wildcard:
            payload_path = f"/{local}/{part}"
            report.findings += [replace(f, path=payload_path + f.path) for f in _findings(read_issues)]
            report.findings += _placed(payload.validate(), node, codec, payload_path)
    report.findings.sort(key=_document_order)
    return report


def validate_streaming(codec: Any, path: Path) -> FileReport:
    """Validate a large document one repeated child of its root at a time."""
    report = FileReport(str(path))
    try:
        first = _runtime_of(codec, "_xmlstream").root_element(path)
    except codec.XmlDecodeError as error:
        report.findings.append(_unreadable(error))
        return report
    if first is None:
        report.findings.append(Finding("error", "not-well-formed", "the document has no root element", "/", None))
        return report
    root_tag = first.tag
    if root_tag in codec.SOAP_ENVELOPES:  # the document is inside: read whole
        return validate_document(codec, path)
    report.root = root_tag
    if root_tag not in codec.ROOTS:
        report.findings.append(Finding("error", "unknown-root", f"no schema given defines {root_tag}", "/", 1))
        return report
    table: dict[str, Any] = getattr(codec.class_for(root_tag), "_xml_streams", dict)()
    readers: dict[str, tuple[Any, Any]] = {}  # tag -> (reader, validator) of each repeated child of the root
    parents: tuple[str, ...] = ()
    for name in sorted(table):
        if "." in name:
            continue
        tags, parents, parse = table[name]
        checks = importlib.import_module(parse.__module__.rpartition(".")[0] + "._validate")
        readers[tags[0]] = (parse, getattr(checks, "validate_" + parse.__name__.removeprefix("parse_")))
    if not readers:
        return validate_document(codec, path)
    local_root = root_tag.rpartition("}")[2]
    check = _runtime_of(codec, "_xmlcheck")
    counts: dict[str, int] = {}
    try:
        for node in _runtime_of(codec, "_xmlstream").iter_elements(path, tuple(readers), parents):
            parse, validate = readers[node.tag]
            local = node.tag.rpartition("}")[2]
            counts[local] = counts.get(local, 0) + 1
            issues: list[Any] = []
            item = codec.run_reader(parse, node, codec.Context(issues))
            report.findings += _findings(issues)
            v = check.Validation()
            item_path = f"/{local_root}/{local}[{counts[local]}]"
            validate(item, item_path, v)
            children: dict[Any, Any] = {}
            for finding in v.findings:
                relative = "/x" + finding.path[len(item_path) :]
                line = finding.line or check.line_of(node, relative, children)
                report.findings.append(Finding(finding.severity, finding.code, finding.message, finding.path, line))
    except codec.XmlDecodeError as error:
        report.findings.append(_unreadable(error))
    return report


_NUMBER = re.compile(r"(\d+)")


def _document_order(finding: Finding) -> tuple[int, list[int | str], str]:
    """Findings by line, then by path with positions compared as numbers (``x[9]`` before ``x[1000]``)."""
    parts: list[int | str] = [int(p) if p.isdigit() else p for p in _NUMBER.split(finding.path)]
    return finding.line or 0, parts, finding.code


def validate_files(
    files: Sequence[Path | str],
    schemas: Sequence[Path | str] | None = None,
    progress: Callable[[str], None] | None = None,
    stream_above: int = STREAM_ABOVE_BYTES,
    max_findings: int | None = None,
    code_tables: bool = True,
    sparql: bool = False,
) -> list[FileReport]:
    """Validate documents against the classes generated from ``schemas``.

    ``max_findings`` keeps that many findings per file, in document order, and counts the rest
    (``FileReport.not_listed``); None keeps them all. ``sparql`` also runs the SHACL-SPARQL
    constraints of shapes given among the schemas, on CIM-XML models.

    Raises:
        UsageError: No files, or a file that does not exist.
        InputError: A schema cannot be read.
    """
    paths = [Path(f) for f in files]
    if not paths:
        raise UsageError("no files to validate")
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
    if progress:
        progress("preparing the validators")
    from cimgen.model_validation import is_cim_xml

    models = [path for path in paths if is_cim_xml(path)]
    messages = [path for path in paths if path not in models]
    package = validator_package(schemas, models=bool(models), messages=bool(messages), code_tables=code_tables)
    reports = _model_reports(package, models, progress, sparql) if models else []
    codec = importlib.import_module(f"{package.__name__}._xmlcodec") if messages else None
    for number, path in enumerate(messages, 1):
        if progress:
            progress(f"validating {path.name} ({number}/{len(messages)})")
        large = path.stat().st_size > stream_above
        try:
            reports.append(validate_streaming(codec, path) if large else validate_document(codec, path))
        except Exception as error:  # one file's surprise must not lose the other files' reports
            report = FileReport(str(path))
            message = f"cimgen could not finish this file: {type(error).__name__}: {error}"
            report.findings.append(Finding("error", "internal-error", message, "/", None))
            reports.append(report)
    order = {str(path): number for number, path in enumerate(paths)}
    reports.sort(key=lambda report: order.get(report.file, 0))
    for report in reports:
        report.cap(max_findings)
    return reports


def _model_reports(
    package: ModuleType, models: list[Path], progress: Callable[[str], None] | None, sparql: bool
) -> list[FileReport]:
    """The CIM-XML documents' reports, read as one model; a surprise is the first file's finding, not a crash."""
    from cimgen.model_validation import validate_models

    try:
        return validate_models(package, models, progress, sparql)
    except Exception as error:  # the model's surprise must not lose the other files' reports
        reports = [FileReport(str(path), root="rdf:RDF") for path in models]
        message = f"cimgen could not finish this model: {type(error).__name__}: {error}"
        reports[0].findings.append(Finding("error", "internal-error", message, "/", None))
        return reports
