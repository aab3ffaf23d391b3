"""Link the CIM classes whose identifier is an IEC 61968-9 code to the codec that decodes it.

A ``ReadingType``'s mRID is its 18-part code; an ``EndDeviceEventType``'s, its 4-part code;
and so on (``graph/code_tables.py`` lists them). In IEC 61968-9 payloads the same code is the
``ref`` attribute of an element whose ``sawsdl:modelReference`` names the class
(``<ReadingType ref="0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"/>``). Where the inputs hold the tables a codec
needs, the class gets a ``decoded()`` method that hands back the decoded code.
"""

from __future__ import annotations

from dataclasses import replace

from cimgen.graph.code_tables import CODECS
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import CodeTableRecord, TypeKind, TypeRecord

IDENTIFYING = ("mRID", "ref")


def _cim_name(record: TypeRecord) -> str:
    """The CIM class a type stands for.

    An XSD type names it in its model reference; an anonymous XSD type (IRI ``...ReadingType.type``)
    is named after its element, which in Part 9 payloads is the role, named after the class.
    """
    if record.namespace and record.model_reference:
        return record.model_reference.rpartition("#")[2].rpartition(".")[2]
    if record.namespace and record.iri.endswith(".type"):
        return record.iri.removesuffix(".type").rpartition(".")[2].rpartition("#")[2]
    return record.name


def code_classes_without_tables(graph: ClassGraph) -> list[str]:
    """The coded classes (``ReadingType``, ...) that XML Schema types stand for while the inputs hold
    no code table at all: the schemas need the IEC 61968-9 tables that cimgen carries."""
    if graph.records(CodeTableRecord):
        return []
    return sorted(
        {
            name
            for r in graph.types(TypeKind.CLASS, TypeKind.COMPOUND)
            if r.namespace and (name := _cim_name(r)) in CODECS
        }
    )


def run(graph: ClassGraph) -> None:
    """Set ``codec`` on every type that stands for a class in ``CODECS``, is identified by an mRID
    (or, in an XSD payload, a ``ref`` attribute) and whose codec's tables are present."""
    tables = {table.name for table in graph.records(CodeTableRecord)}
    for record in graph.types(TypeKind.CLASS, TypeKind.COMPOUND):
        found = CODECS.get(_cim_name(record))
        if found is None or not set(found[1]) <= tables:
            continue
        owners = [record.iri, *(parent.iri for parent in graph.superclass_chain(record.iri))]
        if any(prop.name in IDENTIFYING for owner in owners for prop in graph.properties_of(owner)):
            graph.put(replace(record, codec=found[0]))
