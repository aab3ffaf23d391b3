"""The runtime modules that generated packages carry, read from :mod:`cimgen.runtime` and copied verbatim.

A generated package is self-contained: it carries the parts of cimgen's runtime it uses, the
way pip carries its dependencies in ``pip/_vendor``. The copies are never edited; what varies
per package is generated in small modules of its own (``_xmlroots``, ``_codetables``,
``_cimschema``).
"""

from __future__ import annotations

import functools
from pathlib import Path

RUNTIME_DIR = Path(__file__).resolve().parent.parent / "runtime"

XML_RUNTIME = ("_xmlvalues", "_xmlcodec", "_xmlbulk", "_xmlstream", "_xmlcheck")
"""The XML codec and validation runtime, for packages with XML Schema types."""

CIMXML_RUNTIME = (
    "cimxml",
    "_cimmodel",
    "_cimspec",
    "_cimread",
    "_cimwrite",
    "_cimcheck",
    "_cimvalues",
    "_xmlvalues",
)
"""The CIM-XML reader and writer, for packages with CIM classes."""

# The code-table runtime: the shared facts, and each codec with the tables it needs.
CODE_FACTS = "_codefacts"
READING_TYPE_CODEC = "_readingtype"
END_DEVICE_CODEC = "_enddevicetype"
QUALITY_CODEC = "_qualitytype"


@functools.cache
def runtime_source(module: str) -> str:
    """The text of one runtime module (``_xmlcodec``), exactly as it stands in cimgen."""
    return (RUNTIME_DIR / f"{module}.py").read_text(encoding="utf-8")


def runtime_files(*modules: str) -> dict[str, str]:
    """Runtime modules by their path in a package (``_xmlcodec.py``)."""
    return {f"{module}.py": runtime_source(module) for module in modules}
