"""Record pySHACL's report on the ReliCapGrid for the ENTSO-E shapes that need SPARQL.

pySHACL takes hours on the ReliCapGrid with the SPARQL constraints and targets, too long for the
suite, so its report is recorded here once, for ``tests/test_corpus_shacl_recorded.py`` to compare
cimgen with. Rerun this to regenerate the file (it resumes where an earlier run stopped unless
``--fresh`` is given):

    python -m tests.reference.record_pyshacl            # writes tests/reference/pyshacl-relicap-sparql.tsv

The shapes are the ones the suite's MicroGrid comparison hands pySHACL (every ENTSO-E file that
parses, less what cimgen does not run), split into units, one per node shape that SPARQL touches:
its SPARQL constraints, its SPARQL-selected focus nodes or ``sh:targetNode``, or a property shape of
it with a SPARQL constraint. A unit holds that node shape with only the property shapes that make
it a unit (all of them when SPARQL or ``sh:targetNode`` selects its focus nodes), so the compiled
shapes, which the suite compares with a live pySHACL run, are not run twice. Each unit runs
on its own, with the data parsed once. The file lists each unit's shapes (``#shape`` lines) and
then its results: focus node, source shape, result path, severity, tab-separated.

pySHACL runs as shipped, given ``--limit`` seconds per unit. A unit that takes longer runs again
with one change: rdflib orders each basic graph pattern's triples as they run, knowing what is
bound (cimgen's ``ordered_patterns``, which only permutes a pattern's triples; the solutions of a
conjunction do not depend on its order);
its ``#reordered`` line says so. A unit that does not finish then either (``--reordered-limit``) is
recorded as such (``#not-finished``), with its shapes and no results: the test names those shapes.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import rdflib

from cimgen import generate
from cimgen.runtime._cimsparql import ordered_patterns
from tests.conftest import corpus_path, import_fresh
from tests.test_corpus_shacl import (
    RELICAP,
    SH,
    _files,
    _path_text,
    _shape_files,
    _without,
    rdfs_datatypes,
    reference_shapes,
    typed_data,
)

RECORD = Path(__file__).resolve().parent / "pyshacl-relicap-sparql.tsv"


def units(graph: rdflib.Graph) -> Iterator[tuple[rdflib.term.Node, list[rdflib.term.Node]]]:
    """Each node shape SPARQL touches, with the property shapes of it that SPARQL touches."""
    for node in sorted(set(graph.subjects(rdflib.RDF.type, SH.NodeShape)), key=str):
        properties = sorted(graph.objects(node, SH.property), key=str)
        selected = any(graph.value(node, p) is not None for p in (SH.target, SH.targetNode))
        if selected:
            yield node, properties
            continue
        own = graph.value(node, SH.sparql) is not None
        with_sparql = [p for p in properties if graph.value(p, SH.sparql) is not None]
        if own or with_sparql:
            yield node, with_sparql


def unit_graph(graph: rdflib.Graph, node: rdflib.term.Node, properties: list[rdflib.term.Node]) -> rdflib.Graph:
    """The shapes graph with one node shape and the given property shapes of it left."""
    others = set(graph.subjects(rdflib.RDF.type, SH.NodeShape)) - {node}
    others |= set(graph.objects(node, SH.property)) - set(properties)
    return _without(graph, others)


@dataclass(frozen=True)
class Record:
    """What a recording holds: the node shapes run (units), the shapes of those that finished, their
    results, the units run with patterns reordered, and those that did not finish with their shapes."""

    units: frozenset[str]
    shapes: frozenset[str]
    results: frozenset[tuple[str, str, str, str]]
    reordered: frozenset[str]
    not_finished: frozenset[str]
    unfinished_shapes: frozenset[str]


def read_record(path: Path) -> Record:
    """A recording; a unit counts once its ``#done`` line is written (an interrupted one does not)."""
    units: set[str] = set()
    shapes: set[str] = set()
    results: set[tuple[str, str, str, str]] = set()
    pending_shapes: set[str] = set()
    pending_results: set[tuple[str, str, str, str]] = set()
    reordered: set[str] = set()
    not_finished: set[str] = set()
    unfinished_shapes: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        kind, _, rest = line.partition("\t")
        if line.startswith("# "):  # a note on how the file was recorded
            continue
        if kind == "#shape":
            pending_shapes.add(rest)
        elif kind == "#reordered":
            reordered.add(rest)
        elif kind == "#not-finished":
            not_finished.add(rest)
        elif kind == "#done":
            units.add(rest)
            (unfinished_shapes if rest in not_finished else shapes).update(pending_shapes)
            results |= pending_results
            pending_shapes, pending_results = set(), set()
        else:
            focus, shape, result_path, severity = line.split("\t")
            pending_results.add((focus, shape, result_path, severity))
    return Record(
        frozenset(units),
        frozenset(shapes),
        frozenset(results),
        frozenset(reordered & units),
        frozenset(not_finished & units),
        frozenset(unfinished_shapes),
    )


def _result_rows(report: rdflib.Graph) -> set[tuple[str, str, str, str]]:
    """(focus node, source shape, result path, severity) of each result of a pySHACL report."""
    rows = set()
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = str(report.value(result, SH.focusNode)).rpartition("#")[2]
        path = report.value(result, SH.resultPath)
        severity = str(report.value(result, SH.resultSeverity)).rpartition("#")[2]
        rows.add((focus, str(report.value(result, SH.sourceShape)), _path_text(report, path) if path else "", severity))
    return rows


def _validate(data: rdflib.Graph, shapes: rdflib.Graph) -> rdflib.Graph:
    import pyshacl

    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True, inplace=True)
    assert isinstance(report, rdflib.Graph)
    return report


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Raise TimeoutError in the block after some seconds (SIGALRM: the main thread, on Unix)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _run_unit(
    data: rdflib.Graph, unit: rdflib.Graph, limit: int, reordered_limit: int
) -> tuple[str, set[tuple[str, str, str, str]] | None]:
    """How a unit ran ("" as shipped, "reordered", "not-finished") and its results (None if it did not finish)."""
    try:
        with _time_limit(limit):
            return "", _result_rows(_validate(data, unit))
    except TimeoutError:
        pass
    try:
        with _time_limit(reordered_limit), ordered_patterns():
            return "reordered", _result_rows(_validate(data, unit))
    except TimeoutError:
        return "not-finished", None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="start again instead of resuming")
    parser.add_argument("--out", type=Path, default=RECORD)
    parser.add_argument("--limit", type=int, default=600, help="seconds pySHACL as shipped gets per node shape")
    parser.add_argument(
        "--reordered-limit", type=int, default=1800, help="seconds it then gets with patterns reordered"
    )
    args = parser.parse_args()
    import pyshacl

    with tempfile.TemporaryDirectory() as tmp:
        generate([corpus_path("cimgen-cgmes/CGMES_3.0.0"), *_shape_files()], out=Path(tmp), package="cgmes3record")
        import_fresh(Path(tmp), "cgmes3record")
        not_run = importlib.import_module("cgmes3record._cimshapes").NOT_RUN
    shapes = reference_shapes(not_run)
    data = typed_data(_files(RELICAP), rdfs_datatypes(corpus_path("cimgen-cgmes/CGMES_3.0.0")))
    if args.fresh and args.out.exists():
        args.out.unlink()
    done = read_record(args.out).units
    todo = [(node, props) for node, props in units(shapes) if str(node) not in done]
    print(f"{len(done)} units recorded already, {len(todo)} to run, pySHACL {pyshacl.__version__}", flush=True)
    with args.out.open("a", encoding="utf-8") as out:
        for number, (node, properties) in enumerate(todo, 1):
            started = time.perf_counter()
            unit = unit_graph(shapes, node, properties)
            how, rows = _run_unit(data, unit, args.limit, args.reordered_limit)
            for shape in [node, *properties]:
                out.write(f"#shape\t{shape}\n")
            out.writelines("\t".join(row) + "\n" for row in sorted(rows or ()))
            if how:
                out.write(f"#{how}\t{node}\n")
            out.write(f"#done\t{node}\n")
            out.flush()
            took = time.perf_counter() - started
            name = str(node).rpartition("#")[2]
            shown = "not finished" if rows is None else f"{len(rows)} results"
            print(f"[{number}/{len(todo)}] {name}: {shown}, {took:.1f} s{f' ({how})' if how else ''}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
