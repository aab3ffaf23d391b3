"""The library API across calls in one process: what it reuses, and that reuse never serves stale output."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from cimgen import api
from cimgen.emit.render import environment
from tests.conftest import FIXTURES, REPO


def test_a_second_generation_reuses_the_graph_but_never_after_an_input_changed(tmp_path: Path) -> None:
    source = tmp_path / "inputs" / "tiny.rdf"
    source.parent.mkdir()
    shutil.copy(FIXTURES / "tiny.rdf", source)
    api.generate([source], out=tmp_path / "a", package="tiny")
    built = [b for b in api._BUILT.values() if b.graph.profiles[0].file.endswith("tiny.rdf")]
    api.generate([source], out=tmp_path / "b", package="tiny")
    assert [b for b in api._BUILT.values() if b.graph.profiles[0].file.endswith("tiny.rdf")] == built
    assert (tmp_path / "a" / "tiny").is_dir() and (tmp_path / "b" / "tiny").is_dir()

    text = source.read_text(encoding="utf-8")
    assert "<rdfs:label>TopologicalNode</rdfs:label>" in text
    source.write_text(text.replace("<rdfs:label>TopologicalNode</rdfs:label>", "<rdfs:label>Bus</rdfs:label>"))
    result = api.generate([source], out=tmp_path / "c", package="tiny")
    assert "bus.py" in result.files and "topological_node.py" not in result.files


def test_generation_turns_the_collector_back_on() -> None:
    assert gc.isenabled()
    api.inspect([FIXTURES / "tiny.rdf"])
    assert gc.isenabled()


def test_one_template_environment_serves_a_process() -> None:
    assert environment() is environment()
    assert environment([FIXTURES]) is environment([FIXTURES]) is not environment()


def test_files_added_to_a_generated_package_are_never_lost(tmp_path: Path) -> None:
    from cimgen.errors import UsageError

    package = api.generate([FIXTURES / "tiny.rdf"], out=tmp_path, package="tiny").output_dir
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "base_voltage.cpython-311.pyc").write_bytes(b"cache")
    api.generate([FIXTURES / "tiny.rdf"], out=tmp_path, package="tiny")  # what Python leaves is not the user's
    (package / "my_helpers.py").write_text("def helper(): ...\n")
    with pytest.raises(UsageError, match=r"holds files cimgen did not write \(my_helpers\.py\); move them out"):
        api.generate([FIXTURES / "tiny.rdf"], out=tmp_path, package="tiny")
    assert (package / "my_helpers.py").read_text() == "def helper(): ...\n"


def test_schemas_that_refer_to_coded_classes_get_the_code_tables_cimgen_carries(tmp_path: Path) -> None:
    schemas = [REPO / "profiles" / "messages"]
    result = api.generate(schemas, out=tmp_path / "with", package="messages_with")
    assert "codes.py" in result.files
    assert any("cimgen's IEC 61968-9 code tables were added" in note for note in result.notes)
    without = api.generate(schemas, out=tmp_path / "without", package="messages_without", code_tables=False)
    assert "codes.py" not in without.files and not any("code tables were added" in n for n in without.notes)
