"""Two schema files defining one XML Schema type: the first file's definition is used, and said so."""

from __future__ import annotations

from dataclasses import replace

from cimgen.graph.model import ClassGraph
from cimgen.graph.passes import choose_schema_definitions, merge_profiles
from cimgen.graph.records import DocumentRecords, Location, ProfileRecord, PropertyRecord, TypeRecord
from tests.graph.factories import NS, a_property, a_type

FIRST, SECOND = Location("a/Message.xsd", 10), Location("b/Message.xsd", 20)


def _schema_type(location: Location) -> TypeRecord:
    return replace(a_type("HeaderType"), location=location, namespace="urn:message")


def _field(name: str, location: Location) -> PropertyRecord:
    return replace(a_property("HeaderType", name, "String"), location=location)


def _graph(*documents: tuple[Location, tuple[TypeRecord | PropertyRecord, ...]]) -> ClassGraph:
    graph = ClassGraph()
    for location, records in documents:
        graph.add_document(DocumentRecords(ProfileRecord("P", location.file), records))
    return graph


def test_the_first_definition_is_used_whole_and_the_difference_is_noted() -> None:
    graph = _graph(
        (FIRST, (_schema_type(FIRST), _field("Verb", FIRST), _field("Noun", FIRST))),
        (SECOND, (_schema_type(SECOND), _field("Verb", SECOND), _field("Context", SECOND))),
    )
    choose_schema_definitions.run(graph)
    merge_profiles.run(graph)
    fields = sorted(p.name for p in graph.records(PropertyRecord) if p.domain == NS + "HeaderType")
    assert fields == ["Noun", "Verb"]  # not Context: no file defines a HeaderType with all three
    assert graph.notes == [
        f"HeaderType ({NS}HeaderType) is defined differently in a/Message.xsd and b/Message.xsd; the first is used"
    ]


def test_the_same_definition_twice_merges_without_a_word() -> None:
    graph = _graph(
        (FIRST, (_schema_type(FIRST), _field("Verb", FIRST))),
        (SECOND, (_schema_type(SECOND), _field("Verb", SECOND))),
    )
    choose_schema_definitions.run(graph)
    merge_profiles.run(graph)
    assert [p.name for p in graph.records(PropertyRecord)] == ["Verb"] and graph.notes == []
