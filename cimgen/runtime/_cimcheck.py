"""Checks of a CIM model against its profile: the rules the RDFS itself states.

``check_model`` looks at the objects as they are now (read, edited or made in Python) and
reports, as :class:`CimFinding` records with the document and object concerned:

* ``missing-required``: a property whose lower bound is 1 has no value. An object read from
  documents is held to the profiles those documents' headers name (an EQ file alone is not
  asked for SSH values, a bus-branch EQ for the node-breaker ``Terminal.ConnectivityNode``);
  an object made in Python, or read from documents that name no profile, to all of them.
* ``too-many``: more values than the upper bound allows.
* ``bad-value``: a value that is not of its datatype (the reader kept its text).
* ``not-a-literal``: an enumeration property that holds something other than its literals.
* ``wrong-class``: a reference to an object of another class than the property's.
* ``one-sided``: an association end whose other end does not hold the object back.
* ``unresolved-reference``: a reference to an object that no document read defines.
* ``duplicate-mrid``: an ``mRID`` that two objects share.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from ._cimmodel import FORM_ID, CimFinding, CimModel
from ._cimspec import FieldSpec
from ._cimvalues import K_ENUM, K_REFERENCE, K_STRING, BadValue, converter

__all__ = ["check_model"]


# What is checked of a property: field name, many, value kind, value class, inverse end, upper bound,
# the profiles that require it, and its spec (for the messages).
_FieldCheck = tuple[str, bool, int, Any, str, int, tuple[tuple[str, ...], ...], FieldSpec]


class _Checker:
    """One check of one model: the profiles of its documents, and the findings so far."""

    def __init__(self, model: CimModel) -> None:
        self.model = model
        self.schema = model.schema
        self.document_uris = [frozenset(document.profiles) for document in model.documents]
        self.findings: list[CimFinding] = []
        self.fields: dict[type, list[_FieldCheck]] = {}
        self.members: dict[tuple[int, str], set[int]] = {}

    def place(self, obj: Any) -> str:
        """The document that defines an object (``rdf:ID``), else the first that describes it; empty for
        an object made in Python."""
        appearances = self.model._appearances.get(id(obj))
        if not appearances:
            return ""
        defining = next((a for a in appearances if a.form == FORM_ID), appearances[0])
        return self.model.documents[defining.document].name

    def report(self, code: str, message: str, obj: Any, severity: str = "error") -> None:
        self.findings.append(CimFinding(severity, code, message, self.place(obj), None, self.model.id_of(obj)))

    def profiles_of(self, obj: Any) -> frozenset[str] | None:
        """The profile URIs the headers of an object's documents name; None (all profiles) for an
        object made in Python, or one whose documents name none."""
        appearances = self.model._appearances.get(id(obj))
        if not appearances:
            return None
        return frozenset().union(*(self.document_uris[a.document] for a in appearances)) or None

    def fields_of(self, cls: type) -> list[_FieldCheck]:
        """What is checked of each property of a class, looked up once per class."""
        found = self.fields.get(cls)
        if found is None:
            found = self.fields[cls] = [
                (f.name, f.many, f.kind, f.value_class, f.inverse, f.entry.upper, f.entry.required_in, f)
                for f in self.schema.spec_of(cls).ordered
            ]
        return found

    def check(self) -> list[CimFinding]:
        """Every object in identifier order; the loop keeps to one attribute read per property."""
        model = self.model
        objects, external = model._objects, model._external
        mrids: dict[str, Any] = {}
        for key in sorted(objects):
            obj = objects[key]
            if id(obj) in external:
                continue
            for name, many, kind, expected, inverse, upper, required_in, field in self.fields_of(type(obj)):
                value = getattr(obj, name, None)
                if many:
                    if value:
                        if 0 <= upper < len(value):
                            message = f"{_local(field.entry.tag)} holds {len(value)} values; at most {upper}"
                            self.report("too-many", message, obj)
                        for item in value:
                            self.check_value(obj, field, item)
                    elif required_in:
                        self.check_required(obj, field)
                elif value is None:
                    if required_in:
                        self.check_required(obj, field)
                elif kind == K_REFERENCE:
                    wrong = expected is not None and not isinstance(value, expected)
                    if wrong or id(value) in external or (inverse and not self.holds(value, inverse, obj)):
                        self.check_value(obj, field, value)
                elif kind == K_ENUM or (kind != K_STRING and value.__class__ is str):
                    self.check_value(obj, field, value)
            mrid = getattr(obj, "m_rid", None)
            if mrid and isinstance(mrid, str):
                first = mrids.setdefault(mrid, obj)
                if first is not obj:
                    message = f"mRID {mrid!r} is also the mRID of {model.id_of(first)}"
                    self.report("duplicate-mrid", message, obj)
        return self.findings

    def check_required(self, obj: Any, field: FieldSpec) -> None:
        if _required_here(field.entry.required_in, self.profiles_of(obj)):
            self.report("missing-required", f"{_local(field.entry.tag)} is required", obj)

    def holds(self, target: Any, name: str, obj: Any) -> bool:
        """Whether ``target.name`` holds ``obj`` (a list's members are indexed once per target)."""
        held = getattr(target, name, _ABSENT)
        if held is obj or held is _ABSENT:
            return True
        if held.__class__ is not list:
            return False
        key = (id(target), name)
        members = self.members.get(key)
        if members is None:
            members = self.members[key] = {id(item) for item in held}
        return id(obj) in members

    def check_value(self, obj: Any, field: FieldSpec, value: Any) -> None:
        """Report what is wrong with one value, if anything."""
        name = _local(field.entry.tag)
        expected = field.value_class
        if field.kind == K_REFERENCE:
            if expected is not None and not isinstance(value, expected):
                message = f"{name} names {self._name(value)}, a {type(value).__name__}, not a {expected.__name__}"
                self.report("wrong-class", message, obj)
            elif self.model.is_external(value):
                message = f"{name} names {self.model.id_of(value)}, which no document read defines"
                self.report("unresolved-reference", message, obj, "warning")
            elif field.inverse and not self.holds(value, field.inverse, obj):
                other = getattr(value, field.inverse)
                why = (
                    "does not name it back"
                    if other is None or other.__class__ is list
                    else f"names {self._name(other)} instead"
                )
                message = f"{name} names {self._name(value)}, whose {field.inverse} {why}"
                self.report("one-sided", message, obj)
        elif field.kind == K_ENUM:
            if expected is not None and not isinstance(value, expected):
                self.report("not-a-literal", f"{name} is {value!r}, not a literal of {expected.__name__}", obj)
        elif field.kind != K_STRING and isinstance(value, str):
            try:
                converter(field.kind, expected or str, {})(value)
            except BadValue as error:
                self.report("bad-value", f"{name}: {error}", obj)

    def _name(self, obj: Any) -> str:
        try:
            return self.model.id_of(obj)
        except KeyError:
            return f"a {type(obj).__name__} outside the model"


def _required_here(required_in: tuple[tuple[str, ...], ...], profiles: frozenset[str] | None) -> bool:
    """Whether the documents an object appears in name every URI of a profile that requires the property."""
    return profiles is None or any(profiles.issuperset(uris) for uris in required_in)


_ABSENT = object()


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def check_model(model: CimModel, sparql: bool = False) -> list[CimFinding]:
    """Check a model against the rules its profile states, then against the SHACL shapes compiled
    into the package (``_cimshapes``, when shapes were given to cimgen), with their SPARQL
    constraints when ``sparql`` says so."""
    findings = _Checker(model).check()
    package = model.schema.package
    if importlib.util.find_spec(f"{package}._cimshapes") is not None:
        # Only a package generated with shapes carries them and their runtime: imported by name.
        shapes_runtime: Any = importlib.import_module(f"{package}._cimshacl")
        findings += shapes_runtime.run_shapes(model, importlib.import_module(f"{package}._cimshapes"), sparql)
    return findings
