"""cimgen: IEC CIM profiles and IEC 61968-9 schemas into typed Python code.

The library API is ``generate``, ``generate_distribution`` and ``inspect``; the
``cimgen`` command and the hatchling build hook are thin layers over them. They are
imported on first use, so that ``cimgen.errors`` or the command line's entry point
can be imported without loading the whole generator.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from cimgen.api import GenerateResult, Inspection, generate, generate_distribution, inspect, load_graph

__all__ = [
    "GenerateResult",
    "Inspection",
    "__version__",
    "generate",
    "generate_distribution",
    "inspect",
    "load_graph",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("cimgen.api"), name)
    raise AttributeError(f"module 'cimgen' has no attribute {name!r}")
