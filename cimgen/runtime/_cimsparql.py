"""SHACL-SPARQL constraints of the package's shapes, run with rdflib over the model's triples.

The model becomes the triples SHACL would see (the ``_cimshacl`` view: the values the documents
state, each object typed by the classes it is written as, literals typed by their Python type,
strings plain), one rdflib graph built once per run. Each constraint's query runs once per focus
node with ``$this`` bound to it and ``$PATH`` written as the shape's path (or, where that gives the
same solutions, once for all of them: see ``_solutions``); each solution is a finding of the
shape's rule.
Objects are named by their identifier, as a document without ``xml:base`` names them: ``BASE``
followed by the ``rdf:ID``, or the ``rdf:about`` IRI itself.

rdflib is imported when this runs (``validate(sparql=True)``), so a package without SPARQL in
use never needs it.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import datetime as _datetime
import decimal as _decimal
import enum
import re
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from ._cimmodel import CimFinding
from ._cimshacl import XSD, Iri, ShapeContext
from ._cimspec import iri_of_tag

__all__ = ["BASE", "ordered_patterns", "run_sparql"]

BASE = "urn:cimgen:model#"
_THIS = re.compile(r"[?$]this\b")
_GROUP_BY = re.compile(r"GROUP\s+BY\s[^\n}]*", re.IGNORECASE)
_GROUPS_BY_THIS = re.compile(r"GROUP\s+BY\s[^\n}]*[?$]this\b", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_SELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)
_AGGREGATE = re.compile(r"\b(?:COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(|\bHAVING\b", re.IGNORECASE)
# The name under which run_sparql lends rdflib its ordering of triple patterns.
_ORDERED = "cimgen-ordered-bgp"
# How many focus nodes one VALUES block lists.
_BATCH = 5000
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# The XML Schema datatype of a literal by its Python type (bool before int: a bool is an int).
_DATATYPES: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "boolean"),
    (int, "integer"),
    (float, "float"),
    (_decimal.Decimal, "decimal"),
    (_datetime.datetime, "dateTime"),
    (_datetime.date, "date"),
    (_datetime.time, "time"),
)


class _Triples:
    """The model as an rdflib graph, and the objects back from their IRIs."""

    def __init__(self, context: ShapeContext) -> None:
        import rdflib

        self.rdflib = rdflib
        self.context = context
        self.graph = rdflib.Graph()
        self.objects: dict[Any, Any] = {}
        self.selected: dict[tuple[tuple[str, str], ...], list[Any]] = {}
        rdf_type = rdflib.URIRef(_RDF_TYPE)
        for obj in context.model:
            if context.model.is_external(obj):
                continue
            subject = self.node(obj)
            self.objects[subject] = obj
            for class_iri in context.types(obj):
                self.graph.add((subject, rdf_type, rdflib.URIRef(class_iri)))
            for name, field in context.schema.spec_of(type(obj)).by_name.items():
                predicate = rdflib.URIRef(iri_of_tag(field.entry.tag))
                for value in context.values(obj, name):
                    self.graph.add((subject, predicate, self.node(value)))

    def node(self, value: Any) -> Any:
        """The RDF term of an object, an enumeration literal, an IRI or a literal."""
        rdflib = self.rdflib
        if self.context.is_object(value):
            identifier = self.context.model.id_of(value)
            return rdflib.URIRef(identifier if ":" in identifier else BASE + identifier)
        if isinstance(value, enum.Enum):
            return rdflib.URIRef(self.context.schema.enum_iri(value))
        if isinstance(value, Iri):
            return rdflib.URIRef(str(value))
        lexical = self.context.lexical(value)
        for kind, name in _DATATYPES:
            if isinstance(value, kind):
                return rdflib.Literal(lexical, datatype=rdflib.URIRef(XSD + name))
        return rdflib.Literal(lexical)

    def select(self, selectors: tuple[tuple[str, str], ...]) -> list[Any]:
        """The focus nodes of a node shape, each once, in a stable order (selected once per node shape)."""
        known = self.selected.get(selectors)
        if known is not None:
            return known
        rdflib = self.rdflib
        found: dict[Any, None] = {}
        for kind, value in selectors:
            if kind == "class":
                found.update(dict.fromkeys(self.graph.subjects(rdflib.URIRef(_RDF_TYPE), rdflib.URIRef(value))))
            elif kind == "subjectsOf":
                found.update(dict.fromkeys(self.graph.subjects(rdflib.URIRef(value), None)))
            elif kind == "node":
                found[rdflib.URIRef(value)] = None
            else:
                rows: Any = self.graph.query(value)
                found.update(dict.fromkeys(row[0] for row in rows))
        self.selected[selectors] = sorted(found, key=str)
        return self.selected[selectors]

    def identifier(self, node: Any) -> str:
        """What a finding names: an object's identifier, else the node as text."""
        obj = self.objects.get(node)
        if obj is not None:
            return self.context.model.id_of(obj)
        text = str(node)
        return text.removeprefix(BASE)


def _ordered_bgp(ctx: Any, part: Any) -> Any:
    """rdflib's evaluation of a basic graph pattern, its triples ordered as they run (``in_order``),
    and of a join whose right side is a basic graph pattern, matched once per solution of its left.

    rdflib orders a pattern's triples once, when it parses the query, and again when it runs by
    how many terms each leaves open; triples that tie keep their parsed order, so ``?t seq 1 . ?u
    seq 2 . ?t P $this . ?u P $this`` can scan every terminal once per focus node. Here the order
    is chosen when the pattern runs, knowing which variables are bound (``$this``, a VALUES row).

    A group's triples after an ``OPTIONAL`` are a pattern joined with what comes before; rdflib
    matches such a pattern on its own, with none of the left side's bindings, and then pairs every
    left solution with every match (every connectivity node with every second terminal). Matched
    with each left solution's bindings instead, it gives the same solutions: a basic graph
    pattern has no filter or optional part whose meaning a binding from outside could change.
    """
    from rdflib.plugins.sparql.evaluate import evalBGP, evalLazyJoin
    from rdflib.term import BNode, Variable

    if part.name == "Join" and part.p2.name == "BGP":
        return evalLazyJoin(ctx, part)
    if part.name != "BGP":
        raise NotImplementedError  # rdflib evaluates every other part itself
    variables = {t for triple in part.triples for t in triple if isinstance(t, (Variable, BNode))}
    return evalBGP(ctx, in_order(part.triples, {v for v in variables if ctx[v] is not None}))


def in_order(triples: list[tuple[Any, Any, Any]], bound: set[Any]) -> list[tuple[Any, Any, Any]]:
    """A pattern's triples in the order to match them, given the variables already bound: each next
    triple is the one that leaves the fewest variables open, and of those one whose subject or object
    is a resource (an IRI or a bound variable) before one tied only to a literal (``?t seq 1`` holds
    for every first terminal; ``?t P $this`` for a few)."""
    from rdflib.term import BNode, Literal, Variable

    known = set(bound)
    pending = list(triples)
    ordered = []
    while pending:

        def cost(triple: tuple[Any, Any, Any]) -> tuple[int, int]:
            open_terms = [t for t in triple if isinstance(t, (Variable, BNode)) and t not in known]
            anchored = any(t in known or not isinstance(t, (Variable, BNode, Literal)) for t in (triple[0], triple[2]))
            return len(open_terms), 0 if anchored else 1

        best = min(pending, key=cost)
        pending.remove(best)
        ordered.append(best)
        known.update(t for t in best if isinstance(t, (Variable, BNode)))
    return ordered


@contextmanager
def ordered_patterns() -> Iterator[None]:
    """rdflib's SPARQL engine, inside the block only, with each basic graph pattern's triples ordered
    as they run (``_ordered_bgp``); other rdflib users keep rdflib's order."""
    from rdflib.plugins.sparql import CUSTOM_EVALS

    CUSTOM_EVALS[_ORDERED] = _ordered_bgp
    try:
        yield
    finally:
        CUSTOM_EVALS.pop(_ORDERED, None)


def run_sparql(context: ShapeContext, shapes: ModuleType) -> None:
    """Run a ``_cimshapes`` module's SPARQL constraints, and its checks of the focus nodes only SPARQL
    (or ``sh:targetNode``) selects, adding their findings to the context."""
    with ordered_patterns():
        _run_sparql(context, shapes)


def _run_sparql(context: ShapeContext, shapes: ModuleType) -> None:
    triples = _Triples(context)
    for selectors, checks in shapes.SELECTED:
        for focus in triples.select(selectors):
            obj = triples.objects.get(focus)
            if obj is not None:
                for check in checks:
                    check(obj, context)
    for rule, selectors, path, query in shapes.SPARQL:
        text = without_comments(query.replace("$PATH", path) if path else query)
        try:
            solutions = _solutions(triples, text, triples.select(selectors))
        except Exception as error:  # noqa: BLE001 (rdflib raises plain Exception): reported, not run
            message = f"{context.rules[rule][0]}: its SPARQL query cannot run: {error}"
            context.findings.append(CimFinding("error", "sparql-not-run", message, "", None, None))
            continue
        for focus, value in solutions:
            shown = None if value is None else triples.identifier(value)
            context.report_at(triples.identifier(focus), triples.objects.get(focus), rule, shown)


def without_comments(query: str) -> str:
    """A query without its comments: from a ``#`` outside an IRI (``<...#x>``) and a string, to the
    line's end. The checks of ``_solutions`` look for ``$this`` only where the query runs it."""
    lines = []
    for line in query.split("\n"):
        quote, in_iri = "", False
        for index, char in enumerate(line):
            if quote:
                quote = "" if char == quote and line[index - 1] != "\\" else quote
            elif in_iri:
                in_iri = char != ">"
            elif char in "\"'":
                quote = char
            elif char == "<" and index + 1 < len(line) and not line[index + 1].isspace() and line[index + 1] != "=":
                in_iri = True
            elif char == "#":
                line = line[:index]
                break
        lines.append(line)
    return "\n".join(lines)


def _solutions(triples: _Triples, query: str, focus_nodes: list[Any]) -> list[tuple[Any, Any]]:
    """(focus node, ``?value``) of each solution of a query for each focus node.

    SHACL runs the query once per focus node with ``$this`` pre-bound. Where the pattern never
    names ``$this``, one run serves every focus node. Where it does and the query projects
    ``$this`` with no aggregate over several focus nodes and no subquery, one run with the focus
    nodes as a ``VALUES`` block at the head of its pattern gives the same solutions, parsed and
    planned once instead of once per focus node. Otherwise the query runs per focus node with
    ``initBindings``, as pySHACL runs it.
    """
    from rdflib.plugins.sparql import prepareQuery

    if not focus_nodes:
        prepareQuery(query)  # a query that cannot run is reported even where nothing is its focus
        return []
    if _ignores_focus(query):
        rows: Any = triples.graph.query(query)
        values = [row.asdict().get("value") for row in rows]
        return [(focus, value) for focus in focus_nodes for value in values]
    head = _batch_head(query)
    found: list[tuple[Any, Any]] = []
    if head is not None:
        for start in range(0, len(focus_nodes), _BATCH):
            nodes = " ".join(node.n3() for node in focus_nodes[start : start + _BATCH])
            rows = triples.graph.query(f"{query[:head]} VALUES ?this {{ {nodes} }} {query[head:]}")
            found += [(solution["this"], solution.get("value")) for solution in (row.asdict() for row in rows)]
        return found
    prepared = prepareQuery(query)
    for focus in focus_nodes:
        rows = triples.graph.query(prepared, initBindings={"this": focus})
        found += [(focus, row.asdict().get("value")) for row in rows]
    return found


def _ignores_focus(query: str) -> bool:
    """Whether a query's pattern never names ``$this`` (its projection and GROUP BY may)."""
    where = _WHERE.search(query)
    return where is not None and _THIS.search(_GROUP_BY.sub("", query[where.end() :])) is None


def _batch_head(query: str) -> int | None:
    """Where a VALUES block of focus nodes may open the query's pattern, or None where one run for
    all of them could give other solutions than a run for each."""
    where = _WHERE.search(query)
    if where is None or len(_SELECT.findall(query)) != 1:
        return None
    projection = query[: where.start()]
    if "*" not in projection and _THIS.search(projection) is None:
        return None  # the solutions would not say their focus node
    if _AGGREGATE.search(query) and not _GROUPS_BY_THIS.search(query):
        return None
    return where.end()
