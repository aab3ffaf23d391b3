"""The docs emitter: a static HTML reference of a profile set (``cimgen docs``).

One page per type (documentation, attributes, association ends, inherited members, literals, the
profiles that carry it, the XML Schema types whose model reference names it, and its class diagram),
one per package (its types and their diagram), an index of packages and profiles, and a search box
that works from ``file://`` (its index is a script, not a fetched file). With the diff of an older
version, each page marks what was added or changed and lists what was removed. Pages are written as
polyglot HTML (they parse as XML too); everything is sorted, so the same inputs give the same bytes.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import jinja2

from cimgen import __version__
from cimgen.diff import Change, GraphDiff, type_key
from cimgen.emit.diagrams import Diagram, Link, Node, layout
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import PropertyKind, PropertyRecord, TypeKind, TypeRecord
from cimgen.resources import templates_dir

SITE_MARKER = "cimgen-docs.json"
MAX_NEIGHBOURS = 16  # association targets and subclasses drawn around a class
MAX_LISTED = 14  # attribute lines drawn in the focus class's box


@dataclass(frozen=True, slots=True)
class Ref:
    """A link to a type page (``href`` empty for a type the inputs do not define)."""

    name: str
    href: str


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    target: Ref
    multiplicity: str
    profiles: str
    comment: str
    inverse: str = ""
    change: str = ""


@dataclass(frozen=True, slots=True)
class TypeView:
    record: TypeRecord
    title: str
    package: Ref
    superclasses: tuple[Ref, ...]
    subclasses: tuple[Ref, ...]
    attributes: tuple[Member, ...]
    associations: tuple[Member, ...]
    inherited: tuple[tuple[Ref, tuple[str, ...]], ...]
    literals: tuple[tuple[str, str, str], ...]  # (name, comment, change)
    schema_types: tuple[Ref, ...]
    value: tuple[tuple[str, str], ...]  # a datatype's value type, unit and multiplier
    diagram: Diagram | None
    change: Change | None
    removed: tuple[Change, ...] = field(default=())


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "-"


class _Site:
    """Page names, and the graph's facts in the shape the pages show them."""

    def __init__(self, graph: ClassGraph, diff: GraphDiff | None) -> None:
        self.graph = graph
        self.types = graph.types()
        self.pages: dict[str, str] = {}
        taken: set[str] = set()
        for record in sorted(self.types, key=lambda t: (t.namespace is not None, t.name, t.iri)):
            base = _slug(
                f"{record.namespace.rstrip('#/').rpartition('/')[2]}-{record.name}" if record.namespace else record.name
            )
            name, number = base, 1
            while name.lower() in taken:
                number += 1
                name = f"{base}-{number}"
            taken.add(name.lower())
            self.pages[record.iri] = name
        self.packages = sorted({t.package or "(no package)" for t in self.types})
        self.subclasses: dict[str, list[TypeRecord]] = defaultdict(list)
        for record in self.types:
            if record.superclass:
                self.subclasses[record.superclass].append(record)
        self.schema_types: dict[str, list[TypeRecord]] = defaultdict(list)
        for record in self.types:
            if record.model_reference:
                self.schema_types[record.model_reference].append(record)
        self.changes = {(c.key, c.kind): c for c in diff.changes} if diff else {}
        self.removed: dict[str, list[Change]] = defaultdict(list)
        for change in diff.changes if diff else ():
            if change.status == "removed" and change.key != change.owner:
                self.removed[change.owner].append(change)

    def ref(self, iri: str | None) -> Ref:
        record = self.graph.get(iri) if iri else None
        if not isinstance(record, TypeRecord):
            return Ref((iri or "").rpartition("#")[2], "")
        return Ref(self.title(record), f"{self.pages[record.iri]}.html")

    def title(self, record: TypeRecord) -> str:
        """How a type is named on the pages: an XML Schema type with its noun (``MeterConfig:Meter``),
        since many schemas define a type of the same name."""
        return type_key(self.graph, record.iri) if record.namespace else record.name

    def change(self, key: str, kind: str) -> str:
        found = self.changes.get((key, kind))
        return found.status if found else ""

    def member(self, owner: TypeRecord, prop: PropertyRecord) -> Member:
        kind = "attribute" if prop.kind is PropertyKind.ATTRIBUTE else "association end"
        return Member(
            prop.name,
            self.ref(prop.range),
            str(prop.multiplicity),
            ", ".join(sorted(prop.profiles)),
            prop.comment,
            (prop.inverse or "").rpartition("#")[2].rpartition(".")[2],
            self.change(f"{type_key(self.graph, owner.iri)}.{prop.name}", kind),
        )

    def view(self, record: TypeRecord) -> TypeView:
        graph = self.graph
        own = graph.properties_of(record.iri)
        chain = list(graph.superclass_chain(record.iri))
        inherited = tuple(
            (self.ref(ancestor.iri), tuple(p.name for p in graph.properties_of(ancestor.iri))) for ancestor in chain
        )
        literals = tuple(
            (lit.name, lit.comment, self.change(f"{type_key(graph, record.iri)}.{lit.name}", "literal"))
            for lit in graph.literals_of(record.iri)
        )
        value = tuple(
            (label, text)
            for label, text in (
                ("value", self.ref(record.value_type).name if record.value_type else ""),
                ("unit", record.unit or ""),
                ("multiplier", record.multiplier or ""),
            )
            if text
        )
        key = type_key(graph, record.iri)
        return TypeView(
            record=record,
            title=self.title(record),
            package=Ref(
                record.package or "(no package)", f"../packages/{_slug(record.package or '(no package)')}.html"
            ),
            superclasses=tuple(self.ref(a.iri) for a in chain),
            subclasses=tuple(self.ref(s.iri) for s in sorted(self.subclasses[record.iri], key=lambda t: t.name)),
            attributes=tuple(self.member(record, p) for p in own if p.kind is PropertyKind.ATTRIBUTE),
            associations=tuple(self.member(record, p) for p in own if p.kind is PropertyKind.ASSOCIATION),
            inherited=inherited,
            literals=literals,
            schema_types=tuple(self.ref(t.iri) for t in sorted(self.schema_types[record.iri], key=lambda t: t.iri)),
            value=value,
            diagram=self.class_diagram(record) if record.kind in (TypeKind.CLASS, TypeKind.COMPOUND) else None,
            change=self.changes.get((key, record.kind.value)),
            removed=tuple(sorted(self.removed.get(key, []), key=lambda c: c.key)),
        )

    def node(self, record: TypeRecord, focus: bool = False, prefix: str = "") -> Node:
        lines: tuple[str, ...] = ()
        if focus:
            attributes = [p for p in self.graph.properties_of(record.iri) if p.kind is PropertyKind.ATTRIBUTE]
            lines = tuple(f"{p.name}: {self.ref(p.range).name} [{p.multiplicity}]" for p in attributes[:MAX_LISTED])
            if len(attributes) > MAX_LISTED:
                lines += (f"... {len(attributes) - MAX_LISTED} more",)
        return Node(record.iri, self.title(record), lines, f"{prefix}{self.pages[record.iri]}.html", focus)

    def class_diagram(self, record: TypeRecord) -> Diagram:
        graph = self.graph
        nodes = {record.iri: self.node(record, focus=True)}
        links = []
        child = record
        for ancestor in graph.superclass_chain(record.iri):
            nodes[ancestor.iri] = self.node(ancestor)
            links.append(Link(child.iri, ancestor.iri, "inherits"))
            child = ancestor
        for sub in sorted(self.subclasses[record.iri], key=lambda t: t.name)[:MAX_NEIGHBOURS]:
            nodes[sub.iri] = self.node(sub)
            links.append(Link(sub.iri, record.iri, "inherits"))
        roles: dict[str, list[str]] = defaultdict(list)  # the roles pointing at each target, written in its box
        for prop in graph.properties_of(record.iri, PropertyKind.ASSOCIATION)[:MAX_NEIGHBOURS]:
            target = graph.get(prop.range)
            if isinstance(target, TypeRecord):
                roles[target.iri].append(f"as {prop.name} [{prop.multiplicity}]")
                links.append(Link(record.iri, target.iri, "association"))
        for iri, names in roles.items():
            target = graph.get_as(iri, TypeRecord)
            if iri != record.iri:
                nodes[iri] = Node(
                    iri, self.title(target), nodes[iri].lines if iri in nodes else tuple(names), self.node(target).href
                )
        return layout(list(nodes.values()), links)

    def package_diagram(self, members: list[TypeRecord]) -> Diagram | None:
        classes = [t for t in members if t.kind in (TypeKind.CLASS, TypeKind.COMPOUND)]
        if not classes:
            return None
        inside = {t.iri for t in classes}
        links = [Link(t.iri, t.superclass, "inherits") for t in classes if t.superclass in inside]
        for record in classes:
            for prop in self.graph.properties_of(record.iri, PropertyKind.ASSOCIATION):
                if prop.range in inside and prop.used is not False:
                    links.append(Link(record.iri, prop.range, "association", prop.name))
        return layout([self.node(t, prefix="../types/") for t in classes], links)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir() / "docs")),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def site_files(graph: ClassGraph, inputs: list[str], diff: GraphDiff | None = None) -> Iterator[tuple[str, str]]:
    """Every file of the site, as (path relative to the site folder, text)."""
    env = _environment()
    site = _Site(graph, diff)
    by_package: dict[str, list[TypeRecord]] = defaultdict(list)
    by_profile: dict[str, list[TypeRecord]] = defaultdict(list)
    for record in sorted(site.types, key=lambda t: (t.name, t.iri)):
        by_package[record.package or "(no package)"].append(record)
        for profile in record.profiles:
            by_profile[profile].append(record)
    common: dict[str, Any] = {"generator_version": __version__, "diff": diff}
    yield (
        "index.html",
        env.get_template("index.html.jinja").render(
            root="",
            packages=[(name, f"packages/{_slug(name)}.html", len(by_package[name])) for name in site.packages],
            profiles=[
                (name, [(t.name, f"types/{site.pages[t.iri]}.html") for t in by_profile[name]])
                for name in sorted(by_profile)
            ],
            inputs=inputs,
            **common,
        ),
    )
    for name in site.packages:
        members = by_package[name]
        yield (
            f"packages/{_slug(name)}.html",
            env.get_template("package.html.jinja").render(
                root="../",
                name=name,
                members=[(site.title(t), f"../types/{site.pages[t.iri]}.html", t.kind.value) for t in members],
                diagram=site.package_diagram(members),
                **common,
            ),
        )
    for record in site.types:
        yield (
            f"types/{site.pages[record.iri]}.html",
            env.get_template("type.html.jinja").render(root="../", page=site.view(record), **common),
        )
    entries = [[site.title(t), f"types/{site.pages[t.iri]}.html", t.kind.value] for t in site.types]
    for record in site.types:
        page = f"types/{site.pages[record.iri]}.html"
        entries += [
            [f"{site.title(record)}.{p.name}", f"{page}#{p.name}", "member"] for p in graph.properties_of(record.iri)
        ]
    entries.sort()
    yield "search-index.js", "window.CIMGEN_INDEX = " + json.dumps(entries, separators=(",", ":")) + ";\n"
    for static in ("style.css", "search.js"):
        yield static, (templates_dir() / "docs" / static).read_text(encoding="utf-8")
    manifest = {
        "generator": "cimgen docs",
        "generator_version": __version__,
        "inputs": inputs,
        "pages": len(site.types),
    }
    yield SITE_MARKER, json.dumps(manifest, indent=2, sort_keys=True) + "\n"
