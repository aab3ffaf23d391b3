"""XML Schemas (IEC 61968-9 payloads, the IEC 61968-100 envelope, ESPI) into class-graph records.

The schema is parsed by cimgen's safe XML parser, then read into xsdata's schema models
(xsdata's XSD parser), and those models are mapped to records. Complex types become
compound records (XML payloads are trees of values, not graphs of identities), simple
types with enumerations become enumerations, other simple types primitives over their
base type. ``sawsdl:modelReference`` annotations, which xsdata's models do not keep, are
taken from the parsed tree beforehand, by element position.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xsdata.codegen.parsers.schema import SchemaParser
from xsdata.models import xsd

from cimgen.errors import InputError
from cimgen.graph.passes.resolve_aliases import ELEMENT_SUFFIX
from cimgen.graph.records import (
    XML_SEQUENCE,
    DocumentRecords,
    LiteralRecord,
    Location,
    Multiplicity,
    ProfileRecord,
    PropertyKind,
    PropertyRecord,
    Record,
    TypeKind,
    TypeRecord,
)
from cimgen.readers.triples import XSD, parse_xml_safely

XS_NAMESPACE = "http://www.w3.org/2001/XMLSchema"
SAWSDL_MODEL_REFERENCE = "{http://www.w3.org/ns/sawsdl}modelReference"
XML_ATTRIBUTE = "xml-attribute"
XML_TEXT = "xml-text"
MIXED = "mixed"  # beside XML_TEXT: the text between a mixed type's elements
ANY_TYPE = f"{XSD}anyType"


def _nested_name(owner_name: str, element: str) -> str:
    """The name of an anonymous type: its owner's name and its element's, ``MeterReadingReadingType``."""
    return owner_name + element[:1].upper() + element[1:]


def namespace_iri(namespace: str, name: str) -> str:
    """The IRI of a name in a namespace: ``http://iec.ch/TC57/2011/MeterReadings#Asset``."""
    return f"{namespace.rstrip('#')}#{name}"


@dataclass(slots=True)
class _Occurs:
    lower: int = 1
    upper: int | None = 1

    def times(self, min_occurs: int | str | None, max_occurs: int | str | None) -> _Occurs:
        """The occurrence of a particle inside this one (xsdata reads ``unbounded`` as sys.maxsize)."""
        lower = self.lower * (1 if min_occurs is None else int(min_occurs))
        factor = 1 if max_occurs is None else int(max_occurs)
        upper = None if self.upper is None or factor >= sys.maxsize else self.upper * factor
        return _Occurs(lower, upper)


def _in_one_order(content: Any) -> bool:
    """Whether a complex type's content allows its elements in one order only."""
    if content.choice is not None or getattr(content, "all", None) is not None:
        return False
    return content.sequence is None or _group_in_one_order(content.sequence)


def _group_in_one_order(group: Any) -> bool:
    if int(group.max_occurs if group.max_occurs is not None else 1) > 1 or group.any or group.groups:
        return False
    return all(_group_in_one_order(nested) for nested in [*group.sequences, *group.choices])


@dataclass(slots=True)
class _SchemaReader:
    """Maps one schema's xsdata models to records."""

    file: str
    namespace: str
    profile: str
    model_references: dict[int, str | None]
    lines: dict[int, int | None]
    qualified_elements: bool = True
    qualified_attributes: bool = False
    attribute_groups: dict[str, Any] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)

    def location(self, node: Any) -> Location:
        return Location(self.file, self.lines.get(node.index))

    def resolve(self, qname: str, ns_map: Mapping[Any, str]) -> str:
        prefix, _, local = qname.rpartition(":")
        namespace = ns_map.get(prefix or None, "" if prefix else self.namespace)
        if namespace == XS_NAMESPACE:
            return f"{XSD}{local}"
        if not namespace and not prefix:
            namespace = self.namespace
        return namespace_iri(namespace, local)

    @staticmethod
    def documentation(node: Any) -> str:
        texts: list[str] = []
        for annotation in getattr(node, "annotations", None) or []:
            for doc in annotation.documentations:
                texts.extend(str(part).strip() for part in doc.content if str(part).strip())
        return "\n".join(texts)

    def add_type(self, iri: str, name: str, kind: TypeKind, node: Any, **more: Any) -> None:
        self.records.append(
            TypeRecord(
                iri=iri,
                name=name,
                kind=kind,
                location=self.location(node),
                package=self.profile,
                comment=self.documentation(node),
                profiles=(self.profile,),
                model_reference=self.model_references.get(node.index),
                namespace=self.namespace,
                **more,
            )
        )

    def qualified_name(self, local: str, node: Any, default_qualified: bool) -> str:
        """How a local element or attribute is named in XML, after its ``form`` or the schema default."""
        form = getattr(getattr(node, "form", None), "value", getattr(node, "form", None))
        qualified = default_qualified if form is None else form == "qualified"
        return f"{{{self.namespace}}}{local}" if qualified and self.namespace else local

    def reference_name(self, qname: str, ns_map: Mapping[Any, str]) -> str:
        """The XML name of a global element or attribute that ``ref`` names."""
        prefix, _, local = qname.rpartition(":")
        namespace = ns_map.get(prefix or None, "" if prefix else self.namespace) or ("" if prefix else self.namespace)
        return f"{{{namespace}}}{local}" if namespace else local

    def add_property(
        self,
        owner: str,
        name: str,
        range_iri: str,
        occurs: _Occurs,
        node: Any,
        stereotypes: tuple[str, ...] = (),
        xml_name: str | None = None,
        xml_choice: int | None = None,
    ) -> None:
        self.records.append(
            PropertyRecord(
                iri=f"{owner}.{name}",
                name=name,
                kind=PropertyKind.ATTRIBUTE,
                domain=owner,
                range=range_iri,
                multiplicity=Multiplicity(occurs.lower, occurs.upper),
                location=self.location(node),
                comment=self.documentation(node),
                fixed=getattr(node, "fixed", None),
                default=getattr(node, "default", None),
                stereotypes=stereotypes,
                profiles=(self.profile,),
                model_reference=self.model_references.get(node.index),
                xml_name=xml_name,
                xml_position=getattr(node, "index", None),  # document order, which is schema order
                xml_choice=xml_choice,
            )
        )

    def simple_type(self, node: xsd.SimpleType, iri: str, name: str) -> None:
        restriction = node.restriction
        if restriction is not None and restriction.enumerations:
            self.add_type(iri, name, TypeKind.ENUMERATION, node)
            for enumeration in restriction.enumerations:
                value = str(enumeration.value)
                self.records.append(
                    LiteralRecord(
                        iri=f"{iri}.{value}",
                        name=value,
                        enumeration=iri,
                        location=self.location(enumeration),
                        comment=self.documentation(enumeration),
                        profiles=(self.profile,),
                    )
                )
            return
        base = f"{XSD}string"
        if restriction is not None and restriction.base:
            base = self.resolve(restriction.base, node.ns_map)
        elif node.union is not None and node.union.member_types:
            base = self.resolve(node.union.member_types.split()[0], node.ns_map)
        self.add_type(iri, name, TypeKind.PRIMITIVE, node, value_type=base, facets=_facets(restriction))

    def particles(self, owner: str, owner_name: str, group: Any, occurs: _Occurs, choice: bool) -> None:
        """Elements of a sequence or choice, with the group's occurrence folded in."""
        if group is None:
            return
        inner = occurs.times(group.min_occurs, group.max_occurs)
        one_of = None
        if choice:
            if inner.upper is None or inner.upper > 1:
                self.ordered(owner, group)
            else:
                one_of = group.index  # a choice made once: one of its elements
            inner = _Occurs(0, inner.upper)
        for element in group.elements:
            self.element(owner, owner_name, element, inner, one_of)
        for nested in group.sequences:
            self.particles(owner, owner_name, nested, inner, choice=False)
        for nested in group.choices:
            self.particles(owner, owner_name, nested, inner, choice=True)
        for wildcard in group.any:
            any_occurs = inner.times(wildcard.min_occurs, wildcard.max_occurs)
            self.add_property(
                owner, "anyElement", ANY_TYPE, _Occurs(0, any_occurs.upper), wildcard, ("wildcard",), xml_name=""
            )
        if group.groups:
            raise InputError(
                "xs:group references are not supported yet", file=self.file, line=self.lines.get(group.index)
            )

    def ordered(self, owner: str, group: Any) -> None:
        """A repeated choice: its elements may come in any order, which a round trip must keep.

        The owner gets one more list, of the field names its children came in.
        """
        iri = f"{owner}.xmlOrder"
        if not any(isinstance(r, PropertyRecord) and r.iri == iri for r in self.records):
            self.add_property(owner, "xmlOrder", f"{XSD}string", _Occurs(0, None), group, ("xml-order",), xml_name="")

    def element(
        self, owner: str, owner_name: str, element: xsd.Element, occurs: _Occurs, choice: int | None = None
    ) -> None:
        name = element.name or (element.ref or "").rpartition(":")[2]
        this = occurs.times(element.min_occurs, element.max_occurs)
        if element.ref:
            range_iri = self.resolve(element.ref, element.ns_map) + ELEMENT_SUFFIX
        elif element.type:
            range_iri = self.resolve(element.type, element.ns_map)
        elif element.complex_type is not None:
            range_iri = f"{owner}.{name}.type"
            self.complex_type(element.complex_type, range_iri, _nested_name(owner_name, name), element)
        elif element.simple_type is not None:
            range_iri = f"{owner}.{name}.type"
            self.simple_type(element.simple_type, range_iri, _nested_name(owner_name, name))
        else:
            range_iri = ANY_TYPE
        if element.ref:
            xml_name = self.reference_name(element.ref, element.ns_map)
        else:
            xml_name = self.qualified_name(name, element, self.qualified_elements)
        self.add_property(owner, name, range_iri, this, element, xml_name=xml_name, xml_choice=choice)

    def attributes(self, owner: str, owner_name: str, attributes: list[xsd.Attribute]) -> None:
        for attribute in attributes:
            name = attribute.name or (attribute.ref or "").rpartition(":")[2]
            range_iri = self.resolve(attribute.type, attribute.ns_map) if attribute.type else f"{XSD}string"
            if attribute.simple_type is not None:
                range_iri = f"{owner}.{name}.type"
                self.simple_type(attribute.simple_type, range_iri, _nested_name(owner_name, name))
            required = getattr(attribute.use, "value", attribute.use) == "required"
            if attribute.ref:
                xml_name = self.reference_name(attribute.ref, attribute.ns_map)
            else:
                xml_name = self.qualified_name(name, attribute, self.qualified_attributes)
            self.add_property(
                owner, name, range_iri, _Occurs(1 if required else 0, 1), attribute, (XML_ATTRIBUTE,), xml_name
            )

    def complex_type(self, node: xsd.ComplexType, iri: str, name: str, documented: Any = None) -> None:
        superclass = None
        content: Any = node
        if node.complex_content is not None:
            derivation = node.complex_content.extension or node.complex_content.restriction
            if derivation is not None and derivation.base and node.complex_content.extension is not None:
                superclass = self.resolve(derivation.base, derivation.ns_map)
            content = derivation
        record_node = documented if documented is not None and not self.documentation(node) else node
        ordered = content is not None and node.simple_content is None and _in_one_order(content)
        self.add_type(
            iri,
            name,
            TypeKind.COMPOUND,
            record_node,
            superclass=superclass,
            stereotypes=(XML_SEQUENCE,) if ordered else (),
        )
        if node.simple_content is not None:
            derivation = node.simple_content.extension or node.simple_content.restriction
            if derivation is not None:
                base = self.resolve(derivation.base, derivation.ns_map) if derivation.base else f"{XSD}string"
                self.add_property(iri, "value", base, _Occurs(0, 1), derivation, (XML_TEXT,), xml_name="")
                self.attributes(iri, name, list(derivation.attributes))
            return
        if content is None:
            return
        if node.mixed:  # text between the elements: the text before the first one is kept
            self.add_property(iri, "text", f"{XSD}string", _Occurs(0, 1), node, (XML_TEXT, MIXED), xml_name="")
        self.particles(iri, name, content.sequence, _Occurs(), choice=False)
        self.particles(iri, name, content.choice, _Occurs(), choice=True)
        self.particles(iri, name, getattr(content, "all", None), _Occurs(), choice=False)
        self.attributes(iri, name, [*content.attributes, *self.group_attributes(content.attribute_groups)])

    def group_attributes(self, references: list[Any], seen: frozenset[str] = frozenset()) -> list[xsd.Attribute]:
        """The attributes of ``xs:attributeGroup ref=...`` uses, from the groups this schema defines."""
        found: list[xsd.Attribute] = []
        for reference in references:
            local = (reference.ref or "").rpartition(":")[2]
            group = self.attribute_groups.get(local)
            if group is None or local in seen:
                continue
            found += [*group.attributes, *self.group_attributes(group.attribute_groups, seen | {local})]
        return found

    def read(self, schema: xsd.Schema) -> None:
        self.attribute_groups = {group.name: group for group in schema.attribute_groups if group.name}
        for simple in schema.simple_types:
            self.simple_type(simple, namespace_iri(self.namespace, simple.name or ""), simple.name or "")
        for complex_ in schema.complex_types:
            self.complex_type(complex_, namespace_iri(self.namespace, complex_.name or ""), complex_.name or "")
        for element in schema.elements:
            name = element.name or ""
            element_iri = namespace_iri(self.namespace, name) + ELEMENT_SUFFIX
            if element.complex_type is not None:
                type_iri = namespace_iri(self.namespace, name)
                if not any(isinstance(r, TypeRecord) and r.iri == type_iri for r in self.records):
                    self.complex_type(element.complex_type, type_iri, name, element)
                target = type_iri
            elif element.type:
                target = self.resolve(element.type, element.ns_map)
            else:
                target = ANY_TYPE
            # A global element is a primitive-like alias of its type, so that ``ref`` uses resolve.
            self.records.append(
                TypeRecord(
                    iri=element_iri,
                    name=f"{name}Element",
                    kind=TypeKind.PRIMITIVE,
                    location=self.location(element),
                    package=self.profile,
                    comment=f"The global element {name}.",
                    profiles=(self.profile,),
                    value_type=target,
                    stereotypes=("xml-element",),
                    namespace=self.namespace,
                )
            )


_FACETS = (
    "length",
    "min_length",
    "max_length",
    "min_inclusive",
    "max_inclusive",
    "min_exclusive",
    "max_exclusive",
    "total_digits",
    "fraction_digits",
)


def _facets(restriction: xsd.Restriction | None) -> tuple[tuple[str, str], ...]:
    """A restriction's facets as (XSD facet name, value), patterns last (a value must match one of them)."""
    if restriction is None:
        return ()
    found: list[tuple[str, str]] = []
    for attribute in _FACETS:
        facet = getattr(restriction, attribute)
        if facet is not None and facet.value is not None:
            words = attribute.split("_")
            found.append((words[0] + "".join(w.title() for w in words[1:]), str(facet.value)))
    found += [("pattern", str(pattern.value)) for pattern in restriction.patterns if pattern.value is not None]
    return tuple(found)


def _form(value: Any) -> str:
    return str(getattr(value, "value", value) or "unqualified")


def _check_includes(schema: xsd.Schema, path: Path, display_name: str, lines: Mapping[int, int | None]) -> None:
    """An ``xs:include`` or ``xs:redefine`` of a local file that is not there is an error (its types are
    this schema's own); imports are checked once every input is read (see ``check_references``)."""
    references: list[tuple[str, Any]] = [("xs:include", r) for r in schema.includes]
    references += [("xs:redefine", r) for r in schema.redefines]
    for kind, reference in references:
        location = reference.schema_location
        if location and "://" not in location and not (path.parent / location).is_file():
            raise InputError(
                f"{kind} names {location}, which is not there", file=display_name, line=lines.get(reference.index)
            )


def read_xsd(path: Path, display_name: str) -> DocumentRecords:
    """Read an XML Schema into records.

    Args:
        path: The ``.xsd`` file.
        display_name: How to name it in records and errors.

    Returns:
        The schema as a profile (named after the file) and its records.

    Raises:
        InputError: The file is not well-formed, not a schema, or uses what is not supported.
    """
    tree = parse_xml_safely(path, display_name)
    root = tree.getroot()
    if root.tag != f"{{{XS_NAMESPACE}}}schema":
        raise InputError(f"not an XML Schema: the root element is {root.tag!r}", file=display_name, line=1)
    version = root.get("version")  # before xsdata's parser, which empties the tree as it reads it
    elements = list(root.iter())
    model_references = {index: element.get(SAWSDL_MODEL_REFERENCE) for index, element in enumerate(elements, start=1)}
    lines = {index: element.sourceline for index, element in enumerate(elements, start=1)}
    try:
        schema = SchemaParser(location=path.resolve().as_uri()).parse(tree, xsd.Schema)
    except Exception as error:  # xsdata reports schema errors with many exception types
        raise InputError(f"cannot read the schema: {error}", file=display_name) from None
    _check_includes(schema, path, display_name, lines)
    namespace = schema.target_namespace or ""
    reader = _SchemaReader(
        display_name,
        namespace,
        path.stem,
        model_references,
        lines,
        qualified_elements=_form(schema.element_form_default) == "qualified",
        qualified_attributes=_form(schema.attribute_form_default) == "qualified",
    )
    reader.read(schema)
    imports = tuple(
        (reference.namespace or "", reference.schema_location or "", lines.get(reference.index) or 0)
        for reference in schema.imports
    )
    profile = ProfileRecord(name=path.stem, file=display_name, namespace=namespace, version=version, imports=imports)
    return DocumentRecords(profile=profile, records=tuple(reader.records))
