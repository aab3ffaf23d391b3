"""RDF statements as the readers hand them on, and the one safe XML parser cimgen uses.

The RDF readers (RDF/XML through lxml, Turtle and others through rdflib) all produce a
``StatementIndex``: every subject's statements grouped by predicate, with the line the
subject was first described on. The RDFS interpreter reads that and nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from cimgen.errors import InputError
from cimgen.runtime._xmlvalues import parser_words

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
CIMS = "http://iec.ch/TC57/1999/rdf-schema-extensions-19990926#"
XML_NS = "http://www.w3.org/XML/1998/namespace"


class Term(NamedTuple):
    """The object of a statement: an IRI (or blank node ``_:id``) or a literal.

    Attributes:
        value: The IRI, blank node id, or the literal's lexical form.
        is_iri: True for an IRI or blank node, False for a literal.
        datatype: The literal's datatype IRI, if any.
        lang: The literal's language tag, if any.
    """

    value: str
    is_iri: bool
    datatype: str | None = None
    lang: str | None = None


class Triple(NamedTuple):
    """One statement, with the line of the input it came from where the reader knows it."""

    subject: str
    predicate: str
    object: Term
    line: int | None


@dataclass(slots=True)
class Description:
    """All statements about one subject in one document, by predicate, in document order."""

    line: int | None = None
    values: defaultdict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))

    def first(self, predicate: str) -> Term | None:
        """The first object of a predicate, or None."""
        found = self.values.get(predicate)
        return found[0] if found else None

    def text(self, predicate: str) -> str | None:
        """The first object's value, or None."""
        term = self.first(predicate)
        return term.value if term is not None else None

    def all(self, predicate: str) -> list[Term]:
        """Every object of a predicate."""
        return self.values.get(predicate, [])


StatementIndex = dict[str, Description]


def ontology_header(index: StatementIndex) -> tuple[str, Description] | None:
    """The document's ``owl:Ontology`` header (its IRI and statements), the first by IRI, or None."""
    for iri in sorted(index):
        description = index[iri]
        if f"{OWL}Ontology" in {term.value for term in description.all(f"{RDF}type")}:
            return iri, description
    return None


def list_members(index: StatementIndex, head: str | None) -> list[Term]:
    """The members of an RDF list (``rdf:first`` / ``rdf:rest``) in order; a cycle ends it."""
    members: list[Term] = []
    seen: set[str] = set()
    while head and head != f"{RDF}nil" and head not in seen:
        seen.add(head)
        cell = index.get(head)
        if cell is None:
            break
        first = cell.first(f"{RDF}first")
        if first is not None:
            members.append(first)
        head = cell.text(f"{RDF}rest")
    return members


def index_triples(triples: Iterable[Triple]) -> StatementIndex:
    """Group triples by subject and predicate."""
    index: StatementIndex = {}
    for subject, predicate, obj, line in triples:
        description = index.get(subject)
        if description is None:
            description = index[subject] = Description(line)
        description.values[predicate].append(obj)
    return index


def iter_triples(index: StatementIndex) -> Iterator[Triple]:
    """The statements of an index as triples, each with its subject's line."""
    for subject, description in index.items():
        for predicate, objects in description.values.items():
            for obj in objects:
                yield Triple(subject, predicate, obj, description.line)


def parse_xml_safely(path: Path, display_name: str) -> etree._ElementTree:
    """Parse an XML file without loading DTDs, resolving entities or touching the network.

    Args:
        path: The file to read.
        display_name: How to name the file in errors.

    Returns:
        The parsed document.

    Raises:
        InputError: The file is not well-formed XML, or it declares a DOCTYPE.
    """
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        try:
            tree = etree.parse(str(path), parser)
        except OSError:
            # libxml2 reading a file reports bad bytes as a read error without the line: parse the bytes.
            tree = etree.ElementTree(etree.fromstring(path.read_bytes(), parser))
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        raise InputError(f"not well-formed XML: {parser_words(error.msg)}", file=display_name, line=line) from None
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror or error}", file=display_name) from None
    if tree.docinfo.doctype:
        raise InputError(
            "the document declares a DOCTYPE; cimgen never loads DTDs or entities",
            file=display_name,
            line=1,
        )
    return tree
