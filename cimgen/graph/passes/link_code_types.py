"""Link the CIM classes whose identifier is an IEC 61968-9 code to the codec that decodes it.

A ``ReadingType``'s mRID is its 18-part code; an ``EndDeviceEventType``'s, its 4-part code;
and so on (``graph/code_tables.py`` lists them). Where the inputs hold the tables a codec
needs, the class gets a ``decoded()`` method that hands back the decoded code.
"""

from __future__ import annotations

from dataclasses import replace

from cimgen.graph.code_tables import CODECS
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import CodeTableRecord, TypeKind


def run(graph: ClassGraph) -> None:
    """Set ``codec`` on every class named in ``CODECS`` that has an mRID and whose codec's tables are present."""
    tables = {table.name for table in graph.records(CodeTableRecord)}
    for record in graph.types(TypeKind.CLASS):
        found = CODECS.get(record.name)
        if found is None or not set(found[1]) <= tables:
            continue
        owners = [record.iri, *(parent.iri for parent in graph.superclass_chain(record.iri))]
        if any(prop.name == "mRID" for owner in owners for prop in graph.properties_of(owner)):
            graph.put(replace(record, codec=found[0]))
