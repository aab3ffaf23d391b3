"""Text that derives from a type with text and attributes takes that type's text type and attributes."""

from __future__ import annotations

from cimgen.graph.passes import flatten_simple_content
from cimgen.graph.records import PropertyRecord, TypeKind
from tests.graph.factories import NS, a_property, a_type, graph_of


def _text(owner: str, range_: str) -> PropertyRecord:
    return a_property(owner, "value", range_, stereotypes=("xml-text",), xml_name="")


def _attribute(owner: str, name: str) -> PropertyRecord:
    return a_property(owner, name, "string", stereotypes=("xml-attribute",), xml_name=name)


def test_a_code_restricted_to_one_value_reads_its_text_and_keeps_its_bases_attributes() -> None:
    graph = graph_of(
        a_type("string", TypeKind.PRIMITIVE),
        a_type("CodeContent", TypeKind.PRIMITIVE),
        a_type("CodeType", TypeKind.COMPOUND),  # text with a list agency, as ebIX's code types
        _text("CodeType", "CodeContent"),
        _attribute("CodeType", "listAgencyIdentifier"),
        _attribute("CodeType", "listIdentifier"),
        a_type("DocumentType", TypeKind.COMPOUND),  # restricts CodeType to one code
        _text("DocumentType", "CodeType"),
        _attribute("DocumentType", "listIdentifier"),  # declared again: its own stays
        a_type("NarrowerDocumentType", TypeKind.COMPOUND),  # and a restriction of that
        _text("NarrowerDocumentType", "DocumentType"),
        connect=False,
    )
    flatten_simple_content.run(graph)
    for name in ("DocumentType", "NarrowerDocumentType"):
        owned = [p for p in graph.records(PropertyRecord) if p.domain == NS + name]
        assert sorted(p.name for p in owned) == ["listAgencyIdentifier", "listIdentifier", "value"]  # none twice
        properties = {p.name: p for p in owned}
        assert properties["value"].range == NS + "CodeContent"
        assert properties["listAgencyIdentifier"].iri == f"{NS}{name}.listAgencyIdentifier"


def test_text_of_a_simple_type_is_left_as_it_is() -> None:
    graph = graph_of(
        a_type("string", TypeKind.PRIMITIVE),
        a_type("Quantity", TypeKind.COMPOUND),
        _text("Quantity", "string"),
        _attribute("Quantity", "unit"),
        connect=False,
    )
    before = graph.records(PropertyRecord)
    flatten_simple_content.run(graph)
    assert graph.records(PropertyRecord) == before
