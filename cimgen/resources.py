"""Where cimgen finds the files it ships: templates and the embedded default profiles.

In an installed wheel they sit inside the package (``cimgen/templates``,
``cimgen/profiles``); in a source checkout, beside it at the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name


def templates_dir() -> Path:
    """The folder of the built-in Jinja2 templates."""
    return _shipped("templates")


def profiles_dir() -> Path:
    """The folder of the embedded default profiles."""
    return _shipped("profiles")
