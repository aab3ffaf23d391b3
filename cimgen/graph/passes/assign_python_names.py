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


def run(graph: ClassGraph) -> None:
    """Fill ``python_name`` (and ``module`` for types) on the records the emitters use."""
    emitted = graph.types(*EMITTED_KINDS)
    groups: dict[str | None, list[TypeRecord]] = {}
    for record in emitted:
        groups.setdefault(record.namespace, []).append(record)
    root_modules = naming.make_unique((t.iri, naming.module_name(t.name)) for t in groups.get(None, []))
    subpackages = subpackage_names(sorted(ns for ns in groups if ns is not None), set(root_modules.values()))
    for namespace, records in groups.items():
        class_names = naming.make_unique((t.iri, naming.class_name(t.name)) for t in records)
        module_names = (
            root_modules
            if namespace is None
            else naming.make_unique((t.iri, naming.module_name(t.name)) for t in records)
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
        unique = naming.make_unique(
            ((p.iri, naming.field_name(p.name)) for p in own), taken=inherited | _NAMES_ANNOTATIONS_USE
        )
        for prop in own:
            graph.put(replace(prop, python_name=unique[prop.iri]))
        field_names_in[iri] = inherited | set(unique.values())

    for enumeration in graph.types(TypeKind.ENUMERATION):
        literals = graph.literals_of(enumeration.iri)
        unique = naming.make_unique((lit.iri, naming.enum_member_name(lit.name)) for lit in literals)
        for literal in literals:
            graph.put(replace(literal, python_name=unique[literal.iri]))
