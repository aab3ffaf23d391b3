"""Where cimgen keeps what it can reuse across runs: compiled templates and validator packages.

``$CIMGEN_CACHE`` names the folder; by default it is ``cimgen`` in the user's cache folder
(``$XDG_CACHE_HOME`` or ``~/.cache``). Everything in it can be deleted at any time: it is
made again when needed.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """The cache folder (it may not exist yet)."""
    configured = os.environ.get("CIMGEN_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "cimgen"
