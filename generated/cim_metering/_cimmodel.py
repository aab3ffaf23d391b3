"""A CIM model in memory: typed objects by identifier, the documents they came from, and findings.

Objects are the package's dataclasses; the model keeps what the dataclasses do not hold: each
object's identifier (``rdf:ID``), the documents it appears in and which of its properties each
document states (so a model written back keeps its split into profile files), properties and
elements the profile does not know (kept to be written back), and references to objects in
none of the documents read (kept as stand-ins of the referenced class).

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any, NamedTuple, TypeVar

from ._cimspec import FieldSpec, Schema
from ._cimvalues import K_REFERENCE

__all__ = ["FORM_ABOUT", "FORM_ID", "FORM_IRI", "Appearance", "CimDocument", "CimFinding", "CimModel"]

T = TypeVar("T")

# How an object is named in a document: rdf:ID="_x", rdf:about="#_x", or rdf:about="urn:uuid:..." (a full IRI).
FORM_ID, FORM_ABOUT, FORM_IRI = range(3)


class Appearance(NamedTuple):
    """One document's statement about an object: how it names it, and which properties it gives.

    ``tag`` is the class element the document used when it is not the object's own class (a
    document may describe an ``ACLineSegment`` as a ``cim:Equipment``); empty otherwise.
    """

    document: int
    form: int
    fields: frozenset[str]
    tag: str = ""


class CimFinding(NamedTuple):
    """Something a reader could not take as it was, or a writer could not place.

    Attributes:
        severity: ``error`` (something could not be kept as meant) or ``warning``.
        code: A stable identifier: ``unknown-class``, ``unknown-property``, ``bad-value``,
            ``unresolved-reference``, ``duplicate-id``, ``two-classes``, ``two-values``, ``kept-element``.
        message: What is wrong.
        file: The document.
        line: The line in it, where known.
        object: The identifier of the object concerned, where there is one.
    """

    severity: str
    code: str
    message: str
    file: str
    line: int | None
    object: str | None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        about = f" [{self.object}]" if self.object else ""
        return f"{where}: {self.severity}: {self.code}{about}: {self.message}"


class CimDocument:
    """One CIM-XML document of a model: its name, header and namespace prefixes.

    Attributes:
        name: The file name (inside its archive, if it came from one).
        namespaces: Prefix -> namespace, as the document declared them.
        header_tag: The header element (``md:FullModel``), or empty for a document without one.
        header_about: The header's ``rdf:about`` (the model's identifier, ``urn:uuid:...``).
        header: The header's properties in order: (tag, text or IRI, is a reference).
        kept: Top-level elements the profile does not describe, as they were written (bytes).
    """

    __slots__ = ("header", "header_about", "header_tag", "kept", "name", "namespaces")

    def __init__(self, name: str, namespaces: dict[str, str]) -> None:
        self.name = name
        self.namespaces = namespaces
        self.header_tag = ""
        self.header_about = ""
        self.header: list[tuple[str, str, bool]] = []
        self.kept: list[bytes] = []

    def header_values(self, local: str) -> list[str]:
        """The header's values of one property by local name (``Model.profile``, ``Model.DependentOn``)."""
        return [value for tag, value, _ in self.header if tag.rpartition("}")[2] == local]

    def _header_value(self, local: str) -> str | None:
        found = self.header_values(local)
        return found[0] if found else None

    @property
    def model_id(self) -> str:
        """The model's identifier: the header's ``rdf:about`` (``urn:uuid:...``)."""
        return self.header_about

    @property
    def profiles(self) -> list[str]:
        """The profile URIs the header names (``md:Model.profile``)."""
        return self.header_values("Model.profile")

    @property
    def created(self) -> str | None:
        """When the model was made (``md:Model.created``), as written."""
        return self._header_value("Model.created")

    @property
    def scenario_time(self) -> str | None:
        """The time the model describes (``md:Model.scenarioTime``), as written."""
        return self._header_value("Model.scenarioTime")

    @property
    def version(self) -> str | None:
        """The model's version (``md:Model.version``)."""
        return self._header_value("Model.version")

    @property
    def description(self) -> str | None:
        """The model's description (``md:Model.description``)."""
        return self._header_value("Model.description")

    @property
    def modeling_authority_set(self) -> str | None:
        """Who is responsible for the model (``md:Model.modelingAuthoritySet``)."""
        return self._header_value("Model.modelingAuthoritySet")

    @property
    def dependent_on(self) -> list[str]:
        """The models this one depends on (``md:Model.DependentOn``): their identifiers."""
        return self.header_values("Model.DependentOn")

    @property
    def supersedes(self) -> list[str]:
        """The models this one replaces (``md:Model.Supersedes``): their identifiers."""
        return self.header_values("Model.Supersedes")


class CimModel:
    """The objects of one or more CIM-XML documents, as one model.

    ``get(ACLineSegment, "_5a7b...")`` finds an object by class and identifier, ``objects(Terminal)``
    iterates a class with its subclasses, ``add`` and ``remove`` keep both ends of associations
    consistent, ``referrers`` finds what points at an object. ``findings`` lists what the reader
    could not take as it was; ``documents`` the documents read, in order.
    """

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.documents: list[CimDocument] = []
        self.findings: list[CimFinding] = []
        self._objects: dict[str, Any] = {}
        self._ids: dict[int, str] = {}
        self._appearances: dict[int, tuple[Appearance, ...]] = {}
        self._extras: dict[int, list[tuple[int, str, str, bool]]] = {}
        self._external: set[int] = set()

    def __len__(self) -> int:
        return len(self._objects) - len(self._external)

    def __iter__(self) -> Iterator[Any]:
        return (obj for obj in self._objects.values() if id(obj) not in self._external)

    def __contains__(self, item: object) -> bool:
        return id(item) in self._ids and id(item) not in self._external

    def get(self, cls: type[T], identifier: str) -> T:
        """The object with this identifier (``_5a7b...``, or ``#_5a7b...``), which must be a ``cls``.

        Raises:
            KeyError: No object has this identifier.
            TypeError: The object is of another class.
        """
        found = self._objects.get(identifier.removeprefix("#"))
        if found is None or id(found) in self._external:
            raise KeyError(f"no object {identifier!r} in the model")
        if not isinstance(found, cls):
            raise TypeError(f"{identifier!r} is a {type(found).__name__}, not a {cls.__name__}")
        return found

    def find(self, identifier: str) -> Any | None:
        """The object with this identifier, of whatever class, or None."""
        found = self._objects.get(identifier.removeprefix("#"))
        return None if found is None or id(found) in self._external else found

    def objects(self, cls: type[T]) -> Iterator[T]:
        """Every object of this class or of its subclasses, in identifier order."""
        for key in sorted(self._objects):
            obj = self._objects[key]
            if isinstance(obj, cls) and id(obj) not in self._external:
                yield obj

    def id_of(self, obj: object) -> str:
        """The identifier of an object of the model.

        Raises:
            KeyError: The object is not in the model.
        """
        found = self._ids.get(id(obj))
        if found is None:
            raise KeyError(f"{type(obj).__name__} object is not in the model")
        return found

    def is_external(self, obj: object) -> bool:
        """True for a stand-in of an object that a reference names but no document read defines."""
        return id(obj) in self._external

    @property
    def unresolved(self) -> list[str]:
        """The identifiers that references name but no document read defines, sorted."""
        return sorted(self._ids[key] for key in self._external)

    def add(self, obj: T, identifier: str | None = None) -> T:
        """Add an object (with a new ``_<uuid>`` identifier if none is given) and complete the other
        ends of the associations it already holds.

        Raises:
            ValueError: The identifier is taken, or the object is already in the model.
        """
        if id(obj) in self._ids:
            raise ValueError(f"this {type(obj).__name__} is already in the model as {self._ids[id(obj)]!r}")
        key = (identifier or f"_{uuid.uuid4()}").removeprefix("#")
        existing = self._objects.get(key)
        if existing is not None:
            if id(existing) not in self._external:
                raise ValueError(f"the identifier {key!r} is taken")
            self._replace_external(existing, obj)
        self._objects[key] = obj
        self._ids[id(obj)] = key
        spec = self.schema.spec_of(type(obj))
        for field in spec.ordered:
            if field.kind == K_REFERENCE and field.inverse:
                for target in _values(obj, field):
                    _link(target, field.inverse, obj)
        return obj

    def remove(self, obj: object) -> None:
        """Remove an object, and every reference to it from the objects that remain.

        Raises:
            KeyError: The object is not in the model.
        """
        key = self.id_of(obj)
        for referrer, name in self.referrers(obj):
            _unlink(referrer, name, obj)
        spec = self.schema.spec_of(type(obj))
        for field in spec.ordered:
            if field.kind == K_REFERENCE:
                for target in list(_values(obj, field)):
                    _unlink(obj, field.name, target)
        del self._objects[key]
        del self._ids[id(obj)]
        self._appearances.pop(id(obj), None)
        self._extras.pop(id(obj), None)

    def validate(self, sparql: bool = False) -> list[CimFinding]:
        """Check the model against the rules its profile states (see ``_cimcheck``), and the SHACL
        shapes compiled into the package; ``sparql`` also runs their SPARQL constraints (with rdflib).

        Returns:
            The findings, in identifier order: required properties without a value, too many
            values, values not of their datatype or enumeration, references to objects of the
            wrong class or to objects no document defines, one-sided associations, shared mRIDs.
        """
        from ._cimcheck import check_model  # the checks need the model's types; imported when used

        return check_model(self, sparql)

    def referrers(self, obj: object) -> list[tuple[Any, str]]:
        """(object, field) of every reference to ``obj`` in the model; this looks at every object."""
        found: list[tuple[Any, str]] = []
        for other in self._objects.values():
            spec = self.schema.spec_of(type(other))
            for field in spec.ordered:
                if field.kind == K_REFERENCE and any(value is obj for value in _values(other, field)):
                    found.append((other, field.name))
        return found

    def _replace_external(self, stand_in: Any, obj: Any) -> None:
        """Put a newly added object where references used to name a stand-in for it."""
        for referrer, name in self.referrers(stand_in):
            value = getattr(referrer, name)
            if isinstance(value, list):
                value[:] = [obj if item is stand_in else item for item in value]
            else:
                setattr(referrer, name, obj)
        self._external.discard(id(stand_in))
        del self._ids[id(stand_in)]


def _values(obj: Any, field: FieldSpec) -> list[Any]:
    value = getattr(obj, field.name, None)
    if field.many:
        return list(value or ())
    return [] if value is None else [value]


def _link(target: Any, name: str, obj: Any) -> None:
    """Make ``target.name`` hold ``obj`` (appended to a list, once)."""
    if not hasattr(target, name):
        return
    value = getattr(target, name)
    if isinstance(value, list):
        if not any(item is obj for item in value):
            value.append(obj)
    else:
        setattr(target, name, obj)


def _unlink(holder: Any, name: str, obj: Any) -> None:
    """Make ``holder.name`` no longer hold ``obj``, and the other end no longer hold ``holder``."""
    value = getattr(holder, name)
    if isinstance(value, list):
        value[:] = [item for item in value if item is not obj]
    elif value is obj:
        setattr(holder, name, None)
