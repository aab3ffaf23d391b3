"""Where cimgen keeps what it can reuse across runs: compiled templates and validator packages.

``$CIMGEN_CACHE`` names the folder; by default it is ``cimgen`` in the user's cache folder
(``$XDG_CACHE_HOME`` or ``~/.cache``). Everything in it can be deleted at any time: it is
made again when needed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

KEPT_VALIDATOR_PACKAGES = 8
"""How many validator packages (one per set of schemas) the cache keeps, the most recently used."""


def cache_root() -> Path:
    """The cache folder (it may not exist yet)."""
    configured = os.environ.get("CIMGEN_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "cimgen"


def cache_size(root: Path | None = None) -> int:
    """The bytes the cache holds."""
    folder = root or cache_root()
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def clear_cache(root: Path | None = None) -> int:
    """Delete the cache; returns the bytes it held. Everything in it is made again when needed."""
    folder = root or cache_root()
    size = cache_size(folder)
    if folder.is_dir():
        shutil.rmtree(folder)
    return size


def prune(folder: Path, keep: int, current: Path) -> None:
    """Keep the ``keep`` most recently used entries of a cache folder (``current`` is one of them)."""
    os.utime(current)
    entries = sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
