"""The committed generated/ is exactly what ``cimgen generate`` writes now, and output is deterministic."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from cimgen import generate, generate_distribution
from tests.conftest import FIXTURES, REPO, corpus_path


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _package_tree(root: Path) -> dict[str, bytes]:
    skipped = ("__pycache__", ".mypy_cache", ".ruff_cache", "dist/", "build/")
    return {k: v for k, v in _tree(root).items() if not any(part in k for part in skipped)}


def test_committed_generated_distribution_equals_a_fresh_generation(tmp_path: Path) -> None:
    generate_distribution(out=tmp_path / "generated")
    fresh = _package_tree(tmp_path / "generated")
    committed = _package_tree(REPO / "generated")
    assert sorted(fresh) == sorted(committed), "generated/ is stale: run `cimgen package` and commit"
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert not changed, f"generated/ differs from a fresh generation in {changed[:5]}: run `cimgen package`"


def test_generate_writes_the_same_package_as_the_distribution(tmp_path: Path) -> None:
    generate(out=tmp_path)
    assert _package_tree(tmp_path / "cim_metering") == _package_tree(REPO / "generated" / "cim_metering")


def test_output_has_no_timestamps_or_absolute_paths(tmp_path: Path) -> None:
    generate([FIXTURES], out=tmp_path, package="tiny")
    text = "\n".join(v.decode() for v in _package_tree(tmp_path / "tiny").values())
    assert str(tmp_path) not in text and str(REPO) not in text
    assert not re.search(r"\b20\d\d-\d\d-\d\d[T ]\d\d:\d\d", text)


def _generate_in_subprocess(inputs: list[Path], out: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    command = [sys.executable, "-m", "cimgen", "generate", *map(str, inputs), "--out", str(out), "-p", "pkg", "-q"]
    subprocess.run(command, check=True, env=env, capture_output=True)
    return _package_tree(out / "pkg")


def test_same_bytes_under_any_hash_seed_and_input_order(tmp_path: Path) -> None:
    inputs = [FIXTURES / "tiny.rdf", FIXTURES / "tiny-second.rdf"]
    first = _generate_in_subprocess(inputs, tmp_path / "a", "1")
    second = _generate_in_subprocess(list(reversed(inputs)), tmp_path / "b", "4242")
    assert first == second and len(first) > 5


def test_cgmes_3_is_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    cgmes = corpus_path("cimgen-cgmes/CGMES_3.0.0")
    files = sorted(cgmes.glob("*.rdf"))
    first = _generate_in_subprocess(files, tmp_path / "a", "0")
    second = _generate_in_subprocess(list(reversed(files)), tmp_path / "b", "987654")
    assert first == second and len(first) > 500
