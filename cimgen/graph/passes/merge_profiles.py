"""Fold the records that several profiles give for one IRI into one record.

The merged record remembers every profile that carries it. Where profiles
disagree, the merged class graph accepts what any of them accepts: the widest
multiplicity, a class abstract only if every profile says so.
"""

from __future__ import annotations

from dataclasses import replace

from cimgen.errors import InputError
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import (
    CodeEntry,
    CodeTableRecord,
    LiteralRecord,
    Multiplicity,
    PropertyRecord,
    Record,
    ShapeRecord,
    TypeRecord,
)


def _union(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({name for group in groups for name in group}))


def _first(*values: str | None) -> str | None:
    return next((value for value in values if value), None)


def _merge_types(first: TypeRecord, other: TypeRecord) -> TypeRecord:
    return replace(
        first,
        comment=first.comment or other.comment,
        package=first.package or other.package,
        superclass=first.superclass or other.superclass,
        stereotypes=tuple(sorted(set(first.stereotypes) | set(other.stereotypes))),
        abstract=first.abstract and other.abstract,
        profiles=_union(first.profiles, other.profiles),
    )


def _widest(first: Multiplicity, other: Multiplicity) -> Multiplicity:
    if first.upper is None or other.upper is None:
        upper = None
    else:
        upper = max(first.upper, other.upper)
    return Multiplicity(min(first.lower, other.lower), upper)


def _merge_properties(first: PropertyRecord, other: PropertyRecord) -> PropertyRecord:
    if (first.domain, first.range) != (other.domain, other.range):
        raise InputError(
            f"{first.iri} has domain {other.domain} and range {other.range} here, "
            f"but {first.domain} and {first.range} in {first.location}",
            file=other.location.file,
            line=other.location.line,
        )
    used = None if first.used is None and other.used is None else bool(first.used or other.used)
    return replace(
        first,
        comment=first.comment or other.comment,
        multiplicity=_widest(first.multiplicity, other.multiplicity),
        fixed=_first(first.fixed, other.fixed),
        default=_first(first.default, other.default),
        inverse=first.inverse or other.inverse,
        used=used,
        stereotypes=tuple(sorted(set(first.stereotypes) | set(other.stereotypes))),
        profiles=_union(first.profiles, other.profiles),
        required_in=tuple(sorted(set(first.required_in) | set(other.required_in))),
    )


def _merge_literals(first: LiteralRecord, other: LiteralRecord) -> LiteralRecord:
    return replace(first, comment=first.comment or other.comment, profiles=_union(first.profiles, other.profiles))


def _merge_shapes(first: ShapeRecord, other: ShapeRecord) -> ShapeRecord:
    """The same shape in two files (the ENTSO-E files share some): what both say holds, as in one RDF graph.

    Constraints add up (two ``sh:in`` lists both apply), so do targets and property shapes; the
    paths must agree, as a shape with two paths is no SHACL shape.
    """
    if first.path != other.path:
        message = f"shape {first.iri} has another sh:path than in {first.location}"
        raise InputError(message, file=other.location.file, line=other.location.line)
    return replace(
        first,
        targets=_union(first.targets, other.targets),
        properties=_union(first.properties, other.properties),
        subjects_of=_union(first.subjects_of, other.subjects_of),
        declares=_union(first.declares, other.declares),
        deactivated=first.deactivated or other.deactivated,
        target_nodes=_union(first.target_nodes, other.target_nodes),
        sparql_targets=_union(first.sparql_targets, other.sparql_targets),
        sparql=first.sparql + tuple(q for q in other.sparql if q not in first.sparql),
        logical=first.logical + tuple(c for c in other.logical if c not in first.logical),
        constraints=first.constraints + tuple(c for c in other.constraints if c not in first.constraints),
        unsupported=_union(first.unsupported, other.unsupported),
        message=first.message or other.message,
        profiles=_union(first.profiles, other.profiles),
    )


def _merge_code_tables(first: CodeTableRecord, other: CodeTableRecord) -> CodeTableRecord:
    """Add another file's rows (a vendor's codes, say); a code may not change its meaning."""
    entries: dict[str, CodeEntry] = {entry.code: entry for entry in first.entries}
    for entry in other.entries:
        known = entries.get(entry.code)
        if known is not None and (known.name, known.member) != (entry.name, entry.member):
            # Blame the vendor's row, whichever file was read first.
            offender, standing = (known, entry) if known.confidence == "vendor" else (entry, known)
            raise InputError(
                f"code {offender.code} of table {first.name} is {standing.name} in {standing.location}, "
                f"not {offender.name}",
                file=offender.location.file,
                line=offender.location.line,
            )
        entries.setdefault(entry.code, entry)
    return replace(first, entries=tuple(entries.values()), profiles=_union(first.profiles, other.profiles))


def merge(first: Record, other: Record) -> Record:
    """Merge two records of the same IRI.

    Raises:
        InputError: The two records describe different kinds of things.
    """
    if isinstance(first, TypeRecord) and isinstance(other, TypeRecord):
        return _merge_types(first, other)
    if isinstance(first, PropertyRecord) and isinstance(other, PropertyRecord):
        return _merge_properties(first, other)
    if isinstance(first, LiteralRecord) and isinstance(other, LiteralRecord):
        return _merge_literals(first, other)
    if isinstance(first, CodeTableRecord) and isinstance(other, CodeTableRecord):
        return _merge_code_tables(first, other)
    if isinstance(first, ShapeRecord) and isinstance(other, ShapeRecord):
        return _merge_shapes(first, other)
    raise InputError(
        f"{first.iri} is a {type(other).__name__} here but a {type(first).__name__} in {first.location}",
        file=other.location.file,
        line=other.location.line,
    )


def run(graph: ClassGraph) -> None:
    """Merge all pending records into graph nodes."""
    for iri in sorted(graph.pending):
        records = graph.pending[iri]
        merged = records[0]
        for other in records[1:]:
            merged = merge(merged, other)
        graph.put(merged)
    graph.pending.clear()
