"""Write generated files all at once: into a temporary folder, then swapped into place.

A failure while writing leaves the previous output untouched and no half-written
folder behind. A folder is only ever replaced if cimgen wrote it (it holds a
manifest) or it is empty, so a mistyped ``--out`` cannot delete a user's own code.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from cimgen.errors import UsageError


def _check_replaceable(target: Path, marker: str) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise UsageError("exists and is not a folder; refusing to replace it", file=str(target))
    if any(target.iterdir()) and not (target / marker).is_file():
        raise UsageError(
            f"holds files cimgen did not write (no {marker.rpartition('/')[2]}); refusing to replace it",
            file=str(target),
        )


def write_tree(target: Path, files: Mapping[str, str], marker: str) -> Path:
    """Replace the folder ``target`` with exactly the given files.

    Args:
        target: The folder to (re)create; its parent is created if missing.
        files: File text by path relative to ``target``.
        marker: A path relative to ``target`` that only cimgen's output has (its
            manifest); an existing, non-empty ``target`` without it is never replaced.

    Returns:
        The folder written.

    Raises:
        UsageError: The folder cannot be written, or holds files cimgen did not write.
    """
    _check_replaceable(target, marker)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=parent))
    except OSError as error:
        raise UsageError(f"cannot write the output folder: {error.strerror}", file=str(parent)) from None
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        os.chmod(staging, 0o755)
        retired = None
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.rename(target, retired / target.name)
        os.rename(staging, target)
        if retired is not None:
            shutil.rmtree(retired)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise UsageError(f"cannot write the output: {error.strerror}", file=str(target)) from None
    return target
