"""RDF Schema triples into class-graph records, for the CIM dialects people have.

One interpreter serves CGMES 2.4.15 "RDFS augmented", CGMES 3.0 "RDFS2020",
CIMTool exports (langdale stereotypes, XSD datatypes as ranges) and OWL-flavoured
Turtle renderings: they share the ``cims:`` vocabulary and differ in spelling,
which this module folds together. Decisions that need the whole merged set
(whether a property is an association, whether a literal's enumeration exists)
are left to the graph passes.
"""

from __future__ import annotations

import re

from cimgen.errors import InputError
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
from cimgen.readers.triples import CIMS, OWL, RDF, RDFS, Description, StatementIndex, Term

QUDT_QUANTITY_KIND = "http://qudt.org/schema/qudt/QuantityKind"
DCAT_KEYWORD = "http://www.w3.org/ns/dcat#keyword"
DCT_CONFORMS_TO = "http://purl.org/dc/terms/conformsTo"
# CGMES 3 profiles conform to IEC 61970-600; CGMES 2.4.15 ones fix their ENTSO-E UML version.
CGMES_STANDARD = "urn:iso:std:iec:61970-600"
_ENTSOE_UML_VERSION = re.compile(r"entsoe_v(\d+(?:\.\d+)*)$")

_CLASS_TYPES = frozenset({f"{RDFS}Class", f"{OWL}Class", QUDT_QUANTITY_KIND})
_PROPERTY_TYPES = frozenset(
    {f"{RDF}Property", f"{OWL}ObjectProperty", f"{OWL}DatatypeProperty", f"{OWL}FunctionalProperty"}
)
_META_NAMESPACES = (RDF, RDFS, OWL, CIMS, "http://qudt.org/", "http://www.w3.org/", "http://purl.org/")

_KIND_BY_STEREOTYPE = {
    "enumeration": TypeKind.ENUMERATION,
    "cimdatatype": TypeKind.DATATYPE,
    "datatype": TypeKind.DATATYPE,
    "primitive": TypeKind.PRIMITIVE,
    "compound": TypeKind.COMPOUND,
}
# Stereotypes that only say what kind of UML element a thing is: not worth keeping.
_STRUCTURAL_STEREOTYPES = frozenset({"attribute", "enum", "concrete", "abstract", *_KIND_BY_STEREOTYPE})
# CGMES marks every concrete class with this IRI; where a document does, the others are abstract.
_CGMES_CONCRETE = "http://iec.ch/TC57/NonStandard/UML#concrete"

_MULTIPLICITY = re.compile(r"M:(\d+)(?:\.\.(\d+|n|\*))?$")


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` (or ``/`` where there is no ``#``)."""
    if "#" in iri:
        return iri.rpartition("#")[2]
    return iri.rstrip("/").rpartition("/")[2]


def stereotype_name(term: Term) -> str:
    """A stereotype, given as an IRI or a literal, as its bare name (``enumeration``)."""
    return local_name(term.value) if term.is_iri else term.value.strip()


def parse_multiplicity(term: Term | None, file: str, line: int | None) -> Multiplicity:
    """Read ``cims:multiplicity`` (``...#M:0..n``); no multiplicity means ``0..1``."""
    if term is None:
        return Multiplicity(0, 1)
    match = _MULTIPLICITY.search(term.value)
    if match is None:
        raise InputError(f"cannot read the multiplicity {term.value!r}", file=file, line=line)
    lower = int(match.group(1))
    upper_text = match.group(2)
    if upper_text is None:
        upper: int | None = lower
    elif upper_text in ("n", "*"):
        upper = None
    else:
        upper = int(upper_text)
    return Multiplicity(lower, upper)


def _is_meta_type(iri: str) -> bool:
    return iri.startswith(_META_NAMESPACES)


class _DocumentInterpreter:
    """Turns the descriptions of one document into records."""

    def __init__(self, descriptions: StatementIndex, display_name: str, profile: ProfileRecord) -> None:
        self.descriptions = descriptions
        self.file = display_name
        self.profile = profile.name
        self.profile_uris = tuple(sorted(profile.uris))
        self.marks_concrete = any(
            term.value == _CGMES_CONCRETE
            for description in descriptions.values()
            for term in description.all(f"{CIMS}stereotype")
        )

    def location(self, description: Description) -> Location:
        return Location(self.file, description.line)

    def name_of(self, iri: str, description: Description) -> str:
        label = description.text(f"{RDFS}label")
        name = label.strip().lstrip("#") if label else ""
        return name or local_name(iri)

    def package_of(self, description: Description) -> str | None:
        category = description.text(f"{CIMS}belongsToCategory")
        if category is None:
            return None
        category_description = self.descriptions.get(category)
        if category_description is not None and category_description.text(f"{RDFS}label"):
            return self.name_of(category, category_description)
        return local_name(category).removeprefix("Package_")

    def type_record(self, iri: str, description: Description) -> TypeRecord:
        names = [stereotype_name(term) for term in description.all(f"{CIMS}stereotype")]
        lowered = {name.lower() for name in names}
        kind = next((k for s, k in _KIND_BY_STEREOTYPE.items() if s in lowered), TypeKind.CLASS)
        if QUDT_QUANTITY_KIND in {term.value for term in description.all(f"{RDF}type")}:
            kind = TypeKind.DATATYPE
        concrete = any(term.value == _CGMES_CONCRETE for term in description.all(f"{CIMS}stereotype"))
        abstract = kind is TypeKind.CLASS and ("abstract" in lowered or (self.marks_concrete and not concrete))
        superclass = description.first(f"{RDFS}subClassOf")
        return TypeRecord(
            iri=iri,
            name=self.name_of(iri, description),
            kind=kind,
            location=self.location(description),
            package=self.package_of(description),
            comment=(description.text(f"{RDFS}comment") or "").strip(),
            superclass=superclass.value if superclass is not None else None,
            stereotypes=tuple(sorted({n for n in names if n.lower() not in _STRUCTURAL_STEREOTYPES})),
            abstract=abstract,
            profiles=(self.profile,),
        )

    def property_record(self, iri: str, description: Description) -> PropertyRecord:
        location = self.location(description)
        domain = description.first(f"{RDFS}domain")
        value_type = description.first(f"{CIMS}dataType") or description.first(f"{RDFS}range")
        if domain is None:
            raise InputError(f"property {iri} has no rdfs:domain", file=self.file, line=description.line)
        if value_type is None:
            raise InputError(
                f"property {iri} has neither rdfs:range nor cims:dataType", file=self.file, line=description.line
            )
        inverse = description.first(f"{CIMS}inverseRoleName") or description.first(f"{OWL}inverseOf")
        used = description.text(f"{CIMS}AssociationUsed")
        names = [stereotype_name(term) for term in description.all(f"{CIMS}stereotype")]
        name = self.name_of(iri, description)
        if name == local_name(iri) and "." in name:
            name = name.rpartition(".")[2]
        multiplicity = parse_multiplicity(description.first(f"{CIMS}multiplicity"), self.file, description.line)
        return PropertyRecord(
            iri=iri,
            name=name,
            kind=PropertyKind.ASSOCIATION if inverse is not None or used is not None else PropertyKind.ATTRIBUTE,
            domain=domain.value,
            range=value_type.value,
            multiplicity=multiplicity,
            location=location,
            comment=(description.text(f"{RDFS}comment") or "").strip(),
            fixed=description.text(f"{CIMS}isFixed"),
            default=description.text(f"{CIMS}isDefault"),
            inverse=inverse.value if inverse is not None else None,
            used=None if used is None else used.strip().lower() == "yes",
            stereotypes=tuple(sorted({n for n in names if n.lower() not in _STRUCTURAL_STEREOTYPES})),
            profiles=(self.profile,),
            required_in=(self.profile_uris,) if multiplicity.lower > 0 else (),
        )

    def records(self) -> list[Record]:
        records: list[Record] = []
        for iri in sorted(self.descriptions):
            description = self.descriptions[iri]
            types = {term.value for term in description.all(f"{RDF}type")}
            if iri.startswith("_:"):
                continue
            if types & _CLASS_TYPES:
                records.append(self.type_record(iri, description))
            elif types & _PROPERTY_TYPES or description.first(f"{RDFS}domain") is not None:
                records.append(self.property_record(iri, description))
            else:
                instance_of = sorted(t for t in types if not _is_meta_type(t))
                if instance_of:
                    # "Kind.x" or "x": the enumeration's name is no part of a literal's; a literal's own
                    # dots are ("0.05CubicMeters")
                    enumeration = local_name(instance_of[0]) + "."
                    records.append(
                        LiteralRecord(
                            iri=iri,
                            name=self.name_of(iri, description).removeprefix(enumeration),
                            enumeration=instance_of[0],
                            location=self.location(description),
                            comment=(description.text(f"{RDFS}comment") or "").strip(),
                            profiles=(self.profile,),
                        )
                    )
        return records


def _profile_of(descriptions: StatementIndex, display_name: str, stem: str) -> ProfileRecord:
    """Name the profile: the ontology's keyword (CGMES 3), the fixed ``shortName`` (CGMES 2.4.15), or the file stem."""
    for iri in sorted(descriptions):
        description = descriptions[iri]
        if f"{OWL}Ontology" in {term.value for term in description.all(f"{RDF}type")}:
            keyword = description.text(DCAT_KEYWORD)
            if keyword:
                standards = [term.value for term in description.all(DCT_CONFORMS_TO)]
                return ProfileRecord(
                    name=keyword.strip(),
                    file=display_name,
                    version=description.text(f"{OWL}versionInfo"),
                    namespace=iri.partition("#")[0] + "#",
                    uris=tuple(term.value for term in description.all(f"{OWL}versionIRI")),
                    family="CGMES" if any(s.startswith(CGMES_STANDARD) for s in standards) else None,
                )
    # CGMES 2.4.15: the profile's URIs are the fixed values of its version class's entsoeURI... attributes.
    uris = tuple(
        (descriptions[iri].text(f"{CIMS}isFixed") or "").strip()
        for iri in sorted(descriptions)
        if iri.rpartition(".")[2].startswith("entsoeURI") and "Version." in iri
    )
    entsoe_uml = [
        match.group(1)
        for iri in sorted(descriptions)
        if iri.endswith("Version.entsoeUML")
        and (match := _ENTSOE_UML_VERSION.search((descriptions[iri].text(f"{CIMS}isFixed") or "").strip()))
    ]
    for iri in sorted(descriptions):
        if iri.endswith("Version.shortName"):
            fixed = descriptions[iri].text(f"{CIMS}isFixed")
            if fixed:
                return ProfileRecord(
                    name=fixed.strip(),
                    file=display_name,
                    uris=tuple(u for u in uris if u),
                    version=entsoe_uml[0] if entsoe_uml else None,
                    family="CGMES" if entsoe_uml else None,
                )
    return ProfileRecord(name=stem, file=display_name)


def interpret_rdfs(descriptions: StatementIndex, display_name: str, stem: str) -> DocumentRecords:
    """Interpret the statements of one RDFS document.

    Args:
        descriptions: The document's statements, by subject.
        display_name: How to name the file in records and errors.
        stem: The file name without its suffix, the profile name of last resort.

    Returns:
        The profile the document describes and its records, sorted by IRI.

    Raises:
        InputError: A property without domain or range, or an unreadable multiplicity.
    """
    profile = _profile_of(descriptions, display_name, stem)
    interpreter = _DocumentInterpreter(descriptions, display_name, profile)
    return DocumentRecords(profile=profile, records=tuple(interpreter.records()))
