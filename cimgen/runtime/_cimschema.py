"""The package's CIM classes and enumerations as CIM-XML names them, which ``cimxml`` reads.

Every generated package with CIM classes has its own ``_cimschema`` module, written from its
profiles; this one, in cimgen's runtime, is the empty default the runtime is checked and
tested against.
"""

from __future__ import annotations

from ._cimspec import ClassEntry

NAMESPACES: dict[str, str] = {}
"""Prefix -> namespace of the profile's classes and properties."""

PROFILES: dict[str, tuple[str, ...]] = {}
"""Profile name -> the URIs that document headers name it by (``md:Model.profile``)."""

CLASSES: dict[str, ClassEntry] = {}
"""Element tag ``{namespace}Class`` -> the class and its own properties."""

ENUMS: dict[str, tuple[str, str, str]] = {}
"""Enumeration literal IRI -> (module, enumeration class, member)."""
