"""The model as SHACL sees it, for the checks the package's ``_cimshapes`` module compiled from shapes.

SHACL looks at RDF: the triples the documents state. So a property's values are the ones a
document states (or, for an object made in code, the ones a document would state: exchanged
association ends and attributes), not the other ends the reader filled in; an object's
classes are the ones it is written as (its own, or a class a document named it by), with no
subclass reasoning; a literal is of a datatype when its value is of the matching Python type
(a text the reader could not convert is of none but ``xsd:string``).

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import datetime as _datetime
import decimal as _decimal
import enum
from types import ModuleType
from typing import Any

from ._cimmodel import CimFinding, CimModel
from ._cimspec import FieldSpec, iri_of_tag, tag_of_iri

__all__ = ["Iri", "ShapeContext", "run_shapes"]

XSD = "http://www.w3.org/2001/XMLSchema#"
_SEVERITY = {"Violation": "error", "Warning": "warning", "Info": "info"}


class Iri(str):
    """An IRI node that is not an object of the model: a class reached through ``rdf:type``, or a
    resource a document names that the profile has no literal for (kept as an extra)."""

    __slots__ = ()


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, _decimal.Decimal)) and not isinstance(value, bool)


_DATATYPES = {
    f"{XSD}float": lambda v: isinstance(v, float),
    f"{XSD}double": lambda v: isinstance(v, float),
    f"{XSD}integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    f"{XSD}int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    f"{XSD}long": lambda v: isinstance(v, int) and not isinstance(v, bool),
    f"{XSD}decimal": lambda v: isinstance(v, _decimal.Decimal),
    f"{XSD}boolean": lambda v: isinstance(v, bool),
    f"{XSD}string": lambda v: isinstance(v, str) and not isinstance(v, enum.Enum),
    f"{XSD}anyURI": lambda v: isinstance(v, str) and not isinstance(v, enum.Enum),
    f"{XSD}dateTime": lambda v: isinstance(v, _datetime.datetime),
    f"{XSD}date": lambda v: isinstance(v, _datetime.date) and not isinstance(v, _datetime.datetime),
    f"{XSD}time": lambda v: isinstance(v, _datetime.time),
}


class ShapeContext:
    """One run of the compiled checks over one model."""

    def __init__(self, model: CimModel, rules: tuple[tuple[str, str, str, str], ...]) -> None:
        self.model = model
        self.schema = model.schema
        self.rules = rules
        self.findings: list[CimFinding] = []
        self._by_class: dict[str, list[Any]] | None = None
        self._referrers: dict[tuple[str, str], dict[int, list[Any]]] = {}
        self._stated: dict[int, frozenset[str] | None] = {}
        self._fields: dict[tuple[type, str], FieldSpec | None] = {}

    def is_object(self, value: Any) -> bool:
        """An object of the model (an IRI in RDF), as opposed to a value (a literal, or an enumeration literal)."""
        return id(value) in self.model._ids

    def stated(self, obj: Any) -> frozenset[str] | None:
        """The fields the documents state of an object; None for one made in code (looked up once)."""
        key = id(obj)
        if key in self._stated:
            return self._stated[key]
        appearances = self.model._appearances.get(key)
        found = frozenset().union(*(a.fields for a in appearances)) if appearances else None
        self._stated[key] = found
        return found

    def field(self, cls: type, name: str) -> FieldSpec | None:
        """A class's field by name (looked up once per class and name)."""
        key = (cls, name)
        if key not in self._fields:
            self._fields[key] = self.schema.spec_of(cls).by_name.get(name)
        return self._fields[key]

    def values(self, obj: Any, name: str) -> list[Any]:
        """The values of a field that the model's RDF holds (see the module's docstring)."""
        key = id(obj)
        if key not in self.model._ids or key in self.model._external:
            return []
        field = self.field(type(obj), name)
        if field is None:
            return []
        stated = self.stated(obj)
        found: list[Any] = []
        if name in stated if stated is not None else field.entry.used:
            value = getattr(obj, name)
            if field.many:
                found = list(value)
            elif value is not None:
                found = [value]
        extras = self.model._extras.get(key)
        if extras:
            for _, tag, kept, is_resource in extras:
                if tag == field.entry.tag:  # a value the reader could not take (an unknown literal): still there
                    found.append(Iri(kept) if is_resource else kept)
        return found

    def types(self, value: Any) -> list[Iri]:
        """The classes an object is written as: its own, and any other a document named it by."""
        if not self.is_object(value) or self.model.is_external(value):
            return []
        found = [Iri(type(value).__cim_iri__)]
        for appearance in self.model._appearances.get(id(value), ()):
            if appearance.tag and iri_of_tag(appearance.tag) not in found:
                found.append(Iri(iri_of_tag(appearance.tag)))
        return found

    def referrers(self, value: Any, domain: str, name: str) -> list[Any]:
        """The objects that state ``value`` as their field ``name`` (an inverse path step)."""
        index = self._referrers.get((domain, name))
        if index is None:
            index = self._referrers[(domain, name)] = {}
            spec = self.schema.spec(tag_of_iri(domain))
            if spec is not None:
                for obj in self.model:
                    if isinstance(obj, spec.cls):
                        for target in self.values(obj, name):
                            index.setdefault(id(target), []).append(obj)
        return index.get(id(value), [])

    def subjects_of(self, domain: str, name: str) -> list[Any]:
        """The objects of a class (or a subclass) that state a field: ``sh:targetSubjectsOf``."""
        spec = self.schema.spec(tag_of_iri(domain))
        if spec is None:
            return []
        return [obj for obj in self.model if isinstance(obj, spec.cls) and self.values(obj, name)]

    def instances(self, class_iri: str) -> list[Any]:
        """The focus nodes of a target class: objects written as that class."""
        if self._by_class is None:
            self._by_class = {}
            for obj in self.model:
                for iri in self.types(obj):
                    self._by_class.setdefault(iri, []).append(obj)
        return self._by_class.get(class_iri, [])

    def is_datatype(self, value: Any, datatype: str) -> bool:
        if self.is_object(value) or isinstance(value, (enum.Enum, Iri)):
            return False
        test = _DATATYPES.get(datatype)
        return bool(test(value)) if test is not None else False

    def has_value(self, values: list[Any], wanted: tuple[str, ...]) -> bool:
        """Whether one of the values is the ``sh:hasValue`` term: (IRI or lexical form, datatype, kind)."""
        text, datatype, kind = wanted
        for value in values:
            if kind == "iri":
                if self.is_object(value):
                    identifier = self.model.id_of(value)
                    if text == identifier or text.endswith(f"#{identifier}"):
                        return True
                elif isinstance(value, (enum.Enum, Iri)) and self.term(value) == text:
                    return True
            elif (
                self.is_node_kind(value, "Literal")
                and self.lexical(value) == text
                and self.is_datatype(value, datatype or f"{XSD}string")  # a plain literal is an xsd:string
            ):
                return True
        return False

    def is_node_kind(self, value: Any, kind: str) -> bool:
        is_iri = self.is_object(value) or isinstance(value, (enum.Enum, Iri))
        if kind in ("IRI", "BlankNodeOrIRI"):
            return is_iri
        if kind in ("Literal", "BlankNodeOrLiteral"):
            return not is_iri
        return kind == "IRIOrLiteral"

    def term(self, value: Any) -> str:
        """An IRI (of a class, an enumeration literal or an object) or a literal's text, as ``sh:in``
        lists them: what ``lexical`` writes for each."""
        return self.lexical(value)

    def lexical(self, value: Any) -> str:
        """A literal's text as the document wrote it (or would write it)."""
        text = getattr(value, "lexical", None)
        if isinstance(text, str):
            return text
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, enum.Enum):
            return self.schema.enum_iri(value)
        if self.is_object(value):
            return self.model.id_of(value)
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    def compares(self, value: Any, operator: str, bound: tuple[str, str]) -> bool:
        """Whether a numeric value passes a range bound; a value that is not a number does not."""
        if not _is_number(value):
            return False
        limit = float(bound[0])
        number = float(value)
        if operator == ">=":
            return number >= limit
        if operator == "<=":
            return number <= limit
        if operator == ">":
            return number > limit
        return number < limit

    def below_all(self, value: Any, others: list[Any], strict: bool) -> bool:
        """Whether a value is less than (or, unless ``strict``, equal to) each of others; values of
        kinds that do not compare (a number and a text, a date with and one without its zone) are not."""
        for other in others:
            both_numbers = _is_number(value) and _is_number(other)
            both_times = isinstance(value, _datetime.datetime) and isinstance(other, _datetime.datetime)
            if both_numbers:
                below = float(value) < float(other) if strict else float(value) <= float(other)
            elif both_times and (value.tzinfo is None) == (other.tzinfo is None):
                below = value < other if strict else value <= other
            else:
                below = False
            if not below:
                return False
        return True

    def report(self, obj: Any, rule: int, value: Any = None) -> None:
        """A finding of a rule on an object of the model, for one of its values or for itself."""
        self.report_at(self.model.id_of(obj), obj, rule, None if value is None else self.lexical(value))

    def report_at(self, identifier: str, obj: Any, rule: int, value: str | None) -> None:
        """A finding of a rule on a focus node: an object (its file is known) or a node the shapes name."""
        shape, path, severity, message = self.rules[rule]
        said = f"{path}: {message}" if value is None else f"{path}: {message} (value {value!r})"
        appearances = self.model._appearances.get(id(obj)) if obj is not None else None
        file = self.model.documents[appearances[0].document].name if appearances else ""
        self.findings.append(CimFinding(_SEVERITY.get(severity, "error"), shape, said, file, None, identifier))


def run_shapes(model: CimModel, shapes: ModuleType, sparql: bool = False) -> list[CimFinding]:
    """Run a ``_cimshapes`` module's checks over a model: one finding per (object, shape, value).

    With ``sparql``, also its SHACL-SPARQL constraints and the checks of focus nodes only SPARQL
    selects, with rdflib over the model's triples (see ``_cimsparql``); without, a finding says
    how many of those were not run.
    """
    context = ShapeContext(model, shapes.RULES)
    for class_iri, checks in shapes.CHECKS.items():
        for obj in context.instances(class_iri):
            for check in checks:
                check(obj, context)
    for (domain, name), checks in shapes.SUBJECTS_OF.items():
        for obj in context.subjects_of(domain, name):
            for check in checks:
                check(obj, context)
    if sparql:
        from ._cimsparql import run_sparql

        run_sparql(context, shapes)
    elif shapes.SPARQL or shapes.SELECTED:
        count = len(shapes.SPARQL) + len(shapes.SELECTED)
        message = (
            f"{count} SPARQL constraints and SPARQL-selected shapes were not run (validate(sparql=True) runs them)"
        )
        context.findings.append(CimFinding("info", "sparql-not-run", message, "", None, None))
    if shapes.NOT_RUN:
        message = f"{len(shapes.NOT_RUN)} SHACL shapes were not run (see _cimshapes.NOT_RUN for each and why)"
        context.findings.append(CimFinding("info", "shapes-not-run", message, "", None, None))
    return context.findings
