"""Build the class graph from input files: read every document, then run the passes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from cimgen.graph.model import ClassGraph
from cimgen.graph.passes import run_passes
from cimgen.readers import read_document

Progress = Callable[[str], None]


def build_graph(files: Sequence[Path], progress: Progress | None = None) -> ClassGraph:
    """Read the files (already sorted) into one class graph and run every pass on it.

    Args:
        files: The input files, in the order their records are merged.
        progress: Called with a short description before each step.

    Returns:
        The finished class graph.

    Raises:
        InputError: A file cannot be read, or the merged inputs are inconsistent.
    """
    graph = ClassGraph()
    for path in files:
        if progress:
            progress(f"reading {path.name}")
        graph.add_document(read_document(path))
    if progress:
        progress("resolving the class graph")
    return run_passes(graph)
