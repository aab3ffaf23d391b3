"""cimgen: IEC CIM profiles and IEC 61968-9 schemas into typed Python code.

The library API is ``generate``, ``generate_distribution`` and ``inspect``; the
``cimgen`` command and the hatchling build hook are thin layers over them.
"""

from __future__ import annotations

__version__ = "0.1.0"

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
