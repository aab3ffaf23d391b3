"""SHACL shapes (Turtle or RDF/XML) into shape records: the constraints ENTSO-E publishes for CGMES.

A node shape keeps its target classes and its property shapes; a property shape its path (a
predicate, an inverse one, or a sequence of them) and the SHACL Core constraints cimgen
compiles, with the member shapes of its logical components (``sh:and``, ``sh:or``, ``sh:xone``,
``sh:not``) read into it, and its SHACL-SPARQL constraints and targets as queries with the
PREFIX lines their ``sh:prefixes`` declare. Anything else a shape says (another path form, a
JavaScript constraint) is kept by name in ``unsupported``, so the shape is reported as not run rather
than dropped. Whether targets and paths exist in the profile is the graph's question.
"""

from __future__ import annotations

from cimgen.graph.records import Constraint, DocumentRecords, Location, PathStep, ProfileRecord, ShapeRecord
from cimgen.readers.rdfs import DCAT_KEYWORD, local_name
from cimgen.readers.triples import OWL, RDF, RDFS, Description, StatementIndex, Term, list_members, ontology_header

SH = "http://www.w3.org/ns/shacl#"
# The first line of a query whose ``sh:prefixes`` node another file declares: a SPARQL comment
# naming the node, which the plan replaces with that node's PREFIX lines.
PREFIXES_MARK = "#prefixes "
_SHAPE_TYPES = frozenset({f"{SH}NodeShape", f"{SH}PropertyShape"})
_COUNTS = ("minCount", "maxCount", "minLength", "maxLength")
_IRIS = ("datatype", "class", "nodeKind", "lessThan", "lessThanOrEquals")
_RANGES = ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive")
# What a shape may say without changing what it checks.
_DESCRIPTIVE = frozenset(
    {f"{RDF}type", f"{SH}name", f"{SH}description", f"{SH}message", f"{SH}severity", f"{SH}group", f"{SH}order"}
    | {f"{SH}deactivated", f"{RDFS}comment", f"{RDFS}label", f"{RDFS}isDefinedBy"}
)
_COMPILED = frozenset({f"{SH}{name}" for name in (*_COUNTS, *_IRIS, *_RANGES, "in", "pattern", "flags", "hasValue")})
_LOGICAL = ("and", "or", "xone", "not")
# What a shape says to give its checks their place: path, targets, property shapes, SPARQL, members.
_STRUCTURE = frozenset(
    {f"{SH}{name}" for name in ("path", "targetClass", "targetSubjectsOf", "targetNode", "target", "property")}
    | {f"{SH}{name}" for name in ("sparql", *_LOGICAL)}
)
# How deep shapes may nest in logical components: deeper (or a cycle) is reported, not followed.
_MAX_NESTING = 8


def is_shapes_document(statements: StatementIndex) -> bool:
    """True when a document describes SHACL node or property shapes."""
    return any(_SHAPE_TYPES & {t.value for t in d.all(f"{RDF}type")} for d in statements.values())


class _ShapeReader:
    def __init__(self, statements: StatementIndex, file: str, profile: str) -> None:
        self.statements = statements
        self.file = file
        self.profile = profile

    def describe(self, node: str) -> Description:
        return self.statements.get(node) or Description()

    def items(self, head: str | None) -> list[Term]:
        return list_members(self.statements, head)

    def path(self, node: str, unsupported: list[str]) -> tuple[PathStep, ...]:
        if not node.startswith("_:"):
            return ((False, node),)
        description = self.describe(node)
        inverse = description.text(f"{SH}inversePath")
        if inverse is not None and not inverse.startswith("_:"):
            return ((True, inverse),)
        members = self.items(node) if description.first(f"{RDF}first") is not None else []
        steps: list[PathStep] = []
        for member in members:
            step = self.path(member.value, unsupported) if member.is_iri else ()
            if len(step) != 1:
                unsupported.append("path")
                return ()
            steps.extend(step)
        if not steps:
            unsupported.append("path")
        return tuple(steps)

    def members(self, iri: str, component: str, depth: int, unsupported: list[str]) -> tuple[ShapeRecord, ...]:
        """The member shapes of a logical component: a list of shapes, or one for ``sh:not``."""
        head = self.describe(iri).first(f"{SH}{component}")
        if head is None:
            return ()
        nodes = [head] if component == "not" else self.items(head.value)
        if depth >= _MAX_NESTING or any(not node.is_iri for node in nodes):
            unsupported.append(component)
            return ()
        return tuple(
            self.shape(node.value, depth + 1, f"{iri} sh:{component}[{number}]") for number, node in enumerate(nodes)
        )

    def prefixed(self, node: Description, unsupported: list[str]) -> str | None:
        """A SPARQL query (``sh:select``) with PREFIX lines for the ``sh:prefixes`` it names."""
        query = node.text(f"{SH}select")
        if query is None:
            unsupported.append("select")
            return None
        lines = []
        for prefixes in node.all(f"{SH}prefixes"):
            declared = self.declarations(prefixes.value)
            # declared in another file (SHACL reads all files as one graph): the plan resolves the mark
            lines += declared or [f"{PREFIXES_MARK}{prefixes.value}"]
        return "\n".join([*sorted(set(lines)), query.strip()])

    def declarations(self, iri: str) -> list[str]:
        """The PREFIX lines a node's ``sh:declare`` statements give."""
        lines = []
        for declaration in self.describe(iri).all(f"{SH}declare"):
            declared = self.describe(declaration.value)
            lines.append(f"PREFIX {declared.text(f'{SH}prefix')}: <{declared.text(f'{SH}namespace')}>")
        return lines

    def sparql(self, description: Description, unsupported: list[str]) -> tuple[tuple[str, str], ...]:
        """The shape's SPARQL constraints that are not deactivated: (query, message)."""
        found = []
        for node in description.all(f"{SH}sparql"):
            constraint = self.describe(node.value)
            if constraint.text(f"{SH}deactivated") == "true":
                continue
            query = self.prefixed(constraint, unsupported)
            if query is not None:
                found.append((query, (constraint.text(f"{SH}message") or "").strip()))
        return tuple(found)

    def sparql_targets(self, description: Description, unsupported: list[str]) -> tuple[str, ...]:
        """The queries of the shape's SPARQL targets (``sh:target`` with ``sh:select``)."""
        found = []
        for node in description.all(f"{SH}target"):
            query = self.prefixed(self.describe(node.value), unsupported)
            if query is not None:
                found.append(query)
        return tuple(sorted(found))

    def shape(self, iri: str, depth: int = 0, label: str | None = None) -> ShapeRecord:
        """The shape at ``iri``; a member of a logical component is named by ``label`` (its place)."""
        description = self.describe(iri)
        unsupported: list[str] = []
        constraints: list[Constraint] = []
        for name in _COUNTS:
            value = description.text(f"{SH}{name}")
            if value is not None:
                constraints.append((name, int(value)))
        for name in _IRIS:
            value = description.text(f"{SH}{name}")
            if value is not None:
                constraints.append((name, value))
        for name in _RANGES:
            term = description.first(f"{SH}{name}")
            if term is not None:
                constraints.append((name, (term.value, term.datatype or "")))
        listed = description.text(f"{SH}in")
        if listed is not None:
            constraints.append(("in", tuple(term.value for term in self.items(listed))))
        pattern = description.text(f"{SH}pattern")
        if pattern is not None:
            constraints.append(("pattern", (pattern, description.text(f"{SH}flags") or "")))
        wanted = description.first(f"{SH}hasValue")
        if wanted is not None:  # (lexical form or IRI, datatype, "iri" or "literal")
            constraints.append(
                ("hasValue", (wanted.value, wanted.datatype or "", "iri" if wanted.is_iri else "literal"))
            )
        path = description.text(f"{SH}path")
        steps = self.path(path, unsupported) if path is not None else ()
        targets = tuple(sorted(t.value for t in description.all(f"{SH}targetClass")))
        properties = tuple(sorted(t.value for t in description.all(f"{SH}property")))
        logical = tuple(
            (component, members)
            for component in _LOGICAL
            if (members := self.members(iri, component, depth, unsupported))
        )
        sparql = self.sparql(description, unsupported)
        sparql_targets = self.sparql_targets(description, unsupported)
        for predicate in sorted(description.values):
            if predicate not in _DESCRIPTIVE and predicate not in _COMPILED and predicate not in _STRUCTURE:
                unsupported.append(local_name(predicate))
        deactivated = description.text(f"{SH}deactivated") == "true"
        if depth and deactivated:
            unsupported.append("deactivated")  # a deactivated member conforms to anything: not compiled
        if depth and (properties or sparql):
            unsupported.append("property" if properties else "sparql")  # a member shape must be compiled
        severity = description.text(f"{SH}severity")
        return ShapeRecord(
            iri=label or iri,
            location=Location(self.file, description.line),
            name=(description.text(f"{SH}name") or "").strip(),
            targets=targets,
            properties=properties,
            path=steps,
            constraints=tuple(constraints),
            severity=local_name(severity) if severity else "Violation",
            message=(description.text(f"{SH}message") or "").strip(),
            logical=logical,
            subjects_of=tuple(sorted(t.value for t in description.all(f"{SH}targetSubjectsOf"))),
            target_nodes=tuple(sorted(t.value for t in description.all(f"{SH}targetNode"))),
            sparql_targets=sparql_targets,
            sparql=sparql,
            deactivated=deactivated,
            unsupported=tuple(sorted(set(unsupported))),
            profiles=(self.profile,),
        )

    def records(self) -> list[ShapeRecord]:
        found = []
        for iri in sorted(self.statements):
            if iri.startswith("_:"):
                continue
            description = self.describe(iri)
            if {t.value for t in description.all(f"{RDF}type")} & _SHAPE_TYPES:
                found.append(self.shape(iri))
            elif description.first(f"{SH}declare") is not None:
                location = Location(self.file, description.line)
                declares = tuple(sorted(self.declarations(iri)))
                found.append(ShapeRecord(iri=iri, location=location, declares=declares, profiles=(self.profile,)))
        return found


def _profile_of(statements: StatementIndex, file: str, stem: str) -> ProfileRecord:
    header = ontology_header(statements)
    if header is None:
        return ProfileRecord(name=stem, file=file)
    _, description = header
    keyword = description.text(DCAT_KEYWORD)
    return ProfileRecord(name=(keyword or stem).strip(), file=file, version=description.text(f"{OWL}versionInfo"))


def interpret_shacl(statements: StatementIndex, file: str, stem: str) -> DocumentRecords:
    """Interpret a document of SHACL shapes.

    Args:
        statements: The document's statements, by subject.
        file: How to name the file in records and errors.
        stem: The file name without its suffix, the profile name where the document has no header.

    Returns:
        The shapes file as a profile, and its named shapes (blank-node shapes are parts of them).
    """
    profile = _profile_of(statements, file, stem)
    return DocumentRecords(profile=profile, records=tuple(_ShapeReader(statements, file, profile.name).records()))
