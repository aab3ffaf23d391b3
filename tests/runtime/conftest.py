"""Fixtures of the runtime tests."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

from cimgen import generate
from tests.conftest import FIXTURES, import_fresh


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The ``cimxml`` module of a package generated from the small two-profile fixture, once per test module."""
    out = tmp_path_factory.mktemp("tiny-cim")
    generate([FIXTURES / "tiny.rdf", FIXTURES / "tiny-second.rdf"], out=out, package="tinycim")
    import_fresh(out, "tinycim")
    return importlib.import_module("tinycim.cimxml")
