"""CIMTool's OWL profiles into class-graph records.

CIMTool saves a profile as OWL. Each profile class is an ``owl:Class`` in the
profile's namespace that is a subclass of the CIM class it profiles (its *base*,
kept as the record's model reference), of the profile class it extends, and of
``owl:Restriction``s on the CIM properties it keeps: ``owl:allValuesFrom`` gives
the value type, ``owl:minCardinality`` / ``owl:maxCardinality`` the bounds.

A value type is an ``rdfs:Datatype`` equivalent to an XSD or CIM datatype, or an
``owl:Class`` whose ``owl:unionOf`` lists the profile classes allowed. A member
of that union that is a blank node is an anonymous (inline) class: it becomes a
class named after its owner and property (``EndDeviceUsagePoint``). Enumerations
list their literals with ``owl:oneOf`` or type them ``owl:NamedIndividual``.

What a profile leaves to its base schema is not in the file: a datatype whose
``owl:equivalentClass`` is missing is read as ``xsd:string``, and a union of
several classes becomes the profile class of the union's base (a choice). Each
such reading is a note, never silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from cimgen.graph.records import (
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
from cimgen.readers.rdfs import local_name
from cimgen.readers.triples import OWL, RDF, RDFS, XSD, Description, StatementIndex, list_members, ontology_header

UML = "http://langdale.com.au/2005/UML#"
_RESTRICTION = f"{OWL}Restriction"
_DATATYPE = f"{RDFS}Datatype"
_CLASS = f"{OWL}Class"
_INDIVIDUAL = f"{OWL}NamedIndividual"
_UNSTATED_TYPE = f"{XSD}string"
# Stereotypes that say what kind of element a thing is, or how CIMTool renders it: not worth keeping.
_STRUCTURAL_STEREOTYPES = frozenset(
    {"attribute", "enum", "enumeration", "compound", "concrete", "ofAggregate", "aggregateOf", "byreference"}
)


def is_owl_profile(statements: StatementIndex) -> bool:
    """True when a document holds OWL restrictions: the form CIMTool saves profiles in."""
    return any(_RESTRICTION in _types(description) for description in statements.values())


def _types(description: Description) -> set[str]:
    return {term.value for term in description.all(f"{RDF}type")}


def _capitalized(name: str) -> str:
    return name[:1].upper() + name[1:]


class _ProfileInterpreter:
    """Turns the statements of one CIMTool profile into records."""

    def __init__(self, statements: StatementIndex, file: str, profile: ProfileRecord) -> None:
        self.statements = statements
        self.file = file
        self.profile = profile.name
        self.namespace = profile.namespace or ""
        self.records: list[Record] = []
        self.notes: list[str] = []
        self.anonymous: dict[str, str] = {}
        self.base_datatypes: set[str] = set()
        self.profile_class_of_base: dict[str, str] = {}

    def describe(self, node: str) -> Description:
        return self.statements.get(node) or Description()

    def location(self, node: str) -> Location:
        return Location(self.file, self.describe(node).line)

    def list_items(self, head: str | None) -> list[str]:
        """The members of an RDF list, in order."""
        return [term.value for term in list_members(self.statements, head)]

    def in_profile(self, iri: str) -> bool:
        return bool(self.namespace) and iri.startswith(self.namespace)

    def base_of(self, description: Description) -> str | None:
        """The CIM class a profile class profiles: its superclass outside the profile."""
        for term in description.all(f"{RDFS}subClassOf"):
            if not term.value.startswith("_:") and not self.in_profile(term.value):
                return term.value
        return None

    def name_of(self, node: str) -> str:
        label = (self.describe(node).text(f"{RDFS}label") or "").strip()
        return label or local_name(node)

    def stereotypes(self, description: Description) -> list[str]:
        return [local_name(term.value) for term in description.all(f"{UML}hasStereotype")]

    def records_and_notes(self) -> tuple[list[Record], list[str]]:
        named = sorted(
            iri
            for iri, description in self.statements.items()
            if not iri.startswith("_:") and self.in_profile(iri) and _CLASS in _types(description)
        )
        for iri in named:
            base = self.base_of(self.describe(iri))
            if base is not None:
                self.profile_class_of_base.setdefault(base, iri)
        for iri in named:
            self.add_class(iri, self.name_of(iri))
        self.add_named_individuals()
        return self.records, self.notes

    def add_class(self, iri: str, name: str, kind: TypeKind = TypeKind.CLASS) -> None:
        description = self.describe(iri)
        stereotypes = self.stereotypes(description)
        one_of = self.list_items(description.text(f"{OWL}oneOf"))
        if kind is TypeKind.CLASS and (one_of or "enumeration" in stereotypes):
            kind = TypeKind.ENUMERATION
        elif kind is TypeKind.CLASS and "compound" in stereotypes:
            kind = TypeKind.COMPOUND
        superclass = next(
            (t.value for t in description.all(f"{RDFS}subClassOf") if self.in_profile(t.value) and t.value != iri),
            None,
        )
        self.records.append(
            TypeRecord(
                iri=iri,
                name=name,
                kind=kind,
                location=self.location(iri),
                comment=(description.text(f"{RDFS}comment") or "").strip(),
                superclass=superclass,
                stereotypes=tuple(sorted({s for s in stereotypes if s not in _STRUCTURAL_STEREOTYPES})),
                profiles=(self.profile,),
                model_reference=self.base_of(description),
            )
        )
        for literal in one_of:
            self.add_literal(literal, iri)
        for base_property, restrictions in self.restrictions_of(description):
            self.add_property(iri, name, base_property, restrictions)

    def add_literal(self, literal: str, enumeration: str) -> None:
        self.records.append(
            LiteralRecord(
                iri=literal,
                name=self.name_of(literal).rpartition(".")[2],
                enumeration=enumeration,
                location=self.location(literal),
                comment=(self.describe(literal).text(f"{RDFS}comment") or "").strip(),
                profiles=(self.profile,),
            )
        )

    def add_named_individuals(self) -> None:
        for iri in sorted(self.statements):
            types = _types(self.describe(iri))
            if _INDIVIDUAL in types:
                enumeration = sorted(t for t in types if self.in_profile(t))
                if enumeration and not any(r.iri == iri for r in self.records if isinstance(r, LiteralRecord)):
                    self.add_literal(iri, enumeration[0])

    def restrictions_of(self, description: Description) -> Iterator[tuple[str, list[Description]]]:
        """The class's restrictions grouped by the CIM property they restrict, in document order."""
        grouped: dict[str, list[Description]] = {}
        for term in description.all(f"{RDFS}subClassOf"):
            restriction = self.describe(term.value)
            on_property = restriction.text(f"{OWL}onProperty")
            if term.value.startswith("_:") and _RESTRICTION in _types(restriction) and on_property:
                grouped.setdefault(on_property, []).append(restriction)
        yield from grouped.items()

    def add_property(self, owner: str, owner_name: str, base_property: str, restrictions: list[Description]) -> None:
        value = next((r.text(f"{OWL}allValuesFrom") for r in restrictions if r.first(f"{OWL}allValuesFrom")), None)
        name = self.name_of(value) if value and self.describe(value).text(f"{RDFS}label") else ""
        name = name or local_name(base_property).rpartition(".")[2]
        iri = f"{owner}.{name}"
        range_iri, kind = self.value_type(owner_name, name, value, iri)
        bounds = [int(r.text(f"{OWL}minCardinality") or 0) for r in restrictions]
        uppers = [int(text) for r in restrictions if (text := r.text(f"{OWL}maxCardinality")) is not None]
        upper: int | None = min(uppers) if uppers else (1 if kind is PropertyKind.ATTRIBUTE else None)
        lower = max(bounds, default=0)
        self.records.append(
            PropertyRecord(
                iri=iri,
                name=name,
                kind=kind,
                domain=owner,
                range=range_iri,
                multiplicity=Multiplicity(lower, upper),
                location=Location(self.file, restrictions[0].line),
                profiles=(self.profile,),
                model_reference=base_property,
                required_in=((),) if lower > 0 else (),
            )
        )

    def value_type(self, owner_name: str, name: str, value: str | None, iri: str) -> tuple[str, PropertyKind]:
        """The range of a property and whether it is an attribute or an association."""
        if value is None:
            self.notes.append(f"{self.file}: {iri} states no value type; read as xsd:string")
            return _UNSTATED_TYPE, PropertyKind.ATTRIBUTE
        if not value.startswith("_:"):
            return value, PropertyKind.ASSOCIATION
        description = self.describe(value)
        members = self.list_items(description.text(f"{OWL}unionOf"))
        if _DATATYPE in _types(description):
            equivalent = description.text(f"{OWL}equivalentClass")
            if equivalent is not None:
                self.add_base_datatype(equivalent, iri)
                return equivalent, PropertyKind.ATTRIBUTE
            if members:
                datatype = self.member_class(owner_name, name, members[0], TypeKind.DATATYPE)
                return datatype, PropertyKind.ATTRIBUTE
            self.notes.append(f"{self.file}: {iri} leaves its datatype to the base schema; read as xsd:string")
            return _UNSTATED_TYPE, PropertyKind.ATTRIBUTE
        if len(members) == 1:
            return self.member_class(owner_name, name, members[0]), PropertyKind.ASSOCIATION
        profile_class = self.profile_class_of_base.get(self.base_of(description) or "")
        if profile_class is not None:
            if len(members) > 1:
                chosen = ", ".join(self.name_of(m) for m in members)
                self.notes.append(f"{self.file}: {iri} is a choice of {chosen}; typed as {self.name_of(profile_class)}")
            return profile_class, PropertyKind.ASSOCIATION
        if members:
            self.notes.append(f"{self.file}: {iri} is a choice with no common profile class; typed as its first")
            return self.member_class(owner_name, name, members[0]), PropertyKind.ASSOCIATION
        return self.member_class(owner_name, name, value), PropertyKind.ASSOCIATION

    def add_base_datatype(self, datatype: str, used_by: str) -> None:
        """Stand in for a CIM datatype (``ActivePower``) that the profile uses but leaves to its base schema."""
        if datatype.startswith(XSD) or datatype in self.base_datatypes or datatype in self.statements:
            return
        self.base_datatypes.add(datatype)
        name = local_name(datatype)
        self.notes.append(f"{self.file}: {used_by} is a {name}, which the profile leaves to its base schema")
        self.records.append(
            TypeRecord(
                iri=datatype,
                name=name,
                kind=TypeKind.DATATYPE,
                location=self.location(used_by),
                comment=f"The CIM datatype {name}, used by the profile and described by its base schema.",
                profiles=(self.profile,),
            )
        )

    def member_class(self, owner_name: str, name: str, member: str, kind: TypeKind = TypeKind.CLASS) -> str:
        """The IRI of a union member: a profile class, or an anonymous class read here once."""
        if not member.startswith("_:"):
            return member
        known = self.anonymous.get(member)
        if known is not None:
            return known
        anonymous_name = f"{owner_name}{_capitalized(name)}"
        iri = self.anonymous[member] = f"{self.namespace}{anonymous_name}"
        self.statements[iri] = self.describe(member)
        self.add_class(iri, anonymous_name, kind)
        return iri


def _profile_of(statements: StatementIndex, file: str, stem: str) -> ProfileRecord:
    """The profile an ontology header names: its label, namespace and version."""
    header = ontology_header(statements)
    if header is None:
        return ProfileRecord(name=stem, file=file)
    iri, description = header
    label = (description.text(f"{RDFS}label") or "").strip()
    return ProfileRecord(
        name=label or stem,
        file=file,
        version=description.text(f"{OWL}versionInfo"),
        namespace=iri.partition("#")[0] + "#",
    )


def interpret_owl_profile(statements: StatementIndex, file: str, stem: str) -> DocumentRecords:
    """Interpret the statements of one CIMTool OWL profile.

    Args:
        statements: The document's statements, by subject.
        file: How to name the file in records and errors.
        stem: The file name without its suffix, the profile name where the ontology has no label.

    Returns:
        The profile, its records and the notes on what the profile left to its base schema.
    """
    profile = _profile_of(statements, file, stem)
    records, notes = _ProfileInterpreter(dict(statements), file, profile).records_and_notes()
    return DocumentRecords(profile=profile, records=tuple(records), notes=tuple(notes))
