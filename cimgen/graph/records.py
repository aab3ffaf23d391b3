"""The intermediate representation: small, frozen records that readers produce.

Every record is keyed by an IRI. Readers create one record per description they
find in one input file; the ``merge_profiles`` pass folds the records that several
files give for the same IRI into one. Passes change records with
``dataclasses.replace`` and never mutate them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class TypeKind(enum.Enum):
    """What a CIM type is, from its UML stereotype."""

    CLASS = "class"
    COMPOUND = "compound"
    ENUMERATION = "enumeration"
    DATATYPE = "datatype"
    PRIMITIVE = "primitive"


class PropertyKind(enum.Enum):
    """Whether a property holds a value (attribute) or points to an object (association end)."""

    ATTRIBUTE = "attribute"
    ASSOCIATION = "association"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a record was read from: a file name (as given) and a line, when known."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True, slots=True)
class Multiplicity:
    """A UML multiplicity such as ``0..1``, ``1..1`` or ``0..n``; ``upper`` None is unbounded."""

    lower: int = 0
    upper: int | None = 1

    @property
    def is_many(self) -> bool:
        """True when more than one value is allowed."""
        return self.upper is None or self.upper > 1

    @property
    def is_required(self) -> bool:
        """True when at least one value is required."""
        return self.lower > 0

    def __str__(self) -> str:
        upper = "n" if self.upper is None else str(self.upper)
        return f"{self.lower}..{upper}"


@dataclass(frozen=True, slots=True)
class TypeRecord:
    """A class, compound, enumeration, CIM datatype or primitive.

    Attributes:
        iri: The full IRI, the node key in the class graph.
        name: The CIM name (``rdfs:label``, or the IRI fragment).
        kind: What kind of type this is.
        package: The CIM package or profile category it belongs to, if given.
        comment: The documentation text from ``rdfs:comment``.
        superclass: IRI of the direct superclass, if any.
        stereotypes: Stereotype names other than the ones that set ``kind``.
        abstract: True when the input marks the class abstract.
        profiles: Names of the profiles that carry this type.
        location: Where the type was first described.
        python_name: The Python class name (set by the naming pass).
        module: The Python module name, without the package (set by the naming pass).
        value_type: For a CIM datatype, the IRI of its value's primitive (datatype pass).
        unit: For a CIM datatype, its fixed unit literal name, if fixed.
        multiplier: For a CIM datatype, its fixed multiplier literal name, if fixed.
        codec: For a class whose mRID is an IEC 61968-9 code, the codec that decodes it.
        model_reference: For an XSD type, the CIM IRI its ``sawsdl:modelReference`` names.
        namespace: For an XSD type, its target namespace; such types go into a subpackage each.
        facets: For an XSD simple type, its restriction facets as (name, value), inherited ones first:
            ``("maxLength", "32")``, ``("pattern", "[0-9]+")``.
    """

    iri: str
    name: str
    kind: TypeKind
    location: Location
    package: str | None = None
    comment: str = ""
    superclass: str | None = None
    stereotypes: tuple[str, ...] = ()
    abstract: bool = False
    profiles: tuple[str, ...] = ()
    python_name: str = ""
    module: str = ""
    value_type: str | None = None
    unit: str | None = None
    multiplier: str | None = None
    codec: str | None = None
    model_reference: str | None = None
    namespace: str | None = None
    facets: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PropertyRecord:
    """An attribute of a type, or one end of an association.

    Attributes:
        iri: The full IRI (``Class.role``).
        name: The CIM role or attribute name.
        kind: Attribute or association end.
        domain: IRI of the type that owns the property.
        range: IRI of the value type (attribute) or of the target class (association).
        multiplicity: How many values the property takes.
        location: Where the property was first described.
        comment: The documentation text.
        fixed: The value fixed by the profile (``cims:isFixed``), as written.
        default: The default value (``cims:isDefault``), as written.
        inverse: IRI of the other end of an association.
        used: Whether this association end is exchanged (``cims:AssociationUsed``).
        stereotypes: Stereotype names, such as ``aggregateOf``.
        profiles: Names of the profiles that carry this property.
        python_name: The Python field name (set by the naming pass).
        model_reference: For an XSD element or attribute, the CIM IRI its ``sawsdl:modelReference`` names.
        xml_name: For an XSD element or attribute, its name in XML: ``{namespace}local`` when
            qualified, ``local`` when not.
        xml_position: For an XSD element or attribute, its place in the owner's content model.
        xml_choice: For an element of an ``xs:choice`` that occurs once, the choice (its place in
            the schema): of its elements, one may appear.
        required_in: The profiles that require a value (lower bound 1 or more), each as the URIs
            its RDFS document declares; an empty tuple of URIs where the document declares none.
    """

    iri: str
    name: str
    kind: PropertyKind
    domain: str
    range: str
    multiplicity: Multiplicity
    location: Location
    comment: str = ""
    fixed: str | None = None
    default: str | None = None
    inverse: str | None = None
    used: bool | None = None
    stereotypes: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    python_name: str = ""
    model_reference: str | None = None
    xml_name: str | None = None
    xml_position: int | None = None
    required_in: tuple[tuple[str, ...], ...] = ()
    xml_choice: int | None = None


@dataclass(frozen=True, slots=True)
class LiteralRecord:
    """One literal of an enumeration."""

    iri: str
    name: str
    enumeration: str
    location: Location
    comment: str = ""
    profiles: tuple[str, ...] = ()
    python_name: str = ""


@dataclass(frozen=True, slots=True)
class ProfileRecord:
    """One input document: a profile (or a whole schema) with its name and version.

    ``uris`` are the profile URIs that instance documents name in their header
    (``md:Model.profile``): the ontology's ``owl:versionIRI`` (CGMES 3), or the fixed
    ``entsoeURI...`` values of the profile's version class (CGMES 2.4.15). ``family`` names
    the profile set the document belongs to where it says so (``CGMES``).
    """

    name: str
    file: str
    version: str | None = None
    namespace: str | None = None
    uris: tuple[str, ...] = ()
    imports: tuple[tuple[str, str, int], ...] = ()  # an XML Schema's imports: (namespace, location, line)
    family: str | None = None


@dataclass(frozen=True, slots=True)
class CodeEntry:
    """One row of a code table: a code, its mnemonic, its Python member name and what it means.

    Attributes:
        code: The code as written (``72``, ``-3``, ``4.10``).
        name: The mnemonic (``Wh``, ``fifteenMinute``).
        member: The Python enum member name (``WH``, ``FIFTEEN_MINUTE``).
        description: A short description.
        confidence: ``agreed``, ``single-source:...``, ``conflict`` or ``vendor``.
        location: Where the row was read.
        aliases: Other names deployed systems give the code: (name, where it is used).
    """

    code: str
    name: str
    member: str
    description: str
    confidence: str
    location: Location
    aliases: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class CodeTableRecord:
    """An IEC 61968-9 code table (or a vendor's additions to one), keyed ``urn:cimgen:codes:<table>``."""

    iri: str
    name: str
    entries: tuple[CodeEntry, ...]
    location: Location
    profiles: tuple[str, ...] = ()


CODE_TABLE_PREFIX = "urn:cimgen:codes:"

# The stereotype of an XML Schema complex type whose elements have one order (a sequence, no
# repeated group, no xs:all, no wildcard): its readers report an element out of that order.
XML_SEQUENCE = "xml-sequence"

# A step of a SHACL property path: (inverse, predicate IRI). A path of several steps is a sequence.
PathStep = tuple[bool, str]
# A SHACL constraint as cimgen keeps it: (component, value); ``in`` holds a tuple of IRIs or texts,
# ranges hold (lexical form, datatype IRI), ``hasValue`` (IRI or lexical form, datatype IRI, "iri" or
# "literal"), the counts and lengths an int, the others an IRI or text.
Constraint = tuple[str, int | str | tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class ShapeRecord:
    """A SHACL shape: a node shape (its target classes and property shapes) or a property shape
    (a path and the constraints on the values it reaches).

    Attributes:
        iri: The shape's IRI.
        location: The file (and line) it came from.
        name: Its ``sh:name``.
        targets: A node shape's ``sh:targetClass`` IRIs.
        properties: A node shape's property shapes, by IRI.
        path: A property shape's path, one step or a sequence of them.
        constraints: The constraint components cimgen compiles, in a stable order.
        severity: ``Violation``, ``Warning`` or ``Info``.
        message: Its ``sh:message``.
        logical: Its ``sh:and``, ``sh:or``, ``sh:xone`` and ``sh:not``: (component, member shapes);
            a member is a blank-node shape, named by its owner, the component and its place.
        subjects_of: A node shape's ``sh:targetSubjectsOf`` predicates.
        target_nodes: A node shape's ``sh:targetNode`` IRIs.
        sparql_targets: The queries of its ``sh:target`` SPARQL targets, with PREFIX lines.
        sparql: Its SPARQL constraints: (query with PREFIX lines, message).
        deactivated: ``sh:deactivated true``: the shape checks nothing (it is listed as not run).
        declares: The PREFIX lines of a node's ``sh:declare`` statements: a node that SPARQL
            constraints name by ``sh:prefixes`` is kept as a record of its own, with no constraints.
        unsupported: What cimgen does not compile in this shape (``sh:sparql``, ``sh:or``, a
            SPARQL target, ...): the shape is reported as not run, never skipped silently.
        profiles: The profile (shapes file) that carries it.
    """

    iri: str
    location: Location
    name: str = ""
    targets: tuple[str, ...] = ()
    properties: tuple[str, ...] = ()
    path: tuple[PathStep, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    severity: str = "Violation"
    message: str = ""
    logical: tuple[tuple[str, tuple[ShapeRecord, ...]], ...] = ()
    subjects_of: tuple[str, ...] = ()
    target_nodes: tuple[str, ...] = ()
    sparql_targets: tuple[str, ...] = ()
    sparql: tuple[tuple[str, str], ...] = ()
    declares: tuple[str, ...] = ()
    deactivated: bool = False
    unsupported: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()

    @property
    def is_node_shape(self) -> bool:
        """A node shape has no path."""
        return not self.path

    @property
    def has_targets(self) -> bool:
        """A node shape that selects focus nodes by itself."""
        return bool(self.targets or self.subjects_of or self.target_nodes or self.sparql_targets)

    @property
    def checks_its_focus(self) -> bool:
        """A node shape that constrains its focus nodes itself, not only through property shapes."""
        return self.is_node_shape and bool(self.constraints or self.logical or self.sparql)


Record = TypeRecord | PropertyRecord | LiteralRecord | CodeTableRecord | ShapeRecord


@dataclass(frozen=True, slots=True)
class DocumentRecords:
    """Everything a reader found in one input file."""

    profile: ProfileRecord
    records: tuple[Record, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = ()
