"""Writing a :class:`CimModel` as CIM-XML documents: one file per document, or one merged file.

A model read from documents is written back in the same split: each document gets the objects
it described, named the way it named them (``rdf:ID`` where it defined an object, ``rdf:about``
where it added to one), with the properties it stated, its header, and the elements it held
that the profile does not describe. Values and objects that no document stated (added in code)
go to the document of a profile that carries them, or to a new document of that profile.
Output is sorted, streamed to the file, and swapped into place when complete.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import datetime as _datetime
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._cimmodel import FORM_ABOUT, FORM_ID, FORM_IRI, Appearance, CimDocument, CimModel
from ._cimspec import ClassSpec, FieldSpec, Schema
from ._cimvalues import K_ENUM, K_REFERENCE, K_STRING, escape_attribute, escape_text, value_text

__all__ = ["write_model"]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MD = "http://iec.ch/TC57/61970-552/ModelDescription/1#"
# Documents of a profile are written in this order of preference when an object is new to them all.
_HOME_ORDER = ("EQ", "EQBD", "EQ_BD", "TP", "TPBD", "TP_BD", "SSH", "SV", "DL", "GL", "DY", "SC", "OP")


class _Placement:
    """Which document states which of each object's fields, for documents read and new ones."""

    def __init__(self, model: CimModel, profiles: dict[str, tuple[str, ...]], created: str) -> None:
        self.model = model
        self.created = created
        self.profiles = profiles
        self.uri_profile = {uri: name for name, uris in profiles.items() for uri in uris}
        self.documents: list[CimDocument] = list(model.documents)
        self.document_profiles = [self._profiles_of(document) for document in self.documents]
        # Appearances as read; an object that gets a document for something new is given its own list here.
        self.appearances: dict[int, tuple[Appearance, ...]] = model._appearances
        self.changed: dict[int, list[Appearance]] = {}
        # Per class: the fields that may hold values no document stated (association ends that are
        # not exchanged are never written unless a document stated them).
        self.placeable: dict[str, tuple[FieldSpec, ...]] = {}

    def stated(self, obj: Any) -> tuple[Appearance, ...] | list[Appearance]:
        """Where an object is written: its documents, with the fields each states."""
        found = self.changed.get(id(obj))
        return found if found is not None else self.appearances.get(id(obj), ())

    def _profiles_of(self, document: CimDocument) -> set[str]:
        return {self.uri_profile[uri] for uri in document.profiles if uri in self.uri_profile}

    def document_for(self, profile: str) -> int:
        for index, names in enumerate(self.document_profiles):
            if profile in names:
                return index
        document = CimDocument(f"{profile}.xml", {})
        document.header_tag = f"{{{MD}}}FullModel"
        document.header_about = f"urn:uuid:{uuid.uuid4()}"
        document.header = [(f"{{{MD}}}Model.created", self.created, False)]
        document.header += [(f"{{{MD}}}Model.profile", uri, False) for uri in self.profiles.get(profile, ())]
        self.documents.append(document)
        self.document_profiles.append({profile})
        return len(self.documents) - 1

    def place(self, obj: Any, spec: ClassSpec) -> None:
        """Give every field of ``obj`` that has values but no document a document of its profile.

        This runs for every object of a model: it looks only at fields that could be homeless,
        and copies an object's appearances only when it changes them.
        """
        read = self.appearances.get(id(obj), ())
        if len(read) == 1:
            placed = read[0].fields
        else:
            placed = frozenset().union(*(a.fields for a in read))
        candidates = self.placeable.get(spec.tag)
        if candidates is None:
            candidates = self.placeable[spec.tag] = tuple(
                f for f in spec.ordered if f.kind != K_REFERENCE or f.entry.used
            )
        homeless: dict[int, set[str]] | None = None
        for field in candidates:
            name = field.name
            if name in placed:
                continue
            value = getattr(obj, name)
            if value is None or value == []:
                continue
            if field.kind == K_REFERENCE and not _written_end(field, self.model.schema, value):
                continue
            if homeless is None:
                homeless = {}
            homeless.setdefault(self._document_of(read, spec, field.entry.profiles), set()).add(name)
        if homeless is None:
            if read:
                return
            homeless = {self._document_of(read, spec, spec.entry.profiles): set()}
        stated = self.changed[id(obj)] = list(read)
        for index, names in sorted(homeless.items()):
            found = next((i for i, a in enumerate(stated) if a.document == index), None)
            if found is None:
                form = FORM_ABOUT if any(a.form == FORM_ID for a in stated) else FORM_ID
                stated.append(Appearance(index, form, frozenset(names)))
            else:
                stated[found] = stated[found]._replace(fields=stated[found].fields | names)

    def _document_of(
        self, stated: tuple[Appearance, ...] | list[Appearance], spec: ClassSpec, field_profiles: tuple[str, ...]
    ) -> int:
        candidates = [p for p in field_profiles if p in spec.entry.profiles] or list(field_profiles)
        for appearance in stated:
            if self.document_profiles[appearance.document] & set(candidates):
                return appearance.document
        for index, names in enumerate(self.document_profiles):
            if names & set(candidates):
                return index
        if stated:
            return stated[0].document
        for index, names in enumerate(self.document_profiles):
            if not names:  # a document whose header names no profile this package knows takes anything
                return index
        ordered = sorted(candidates, key=lambda p: (_HOME_ORDER.index(p) if p in _HOME_ORDER else len(_HOME_ORDER), p))
        return self.document_for(ordered[0] if ordered else "model")


def _written_end(field: FieldSpec, schema: Schema, value: Any) -> bool:
    """Whether an association end that no document stated is written: the exchanged end only (one of two)."""
    inverse = field.inverse
    if not inverse:
        return True
    target = value[0] if field.many else value
    other = schema.spec_of(type(target)).by_name.get(inverse)
    if other is not None and other.entry.used:
        return bool(field.name < inverse)  # both ends exchanged: one of them, by name
    return True


class _Writer:
    """Writes one document's elements to a file, with the document's prefixes."""

    def __init__(self, model: CimModel, document: CimDocument, namespaces: dict[str, str], write: Callable[[str], Any]):
        self.model = model
        self.schema = model.schema
        self.write = write
        prefixes = dict(document.namespaces)
        by_namespace = {namespace: prefix for prefix, namespace in prefixes.items()}
        for prefix, namespace in [("rdf", RDF), ("md", MD), *namespaces.items()]:
            if namespace in by_namespace:
                continue
            while prefix in prefixes:
                prefix += "_"
            prefixes[prefix] = namespace
            by_namespace[namespace] = prefix
        self.prefixes = prefixes
        self.by_namespace = by_namespace
        self.names: dict[str, str] = {}
        self.layouts: dict[tuple[str, str, frozenset[str]], tuple[str, tuple[tuple[str, int, bool, str], ...]]] = {}

    def qname(self, tag: str) -> str:
        found = self.names.get(tag)
        if found is None:
            namespace, _, local = tag[1:].partition("}")
            prefix = self.by_namespace.get(namespace)
            if prefix is None:
                prefix = f"ns{len(self.prefixes)}"
                self.prefixes[prefix] = namespace
                self.by_namespace[namespace] = prefix
            found = self.names[tag] = f"{prefix}:{local}"
        return found

    def begin(self) -> None:
        declarations = "".join(f' xmlns:{p}="{escape_attribute(n)}"' for p, n in sorted(self.prefixes.items()))
        self.write(f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{declarations}>\n')

    def header(self, document: CimDocument) -> None:
        if not document.header_tag:
            return
        name = self.qname(document.header_tag)
        self.write(f'  <{name} rdf:about="{escape_attribute(document.header_about)}">\n')
        for tag, value, is_resource in document.header:
            self._property(tag, value, is_resource)
        self.write(f"  </{name}>\n")

    def _property(self, tag: str, value: str, is_resource: bool) -> None:
        name = self.qname(tag)
        if is_resource:
            self.write(f'    <{name} rdf:resource="{escape_attribute(value)}"/>\n')
        else:
            self.write(f"    <{name}>{escape_text(value)}</{name}>\n")

    def _layout(self, spec: ClassSpec, appearance: Appearance) -> tuple[str, tuple[tuple[str, int, bool, str], ...]]:
        """The element name and, in order, (field, kind, many, qualified name) of what an appearance writes.

        Objects of one class that one document states alike share a layout: it is made once.
        """
        key = (spec.tag, appearance.tag, appearance.fields)
        found = self.layouts.get(key)
        if found is None:
            fields = appearance.fields
            written = tuple((f.name, f.kind, f.many, self.qname(f.entry.tag)) for f in spec.ordered if f.name in fields)
            found = self.layouts[key] = (self.qname(appearance.tag or spec.tag), written)
        return found

    def element(self, key: str, obj: Any, spec: ClassSpec, appearance: Appearance, extras: list[Any]) -> None:
        """Write one object's element as one document states it (one call per object: the model's bulk)."""
        name, layout = self._layout(spec, appearance)
        form = appearance.form
        if form == FORM_ID:
            parts = [f'  <{name} rdf:ID="{escape_attribute(key)}">\n']
        else:
            about = f"#{key}" if form == FORM_ABOUT else key
            parts = [f'  <{name} rdf:about="{escape_attribute(about)}">\n']
        ids = self.model._ids
        for field, kind, many, qualified in layout:
            value = getattr(obj, field)
            for item in value if many else ((value,) if value is not None else ()):
                if kind == K_REFERENCE:
                    target = ids.get(id(item))
                    if target is None:
                        continue  # an object not in the model: nothing to name it by
                    resource = target if ":" in target else f"#{target}"
                    parts.append(f'    <{qualified} rdf:resource="{escape_attribute(resource)}"/>\n')
                elif kind == K_ENUM and item.__class__ is not str:
                    resource = self.schema.enum_iri(item)
                    parts.append(f'    <{qualified} rdf:resource="{escape_attribute(resource)}"/>\n')
                else:
                    text = item if kind == K_STRING and item.__class__ is str else value_text(kind, item)
                    parts.append(f"    <{qualified}>{escape_text(text)}</{qualified}>\n")
        self.write("".join(parts))
        for _, tag, text, is_resource in extras:
            self._property(tag, text, is_resource)
        self.write(f"  </{name}>\n")


def _atomic_file(path: Path) -> tuple[Any, Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    return os.fdopen(handle, "w", encoding="utf-8", newline="\n", buffering=1 << 20), Path(temporary)


def write_model(
    model: CimModel,
    out: str | os.PathLike[str],
    profiles: dict[str, tuple[str, ...]],
    namespaces: dict[str, str],
    *,
    merged: bool = False,
    created: _datetime.datetime | None = None,
) -> list[Path]:
    """Write a model (see :func:`cimxml.write`); returns the files written."""
    moment = created or _datetime.datetime.now(_datetime.UTC).replace(microsecond=0)
    stamp = moment.isoformat().replace("+00:00", "Z")
    placement = _Placement(model, profiles, stamp)
    schema = model.schema
    ids = model._ids
    entries: list[tuple[str, str, Any, ClassSpec]] = []
    for key, obj in model._objects.items():
        if id(obj) in model._external:
            continue
        spec = schema.spec_of(type(obj))
        placement.place(obj, spec)
        entries.append((spec.tag, key, obj, spec))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    target = Path(out)
    written: list[tuple[Any, Path, Path]] = []
    try:
        if merged:
            document = CimDocument(target.name, {})
            document.header_tag = f"{{{MD}}}FullModel"
            document.header_about = f"urn:uuid:{uuid.uuid4()}"
            uris = sorted({uri for d in placement.documents for uri in d.profiles})
            document.header = [(f"{{{MD}}}Model.created", stamp, False)]
            document.header += [(f"{{{MD}}}Model.profile", uri, False) for uri in uris]
            handle, temporary = _atomic_file(target)
            written.append((handle, temporary, target))
            writer = _Writer(model, document, namespaces, handle.write)
            writer.begin()
            writer.header(document)
            for _, key, obj, spec in entries:
                appearances = placement.stated(obj)
                fields = frozenset().union(*(a.fields for a in appearances))
                form = FORM_IRI if ":" in key else FORM_ID
                extras = model._extras.get(id(obj), [])
                writer.element(key, obj, spec, Appearance(0, form, fields), extras)
            for kept in (k for d in placement.documents for k in d.kept):
                handle.write("  " + kept.decode("utf-8") + "\n")
            handle.write("</rdf:RDF>\n")
        else:
            by_document: list[list[tuple[str, Any, ClassSpec, Appearance]]] = [[] for _ in placement.documents]
            for _, key, obj, spec in entries:
                for appearance in placement.stated(obj):
                    by_document[appearance.document].append((key, obj, spec, appearance))
            names = _file_names(placement.documents)
            for index, document in enumerate(placement.documents):
                path = target / names[index]
                handle, temporary = _atomic_file(path)
                written.append((handle, temporary, path))
                writer = _Writer(model, document, namespaces, handle.write)
                writer.begin()
                writer.header(document)
                extras_of = model._extras
                for key, obj, spec, appearance in by_document[index]:
                    kept_values = extras_of.get(id(obj))
                    here = [e for e in kept_values if e[0] == index] if kept_values else []
                    writer.element(key, obj, spec, appearance, here)
                for kept in document.kept:
                    handle.write("  " + kept.decode("utf-8") + "\n")
                handle.write("</rdf:RDF>\n")
        for handle, _, _ in written:
            handle.close()
        for _, temporary, path in written:
            os.replace(temporary, path)
    except BaseException:
        for handle, temporary, _ in written:
            handle.close()
            temporary.unlink(missing_ok=True)
        raise
    del ids
    return [path for _, _, path in written]


def _file_names(documents: list[CimDocument]) -> list[str]:
    """A file name per document: its own name (without archive or folder), made unique."""
    names: list[str] = []
    for document in documents:
        name = document.name.replace("\\", "/").rpartition("/")[2]
        if not name or name.startswith("<"):  # read from bytes or a stream without a name
            name = "model.xml"
        if not name.lower().endswith(".xml"):
            name += ".xml"
        stem, suffix = name[:-4], name[-4:]
        number = 2
        while name in names:
            name = f"{stem}_{number}{suffix}"
            number += 1
        names.append(name)
    return names
