"""Turtle, N-Triples, N3 and JSON-LD into triples, through rdflib.

RDF/XML goes through the faster lxml reader; the other syntaxes are rarer and
smaller, and rdflib reads them well.
"""

from __future__ import annotations

import re
from pathlib import Path

import rdflib
from rdflib.term import BNode, Literal, URIRef

from cimgen.errors import InputError
from cimgen.readers.triples import StatementIndex, Term, Triple, index_triples

RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".n3": "n3", ".jsonld": "json-ld"}

_LINE_IN_MESSAGE = re.compile(r"line (\d+)")


def _term(node: rdflib.term.Node) -> Term:
    if isinstance(node, URIRef):
        return Term(str(node), True)
    if isinstance(node, BNode):
        return Term(f"_:{node}", True)
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype else None
        return Term(str(node), False, datatype, node.language)
    raise TypeError(f"unexpected RDF node {node!r}")


def read_with_rdflib(path: Path, display_name: str) -> StatementIndex:
    """Read the triples of a Turtle, N-Triples, N3 or JSON-LD file.

    Args:
        path: The file to read; its suffix picks the syntax.
        display_name: How to name the file in errors.

    Returns:
        The statements by subject, sorted (rdflib keeps no document order); lines are not known.

    Raises:
        InputError: The file does not parse.
    """
    graph = rdflib.Graph()
    try:
        graph.parse(str(path), format=RDFLIB_FORMATS[path.suffix.lower()])
    except Exception as error:  # rdflib raises many unrelated types for bad syntax
        message = " ".join(str(error).split()) or type(error).__name__
        match = _LINE_IN_MESSAGE.search(message)
        line = int(match.group(1)) if match else None
        raise InputError(f"cannot parse: {message[:300]}", file=display_name, line=line) from None
    triples = [Triple(str(s) if not isinstance(s, BNode) else f"_:{s}", str(p), _term(o), None) for s, p, o in graph]
    triples.sort(key=lambda triple: (triple.subject, triple.predicate, triple.object))
    return index_triples(triples)
