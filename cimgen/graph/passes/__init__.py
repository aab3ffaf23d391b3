"""Graph passes, one module each, run in the order of ``PASSES``.

Each pass has one entry point, ``run(graph)``; it reads records, replaces them
with evolved copies and adds edges, and raises ``InputError`` on what it cannot accept.
"""

from __future__ import annotations

from collections.abc import Callable

from cimgen.graph.model import ClassGraph
from cimgen.graph.passes import (
    add_implicit_primitives,
    assign_python_names,
    check_references,
    check_shapes,
    choose_schema_definitions,
    classify_properties,
    connect_graph,
    flatten_simple_content,
    link_code_types,
    link_model_references,
    merge_profiles,
    pair_inverse_roles,
    resolve_aliases,
    resolve_datatypes,
    resolve_inheritance,
)

Pass = Callable[[ClassGraph], None]

PASSES: tuple[tuple[str, Pass], ...] = (
    ("choose schema definitions", choose_schema_definitions.run),
    ("merge profiles", merge_profiles.run),
    ("resolve aliases", resolve_aliases.run),
    ("add implicit primitives", add_implicit_primitives.run),
    ("check references", check_references.run),
    ("check shapes", check_shapes.run),
    ("flatten simple content", flatten_simple_content.run),
    ("connect graph", connect_graph.run),
    ("resolve inheritance", resolve_inheritance.run),
    ("classify properties", classify_properties.run),
    ("pair inverse roles", pair_inverse_roles.run),
    ("resolve datatypes", resolve_datatypes.run),
    ("link code types", link_code_types.run),
    ("link model references", link_model_references.run),
    ("assign Python names", assign_python_names.run),
)


def run_passes(graph: ClassGraph) -> ClassGraph:
    """Run every pass in order on the graph and return it."""
    for _, run in PASSES:
        run(graph)
    return graph
