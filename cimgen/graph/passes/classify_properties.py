"""Decide for every property whether it is an attribute or an association end.

The rule needs the merged graph: an association end points to a class; an
attribute holds a primitive, a CIM datatype, an enumeration or a compound.
"""

from __future__ import annotations

from dataclasses import replace

from cimgen.graph.model import ClassGraph
from cimgen.graph.records import PropertyKind, PropertyRecord, TypeKind, TypeRecord


def run(graph: ClassGraph) -> None:
    """Set every property's kind from the kind of its range."""
    for prop in graph.records(PropertyRecord):
        range_type = graph.get_as(prop.range, TypeRecord)
        kind = PropertyKind.ASSOCIATION if range_type.kind is TypeKind.CLASS else PropertyKind.ATTRIBUTE
        if kind is not prop.kind:
            graph.put(replace(prop, kind=kind))
