"""Plans: per output kind, the facts its emitters need, computed once from the finished class graph.

A plan is a set of small frozen records. Several emitters read the same plan (the XML plan
serves the codec, validator and dataclass emitters) and none of them queries the graph again
for what the plan holds. :func:`build_plans` makes every plan of a graph; add a field to
:class:`Plans` and a module beside :mod:`cimgen.plan.xml` for a new output kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from cimgen.graph.model import ClassGraph
from cimgen.plan.cimxml import CimXmlPlan, plan_cimxml
from cimgen.plan.shapes import ShapesPlan, plan_shapes
from cimgen.plan.xml import XmlPlan, plan_xml


@dataclass(frozen=True, slots=True)
class Plans:
    """Every plan of one class graph.

    Attributes:
        xml: The XML Schema types' plan; None when the graph has none.
        cimxml: The CIM classes' CIM-XML plan; None when the graph has none.
        shapes: The SHACL shapes compiled for the CIM classes; None when no shapes were given.
    """

    xml: XmlPlan | None
    cimxml: CimXmlPlan | None
    shapes: ShapesPlan | None = None


def build_plans(graph: ClassGraph) -> Plans:
    """Compute every plan of a finished class graph."""
    return Plans(xml=plan_xml(graph), cimxml=plan_cimxml(graph), shapes=plan_shapes(graph))
