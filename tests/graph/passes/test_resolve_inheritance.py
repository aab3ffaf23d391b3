"""The inheritance hierarchy has no cycles and classes inherit from their own kind."""

from __future__ import annotations

import pytest

from cimgen.errors import InputError
from cimgen.graph.passes import resolve_inheritance
from cimgen.graph.records import TypeKind
from tests.graph.factories import a_type, graph_of


def test_a_cycle_is_an_error_that_shows_it() -> None:
    graph = graph_of(a_type("A", superclass="C"), a_type("B", superclass="A"), a_type("C", superclass="B"))
    with pytest.raises(InputError, match=r"inheritance cycle: .*A -> .*"):
        resolve_inheritance.run(graph)


def test_a_class_cannot_inherit_from_an_enumeration() -> None:
    graph = graph_of(a_type("E", TypeKind.ENUMERATION), a_type("A", superclass="E"))
    with pytest.raises(InputError, match=r"\(class\) cannot inherit from .*E \(enumeration\)"):
        resolve_inheritance.run(graph)


def test_a_deep_hierarchy_passes_and_the_chain_is_nearest_first() -> None:
    graph = graph_of(a_type("A"), a_type("B", superclass="A"), a_type("C", superclass="B"))
    resolve_inheritance.run(graph)
    assert [t.name for t in graph.superclass_chain("http://example.com/cim#C")] == ["B", "A"]
