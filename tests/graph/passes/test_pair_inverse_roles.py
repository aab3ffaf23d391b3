"""Both ends of an association name each other."""

from __future__ import annotations

import pytest

from cimgen.errors import InputError
from cimgen.graph.model import INVERSE
from cimgen.graph.passes import classify_properties, pair_inverse_roles
from cimgen.graph.records import Multiplicity, PropertyRecord
from tests.graph.factories import NS, a_property, a_type, graph_of


def test_a_one_sided_inverse_is_completed() -> None:
    graph = graph_of(
        a_type("A"),
        a_type("B"),
        a_property("A", "Bs", "B", Multiplicity(0, None), inverse="B.A"),
        a_property("B", "A", "A"),
    )
    classify_properties.run(graph)
    pair_inverse_roles.run(graph)
    assert graph.get_as(NS + "B.A", PropertyRecord).inverse == NS + "A.Bs"
    assert graph.targets(NS + "B.A", INVERSE) == [NS + "A.Bs"]


def test_ends_that_disagree_are_an_error() -> None:
    graph = graph_of(
        a_type("A"),
        a_type("B"),
        a_property("A", "b", "B", inverse="B.a"),
        a_property("B", "a", "A", inverse="B.other"),
        a_property("B", "other", "A"),
    )
    classify_properties.run(graph)
    with pytest.raises(InputError, match=r"names .*B\.a as its inverse role, which names .*B\.other"):
        pair_inverse_roles.run(graph)
