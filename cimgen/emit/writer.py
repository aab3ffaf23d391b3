"""Write generated files all at once: into a temporary folder, then swapped into place.

A failure while writing leaves the previous output untouched and no half-written
package behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from cimgen.errors import UsageError


def write_package(out_dir: Path, package: str, files: Mapping[str, str]) -> Path:
    """Replace ``out_dir/package`` with the given files.

    Args:
        out_dir: The output folder; created if missing.
        package: The package folder name inside it; every file path starts with it.
        files: File text by path relative to ``out_dir``.

    Returns:
        The package folder.

    Raises:
        UsageError: The output folder cannot be created or written.
    """
    target = out_dir / package
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{package}.", suffix=".new", dir=out_dir))
    except OSError as error:
        raise UsageError(f"cannot write the output folder: {error.strerror}", file=str(out_dir)) from None
    try:
        for relative, text in files.items():
            path = staging / Path(relative).relative_to(package)
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        os.chmod(staging, 0o755)
        retired = None
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{package}.", suffix=".old", dir=out_dir))
            os.rename(target, retired / package)
        os.rename(staging, target)
        if retired is not None:
            shutil.rmtree(retired)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise UsageError(f"cannot write the output: {error.strerror}", file=str(target)) from None
    return target
