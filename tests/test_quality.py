"""cimgen's own code passes its linters and mypy --strict, as the house style asks."""

from __future__ import annotations

from tests.conftest import REPO, import_all_modules, run_tool


def test_ruff_passes_on_the_library_and_tests() -> None:
    result = run_tool("ruff", "check", "--no-cache", "cimgen", "tests", "benchmarks", cwd=REPO)
    assert result.returncode == 0, result.stdout[-3000:]


def test_ruff_format_leaves_the_library_and_tests_as_they_are() -> None:
    result = run_tool("ruff", "format", "--check", "--no-cache", "cimgen", "tests", "benchmarks", cwd=REPO)
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_runtime_passes_the_checks_generated_packages_get() -> None:
    # Generated packages carry the runtime verbatim and are checked with ruff's own defaults.
    lint = run_tool("ruff", "check", "--no-cache", "--isolated", "--line-length", "120", "cimgen/runtime", cwd=REPO)
    assert lint.returncode == 0, lint.stdout[-3000:]


def test_mypy_strict_passes_on_the_library() -> None:
    result = run_tool("mypy", "--cache-dir", "/dev/null", "cimgen", cwd=REPO)
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_committed_generated_package_imports_and_passes_ruff_and_mypy_strict() -> None:
    generated = REPO / "generated"
    modules = import_all_modules(generated, "cim_metering")
    # Every module file of the package imports (the package and subpackages count once, as their __init__).
    assert len(modules) == len(list((generated / "cim_metering").rglob("*.py")))
    lint = run_tool("ruff", "check", "--no-cache", "--isolated", "--line-length", "120", "cim_metering", cwd=generated)
    assert lint.returncode == 0, lint.stdout[-3000:]
    formatted = run_tool(
        "ruff", "format", "--check", "--no-cache", "--isolated", "--line-length", "120", "cim_metering", cwd=generated
    )
    assert formatted.returncode == 0, formatted.stdout[-3000:]
    typed = run_tool("mypy", "--strict", "--cache-dir", "/dev/null", "cim_metering", cwd=generated)
    assert typed.returncode == 0, typed.stdout[-3000:]
