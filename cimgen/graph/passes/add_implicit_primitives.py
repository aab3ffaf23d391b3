"""Give the primitives that profiles use without defining them a node of their own.

CIMTool exports use XSD datatypes (``xsd:float``) directly as ranges, and some
profiles range over CIM Domain primitives (``MonthDay``, ``char``) that they never
describe. These are built in to every CIM profile; anything else undefined is left
for ``check_references`` to reject. Each primitive added this way is noted.
"""

from __future__ import annotations

from cimgen.graph.model import ClassGraph
from cimgen.graph.records import PropertyRecord, TypeKind, TypeRecord
from cimgen.readers.rdfs import local_name
from cimgen.readers.triples import XSD

# The primitives of the CIM Domain package (and CIMTool's ``char``), by name.
CIM_PRIMITIVE_NAMES = frozenset(
    {"Boolean", "Date", "DateTime", "Decimal", "Duration", "Float", "Integer", "MonthDay", "String", "Time", "char"}
)


def run(graph: ClassGraph) -> None:
    """Add a primitive type for every undefined XSD or CIM primitive that a property ranges over."""
    for prop in graph.records(PropertyRecord):
        if prop.range in graph:
            continue
        name = local_name(prop.range)
        if prop.range.startswith(XSD):
            package, comment = "XMLSchema", f"The XML Schema datatype {name}."
        elif name in CIM_PRIMITIVE_NAMES:
            package, comment = "Domain", f"The CIM primitive {name}, used but not described by the inputs."
            graph.notes.append(f"{prop.location}: {prop.range} is not defined; taken as the CIM primitive {name}")
        else:
            continue
        graph.put(
            TypeRecord(
                iri=prop.range,
                name=name[0].upper() + name[1:],
                kind=TypeKind.PRIMITIVE,
                location=prop.location,
                package=package,
                comment=comment,
            )
        )
