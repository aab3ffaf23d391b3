"""RDF/XML into triples with lxml.

rdflib's RDF/XML parser is general but slow (seconds for a CGMES set); this reader
covers the RDF/XML grammar that schema files use (node and property elements,
``rdf:about``/``rdf:ID``/``rdf:nodeID``, ``rdf:resource``, ``rdf:datatype``,
``xml:lang``, ``xml:base``, typed node elements, property attributes, nested nodes and
``rdf:parseType`` Literal and Resource) at lxml speed. Tests cross-check it
against rdflib on the real corpus.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

from cimgen.errors import InputError
from cimgen.readers.triples import RDF, XML_NS, Term, Triple, parse_xml_safely

_ABOUT = f"{{{RDF}}}about"
_ID = f"{{{RDF}}}ID"
_NODE_ID = f"{{{RDF}}}nodeID"
_RESOURCE = f"{{{RDF}}}resource"
_DATATYPE = f"{{{RDF}}}datatype"
_PARSE_TYPE = f"{{{RDF}}}parseType"
_DESCRIPTION = f"{{{RDF}}}Description"
_RDF_ROOT = f"{{{RDF}}}RDF"
_LI = f"{{{RDF}}}li"
_BASE = f"{{{XML_NS}}}base"
_LANG = f"{{{XML_NS}}}lang"
_SYNTAX_ATTRIBUTES = frozenset({_ABOUT, _ID, _NODE_ID, _RESOURCE, _DATATYPE, _PARSE_TYPE, _BASE, _LANG})
_RDF_TYPE = f"{RDF}type"


def _tag_iri(tag: str) -> str:
    """Turn lxml's ``{namespace}local`` into the IRI ``namespacelocal``."""
    if tag[0] == "{":
        namespace, _, local = tag[1:].partition("}")
        return namespace + local
    return tag


class _RdfXmlReader:
    """Walks one RDF/XML document and yields its triples."""

    def __init__(self, display_name: str) -> None:
        self.display_name = display_name
        self.blank_ids = itertools.count(1)
        self.iri_cache: dict[str, str] = {}

    def resolve(self, reference: str, base: str) -> str:
        """Resolve a (possibly relative) IRI reference against the base IRI."""
        if reference.startswith("#"):
            return base.partition("#")[0] + reference
        if ":" in reference.partition("#")[0] or not base:
            return reference
        return urljoin(base, reference)

    def fail(self, element: etree._Element, message: str) -> InputError:
        return InputError(message, file=self.display_name, line=element.sourceline)

    def node_subject(self, element: etree._Element, base: str) -> str:
        about: str | None = element.get(_ABOUT)
        if about is not None:
            return self.resolve(about, base)
        rdf_id: str | None = element.get(_ID)
        if rdf_id is not None:
            return base.partition("#")[0] + "#" + rdf_id
        node_id: str | None = element.get(_NODE_ID)
        if node_id is not None:
            return "_:" + node_id
        return f"_:b{next(self.blank_ids)}"

    def node(self, element: etree._Element, base: str, subject: str | None = None) -> Iterator[Triple]:
        """Yield the triples of one node element and everything nested in it."""
        base = element.get(_BASE, base)
        if subject is None:
            subject = self.node_subject(element, base)
        line = element.sourceline
        if element.tag != _DESCRIPTION:
            yield Triple(subject, _RDF_TYPE, Term(_tag_iri(element.tag), True), line)
        for name, value in element.attrib.items():
            if name not in _SYNTAX_ATTRIBUTES:
                predicate = _tag_iri(name)
                obj = Term(self.resolve(value, base), True) if predicate == _RDF_TYPE else Term(value, False)
                yield Triple(subject, predicate, obj, line)
        members = itertools.count(1)
        for child in element:
            if not isinstance(child.tag, str):
                continue
            yield from self.property(subject, child, base, members)

    def property(self, subject: str, element: etree._Element, base: str, members: Iterator[int]) -> Iterator[Triple]:
        """Yield the triples of one property element of ``subject``."""
        tag = element.tag
        predicate = f"{RDF}_{next(members)}" if tag == _LI else self.iri_cache.get(tag)
        if predicate is None:
            predicate = self.iri_cache[tag] = _tag_iri(tag)
        line = element.sourceline
        base = element.get(_BASE, base)
        resource = element.get(_RESOURCE)
        if resource is not None:
            yield Triple(subject, predicate, Term(self.resolve(resource, base), True), line)
            return
        node_id = element.get(_NODE_ID)
        if node_id is not None:
            yield Triple(subject, predicate, Term("_:" + node_id, True), line)
            return
        parse_type = element.get(_PARSE_TYPE)
        if parse_type == "Literal":
            text = "".join(element.itertext())
            yield Triple(subject, predicate, Term(text, False, f"{RDF}XMLLiteral"), line)
            return
        if parse_type == "Resource":
            blank = f"_:b{next(self.blank_ids)}"
            yield Triple(subject, predicate, Term(blank, True), line)
            inner_members = itertools.count(1)
            for child in element:
                if isinstance(child.tag, str):
                    yield from self.property(blank, child, base, inner_members)
            return
        if parse_type == "Collection":
            yield from self.collection(subject, predicate, element, base)
            return
        if parse_type is not None:
            raise self.fail(element, f"rdf:parseType={parse_type!r} is not supported")
        children = [child for child in element if isinstance(child.tag, str)]
        if children:
            if len(children) > 1:
                raise self.fail(element, "a property element holds more than one node element")
            nested = children[0]
            nested_subject = self.node_subject(nested, nested.get(_BASE, base))
            yield Triple(subject, predicate, Term(nested_subject, True), line)
            yield from self.node(nested, base, nested_subject)
            return
        yield Triple(
            subject,
            predicate,
            Term(element.text or "", False, element.get(_DATATYPE), element.get(_LANG)),
            line,
        )

    def collection(self, subject: str, predicate: str, element: etree._Element, base: str) -> Iterator[Triple]:
        """Yield an ``rdf:parseType="Collection"`` as an RDF list of its node elements."""
        line = element.sourceline
        previous, link = subject, predicate
        for child in element:
            if not isinstance(child.tag, str):
                continue
            cell = f"_:b{next(self.blank_ids)}"
            member = self.node_subject(child, child.get(_BASE, base))
            yield Triple(previous, link, Term(cell, True), line)
            yield Triple(cell, f"{RDF}first", Term(member, True), child.sourceline)
            yield from self.node(child, base, member)
            previous, link = cell, f"{RDF}rest"
        yield Triple(previous, link, Term(f"{RDF}nil", True), line)


def read_rdfxml(path: Path, display_name: str) -> list[Triple]:
    """Read the triples of an RDF/XML file.

    Args:
        path: The file to read.
        display_name: How to name the file in errors.

    Returns:
        The triples in document order.

    Raises:
        InputError: The file is not well-formed XML or not RDF/XML.
    """
    root = parse_xml_safely(path, display_name).getroot()
    reader = _RdfXmlReader(display_name)
    base = root.get(_BASE, "")
    if root.tag != _RDF_ROOT:
        raise InputError(
            f"not an RDF/XML document: the root element is {root.tag!r}, not rdf:RDF",
            file=display_name,
            line=root.sourceline,
        )
    triples: list[Triple] = []
    for element in root:
        if isinstance(element.tag, str):
            triples.extend(reader.node(element, base))
    return triples
