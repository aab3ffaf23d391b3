"""The package's XML document roots and namespace prefixes, which ``_xmlcodec`` reads.

Every generated package with XML Schema types has its own ``_xmlroots`` module, written from
its schemas; this one, in cimgen's runtime, is the empty default the runtime is checked and
tested against.
"""

from __future__ import annotations

NAMESPACES: dict[str, str] = {}
"""The prefix written for each namespace."""

ROOTS: dict[str, tuple[str, str]] = {}
"""Global element ``{namespace}name`` -> (module, class) of the class that reads it."""
