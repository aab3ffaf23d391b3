"""RDF/XML into a statement index, with lxml.

rdflib's RDF/XML parser is general but slow (seconds for a CGMES set); this reader
covers the RDF/XML grammar that schema files use (node and property elements,
``rdf:about``/``rdf:ID``/``rdf:nodeID``, ``rdf:resource``, ``rdf:datatype``,
``xml:lang``, ``xml:base``, typed node elements, property attributes, nested nodes and
``rdf:parseType`` Literal, Resource and Collection) at lxml speed, and groups the
statements by subject as it goes. Tests cross-check it against rdflib on the real corpus.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

from cimgen.errors import InputError
from cimgen.readers.triples import RDF, XML_NS, Description, StatementIndex, Term, parse_xml_safely

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
_XML_LITERAL = f"{RDF}XMLLiteral"


def _tag_iri(tag: str) -> str:
    """Turn lxml's ``{namespace}local`` into the IRI ``namespacelocal``."""
    if tag[0] == "{":
        namespace, _, local = tag[1:].partition("}")
        return namespace + local
    return tag


class _RdfXmlReader:
    """Walks one RDF/XML document and fills a statement index."""

    def __init__(self, display_name: str) -> None:
        self.display_name = display_name
        self.index: StatementIndex = {}
        self.blank_ids = itertools.count(1)
        self.predicates: dict[str, str] = {}
        # IRI terms repeat (types, stereotypes, multiplicities): one Term each.
        self.iri_terms: dict[str, Term] = {}

    def iri_term(self, iri: str) -> Term:
        term = self.iri_terms.get(iri)
        if term is None:
            term = self.iri_terms[iri] = Term(iri, True)
        return term

    def resolve(self, reference: str, base: str) -> str:
        """Resolve a (possibly relative) IRI reference against the base IRI."""
        if reference.startswith("#"):
            return base.partition("#")[0] + reference
        if ":" in reference.partition("#")[0] or not base:
            return reference
        return urljoin(base, reference)

    def fail(self, element: etree._Element, message: str) -> InputError:
        return InputError(message, file=self.display_name, line=element.sourceline)

    def predicate(self, tag: str) -> str:
        predicate = self.predicates.get(tag)
        if predicate is None:
            predicate = self.predicates[tag] = _tag_iri(tag)
        return predicate

    def description(self, subject: str, line: int | None) -> Description:
        description = self.index.get(subject)
        if description is None:
            description = self.index[subject] = Description(line)
        return description

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

    def node(self, element: etree._Element, base: str, subject: str | None = None) -> None:
        """Index one node element and everything nested in it."""
        base = element.get(_BASE, base)
        if subject is None:
            subject = self.node_subject(element, base)
        values = self.description(subject, element.sourceline).values
        if element.tag != _DESCRIPTION:
            values[_RDF_TYPE].append(self.iri_term(_tag_iri(element.tag)))
        for name, value in element.attrib.items():
            if name not in _SYNTAX_ATTRIBUTES:
                predicate = self.predicate(name)
                obj = self.iri_term(self.resolve(value, base)) if predicate == _RDF_TYPE else Term(value, False)
                values[predicate].append(obj)
        members = itertools.count(1)
        # The loop below runs once per property element, tens of thousands of times for a
        # CGMES set: the common shapes (a reference, a plain or tagged literal) stay inline.
        base_prefix = base.partition("#")[0]
        predicates, iri_terms = self.predicates, self.iri_terms
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == _LI:
                predicate = f"{RDF}_{next(members)}"
            else:
                predicate = predicates.get(tag) or self.predicate(tag)
            # One call for all attributes: the shapes below have none, or just one of these.
            attributes = child.items()
            if not attributes:
                if len(child) == 0:
                    values[predicate].append(Term(child.text or "", False))
                    continue
            elif len(attributes) == 1:
                name, value = attributes[0]
                if name == _RESOURCE:
                    iri = base_prefix + value if value[:1] == "#" else self.resolve(value, base)
                    values[predicate].append(iri_terms.get(iri) or self.iri_term(iri))
                    continue
                if (name == _LANG or name == _DATATYPE) and len(child) == 0:
                    lang, datatype = (value, None) if name == _LANG else (None, value)
                    values[predicate].append(Term(child.text or "", False, datatype, lang))
                    continue
            self.property(subject, predicate, child, base)

    def property(self, subject: str, predicate: str, element: etree._Element, base: str) -> None:
        """Index one property element of ``subject`` (the less common shapes)."""
        values = self.index[subject].values
        base = element.get(_BASE, base)
        resource = element.get(_RESOURCE)
        if resource is not None:
            values[predicate].append(self.iri_term(self.resolve(resource, base)))
            return
        node_id = element.get(_NODE_ID)
        if node_id is not None:
            values[predicate].append(self.iri_term("_:" + node_id))
            return
        parse_type = element.get(_PARSE_TYPE)
        if parse_type == "Literal":
            values[predicate].append(Term("".join(element.itertext()), False, _XML_LITERAL))
            return
        if parse_type == "Resource":
            blank = f"_:b{next(self.blank_ids)}"
            values[predicate].append(self.iri_term(blank))
            self.description(blank, element.sourceline)
            members = itertools.count(1)
            for child in element:
                if isinstance(child.tag, str):
                    tag = child.tag
                    inner = f"{RDF}_{next(members)}" if tag == _LI else self.predicate(tag)
                    self.property(blank, inner, child, base)
            return
        if parse_type == "Collection":
            self.collection(subject, predicate, element, base)
            return
        if parse_type is not None:
            raise self.fail(element, f"rdf:parseType={parse_type!r} is not supported")
        children = [child for child in element if isinstance(child.tag, str)]
        if children:
            if len(children) > 1:
                raise self.fail(element, "a property element holds more than one node element")
            nested = children[0]
            nested_subject = self.node_subject(nested, nested.get(_BASE, base))
            values[predicate].append(self.iri_term(nested_subject))
            self.node(nested, base, nested_subject)
            return
        values[predicate].append(Term(element.text or "", False, element.get(_DATATYPE), element.get(_LANG)))

    def collection(self, subject: str, predicate: str, element: etree._Element, base: str) -> None:
        """Index an ``rdf:parseType="Collection"`` as an RDF list of its node elements."""
        previous, link = subject, predicate
        for child in element:
            if not isinstance(child.tag, str):
                continue
            cell = f"_:b{next(self.blank_ids)}"
            member = self.node_subject(child, child.get(_BASE, base))
            self.description(previous, element.sourceline).values[link].append(self.iri_term(cell))
            self.description(cell, child.sourceline).values[f"{RDF}first"].append(self.iri_term(member))
            self.node(child, base, member)
            previous, link = cell, f"{RDF}rest"
        self.description(previous, element.sourceline).values[link].append(self.iri_term(f"{RDF}nil"))


def read_rdfxml(path: Path, display_name: str) -> StatementIndex:
    """Read the statements of an RDF/XML file.

    Args:
        path: The file to read.
        display_name: How to name the file in errors.

    Returns:
        The statements by subject, each subject with the line it is first described on.

    Raises:
        InputError: The file is not well-formed XML or not RDF/XML.
    """
    root = parse_xml_safely(path, display_name).getroot()
    if root.tag != _RDF_ROOT:
        raise InputError(
            f"not an RDF/XML document: the root element is {root.tag!r}, not rdf:RDF",
            file=display_name,
            line=root.sourceline,
        )
    reader = _RdfXmlReader(display_name)
    base = root.get(_BASE, "")
    for element in root:
        if isinstance(element.tag, str):
            reader.node(element, base)
    return reader.index
