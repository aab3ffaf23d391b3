"""Distributions: metadata, version scheme, reproducible wheels and sdists that install and import."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import hatchling
import pytest

from cimgen import __version__, generate_distribution
from cimgen.errors import UsageError
from tests.conftest import FIXTURES


def _distribution(tmp_path: Path, *extra: Path) -> Path:
    out = tmp_path / "dist-src"
    generate_distribution([FIXTURES / "tiny.rdf", *extra], out=out, package="tiny_cim")
    return out


def test_metadata_names_version_and_provenance(tmp_path: Path) -> None:
    out = _distribution(tmp_path)
    project = tomllib.loads((out / "pyproject.toml").read_text())["project"]
    assert project["name"] == "tiny-cim"
    profile, generator, digest = project["version"][:5], project["version"][6:11], project["version"][12:]
    assert profile == "2.1.0" and generator == __version__ and digest.isdigit()
    readme = (out / "README.md").read_text()
    sha = hashlib.sha256((FIXTURES / "tiny.rdf").read_bytes()).hexdigest()
    assert f"| tiny.rdf | `{sha}` |" in readme
    assert f"cimgen {__version__}" in readme and "cimgen package INPUTS..." in readme
    assert str(FIXTURES) not in readme and str(tmp_path) not in readme
    assert (out / "tiny_cim" / "py.typed").is_file()
    assert (out / "tiny_cim" / "cimgen-manifest.json").is_file()
    # CIM classes come with the CIM-XML reader, which runs on lxml: the distribution says so.
    assert project["dependencies"] == ["lxml>=5"] and "tiny_cim.cimxml` reads CIM-XML" in readme


def test_different_inputs_never_share_a_version(tmp_path: Path) -> None:
    edited = tmp_path / "tiny.rdf"
    edited.write_text((FIXTURES / "tiny.rdf").read_text().replace("The root class.", "The root class!"))
    first = generate_distribution([FIXTURES / "tiny.rdf"], out=tmp_path / "a", package="p")
    second = generate_distribution([edited], out=tmp_path / "b", package="p")
    versions = [
        tomllib.loads((result.output_dir / "pyproject.toml").read_text())["project"]["version"]
        for result in (first, second)
    ]
    assert versions[0] != versions[1]
    assert versions[0].rsplit(".", 1)[0] == versions[1].rsplit(".", 1)[0]  # same profile and generator


def test_an_output_folder_with_foreign_files_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "precious.py").write_text("keep me")
    with pytest.raises(UsageError, match="holds files cimgen did not write"):
        generate_distribution([FIXTURES / "tiny.rdf"], out=out, package="p")
    assert (out / "precious.py").read_text() == "keep me"


def _build(source: Path, outdir: Path, epoch: str | None) -> dict[str, bytes]:
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    command = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(outdir), str(source)]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return {p.name: p.read_bytes() for p in sorted(outdir.iterdir())}


def test_builds_are_reproducible_and_honour_source_date_epoch(tmp_path: Path) -> None:
    source = _distribution(tmp_path)
    first = _build(source, tmp_path / "b1", "1700000000")
    second = _build(source, tmp_path / "b2", "1700000000")
    assert sorted(first) == sorted(second) and len(first) == 2  # a wheel and an sdist
    assert first == second
    other_epoch = _build(source, tmp_path / "b3", "1600000000")
    assert other_epoch != first  # the epoch really lands in the archives


def test_the_wheel_and_the_sdist_install_into_fresh_environments(tmp_path: Path) -> None:
    source = _distribution(tmp_path)
    built = tmp_path / "built"
    _build(source, built, None)
    wheel = next(built.glob("*.whl"))
    sdist = next(built.glob("*.tar.gz"))
    check = "import tiny_cim; node = tiny_cim.TopologicalNode(m_rid='x'); print(type(node).__name__)"
    # Installing the sdist builds it with hatchling; a test without network lends pip this
    # environment's hatchling for that step only. The fresh environment itself gets nothing else.
    backend_path = str(Path(hatchling.__file__).resolve().parent.parent)
    for name, artifact in (("wheel-env", wheel), ("sdist-env", sdist)):
        env_dir = tmp_path / name
        subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
        python = env_dir / "bin" / "python"
        install = [str(python), "-m", "pip", "install", "-q", "--no-index", "--no-deps", "--no-build-isolation"]
        env = {**os.environ, "PYTHONPATH": backend_path}
        result = subprocess.run([*install, str(artifact)], capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        imported = subprocess.run([str(python), "-c", check], capture_output=True, text=True, cwd=tmp_path)
        assert imported.stdout.strip() == "TopologicalNode", imported.stderr
