"""Merging the records that several profiles give for one IRI."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cimgen.errors import InputError
from cimgen.graph.model import ClassGraph
from cimgen.graph.passes import merge_profiles
from cimgen.graph.records import DocumentRecords, Multiplicity, ProfileRecord, PropertyRecord, TypeRecord
from tests.graph.factories import NS, a_property, a_type


def _merge(*documents: tuple[str, tuple[object, ...]]) -> ClassGraph:
    graph = ClassGraph()
    for name, records in documents:
        graph.add_document(DocumentRecords(ProfileRecord(name, f"{name}.rdf"), records))  # type: ignore[arg-type]
    merge_profiles.run(graph)
    return graph


def test_profiles_are_remembered_and_the_widest_multiplicity_wins() -> None:
    eq = a_property("A", "b", "B", Multiplicity(1, 1), profiles=("EQ",))
    ssh = replace(eq, multiplicity=Multiplicity(0, None), profiles=("SSH",), comment="From SSH.")
    graph = _merge(("EQ", (eq,)), ("SSH", (ssh,)))
    merged = graph.get_as(NS + "A.b", PropertyRecord)
    assert merged.profiles == ("EQ", "SSH")
    assert merged.multiplicity == Multiplicity(0, None)
    assert merged.comment == "From SSH."
    assert not graph.pending


def test_a_class_is_abstract_only_if_every_profile_says_so() -> None:
    abstract = a_type("A", abstract=True, profiles=("EQ",))
    concrete = replace(abstract, abstract=False, profiles=("SSH",))
    graph = _merge(("EQ", (abstract,)), ("SSH", (concrete,)))
    assert graph.get_as(NS + "A", TypeRecord).abstract is False


def test_a_property_whose_range_differs_between_profiles_is_an_error() -> None:
    first = a_property("A", "b", "B")
    second = replace(first, range=NS + "C")
    with pytest.raises(InputError, match=r"has domain .* and range .*C here"):
        _merge(("EQ", (first,)), ("SSH", (second,)))


def test_an_iri_that_is_a_class_in_one_profile_and_a_property_in_another_is_an_error() -> None:
    with pytest.raises(InputError, match="is a PropertyRecord here but a TypeRecord"):
        _merge(("EQ", (a_type("A.b"),)), ("SSH", (a_property("A", "b", "B"),)))
