"""Shared test helpers: where the corpus is, and how to generate and import a package."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from xml.etree.ElementTree import canonicalize

import pytest
from hypothesis import HealthCheck, settings
from lxml import etree

REPO = Path(__file__).resolve().parent.parent

# Hypothesis' timing checks measure the machine, not the code: with the suite in two processes, a
# draw can wait seconds for the other process (one took 11.7 s). What the properties assert is unchanged.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")

# The suite runs in two processes (pytest-xdist, a test module to each in turn): each has a cache
# folder of its own, so that neither reads a compiled template or graph the other is writing.
if os.environ.get("PYTEST_XDIST_WORKER") and "CIMGEN_CACHE" not in os.environ:
    os.environ["CIMGEN_CACHE"] = str(
        Path(tempfile.mkdtemp(prefix=f"cimgen-cache-{os.environ['PYTEST_XDIST_WORKER']}-"))
    )
# The suite's longest test module (the SPARQL shapes on the ReliCapGrid: minutes on one process)
# starts first, so that the other process runs the rest of the suite meanwhile instead of the
# whole suite waiting for it at the end.
LONGEST_FIRST = ("test_corpus_shacl_recorded.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.name not in LONGEST_FIRST)  # stable: the rest keep their order


FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_path(relative: str) -> Path:
    """A path in ../shared/corpus, or skip the test with the reason when it is absent."""
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(
            f"../shared/corpus/{relative} is not here (a fresh clone has no ../shared); real-input test skipped"
        )
    return path


def import_fresh(out_dir: Path, package: str) -> ModuleType:
    """Import a generated package from ``out_dir``, forgetting any earlier import of that name."""
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(out_dir))
    try:
        importlib.invalidate_caches()
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out_dir))


def import_all_modules(out_dir: Path, package: str) -> list[ModuleType]:
    """Import every module of a generated package, each on its own first, as a user might."""
    root = import_fresh(out_dir, package)
    modules = [root]
    sys.path.insert(0, str(out_dir))
    try:
        for path in sorted((out_dir / package).rglob("*.py")):
            parts = path.relative_to(out_dir).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if len(parts) > 1:
                modules.append(importlib.import_module(".".join(parts)))
    finally:
        sys.path.remove(str(out_dir))
    return modules


SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def document_element(path: Path) -> etree._Element:
    """The document proper, parsed with lxml alone: the root, or the first element inside a SOAP Body."""
    root = etree.parse(str(path), SAFE_PARSER).getroot()
    if etree.QName(root).localname == "Envelope":
        body = next(child for child in root if etree.QName(child).localname == "Body")
        return next(iter(body.iterchildren("*")))
    return root


def canonical_xml(data: bytes | str | etree._Element) -> str:
    """C14N 2.0 text of a document, prefixes rewritten, whitespace-only text dropped and all other text kept.

    C14N's own ``strip_text`` would also trim the spaces at the ends of values, hiding a lost space.
    """
    element = (
        data
        if isinstance(data, etree._Element)
        else etree.fromstring(data.encode() if isinstance(data, str) else data, SAFE_PARSER)
    )
    copy = etree.fromstring(etree.tostring(element), SAFE_PARSER)
    for node in copy.iter():
        if node.text is not None and not node.text.strip() and len(node):
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None
    return canonicalize(etree.tostring(copy).decode(), rewrite_prefixes=True)


def run_tool(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a Python module's command line (mypy, ruff) and capture its output."""
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=cwd, check=False)


@pytest.fixture
def in_tmp_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run the test inside an empty temporary working folder."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@pytest.fixture
def cim() -> Iterator[ModuleType]:
    """The committed package, freshly imported: other tests import packages of the same name."""
    package = import_fresh(REPO / "generated", "cim_metering")
    sys.path.insert(0, str(REPO / "generated"))
    try:
        yield package
    finally:
        sys.path.remove(str(REPO / "generated"))
