"""Collecting input files from the paths a user gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from cimgen.errors import UsageError
from cimgen.readers import collect_inputs


def test_folders_expand_to_their_schema_files_sorted_and_deduplicated(tmp_path: Path) -> None:
    for name in ["b.rdf", "a.ttl", "c.rdfs", "notes.md", "profile.owl", "data.json"]:
        (tmp_path / name).write_text("x")
    found = collect_inputs([tmp_path, tmp_path / "b.rdf"])
    assert [p.name for p in found] == ["a.ttl", "b.rdf", "c.rdfs", "profile.owl"]


def test_input_order_does_not_matter(tmp_path: Path) -> None:
    for name in ["b.rdf", "a.rdf"]:
        (tmp_path / name).write_text("x")
    assert collect_inputs([tmp_path / "b.rdf", tmp_path / "a.rdf"]) == collect_inputs(
        [tmp_path / "a.rdf", tmp_path / "b.rdf"]
    )


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or folder") as caught:
        collect_inputs([tmp_path / "nope.rdf"])
    assert caught.value.exit_code == 2


def test_an_unknown_suffix_and_an_empty_folder_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "data.json").write_text("x")
    with pytest.raises(UsageError, match="cannot read files of this kind"):
        collect_inputs([tmp_path / "data.json"])
    with pytest.raises(UsageError, match="holds no schema file"):
        collect_inputs([tmp_path])
