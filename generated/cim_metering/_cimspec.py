"""The package's CIM classes as the CIM-XML reader and writer see them: element tags, properties, converters.

The generated ``_cimschema`` module lists each class's own properties as :class:`FieldEntry`
records; :class:`Schema` imports the classes as documents need them and resolves each class
with its inherited properties into a :class:`ClassSpec`.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple

from ._cimvalues import K_ENUM, K_REFERENCE, K_STRING, builtin_type, converter

__all__ = ["ClassEntry", "ClassSpec", "FieldEntry", "FieldSpec", "Schema", "iri_of_tag", "tag_of_iri"]


def tag_of_iri(iri: str) -> str:
    """The element tag of a class or property IRI: ``{http://iec.ch/TC57/CIM100#}ACLineSegment``."""
    namespace, hash_sign, local = iri.rpartition("#")
    if not hash_sign:
        namespace, slash, local = iri.rpartition("/")
        return f"{{{namespace}{slash}}}{local}"
    return f"{{{namespace}#}}{local}"


def iri_of_tag(tag: str) -> str:
    """The IRI an element tag stands for: ``{namespace}local`` -> ``namespacelocal``."""
    return tag[1:].replace("}", "", 1) if tag[:1] == "{" else tag


class FieldEntry(NamedTuple):
    """One property of a class, as the generated ``_cimschema`` module lists it."""

    tag: str
    name: str
    kind: int
    value_module: str
    value_class: str
    many: bool
    inverse: str
    used: bool
    profiles: tuple[str, ...]
    upper: int = -1  # the multiplicity's upper bound; -1 for unbounded
    required_in: tuple[tuple[str, ...], ...] = ()  # the profiles (their URIs) that require a value


class ClassEntry(NamedTuple):
    """One class, as the generated ``_cimschema`` module lists it (own properties only)."""

    module: str
    name: str
    superclass: str
    abstract: bool
    profiles: tuple[str, ...]
    fields: tuple[FieldEntry, ...]


class FieldSpec(NamedTuple):
    """A property as the reader and writer use it: its entry, value class and converter resolved."""

    entry: FieldEntry
    name: str
    kind: int
    many: bool
    inverse: str
    value_class: type | None
    convert: Any
    values: dict[str, Any]  # what ``convert`` made of each text so far (read without calling it)


class ClassSpec:
    """A class with every property it has, inherited ones included."""

    __slots__ = ("by_name", "by_tag", "cls", "entry", "ordered", "tag")

    def __init__(self, tag: str, entry: ClassEntry, cls: type, fields: list[FieldSpec]) -> None:
        self.tag = tag
        self.entry = entry
        self.cls = cls
        self.ordered = tuple(sorted(fields, key=lambda f: f.entry.tag))
        self.by_tag = {f.entry.tag: f for f in self.ordered}
        self.by_name = {f.name: f for f in self.ordered}


class Schema:
    """The package's classes and enumerations, imported and resolved as documents need them."""

    def __init__(
        self,
        package: str,
        classes: dict[str, ClassEntry],
        enums: dict[str, tuple[str, str, str]],
        profiles: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.package = package
        self.classes = classes
        self.enum_entries = enums
        self.profiles = profiles or {}  # profile name -> the URIs document headers name it by
        self.specs: dict[str, ClassSpec] = {}
        self.tags: dict[type, str] = {}
        self.by_class: dict[type, ClassSpec] = {}
        self._enum_members: dict[str, Any] | None = None
        self._enum_iris: dict[Any, str] | None = None
        self._caches: dict[str, dict[str, Any]] = {}  # the values each property's converter has made, by text

    def forget_values(self) -> None:
        """Drop the values the converters remember: a read is done, and its model owns them."""
        for cache in self._caches.values():
            cache.clear()

    def load(self, module: str, name: str) -> Any:
        """A class of the package by its relative module and name."""
        return getattr(importlib.import_module(module, self.package), name)

    def spec(self, tag: str) -> ClassSpec | None:
        """The class written with this tag, or None when the profile has no such class."""
        found = self.specs.get(tag)
        if found is None and tag in self.classes:
            found = self.specs[tag] = self._resolve(tag)
            self.tags[found.cls] = tag
        return found

    def spec_of(self, cls: type) -> ClassSpec:
        """The spec of a class of the package (or of a subclass a user made of one)."""
        found = self.by_class.get(cls)
        if found is None:
            found = self.by_class[cls] = self._spec_of(cls)
        return found

    def _spec_of(self, cls: type) -> ClassSpec:
        for klass in cls.__mro__:
            iri = getattr(klass, "__cim_iri__", None)
            if iri is not None:
                found = self.spec(tag_of_iri(iri))
                if found is not None:
                    return found
        raise TypeError(f"{cls.__name__} is not a CIM class of this package")

    def _resolve(self, tag: str) -> ClassSpec:
        entry = self.classes[tag]
        fields: list[FieldSpec] = []
        current: str = tag
        while current:
            own = self.classes[current]
            for field in own.fields:
                value_class = self.load(field.value_module, field.value_class) if field.value_module else None
                plain = field.kind == K_STRING and value_class is None  # the text itself: no conversion
                convert = None
                cache = self._caches.setdefault(field.tag, {})
                if not plain and field.kind not in (K_ENUM, K_REFERENCE):
                    convert = converter(field.kind, value_class or builtin_type(field.kind), cache)
                spec = FieldSpec(field, field.name, field.kind, field.many, field.inverse, value_class, convert, cache)
                fields.append(spec)
            current = own.superclass if own.superclass in self.classes else ""
        return ClassSpec(tag, entry, self.load(entry.module, entry.name), fields)

    def enum_member(self, iri: str) -> Any:
        """The enumeration member an ``rdf:resource`` names, or None."""
        if self._enum_members is None:
            self._enum_members = {}
            for literal, (module, name, member) in self.enum_entries.items():
                self._enum_members[literal] = getattr(self.load(module, name), member)
        return self._enum_members.get(iri)

    def enum_iri(self, member: Any) -> str:
        """The IRI an enumeration member is written as."""
        if self._enum_iris is None:
            self.enum_member("")
            assert self._enum_members is not None
            self._enum_iris = {value: iri for iri, value in self._enum_members.items()}
        return self._enum_iris[member]
