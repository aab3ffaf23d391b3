"""Read and write CIM models as CIM-XML (IEC 61970-552) with this package's classes.

``read(sources)`` reads documents (paths, folders, ``.zip`` archives, bytes) into one
:class:`CimModel`; ``write(model, out)`` writes it back as one file per document (or one merged
file). A model round-trips: every value keeps its text, every document its objects, header
and split, and what the profile does not describe is kept and reported in ``model.findings``::

    from mypackage import cimxml
    from mypackage import ACLineSegment

    model = cimxml.read(["EQ.xml", "SSH.xml", "TP.xml", "SV.xml"])
    line = model.get(ACLineSegment, "_5a7b...")
    line.r = 1.25
    cimxml.write(model, "out/")

Part of the cimgen runtime: copied verbatim into every generated package that needs it; do not edit the copy.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from pathlib import Path

from . import _cimschema
from ._cimmodel import CimDocument, CimFinding, CimModel
from ._cimread import CimReadError, Source, read_model
from ._cimspec import Schema
from ._cimwrite import write_model

__all__ = ["CimDocument", "CimFinding", "CimModel", "CimReadError", "Source", "new_model", "read", "write"]

_SCHEMA: Schema | None = None


def _schema() -> Schema:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = Schema(__name__.rpartition(".")[0], _cimschema.CLASSES, _cimschema.ENUMS, _cimschema.PROFILES)
    return _SCHEMA


def read(sources: Source | Iterable[Source]) -> CimModel:
    """Read CIM-XML documents into one model.

    Args:
        sources: A document's path, a folder (its ``*.xml`` and ``*.zip`` files, in name order),
            a ``.zip`` archive, a document's bytes or a binary file, or several of these.

    Returns:
        The model: objects by identifier, the documents with their headers, and ``findings``
        (unknown classes and properties, values that are not of their type, references to
        objects no document defines, identifiers defined twice), each with file, line and object.

    Raises:
        CimReadError: A document that cannot be read at all (not well-formed, not CIM-XML, of
            another CIM version than this package's, with a DTD); one line naming the file.
    """
    return read_model(_schema(), sources)


def new_model() -> CimModel:
    """An empty model to ``add`` objects to; ``write`` gives it a document per profile."""
    return CimModel(_schema())


def write(
    model: CimModel,
    out: str | os.PathLike[str],
    *,
    merged: bool = False,
    created: datetime.datetime | None = None,
) -> list[Path]:
    """Write a model as CIM-XML.

    Args:
        model: The model.
        out: The folder for one file per document (a model read keeps its documents' names;
            objects added in code go to a document of their profile, made if needed), or with
            ``merged``, the one file to write.
        merged: Write every object once, in one document.
        created: The ``md:Model.created`` of documents this write makes (new profile documents,
            the merged document); now if not given. Documents read keep their headers.

    Returns:
        The files written. Each is written in full to a temporary file first, then put in place.
    """
    return write_model(model, out, _cimschema.PROFILES, _cimschema.NAMESPACES, merged=merged, created=created)
