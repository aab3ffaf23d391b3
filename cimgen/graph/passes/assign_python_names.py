"""Give every emitted type, property and literal its Python name, unique where it must be.

Class and module names are unique across the package, field names within a class
and everything it inherits, member names within an enumeration. Clashes are
settled by IRI order, so the result never depends on input order.
"""

from __future__ import annotations

from dataclasses import replace

import networkx as nx

from cimgen import naming
from cimgen.graph.model import SUBCLASS_OF, ClassGraph
from cimgen.graph.records import TypeKind, TypeRecord

EMITTED_KINDS = (TypeKind.CLASS, TypeKind.COMPOUND, TypeKind.ENUMERATION, TypeKind.DATATYPE)
# Builtins and module aliases that generated annotations use: a field must not shadow them.
_NAMES_ANNOTATIONS_USE = frozenset({"str", "int", "float", "bool", "list", "type", "object", "enum"})


def _superclasses_first(graph: ClassGraph) -> list[str]:
    hierarchy = nx.DiGraph()
    hierarchy.add_nodes_from(t.iri for t in graph.types(TypeKind.CLASS, TypeKind.COMPOUND))
    hierarchy.add_edges_from(
        (target, source) for source, target, relation in graph.nx.edges(data="relation") if relation == SUBCLASS_OF
    )
    return list(nx.lexicographical_topological_sort(hierarchy))


def subpackage_names(namespaces: list[str], taken: set[str]) -> dict[str, str]:
    """A subpackage for each XSD namespace, after its last segment: ``.../2011/MeterReadings#`` -> meter_readings."""
    wanted = []
    for namespace in namespaces:
        segments = [s for s in namespace.rstrip("#/").replace("#", "/").split("/") if s]
        wanted.append((namespace, naming.module_name(segments[-1] if segments else "schema")))
    return naming.make_unique(wanted, taken=taken)


def _spelled_as_wanted(name: str, wanted: str) -> bool:
    """Whether a source name needs no more than case and separators to become the name it wants."""
    return name.isascii() and name.replace("_", "").lower() == wanted.replace("_", "").lower()


def _note_renames(
    graph: ClassGraph,
    what: str,
    sources: dict[str, str],
    wanted: dict[str, str],
    unique: dict[str, str],
    taken: set[str],
) -> None:
    """A note for every name changed to avoid a clash, naming what holds the name it wanted."""
    holders = {name: key for key, name in unique.items()}
    for key, name in unique.items():
        if name == wanted[key]:
            continue
        holder = holders.get(wanted[key])
        if holder is not None:
            by = f"{sources[holder]!r} has it"
        elif wanted[key] in _NAMES_ANNOTATIONS_USE:
            by = "generated annotations use it"
        elif wanted[key] in taken:
            by = "an inherited field has it"
        else:
            by = "it is taken"
        graph.notes.append(f"{what} {sources[key]!r} is {name!r} in Python: {wanted[key]!r} is taken ({by})")


def _unique(
    graph: ClassGraph, what: str, items: list[tuple[str, str, str]], taken: set[str] | frozenset[str] = frozenset()
) -> dict[str, str]:
    """Unique names for (key, source name, wanted name); exact spellings choose first; renames are noted."""
    wanted = {key: name for key, _, name in items}
    sources = {key: source for key, source, _ in items}
    preferred = {key for key, source, name in items if _spelled_as_wanted(source, name)}
    unique = naming.make_unique(wanted.items(), taken=taken, preferred=preferred)
    _note_renames(graph, what, sources, wanted, unique, set(taken))
    return unique


def run(graph: ClassGraph) -> None:
    """Fill ``python_name`` (and ``module`` for types) on the records the emitters use."""
    emitted = graph.types(*EMITTED_KINDS)
    groups: dict[str | None, list[TypeRecord]] = {}
    for record in emitted:
        groups.setdefault(record.namespace, []).append(record)
    root_modules = _unique(
        graph, "module of", [(t.iri, t.name, naming.module_name(t.name)) for t in groups.get(None, [])]
    )
    subpackages = subpackage_names(sorted(ns for ns in groups if ns is not None), set(root_modules.values()))
    for namespace, records in groups.items():
        class_names = _unique(graph, "class", [(t.iri, t.name, naming.class_name(t.name)) for t in records])
        module_names = (
            root_modules
            if namespace is None
            else _unique(graph, "module of", [(t.iri, t.name, naming.module_name(t.name)) for t in records])
        )
        prefix = "" if namespace is None else subpackages[namespace] + "."
        for record in records:
            module = prefix + module_names[record.iri]
            graph.put(replace(record, python_name=class_names[record.iri], module=module))

    field_names_in: dict[str, set[str]] = {}
    for iri in _superclasses_first(graph):
        record = graph.get_as(iri, TypeRecord)
        inherited = set(field_names_in.get(record.superclass, set())) if record.superclass else set()
        own = graph.properties_of(iri)
        items = [(p.iri, f"{record.name}.{p.name}", naming.field_name(p.name)) for p in own]
        unique = _unique(graph, "field", items, taken=inherited | _NAMES_ANNOTATIONS_USE)
        for prop in own:
            graph.put(replace(prop, python_name=unique[prop.iri]))
        field_names_in[iri] = inherited | set(unique.values())

    for enumeration in graph.types(TypeKind.ENUMERATION):
        literals = graph.literals_of(enumeration.iri)
        items = [(lit.iri, f"{enumeration.name}.{lit.name}", naming.enum_member_name(lit.name)) for lit in literals]
        unique = _unique(graph, "literal", items)
        for literal in literals:
            graph.put(replace(literal, python_name=unique[literal.iri]))
