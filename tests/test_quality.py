"""cimgen's own code passes its linters and mypy --strict, as the house style asks."""

from __future__ import annotations

from tests.conftest import REPO, run_tool


def test_ruff_passes_on_the_library_and_tests() -> None:
    result = run_tool("ruff", "check", "--no-cache", "cimgen", "tests", "benchmarks", cwd=REPO)
    assert result.returncode == 0, result.stdout[-3000:]


def test_mypy_strict_passes_on_the_library() -> None:
    result = run_tool("mypy", "--cache-dir", "/dev/null", "cimgen", cwd=REPO)
    assert result.returncode == 0, result.stdout[-3000:]
