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


def test_a_schema_brings_every_local_schema_it_includes_or_imports_and_no_remote_one(tmp_path: Path) -> None:
    xs = 'xmlns:xs="http://www.w3.org/2001/XMLSchema"'
    (tmp_path / "codes").mkdir()
    (tmp_path / "main.xsd").write_text(
        f'<xs:schema {xs} targetNamespace="urn:main"><xs:include schemaLocation="part.xsd"/>'
        '<xs:import namespace="urn:codes" schemaLocation="codes/a.xsd"/>'
        '<xs:import namespace="urn:codes" schemaLocation="codes/b.xsd"/>'  # the same namespace again
        '<xs:import namespace="urn:web" schemaLocation="http://example.com/web.xsd"/>'
        '<xs:import namespace="urn:gone" schemaLocation="gone.xsd"/></xs:schema>'
    )
    (tmp_path / "part.xsd").write_text(f'<xs:schema {xs} targetNamespace="urn:main"/>')
    (tmp_path / "codes" / "a.xsd").write_text(f'<xs:schema {xs} targetNamespace="urn:codes"/>')
    (tmp_path / "codes" / "b.xsd").write_text(
        f'<xs:schema {xs} targetNamespace="urn:codes"><xs:import namespace="urn:main" schemaLocation="../main.xsd"/>'
        '<xs:include schemaLocation="c.xsd"/></xs:schema>'
    )
    (tmp_path / "codes" / "c.xsd").write_text(f'<xs:schema {xs} targetNamespace="urn:codes"/>')
    found = collect_inputs([tmp_path / "main.xsd"])
    assert [p.relative_to(tmp_path.resolve()).as_posix() for p in found] == [
        "codes/a.xsd",
        "codes/b.xsd",
        "codes/c.xsd",
        "main.xsd",
        "part.xsd",
    ]
