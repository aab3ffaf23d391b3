"""Give every CIM datatype its value type and its fixed unit and multiplier.

A CIM datatype such as ``ActivePower`` is a class with the attributes ``value``,
``unit`` and ``multiplier``; the profile fixes unit and multiplier (``cims:isFixed``).
"""

from __future__ import annotations

from dataclasses import replace

from cimgen.graph.model import ClassGraph
from cimgen.graph.records import TypeKind


def run(graph: ClassGraph) -> None:
    """Fill ``value_type``, ``unit`` and ``multiplier`` of every datatype."""
    for datatype in graph.types(TypeKind.DATATYPE):
        by_name = {prop.name: prop for prop in graph.properties_of(datatype.iri)}
        value = by_name.get("value")
        unit = by_name.get("unit")
        multiplier = by_name.get("multiplier")
        graph.put(
            replace(
                datatype,
                value_type=value.range if value else None,
                unit=unit.fixed.strip() if unit and unit.fixed else None,
                multiplier=multiplier.fixed.strip() if multiplier and multiplier.fixed else None,
            )
        )
