"""cimgen: IEC CIM profiles and IEC 61968-9 schemas into typed Python code.

The library API is ``generate`` and ``inspect``; the ``cimgen`` command is a thin
layer over them.
"""

from __future__ import annotations

__version__ = "0.1.0"

from cimgen.api import GenerateResult, Inspection, generate, inspect, load_graph

__all__ = ["GenerateResult", "Inspection", "__version__", "generate", "inspect", "load_graph"]
