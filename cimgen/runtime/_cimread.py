"""Reading CIM-XML (IEC 61970-552) documents into a :class:`CimModel`.

Documents come as paths, folders (their ``*.xml`` and ``*.zip`` files), ``.zip`` archives (as
CGMES exchanges ship them), bytes or binary files. Each is parsed incrementally (one object
element at a time, then freed), so memory holds the objects, not the documents' trees. An
object described in several documents (EQ defines it, SSH, TP and SV add to it) becomes one
object; references are resolved once every document is read, both ends of an association are
set, and a reference to an object no document defines gets a stand-in of the referenced class.

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import gc
import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from ._cimmodel import FORM_ABOUT, FORM_ID, FORM_IRI, Appearance, CimDocument, CimFinding, CimModel
from ._cimspec import ClassSpec, FieldSpec, Schema
from ._cimvalues import K_ENUM, K_REFERENCE, BadValue
from ._xmlvalues import parser_words

__all__ = ["CimReadError", "Source", "is_zip", "read_model"]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MD = "http://iec.ch/TC57/61970-552/ModelDescription/1#"
_ID = f"{{{RDF}}}ID"
_ABOUT = f"{{{RDF}}}about"
_RESOURCE = f"{{{RDF}}}resource"
_RDF_ROOT = f"{{{RDF}}}RDF"
HEADER_TAGS = frozenset({f"{{{MD}}}FullModel"})
# Larger documents are read one object element at a time: a whole tree takes several times the file's size.
STREAM_ABOVE_BYTES = 128 * 1024 * 1024
_XMLNS = re.compile(rb"""xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']""")

Source = str | os.PathLike[str] | bytes | IO[bytes]
"""A document, a folder of documents, a ``.zip`` archive of them, their bytes, or a binary file."""


class CimReadError(ValueError):
    """A document that cannot be read at all: one line naming the file (and line) and what is wrong."""


def _documents(sources: Source | Iterable[Source]) -> Iterator[tuple[str, bytes | Path]]:
    """(name, bytes or file path) of every document the sources hold, folders and archives in name order."""
    if isinstance(sources, (str, bytes, os.PathLike)) or hasattr(sources, "read"):
        sources = [sources]  # type: ignore[list-item]
    for source in sources:
        if isinstance(source, bytes):
            yield "<bytes>", source
        elif hasattr(source, "read"):
            yield str(getattr(source, "name", "<stream>")), source.read()
        else:
            yield from _path_documents(Path(os.fspath(source)))


def _path_documents(path: Path) -> Iterator[tuple[str, bytes | Path]]:
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.is_file() and child.suffix.lower() in (".xml", ".zip"):
                yield from _path_documents(child)
        return
    if not path.is_file():
        raise CimReadError(f"{path}: no such file or folder")
    if is_zip(path):
        try:
            with zipfile.ZipFile(path) as archive:
                for member in sorted(archive.namelist()):
                    if member.lower().endswith(".xml"):
                        yield f"{path.name}/{member}", archive.read(member)
        except zipfile.BadZipFile as error:
            raise CimReadError(f"{path}: not a readable zip archive ({error})") from None
        return
    yield str(path), path


def is_zip(path: Path) -> bool:
    """True for a zip archive: named ``.zip``, or beginning with a zip entry whatever its name
    (read no further than that)."""
    if path.suffix.lower() == ".zip":
        return True
    with open(path, "rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def _parser() -> Any:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, remove_comments=True,
        remove_pis=True, collect_ids=False,
    )  # fmt: skip


class _Reader:
    """One read: the model being filled, per-class tables, and the references to resolve at the end."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.model = CimModel(schema)
        self.pending: list[tuple[Any, FieldSpec, str, int, int | None]] = []
        # The model's tables, and the classes and appearance shapes met so far, under short names.
        self.objects = self.model._objects
        self.ids = self.model._ids
        self.appearances = self.model._appearances
        self.specs: dict[str, ClassSpec] = {}
        self.shapes: dict[tuple[int, int, tuple[str, ...], str], Appearance] = {}
        self.namespaces = {namespace for namespace in _schema_namespaces(schema)}

    def finding(self, severity: str, code: str, message: str, file: str, line: int | None, obj: str | None) -> None:
        self.model.findings.append(CimFinding(severity, code, message, file, line, obj))

    def blank(self, cls: type) -> Any:
        """A new object with every field at its default (the dataclass constructor is straight-line code)."""
        return cls()

    def read_document(self, name: str, source: bytes | Path) -> None:
        if isinstance(source, Path):
            with open(source, "rb") as handle:
                head = handle.read(8192)
            size = source.stat().st_size
        else:
            head, size = source[:8192], len(source)
        if b"<!DOCTYPE" in head or b"<\x00!\x00D\x00O\x00C" in head:
            raise CimReadError(f"{name}: document type declarations (DTDs, entities) are refused")
        self._check_namespaces(name, head)
        document = CimDocument(name, {})
        index = len(self.model.documents)
        self.model.documents.append(document)
        try:
            if size > STREAM_ABOVE_BYTES:
                root = self._stream(str(source) if isinstance(source, Path) else io.BytesIO(source), index, document)
                for element in root:  # what streaming left: elements of classes the profile does not know
                    self._keep(element, document)
                return
            if isinstance(source, Path):
                try:
                    root = etree.parse(str(source), _parser()).getroot()
                except OSError:  # libxml2 reports bad bytes in a file without their line: parse the bytes
                    root = etree.fromstring(source.read_bytes(), _parser())
            else:
                root = etree.fromstring(source, _parser())
        except etree.XMLSyntaxError as error:
            line = f", line {error.lineno}" if error.lineno else ""
            raise CimReadError(f"{name}{line}: not well-formed XML: {parser_words(error.msg)}") from None
        except OSError as error:
            raise CimReadError(f"{name}: cannot read: {error.strerror or error}") from None
        self._root(root, name, None)
        document.namespaces = {k: v for k, v in root.nsmap.items() if k}
        self._elements(root, index, document)

    def _stream(self, stream: str | IO[bytes], index: int, document: CimDocument) -> Any:
        """Read a large document one object element at a time, freeing each once read."""
        tags = [*self.schema.classes, *HEADER_TAGS]
        context = etree.iterparse(
            stream, events=("end",), tag=tags, resolve_entities=False, no_network=True, load_dtd=False,
            huge_tree=True, remove_comments=True, remove_pis=True,
        )  # fmt: skip
        top: list[Any] = []  # the root, once the first element shows it

        def elements() -> Iterator[Any]:
            for _, element in context:
                if not top:
                    top.append(self._root(element.getroottree().getroot(), document.name, element.sourceline))
                    document.namespaces = {k: v for k, v in top[0].nsmap.items() if k}
                if element.getparent() is not top[0]:
                    continue  # a class element nested in another is read with it (kept whole)
                yield element
                top[0].remove(element)

        self._elements(elements(), index, document)
        return self._root(context.root, document.name, None) if not top else top[0]

    @staticmethod
    def _root(root: Any, name: str, line: int | None) -> Any:
        if root is None or root.tag != _RDF_ROOT:
            where = f", line {line}" if line else ""
            raise CimReadError(f"{name}{where}: not CIM-XML: the root element is not rdf:RDF")
        return root

    def _keep(self, element: Any, document: CimDocument) -> None:
        """An element the profile does not describe: kept as written, and reported."""
        if not isinstance(element.tag, str):
            return
        document.kept.append(etree.tostring(element, with_tail=False))
        about = element.get(_ID) or element.get(_ABOUT)
        message = f"{element.tag} is not a class of the profile; kept as written"
        self.finding("warning", "kept-element", message, document.name, element.sourceline, about)

    def _check_namespaces(self, name: str, head: bytes) -> None:
        """A document of another CIM version than the package's: one clear error, before reading it."""
        for prefix, namespace in _XMLNS.findall(head):
            if prefix == b"cim":
                text = namespace.decode("utf-8", "replace")
                if text not in self.namespaces:
                    ours = ", ".join(sorted(n for n in self.namespaces if "CIM" in n or "cim" in n)) or "none"
                    raise CimReadError(
                        f"{name}: a CIM model in the namespace {text}; this package reads {ours} "
                        "(generate one from the matching profiles)"
                    )

    def _elements(self, elements: Iterable[Any], index: int, document: CimDocument) -> None:
        """Read object elements into the model.

        The loops run once per object element and once per property, millions of times for a grid
        model, so they keep to local names, tuple unpacking and one dictionary look-up a step; what
        is rare (headers, unknown classes and properties, bad values) is a method call away.
        """
        defined: set[str] = set()
        specs, objects, ids, appearances, shapes = self.specs, self.objects, self.ids, self.appearances, self.shapes
        pending = self.pending
        enum_member = self.schema.enum_member
        id_attribute, about_attribute, resource_attribute = _ID, _ABOUT, _RESOURCE
        k_enum, k_reference, form_id, nothing = K_ENUM, K_REFERENCE, FORM_ID, _NOTHING
        for element in elements:
            tag = element.tag
            spec = specs.get(tag)
            if spec is None:
                if tag in HEADER_TAGS:
                    self._header(element, document)
                    continue
                spec = self.schema.spec(tag)
                if spec is None:
                    self._keep(element, document)
                    continue
                specs[tag] = spec
            identifier = element.get(id_attribute)
            if identifier is not None:
                key, form = identifier, form_id
                if key in defined:
                    message = f"rdf:ID {key!r} is defined twice in this document"
                    self.finding("error", "duplicate-id", message, document.name, element.sourceline, key)
                defined.add(key)
            else:
                about = element.get(about_attribute)
                if about is None:
                    document.kept.append(etree.tostring(element, with_tail=False))
                    message = f"{tag} has neither rdf:ID nor rdf:about; kept as written"
                    self.finding("error", "kept-element", message, document.name, element.sourceline, None)
                    continue
                key, form = (about[1:], FORM_ABOUT) if about[:1] == "#" else (about, FORM_IRI)
            obj = objects.get(key)
            if obj is None:
                obj = spec.cls()
                objects[key] = obj
                ids[id(obj)] = key
                earlier = None
                stated = nothing
            else:
                if type(obj) is not spec.cls:
                    obj = self._reconcile(obj, spec, key, document, element.sourceline)
                earlier = appearances.get(id(obj))
                # The fields other elements stated: a value here that differs from one of those is reported.
                stated = frozenset().union(*(a.fields for a in earlier)) if earlier else nothing
            by_tag = spec.by_tag
            names: list[str] = []
            for child in element:
                field = by_tag.get(child.tag)
                if field is None:
                    self._extra(obj, child, index, document, key, spec)
                    continue
                _, name, kind, many, _, _, convert, values = field
                if kind >= k_enum:
                    resource = child.get(resource_attribute)
                    if resource is None:
                        self._extra(obj, child, index, document, key, spec, "has no rdf:resource")
                        continue
                    if kind == k_reference:
                        pending.append((obj, field, resource, index, child.sourceline))
                        names.append(name)
                        continue
                    value = enum_member(resource)
                    if value is None:
                        why = f"names no literal of {field.entry.value_class}"
                        self._extra(obj, child, index, document, key, spec, why)
                        continue
                elif convert is None:
                    value = child.text or ""
                else:
                    text = child.text or ""
                    value = values.get(text)  # a text met before: its value, without a call
                    if value is None:
                        try:
                            value = convert(text)
                        except BadValue as error:
                            value = text
                            message = f"{field.entry.tag.rpartition('}')[2]}: {error}; kept as text"
                            self.finding("error", "bad-value", message, document.name, child.sourceline, key)
                if many:
                    getattr(obj, name).append(value)
                else:
                    before = getattr(obj, name) if name in stated or name in names else None
                    if before is not None and before != value:
                        message = f"{name} is {before!r} elsewhere; {value!r} here is kept"
                        self.finding("warning", "two-values", message, document.name, child.sourceline, key)
                    setattr(obj, name, value)
                names.append(name)
            written = "" if type(obj) is spec.cls else tag
            shape = (index, form, tuple(names), written)
            appearance = shapes.get(shape)
            if appearance is None:
                appearance = shapes[shape] = Appearance(index, form, frozenset(names), written)
            appearances[id(obj)] = (appearance,) if earlier is None else (*earlier, appearance)

    def _extra(
        self, obj: Any, child: Any, index: int, document: CimDocument, key: str, spec: ClassSpec, why: str = ""
    ) -> None:
        """A property the profile does not give this class (or that cannot be read): kept, and reported."""
        tag = child.tag
        if not isinstance(tag, str):
            return
        resource = child.get(_RESOURCE)
        value, is_resource = (resource, True) if resource is not None else (child.text or "", False)
        self.model._extras.setdefault(id(obj), []).append((index, tag, value, is_resource))
        message = f"{tag} {why}" if why else f"{tag} is not a property of {spec.cls.__name__} in the profile"
        self.finding("warning", "unknown-property", message + "; kept as written", document.name, child.sourceline, key)

    def _reconcile(self, obj: Any, spec: ClassSpec, key: str, document: CimDocument, line: int | None) -> Any:
        """An object described with two classes: the more specific one wins, if one is a subclass of the other."""
        if isinstance(obj, spec.cls):
            return obj  # described here by a superclass: the object is already of the subclass
        if issubclass(spec.cls, type(obj)):
            upgraded = self.blank(spec.cls)
            for field in self.schema.spec_of(type(obj)).ordered:
                setattr(upgraded, field.name, getattr(obj, field.name))
            model = self.model
            model._objects[key] = upgraded
            del model._ids[id(obj)]
            model._ids[id(upgraded)] = key
            appearances = model._appearances.pop(id(obj), None)
            if appearances is not None:  # those documents named it by the class it had then
                earlier = self.schema.spec_of(type(obj)).tag
                model._appearances[id(upgraded)] = tuple(a._replace(tag=a.tag or earlier) for a in appearances)
            extras = model._extras.pop(id(obj), None)
            if extras is not None:
                model._extras[id(upgraded)] = extras
            return upgraded
        self.finding(
            "error",
            "two-classes",
            f"{key} is a {type(obj).__name__} elsewhere but a {spec.cls.__name__} here; read as the first",
            document.name,
            line,
            key,
        )
        return obj

    def _header(self, element: Any, document: CimDocument) -> None:
        document.header_tag = element.tag
        document.header_about = element.get(_ABOUT) or ""
        for child in element:
            if isinstance(child.tag, str):
                resource = child.get(_RESOURCE)
                document.header.append(
                    (child.tag, resource, True) if resource is not None else (child.tag, child.text or "", False)
                )

    def resolve(self) -> None:
        """Turn the references read into objects, set the other ends, and stand in for missing objects."""
        objects = self.objects
        appearances = self.appearances
        # Fields any document stated: an inverse end no document states needs no look-up per reference.
        stated_anywhere = {name for appearance in self.shapes.values() for name in appearance.fields}
        for obj, field, resource, index, line in self.pending:
            key = resource[1:] if resource[:1] == "#" else resource
            target = objects.get(key)
            if target is None:  # the first reference to an object no document defines
                target = self._stand_in(field, key)
                message = f"{field.name} names {resource}, which no document read defines; kept as a reference"
                name = self.model.documents[index].name
                self.finding("warning", "unresolved-reference", message, name, line, self.ids[id(obj)])
            _, name, _, many, inverse, _, _, _ = field
            if many:
                getattr(obj, name).append(target)
            else:
                setattr(obj, name, target)
            if not inverse:
                continue
            stated = appearances.get(id(target)) if inverse in stated_anywhere else None
            if stated is not None:
                for appearance in stated:
                    if inverse in appearance.fields:
                        break  # the documents state that end too: it was read as it is
                else:
                    stated = None
                if stated is not None:
                    continue
            held = getattr(target, inverse, _ABSENT)
            if held.__class__ is list:
                held.append(obj)
            elif held is not _ABSENT:
                setattr(target, inverse, obj)
        self.pending.clear()

    def _stand_in(self, field: FieldSpec, key: str) -> Any:
        cls = field.value_class
        assert cls is not None
        obj = self.blank(cls)
        model = self.model
        model._objects[key] = obj
        model._ids[id(obj)] = key
        model._external.add(id(obj))
        return obj


_ABSENT = object()
_NOTHING: frozenset[str] = frozenset()


def _schema_namespaces(schema: Schema) -> set[str]:
    return {tag[1:].partition("}")[0] for tag in schema.classes}


def read_model(schema: Schema, sources: Source | Iterable[Source]) -> CimModel:
    """Read CIM-XML documents into one model (see :func:`cimxml.read`)."""
    reader = _Reader(schema)
    collecting = gc.isenabled()
    gc.disable()  # reading makes many objects and frees few: collecting cycles meanwhile is wasted work
    try:
        for name, source in _documents(sources):
            reader.read_document(name, source)
        reader.resolve()
    finally:
        schema.forget_values()
        if collecting:
            gc.enable()
    return reader.model
