"""The SHACL plan: which shapes apply to which CIM class, with their paths in Python field names.

A node shape applies to the objects of each of its target classes (the objects whose class,
or a class a document named them by, is the target: SHACL's ``rdf:type`` on data that carries
no subclass statements). Each of its property shapes becomes one compiled check of those
objects: the path as steps over fields (a property, the ``rdf:type`` of the values reached, or
the objects that refer to them through a property), and the constraint components. A shape
cimgen cannot compile goes to ``not_run`` with the reason, never away.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from cimgen.graph.model import ClassGraph
from cimgen.graph.records import Constraint, PropertyRecord, ShapeRecord, TypeRecord
from cimgen.readers.rdfs import local_name
from cimgen.readers.shacl import PREFIXES_MARK
from cimgen.readers.triples import RDF

RDF_TYPE = f"{RDF}type"
# Components that compare a value with the values of another property of the focus object.
_PAIRS = ("lessThan", "lessThanOrEquals")

# What a node shape targets: (class IRI, "") for a class, (domain IRI, field) for the subjects of a property.
Target = tuple[str, str]
# A step of a compiled path: ("field", Python field name), ("type", ""), or ("inverse", "<domain IRI> <field>").
Step = tuple[str, str]


@dataclass(frozen=True, slots=True)
class ShapeCheck:
    """One property shape of one node shape, compiled for the objects of one class.

    Attributes:
        shape: The property shape's IRI (the rule id of what it finds).
        node: The node shape's IRI.
        steps: The path over fields.
        path: The path as SHACL writes it, with local names (``ACLineSegment.r``, ``^Terminal.ConnectivityNode``).
        constraints: The constraint components.
        severity: ``Violation``, ``Warning`` or ``Info``.
        message: The shape's message.
        logical: ``and``, ``or``, ``xone``, ``not`` with their member checks, which each value
            (the focus object itself where there is no path) must conform to.
    """

    shape: str
    node: str
    steps: tuple[Step, ...]
    path: str
    constraints: tuple[Constraint, ...]
    severity: str
    message: str
    logical: tuple[tuple[str, tuple[ShapeCheck, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class ClassChecks:
    """The checks of the objects of one class or, with ``subjects_of``, of the objects of the class
    (or a subclass) that state that field (``sh:targetSubjectsOf``)."""

    class_iri: str
    python_name: str
    checks: tuple[ShapeCheck, ...]
    subjects_of: str = ""


# How a node shape selects focus nodes in the model's triples: ("class", IRI), ("subjectsOf",
# predicate IRI), ("node", IRI) or ("select", SPARQL query).
Selector = tuple[str, str]


@dataclass(frozen=True, slots=True)
class SparqlCheck:
    """One SHACL-SPARQL constraint of a shape, run with rdflib over the model's triples.

    Attributes:
        shape: The shape's IRI (the rule id of what it finds).
        selectors: The focus nodes, as the node shape selects them.
        path: The path as findings name it (``ACLineSegment.r``), "" for a node shape.
        sparql_path: The property shape's path in SPARQL syntax (``$PATH`` in the query).
        query: The SELECT query, with its PREFIX lines.
        severity: ``Violation``, ``Warning`` or ``Info``.
        message: The constraint's message, else the shape's.
    """

    shape: str
    selectors: tuple[Selector, ...]
    path: str
    sparql_path: str
    query: str
    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class SelectedChecks:
    """Compiled checks of a node shape whose focus nodes only the triples can select (``sh:targetNode``,
    a SPARQL target): run where SPARQL runs, on the objects selected."""

    node: str
    selectors: tuple[Selector, ...]
    checks: tuple[ShapeCheck, ...]


@dataclass(frozen=True, slots=True)
class ShapesPlan:
    """Every compiled check by class, the shapes not run with why, and counts for ``inspect``.

    Attributes:
        classes: The classes with checks, by IRI.
        not_run: (shape IRI, why) of every shape that is not compiled, sorted.
        compiled: How many shapes are compiled: property shapes (each may serve several node
            shapes) and node shapes that constrain their focus objects themselves.
        sparql: The SHACL-SPARQL constraints, evaluated over the model's triples with rdflib.
        selected: Compiled checks whose focus nodes SPARQL (or ``sh:targetNode``) selects.
    """

    classes: tuple[ClassChecks, ...]
    not_run: tuple[tuple[str, str], ...]
    compiled: int
    sparql: tuple[SparqlCheck, ...] = ()
    selected: tuple[SelectedChecks, ...] = ()

    def not_run_counts(self) -> dict[str, int]:
        """How many shapes are not run, by reason."""
        return dict(sorted(Counter(why for _, why in self.not_run).items()))


def _step(graph: ClassGraph, inverse: bool, predicate: str) -> Step | None:
    if predicate == RDF_TYPE:
        return None if inverse else ("type", "")
    prop = graph.get(predicate)
    if not isinstance(prop, PropertyRecord):
        return None
    if inverse:
        return ("inverse", f"{prop.domain} {prop.python_name}")
    return ("field", prop.python_name)


def _selectors(node: ShapeRecord, shapes: dict[str, ShapeRecord]) -> tuple[Selector, ...]:
    return (
        *(("class", iri) for iri in node.targets),
        *(("subjectsOf", iri) for iri in node.subjects_of),
        *(("node", iri) for iri in node.target_nodes),
        *(("select", _with_prefixes(query, shapes)) for query in node.sparql_targets),
    )


def _with_prefixes(query: str, shapes: dict[str, ShapeRecord]) -> str:
    """A query whose ``sh:prefixes`` another file declares, with that file's PREFIX lines (a node
    no file declares stays a comment: the query's prefixed names then fail when it runs)."""
    lines = query.split("\n")
    for number, line in enumerate(lines):
        if line.startswith(PREFIXES_MARK):
            declaring = shapes.get(line.removeprefix(PREFIXES_MARK))
            if declaring is not None and declaring.declares:
                lines[number] = "\n".join(declaring.declares)
    return "\n".join(lines)


def _path_text(shape: ShapeRecord, term: Callable[[str], str] = local_name) -> str:
    """A shape's path as SHACL writes it, each predicate by ``term``: its local name, or ``<IRI>`` for SPARQL."""
    return "/".join(("^" if inverse else "") + term(predicate) for inverse, predicate in shape.path)


def _iri(predicate: str) -> str:
    return f"<{predicate}>"


def _compile(graph: ClassGraph, node: ShapeRecord, shape: ShapeRecord, member: bool = False) -> ShapeCheck | str:
    """The check of a property shape (or of a node shape's own constraints on its focus, or of a
    member of a logical component), or why it cannot be compiled."""
    if shape.unsupported:
        return ", ".join(f"sh:{name}" for name in shape.unsupported)
    if not shape.path and not member and shape is not node:
        return "no sh:path"
    logical: list[tuple[str, tuple[ShapeCheck, ...]]] = []
    for component, members in shape.logical:
        checks = [_compile(graph, node, part, member=True) for part in members]
        why = next((check for check in checks if isinstance(check, str)), None)
        if why is not None:
            return f"sh:{component}: {why}"
        logical.append((component, tuple(check for check in checks if isinstance(check, ShapeCheck))))
    steps = [_step(graph, inverse, predicate) for inverse, predicate in shape.path]
    if any(step is None for step in steps):
        return "a path through a property the profiles do not have"
    constraints: list[Constraint] = []
    for component, value in shape.constraints:
        if component in _PAIRS:  # compared with another property of the focus object: its field
            other = graph.get(str(value))
            if not isinstance(other, PropertyRecord):
                return f"sh:{component} names a property the profiles do not have"
            value = other.python_name
        constraints.append((component, value))
    return ShapeCheck(
        shape=shape.iri,
        node=node.iri,
        steps=tuple(step for step in steps if step is not None),
        path=_path_text(shape),
        constraints=tuple(constraints),
        severity=shape.severity,
        message=shape.message,
        logical=tuple(logical),
    )


def _targets(graph: ClassGraph, node: ShapeRecord) -> list[Target]:
    """A node shape's targets that the profiles have: classes, and (domain, field) of subjects-of predicates."""
    found: list[Target] = [(t, "") for t in node.targets if isinstance(graph.get(t), TypeRecord)]
    for predicate in node.subjects_of:
        prop = graph.get(predicate)
        if isinstance(prop, PropertyRecord) and isinstance(graph.get(prop.domain), TypeRecord):
            found.append((prop.domain, prop.python_name))
    return found


def plan_shapes(graph: ClassGraph) -> ShapesPlan | None:
    """The SHACL plan, or None when no shapes were given."""
    shapes = {shape.iri: shape for shape in graph.records(ShapeRecord)}
    if not shapes:
        return None
    by_target: dict[Target, list[ShapeCheck]] = {}
    not_run: dict[str, str] = {}
    compiled: set[str] = set()
    sparql: list[SparqlCheck] = []
    selected: list[SelectedChecks] = []
    for node in sorted((s for s in shapes.values() if s.is_node_shape), key=lambda s: s.iri):
        if not node.has_targets and not node.unsupported:
            continue  # a node shape without targets checks nothing by itself
        if node.deactivated:
            not_run[node.iri] = "sh:deactivated"
            continue
        if node.unsupported:
            not_run[node.iri] = ", ".join(f"sh:{name}" for name in node.unsupported)
            continue
        by_triples = bool(node.target_nodes or node.sparql_targets)  # focus nodes only SPARQL selects
        targets = _targets(graph, node)
        if not targets and not by_triples:
            not_run[node.iri] = "targets only classes and properties the profiles do not have"
            continue
        parts = [shapes[part] for part in node.properties if part in shapes]  # the graph's notes name the others
        checks: list[ShapeCheck] = []
        selectors = _selectors(node, shapes)
        for shape in [node, *parts] if node.checks_its_focus else parts:
            if shape.deactivated:
                not_run[shape.iri] = "sh:deactivated"
                continue
            for query, message in shape.sparql:
                text = _with_prefixes(query, shapes)
                sparql.append(
                    SparqlCheck(
                        shape.iri,
                        selectors,
                        _path_text(shape),
                        _path_text(shape, _iri),
                        text,
                        shape.severity,
                        message or shape.message,
                    )
                )
            if shape.sparql and not shape.constraints and not shape.logical:
                continue  # nothing but SPARQL
            check = _compile(graph, node, shape)
            if isinstance(check, str):
                not_run[shape.iri] = check
                continue
            compiled.add(shape.iri)
            checks.append(check)
        if by_triples:
            selected.append(SelectedChecks(node.iri, selectors, tuple(checks)))
            continue
        for target in targets:
            by_target.setdefault(target, []).extend(checks)
    classes = tuple(
        ClassChecks(iri, graph.get_as(iri, TypeRecord).python_name, tuple(sorted(checks, key=_order)), field)
        for (iri, field), checks in sorted(by_target.items())
    )
    return ShapesPlan(
        classes=classes,
        not_run=tuple(sorted(not_run.items())),
        compiled=len(compiled),
        sparql=tuple(sparql),
        selected=tuple(s for s in selected if s.checks),
    )


def _order(check: ShapeCheck) -> tuple[str, str]:
    return check.node, check.shape
