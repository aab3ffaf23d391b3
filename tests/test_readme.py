"""README's examples of the three ways to use cimgen work as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, corpus_path, import_fresh

_BLOCK = re.compile(r"<!-- readme-test: (?P<name>[\w-]+) -->\n```\w*\n(?P<body>.*?)```", re.DOTALL)


def readme_block(name: str) -> str:
    blocks = {m.group("name"): m.group("body") for m in _BLOCK.finditer((REPO / "README.md").read_text())}
    assert name in blocks, f"README.md has no block marked readme-test: {name}"
    return blocks[name]


def _env() -> dict[str, str]:
    """The environment with this interpreter's scripts (``cimgen``) first on PATH."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def test_the_command_line_example(tmp_path: Path) -> None:
    for line in readme_block("cli").strip().splitlines():
        result = subprocess.run(line, shell=True, cwd=tmp_path, env=_env(), capture_output=True, text=True)
        assert result.returncode == 0, f"{line}: {result.stderr}"
    assert (tmp_path / "build" / "cim" / "my_cim" / "meter.py").is_file()
    assert (tmp_path / "build" / "my-cim-dist" / "pyproject.toml").is_file()


def _build_wheel(project: Path, out: str, **env: str) -> subprocess.CompletedProcess[str]:
    # --no-isolation: the build uses this environment's cimgen (not yet on PyPI) and hatchling.
    command = [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", out, str(project)]
    return subprocess.run(command, env={**_env(), **env}, capture_output=True, text=True, cwd=project)


def test_the_build_hook_example(tmp_path: Path) -> None:
    project = tmp_path / "acme"
    (project / "profiles").mkdir(parents=True)
    for ttl in (REPO / "profiles" / "metering").glob("*.ttl"):
        shutil.copy(ttl, project / "profiles" / ttl.name)
    (project / "pyproject.toml").write_text(readme_block("hook"))

    first = _build_wheel(project, "dist1")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "cimgen: generated acme_meter_model" in first.stdout + first.stderr
    wheel = next((project / "dist1").glob("*.whl"))
    names = subprocess.run(
        [sys.executable, "-m", "zipfile", "-l", str(wheel)], capture_output=True, text=True, check=True
    ).stdout
    assert "acme_meter_model/meter.py" in names and "acme_meter_model/cimgen-manifest.json" in names

    second = _build_wheel(project, "dist2")
    assert "cimgen: acme_meter_model is up to date" in second.stdout + second.stderr
    forced = _build_wheel(project, "dist3", CIMGEN_FORCE="1")
    assert "cimgen: generated acme_meter_model" in forced.stdout + forced.stderr
    wheels = [next((project / d).glob("*.whl")).read_bytes() for d in ("dist1", "dist2", "dist3")]
    assert wheels[0] == wheels[1] == wheels[2]

    (project / "profiles" / "metering.ttl").write_text(
        (project / "profiles" / "metering.ttl").read_text() + "\n# a change\n"
    )
    changed = _build_wheel(project, "dist4")
    assert "cimgen: generated acme_meter_model" in changed.stdout + changed.stderr


@pytest.mark.parametrize(
    ("hook_config", "message"),
    [
        ('inputs = ["profiles/*.ttl"]', "needs `package` as a str"),
        ('inputs = ["nothing/*.rdf"]\npackage = "x"', "matches no file"),
        ('inputs = ["profiles/*.ttl"]\npackage = "Bad-Name"', "is not a valid lower-case Python package name"),
    ],
)
def test_the_build_hook_reports_bad_configuration(tmp_path: Path, hook_config: str, message: str) -> None:
    project = tmp_path / "bad"
    (project / "profiles").mkdir(parents=True)
    shutil.copy(REPO / "profiles" / "metering" / "metering.ttl", project / "profiles")
    config = readme_block("hook").split("[tool.hatch.build.hooks.cimgen]")[0]
    (project / "pyproject.toml").write_text(config + "[tool.hatch.build.hooks.cimgen]\n" + hook_config + "\n")
    result = _build_wheel(project, "dist")
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


def test_the_generated_package_example() -> None:
    import_fresh(REPO / "generated", "cim_metering")
    sys.path.insert(0, str(REPO / "generated"))
    try:
        exec(compile(readme_block("package"), "README.md", "exec"), {})
    finally:
        sys.path.remove(str(REPO / "generated"))


def _run_with_the_committed_package(name: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run a README block as a script, with ``generated/`` on its path, and check that it succeeds."""
    script = folder / f"{name}.py"
    script.write_text(readme_block(name))
    env = {**_env(), "PYTHONPATH": str(REPO / "generated")}
    result = subprocess.run([sys.executable, str(script)], cwd=folder, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def test_the_messages_example(tmp_path: Path) -> None:
    result = _run_with_the_committed_package("messages", tmp_path)
    lines = result.stdout.splitlines()
    assert lines[0] == "WH" and lines[1] == "m1"
    assert "unknown-element" not in lines[2] and "/IntervalReadings/x: element" in lines[2]
    assert lines[3] == "True"
    assert lines[4] == "OK ['m1']"  # stream_message: the reply's result, then the streamed readings


def test_the_exchanges_example(tmp_path: Path) -> None:
    result = _run_with_the_committed_package("exchanges", tmp_path)
    assert result.stdout.splitlines() == [
        "MeterReadings meter-17",
        "OK WH",
        "['InvalidMeters']",
        "created ElectricMeter.RCDSwitch.NA.Disconnected",
        "['FAILED', 'FAILED', 'RESTORED']",
        "meter-17 -> meter-42 at up-5",
        "MasterDataLinkageConfig change supplier-B",
        "11 messages valid",
    ]


def test_the_cim_models_example(tmp_path: Path) -> None:
    shared = corpus_path("cgmes-instances").parent.parent
    for line in readme_block("cim-generate").strip().splitlines():
        command = line.replace("../shared", str(shared))
        result = subprocess.run(command, shell=True, cwd=tmp_path, env=_env(), capture_output=True, text=True)
        assert result.returncode == 0, f"{line}: {result.stderr}"
    script = tmp_path / "example.py"
    script.write_text(readme_block("cim-models").replace("../shared", str(shared)))
    env = {**_env(), "PYTHONPATH": str(tmp_path / "build")}
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    first, second, third = result.stdout.splitlines()
    # the line's second terminal connects to a node of the boundary set, read from the other folder
    assert first == "BE-Line_1 2.2 ['BE-Busbar_2', 'Border_ST23']"
    assert second == "548 objects in 8 documents; 0 findings"
    # the boundary set's second line repeats the first one's mRID (tests/test_corpus_models.py checks it with lxml)
    assert third == "duplicate-mrid _54a2e470-ef70-443f-ae81-bcf2d117caa3"
    assert sorted(p.name for p in (tmp_path / "out").glob("*.xml")) == sorted(
        p.name for p in (shared / "corpus" / "cgmes-instances" / "cgmes-3.0-microgrid-be").rglob("*.xml")
    )


def test_the_ebix_mapping_table_is_the_one_the_converter_uses() -> None:
    from cimgen.ebix_mapping import table

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = readme.split("| ebIX | IEC 61968-9 / 61968-100 |\n|---|---|\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [tuple(cell.strip().strip("`") for cell in row.strip("|").split(" | ")) for row in rows] == table()


def test_the_tables_example(tmp_path: Path) -> None:
    lines = _run_with_the_committed_package("tables", tmp_path).stdout.splitlines()
    assert lines[0] == "384 timestamp[us, tz=UTC]"
    assert lines[1] == "1 of 1 files, 384 readings -> 3 Parquet files in lake"  # the last reading is 00:00 of day 3
    assert lines[2] == "[(datetime.date(2026, 12, 1), 'm-1', 35.25), (datetime.date(2026, 12, 1), 'm-2', 35.25)]"
