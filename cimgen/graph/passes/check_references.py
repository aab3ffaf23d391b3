"""Fail loudly on dangling references: every IRI a record names must be in the graph."""

from __future__ import annotations

from cimgen.errors import InputError
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import LiteralRecord, Location, PropertyRecord, Record, TypeKind, TypeRecord

XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"


def _references(record: Record) -> list[tuple[str, str, type]]:
    """(what, IRI, expected record type) for every reference a record makes."""
    if isinstance(record, TypeRecord):
        return [("superclass", record.superclass, TypeRecord)] if record.superclass else []
    if isinstance(record, PropertyRecord):
        found: list[tuple[str, str, type]] = [
            ("domain", record.domain, TypeRecord),
            ("range", record.range, TypeRecord),
        ]
        if record.inverse:
            found.append(("inverse role", record.inverse, PropertyRecord))
        return found
    if isinstance(record, LiteralRecord):
        return [("enumeration", record.enumeration, TypeRecord)]
    return []


def run(graph: ClassGraph) -> None:
    """Check every superclass, domain, range, inverse role, literal's enumeration and XML Schema import.

    Raises:
        InputError: Naming the file, line and IRI of the first dangling reference
            (sorted by file and line), and how many more there are.
    """
    problems: list[tuple[Location, str]] = []
    for iri in sorted(graph.nx.nodes):
        record = graph.get(iri)
        assert record is not None
        for what, target, expected in _references(record):
            found = graph.get(target)
            if found is None:
                problems.append((record.location, f"{iri}: its {what} {target} is not defined in the inputs"))
            elif not isinstance(found, expected):
                problems.append((record.location, f"{iri}: its {what} {target} is not a {expected.__name__}"))
        if isinstance(record, LiteralRecord):
            enumeration = graph.get(record.enumeration)
            if isinstance(enumeration, TypeRecord) and enumeration.kind is not TypeKind.ENUMERATION:
                problems.append((record.location, f"{iri} is typed by {record.enumeration}, which is no enumeration"))
    # An XML Schema's import: some input must define the namespace (the XML namespace is XML's own).
    defined = {profile.namespace for profile in graph.profiles}
    for profile in graph.profiles:
        for namespace, schema_location, line in profile.imports:
            if namespace and namespace not in defined and namespace != XML_NAMESPACE:
                where = f" ({schema_location})" if schema_location else ""
                problem = f"xs:import of {namespace}{where}: no input defines that namespace"
                problems.append((Location(profile.file, line or None), problem))
    if problems:
        problems.sort(key=lambda problem: (problem[0].file, problem[0].line or 0, problem[1]))
        location, message = problems[0]
        more = f" (and {len(problems) - 1} more dangling references)" if len(problems) > 1 else ""
        raise InputError(message + more, file=location.file, line=location.line)
