"""The library API that the CLI and the build plugin call: ``generate`` and ``inspect``."""

from __future__ import annotations

import gc
import hashlib
import importlib
import importlib.util
import itertools
import sys
import tempfile
import types
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cimgen import naming
from cimgen.emit.codes import emit_codes
from cimgen.emit.dataclasses import iter_dataclass_files
from cimgen.emit.distribution import emit_distribution
from cimgen.emit.tables import emit_tables
from cimgen.emit.writer import write_tree
from cimgen.errors import UsageError
from cimgen.graph.build import build_graph
from cimgen.graph.model import ClassGraph
from cimgen.graph.passes.link_code_types import code_classes_without_tables
from cimgen.graph.passes.link_model_references import MODELS, local_reference, referring_records
from cimgen.graph.records import CodeTableRecord, PropertyKind, PropertyRecord, TypeKind, TypeRecord
from cimgen.plan import Plans, build_plans
from cimgen.provenance import MANIFEST_NAME, InputFile, hash_inputs, input_digest, manifest_text, read_manifest
from cimgen.readers import collect_inputs
from cimgen.resources import profiles_dir
from cimgen.versions import choose_version, refuse_going_back

Progress = Callable[[str], None]

DEFAULT_PACKAGE = "cim_metering"
DEFAULT_OUT = Path("generated")


def default_inputs() -> list[Path]:
    """The embedded default profile: the project's IEC 61968 metering profile, IEC 61968-9 code tables,
    and IEC 61968-9 payload schemas with the IEC 61968-100 envelope."""
    return [profiles_dir() / "metering", profiles_dir() / "codes", profiles_dir() / "messages"]


def _resolve_inputs(inputs: Sequence[Path | str] | None) -> list[Path]:
    return collect_inputs(list(inputs) if inputs else default_inputs())


def load_graph(inputs: Sequence[Path | str] | None = None, progress: Progress | None = None) -> ClassGraph:
    """Read inputs (files or folders; the embedded profile if none) into a finished class graph.

    Raises:
        UsageError: A path does not exist or cannot be read as a schema.
        InputError: An input is malformed or inconsistent.
    """
    return build_graph(_resolve_inputs(inputs), progress)


@dataclass(frozen=True, slots=True)
class GenerateResult:
    """What ``generate`` or ``generate_distribution`` wrote.

    Attributes:
        output_dir: The package folder (``generate``) or the distribution folder.
        files: The files written, relative to ``output_dir``.
        notes: What the passes assumed about the inputs, one line each.
        package: The Python package's name.
        named_after: What the package was named after, when cimgen chose its name.
    """

    output_dir: Path
    files: tuple[str, ...]
    notes: tuple[str, ...] = ()
    package: str = ""
    named_after: str | None = None


def _check_package_name(package: str | None) -> None:
    if package is not None and (not package.isidentifier() or package != naming.module_name(package)):
        raise UsageError(f"{package!r} is not a valid lower-case Python package name")


def _package_name(
    package: str | None, given_inputs: Sequence[Path | str] | None, files: Sequence[Path], graph: ClassGraph
) -> tuple[str, str | None]:
    """The package name, and what cimgen named it after when the user did not name it."""
    if package is not None:
        return package, None
    if not given_inputs:
        return DEFAULT_PACKAGE, None
    return naming.default_package_name(graph.profiles, [Path(p) for p in given_inputs], Path(files[0]))


def _check_template_dirs(template_dirs: Sequence[Path]) -> None:
    for folder in template_dirs:
        if not Path(folder).is_dir():
            raise UsageError("is not a folder of templates", file=str(folder))


@dataclass(frozen=True, slots=True)
class _Built:
    """A finished class graph with its plans, and the inputs it was built from."""

    graph: ClassGraph
    plans: Plans
    inputs: tuple[InputFile, ...]


# The last graphs built in this process, by input paths and contents: a build hook or a test
# suite that generates from the same inputs again skips reading and resolving them. Emitters
# only read a finished graph, so sharing one is safe; load_graph hands out a fresh one.
_BUILT: dict[tuple[tuple[str, ...], tuple[InputFile, ...]], _Built] = {}
_BUILT_KEPT = 2


def _build(files: Sequence[Path], progress: Progress | None, code_tables: bool = True) -> _Built:
    """The graph and plans of the input files, from the cache where it has them.

    With ``code_tables``, schemas that refer to IEC 61968-9 coded classes (``ReadingType``, ...)
    but come without code tables get the tables cimgen carries, with a note that says so.
    """
    built = _build_files(files, progress)
    if code_tables:
        needed = code_classes_without_tables(built.graph)
        if needed:
            tables = [p for p in collect_inputs([profiles_dir() / "codes"]) if p not in files]
            built = _build_files([*files, *tables], progress)
            note = (
                f"the schemas refer to {', '.join(needed)}: cimgen's IEC 61968-9 code tables were added "
                "to check and decode them (--no-code-tables leaves them out)"
            )
            if note not in built.graph.notes:
                built.graph.notes.append(note)
    return built


def _build_files(files: Sequence[Path], progress: Progress | None) -> _Built:
    inputs = hash_inputs(files)
    key = (tuple(str(path) for path in files), inputs)
    built = _BUILT.pop(key, None)
    if built is None:
        graph = build_graph(files, progress)
        built = _Built(graph, build_plans(graph), inputs)
    _BUILT[key] = built
    while len(_BUILT) > _BUILT_KEPT:
        del _BUILT[next(iter(_BUILT))]
    return built


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Generation makes many small objects and frees few before it ends: collecting cycles is wasted work."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _package_files(
    built: _Built, package: str, template_dirs: Sequence[Path], progress: Progress | None
) -> Iterator[tuple[str, str]]:
    """The package's files (modules, ``py.typed``, manifest), each rendered when it is asked for."""
    names: list[str] = []
    for path, text in itertools.chain(
        iter_dataclass_files(built.graph, built.plans, package, template_dirs, progress),
        emit_codes(built.graph, template_dirs).items(),
        emit_tables(built.graph).items(),
    ):
        names.append(path)
        yield path, text
    yield MANIFEST_NAME, manifest_text(package, built.graph.profiles, built.inputs, names)


# What Python and its tools leave in a package folder: not the user's own files.
_LEFT_BY_TOOLS = ("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache")


def _refuse_foreign_files(package_dir: Path) -> None:
    """A package folder cimgen wrote, to which someone added files: replacing it would lose them."""
    manifest = read_manifest(package_dir)
    listed = manifest.get("files") if manifest else None
    if not isinstance(listed, list):
        return  # a folder cimgen did not write (refused by the writer) or from before manifests listed files
    foreign = sorted(
        str(path.relative_to(package_dir))
        for path in package_dir.rglob("*")
        if path.is_file()
        and not any(part in _LEFT_BY_TOOLS for part in path.relative_to(package_dir).parts)
        and str(path.relative_to(package_dir).as_posix()) not in listed
    )
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise UsageError(
            f"holds files cimgen did not write ({foreign[0]}{more}); move them out, then generate again",
            file=str(package_dir),
        )


def generate(
    inputs: Sequence[Path | str] | None = None,
    out: Path | str = DEFAULT_OUT,
    package: str | None = None,
    template_dirs: Sequence[Path] = (),
    progress: Progress | None = None,
    code_tables: bool = True,
) -> GenerateResult:
    """Generate a typed dataclass package from CIM profiles into ``out/package``.

    Args:
        inputs: RDFS files or folders; the embedded metering profile if none.
        out: The folder the package folder is written into.
        package: The package name; ``cim_metering`` for the embedded profile, else
            named after the profile set (``cgmes_3_0_0``), the one profile, or the first file.
        template_dirs: Folders with templates that override the built-in ones.
        progress: Called with a short description of each step.
        code_tables: Add cimgen's IEC 61968-9 code tables when the schemas refer to coded
            classes (``ReadingType``, ...) and bring no tables of their own.

    Returns:
        The package folder and the files written.

    Raises:
        UsageError: Bad paths or package name, or an output folder cimgen did not write.
        InputError: Malformed or inconsistent inputs; nothing is written then.
    """
    files = _resolve_inputs(inputs)
    _check_package_name(package)
    _check_template_dirs(template_dirs)
    with _collector_paused():
        built = _build(files, progress, code_tables)
        chosen, named_after = _package_name(package, inputs, files, built.graph)
        package_dir = Path(out) / chosen
        _refuse_foreign_files(package_dir)
        written = write_tree(package_dir, _package_files(built, chosen, template_dirs, progress), MANIFEST_NAME)
    return GenerateResult(package_dir, tuple(written), tuple(built.graph.notes), chosen, named_after)


def generate_distribution(
    inputs: Sequence[Path | str] | None = None,
    out: Path | str = DEFAULT_OUT,
    package: str | None = None,
    dist_name: str | None = None,
    template_dirs: Sequence[Path] = (),
    progress: Progress | None = None,
    version: str | None = None,
    code_tables: bool = True,
) -> GenerateResult:
    """Generate an installable distribution: ``out/pyproject.toml``, ``out/README.md``, ``out/package/``.

    ``python -m build out`` then gives a reproducible wheel and sdist. The version is the
    given one, else a ``version`` file's beside the inputs, else ``<profile version>.<generator
    version>``; it may never sort lower than the version of the distribution already in
    ``out``, nor equal it while the inputs changed (``cimgen.versions``). The README names the
    profiles, the input files with their hashes, and how to regenerate.

    Args:
        inputs: RDFS files or folders; the embedded metering profile if none.
        out: The distribution folder (replaced as a whole).
        package: The package name, as for ``generate``.
        dist_name: The distribution name; by default the package name with dashes.
        template_dirs: Folders with templates that override the built-in ones.
        progress: Called with a short description of each step.
        version: The distribution version, a public PEP 440 version.

    Returns:
        The distribution folder and the files written.

    Raises:
        UsageError: Bad paths, names or version, a version that would not upgrade the one in
            ``out``, or an output folder cimgen did not write.
        InputError: Malformed or inconsistent inputs; nothing is written then.
    """
    files = _resolve_inputs(inputs)
    _check_package_name(package)
    _check_template_dirs(template_dirs)
    out_dir = Path(out)
    given_version = f" --version {version}" if version is not None else ""
    with _collector_paused():
        built = _build(files, progress, code_tables)
        package, named_after = _package_name(package, inputs, files, built.graph)
        if inputs:
            regenerate = f"cimgen package INPUTS... --out {out_dir.name} --package {package}{given_version}"
            regenerate += "\n# INPUTS: the input files listed above"
        else:
            regenerate = f"cimgen package{given_version}   # the embedded metering profile"
        chosen = choose_version(version, inputs or default_inputs(), built.graph.profiles)
        refuse_going_back(out_dir, package, chosen, input_digest(built.inputs))
        distribution = emit_distribution(
            built.graph, package, built.inputs, regenerate, chosen, dist_name, template_dirs
        )
        modules = _package_files(built, package, template_dirs, progress)
        tree = itertools.chain(distribution.items(), ((f"{package}/{name}", text) for name, text in modules))
        written = write_tree(out_dir, tree, marker=f"{package}/{MANIFEST_NAME}")
    return GenerateResult(out_dir, tuple(written), tuple(built.graph.notes), package, named_after)


@dataclass(frozen=True, slots=True)
class Inspection:
    """Counts and facts about a class graph, as ``cimgen inspect`` reports them."""

    profiles: list[dict[str, Any]]
    counts: dict[str, int]
    notes: list[str] = field(default_factory=list)
    class_facts: dict[str, Any] | None = None
    links: dict[str, Any] | None = None
    shapes: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        data: dict[str, Any] = {"profiles": self.profiles, "counts": self.counts, "notes": self.notes}
        if self.links is not None:
            data["links"] = self.links
        if self.shapes is not None:
            data["shapes"] = self.shapes
        if self.class_facts is not None:
            data["class"] = self.class_facts
        return data


def count_graph(graph: ClassGraph) -> dict[str, int]:
    """How many of each kind of thing the graph holds."""
    properties = graph.records(PropertyRecord)
    ends = [p for p in properties if p.kind is PropertyKind.ASSOCIATION]
    pairs = {tuple(sorted((p.iri, p.inverse))) if p.inverse else (p.iri,) for p in ends}
    literals = sum(len(graph.literals_of(e.iri)) for e in graph.types(TypeKind.ENUMERATION))
    return {
        "types": len(graph.types()),
        "classes": len(graph.types(TypeKind.CLASS)),
        "compounds": len(graph.types(TypeKind.COMPOUND)),
        "enumerations": len(graph.types(TypeKind.ENUMERATION)),
        "enumeration_literals": literals,
        "datatypes": len(graph.types(TypeKind.DATATYPE)),
        "primitives": len(graph.types(TypeKind.PRIMITIVE)),
        "attributes": sum(1 for p in properties if p.kind is PropertyKind.ATTRIBUTE),
        "association_ends": len(ends),
        "associations": len(pairs),
        "code_tables": len(tables := graph.records(CodeTableRecord)),
        "codes": sum(len(table.entries) for table in tables),
    }


def model_links(graph: ClassGraph) -> dict[str, Any] | None:
    """How the XSD side's ``sawsdl:modelReference`` annotations link to CIM nodes, or None without XSDs."""
    referring = referring_records(graph)
    if not referring:
        return None
    linked = {source: target for source, target, relation in graph.nx.edges(data="relation") if relation == MODELS}
    unlinked = sorted({local_reference(r.model_reference or "") for r in referring if r.iri not in linked})
    linked_count = sum(1 for r in referring if r.iri in linked)
    return {
        "model_references": len(referring),
        "linked": linked_count,
        "unlinked": len(referring) - linked_count,
        "unlinked_names": unlinked,
        "links": dict(sorted(linked.items())),
    }


def _property_facts(graph: ClassGraph, prop: PropertyRecord, owner: TypeRecord) -> dict[str, Any]:
    target = graph.get_as(prop.range, TypeRecord)
    facts: dict[str, Any] = {
        "name": prop.name,
        "python_name": prop.python_name,
        "iri": prop.iri,
        "declared_in": owner.name,
        "type": target.name,
        "type_kind": target.kind.value,
        "multiplicity": str(prop.multiplicity),
        "profiles": list(prop.profiles),
    }
    if prop.fixed is not None:
        facts["fixed"] = prop.fixed
    if prop.kind is PropertyKind.ASSOCIATION:
        facts["inverse"] = prop.inverse
        facts["used"] = prop.used
    return facts


def class_facts(graph: ClassGraph, name: str) -> dict[str, Any]:
    """Facts about one type, found by CIM name, Python name or IRI.

    Raises:
        UsageError: No type has that name.
    """
    matches = [t for t in graph.types() if name in (t.name, t.python_name, t.iri)]
    if not matches:
        raise UsageError(f"no class named {name!r} in the inputs")
    # An IRI names one type; a bare name, the CIM class before XML Schema types that share it.
    record = min(matches, key=lambda t: (t.iri != name, t.namespace is not None, t.iri))
    chain = list(graph.superclass_chain(record.iri))
    attributes: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []
    for owner in [record, *chain]:
        for prop in graph.properties_of(owner.iri):
            described = _property_facts(graph, prop, owner)
            (associations if prop.kind is PropertyKind.ASSOCIATION else attributes).append(described)
    facts: dict[str, Any] = {
        "name": record.name,
        "iri": record.iri,
        "kind": record.kind.value,
        "package": record.package,
        "python_name": record.python_name,
        "module": record.module,
        "abstract": record.abstract,
        "superclasses": [parent.name for parent in chain],
        "profiles": list(record.profiles),
        "stereotypes": list(record.stereotypes),
        "comment": record.comment,
        "attributes": attributes,
        "associations": associations,
    }
    if record.kind is TypeKind.ENUMERATION:
        facts["literals"] = [literal.name for literal in graph.literals_of(record.iri)]
    if record.kind is TypeKind.DATATYPE:
        facts["unit"] = record.unit
        facts["multiplier"] = record.multiplier
    return facts


def inspect(
    inputs: Sequence[Path | str] | None = None,
    class_name: str | None = None,
    progress: Progress | None = None,
) -> Inspection:
    """Count what the inputs define and, optionally, describe one class.

    Args:
        inputs: RDFS files or folders; the embedded metering profile if none.
        class_name: A type to describe (CIM name, Python name or IRI).
        progress: Called with a short description of each step.

    Returns:
        The inspection.
    """
    graph = load_graph(inputs, progress)
    profiles = [
        {"name": p.name, "version": p.version, "file": Path(p.file).name}
        for p in sorted(graph.profiles, key=lambda p: (p.name, Path(p.file).name))
    ]
    return Inspection(
        profiles=profiles,
        counts=count_graph(graph),
        notes=list(graph.notes),
        class_facts=class_facts(graph, class_name) if class_name else None,
        links=model_links(graph),
        shapes=_shape_counts(graph),
    )


def _shape_counts(graph: ClassGraph) -> dict[str, Any] | None:
    """How many SHACL shapes are compiled, how many SPARQL constraints (and SPARQL-selected node
    shapes) run with rdflib, and how many shapes are not run, by why."""
    from cimgen.plan.shapes import plan_shapes

    plan = plan_shapes(graph)
    if plan is None:
        return None
    return {
        "compiled": plan.compiled,
        "sparql": len(plan.sparql) + len(plan.selected),
        "not_run": len(plan.not_run),
        "not_run_by_reason": plan.not_run_counts(),
    }


def load_codes(extensions: Sequence[Path | str] = ()) -> types.ModuleType:
    """The IEC 61968-9 codes module, built from the embedded tables and any extension files.

    The module is the ``codes.py`` that ``generate`` writes into a package, with the same
    tables and runtime modules beside it, imported from a temporary package, so the command
    line decodes exactly as generated code does.

    Args:
        extensions: Code-table or extension CSV files with vendor codes.

    Raises:
        InputError: A table or extension file is malformed or contradicts the tables.
    """
    graph = build_graph(collect_inputs([profiles_dir() / "codes", *extensions]))
    files = emit_codes(graph)
    if not files:  # the embedded tables are always there
        raise UsageError("no code tables found")
    digest = hashlib.sha256("\0".join(f"{k}\0{v}" for k, v in sorted(files.items())).encode()).hexdigest()[:16]
    package = f"_cimgen_codes_{digest}"
    if f"{package}.codes" in sys.modules:
        return sys.modules[f"{package}.codes"]
    with tempfile.TemporaryDirectory(prefix="cimgen-codes-") as scratch:
        folder = Path(scratch) / package
        folder.mkdir()
        for name, text in {"__init__.py": "", **files}.items():
            (folder / name).write_text(text, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(
            package, folder / "__init__.py", submodule_search_locations=[str(folder)]
        )
        assert spec is not None and spec.loader is not None
        sys.modules[package] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[package])
        return importlib.import_module(f"{package}.codes")  # every module it needs is read now


def generate_docs(
    inputs: Sequence[Path | str] | None,
    out: Path | str,
    older: Sequence[Path | str] | None = None,
    progress: Progress | None = None,
) -> list[str]:
    """Write a static HTML reference of a profile set (the embedded profile if no inputs) to ``out``.

    Args:
        inputs: Files or folders of the profile set.
        out: The site folder, replaced whole (only if cimgen wrote it, or it is empty).
        older: An older version's inputs: each page then marks what changed against it.
        progress: Called with a line saying what is being done.

    Returns:
        The files written, relative to ``out``, sorted.

    Raises:
        UsageError: A path does not exist, or ``out`` holds files cimgen did not write.
        InputError: An input is malformed or inconsistent.
    """
    from cimgen.diff import diff_graphs
    from cimgen.emit.docs import SITE_MARKER, site_files

    files = _resolve_inputs(inputs)
    graph = build_graph(files, progress)
    diff = diff_graphs(load_graph(older), graph) if older else None
    if progress:
        progress("writing the pages")
    return write_tree(Path(out), site_files(graph, sorted(p.name for p in files), diff), SITE_MARKER)
