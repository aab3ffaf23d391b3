"""What ``inspect`` counts matches a second count made independently with rdflib queries."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from cimgen import inspect
from tests.conftest import corpus_path

CIMS = "http://iec.ch/TC57/1999/rdf-schema-extensions-19990926#"

COUNT_TYPES = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX cims: <{CIMS}>
SELECT ?kind (COUNT(DISTINCT ?type) AS ?n) WHERE {{
  ?type a rdfs:Class .
  OPTIONAL {{
    ?type cims:stereotype ?s .
    FILTER(LCASE(REPLACE(STR(?s), "^.*#", "")) IN ("enumeration", "cimdatatype", "primitive", "compound"))
  }}
  BIND(COALESCE(LCASE(REPLACE(STR(?s), "^.*#", "")), "class") AS ?kind)
}} GROUP BY ?kind
"""
COUNT_LITERALS = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX cims: <{CIMS}>
SELECT (COUNT(DISTINCT ?literal) AS ?n) WHERE {{
  ?enumeration a rdfs:Class ; cims:stereotype ?s .
  FILTER(LCASE(REPLACE(STR(?s), "^.*#", "")) = "enumeration")
  ?literal a ?enumeration .
}}
"""
COUNT_PROPERTIES = f"""
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX cims: <{CIMS}>
SELECT (COUNT(DISTINCT ?p) AS ?all) (COUNT(DISTINCT ?end) AS ?ends) WHERE {{
  ?p a rdf:Property .
  OPTIONAL {{ ?p cims:AssociationUsed ?used . BIND(?p AS ?end) }}
}}
"""


def rdflib_counts(folder: Path) -> dict[str, int]:
    """Types, literals and properties of the RDFS files in a folder (``*.rdf`` or ``*.ttl``), counted by rdflib."""
    graph = rdflib.Graph()
    for path in sorted(folder.glob("*.rdf")):
        graph.parse(str(path), format="xml")
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(str(path), format="turtle")
    kinds = {str(row[0]): int(row[1]) for row in graph.query(COUNT_TYPES)}  # type: ignore[index]
    (literals,) = next(iter(graph.query(COUNT_LITERALS)))  # type: ignore[misc]
    all_properties, ends = next(iter(graph.query(COUNT_PROPERTIES)))  # type: ignore[misc]
    return {
        "types": sum(kinds.values()),
        "classes": kinds.get("class", 0),
        "compounds": kinds.get("compound", 0),
        "enumerations": kinds.get("enumeration", 0),
        "enumeration_literals": int(literals),
        "datatypes": kinds.get("cimdatatype", 0),
        "primitives": kinds.get("primitive", 0),
        "attributes": int(all_properties) - int(ends),
        "association_ends": int(ends),
    }


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        (
            "cimgen-cgmes/CGMES_3.0.0",
            {
                "types": 525,
                "classes": 435,
                "compounds": 4,
                "enumerations": 51,
                "enumeration_literals": 554,
                "datatypes": 27,
                "primitives": 8,
            },
        ),
        (
            "cimgen-cgmes/CGMES_2.4.15_27JAN2020",
            {"types": 482, "enumerations": 48, "enumeration_literals": 242, "datatypes": 30, "primitives": 8},
        ),
    ],
)
def test_inspect_counts_equal_rdflib_counts(relative: str, expected: dict[str, int]) -> None:
    folder = corpus_path(relative)
    ours = inspect([folder]).counts
    theirs = rdflib_counts(folder)
    assert {key: ours[key] for key in theirs} == theirs
    assert {key: ours[key] for key in expected} == expected
    assert ours["associations"] * 2 == ours["association_ends"]
