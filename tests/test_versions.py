"""Distribution versions: where they come from, what is refused (the API's use is in emit/test_distribution)."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.version import Version

from cimgen import __version__
from cimgen.errors import UsageError
from cimgen.graph.records import ProfileRecord
from cimgen.versions import choose_version, default_version, version_file

PROFILES = (ProfileRecord("EQ", "eq.rdf", "3.0.0"), ProfileRecord("SSH", "ssh.rdf", "3.0.0"), ProfileRecord("X", "x"))


def test_the_default_is_the_profile_version_then_the_generator_version() -> None:
    assert default_version(PROFILES) == f"3.0.0.{__version__}"
    assert default_version(()) == f"0.{__version__}"
    assert Version(default_version(PROFILES)) > Version("3.0.0")


def test_a_version_file_is_found_beside_a_file_or_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "eq.rdf").write_text("")
    assert version_file([tmp_path / "eq.rdf"]) is None
    (tmp_path / "version").write_text(" 4.1-rc1 \n")
    assert version_file([tmp_path / "eq.rdf"]) == version_file([tmp_path]) == tmp_path / "version"
    assert choose_version(None, [tmp_path], PROFILES) == "4.1rc1"  # PEP 440's normal form
    assert choose_version("5", [tmp_path], PROFILES) == "5"  # the caller's version comes first


def test_a_bad_version_file_names_itself(tmp_path: Path) -> None:
    (tmp_path / "version").write_text("latest\n")
    with pytest.raises(UsageError, match="'latest' is not a PEP 440 version") as raised:
        choose_version(None, [tmp_path], PROFILES)
    assert raised.value.file == str(tmp_path / "version")
