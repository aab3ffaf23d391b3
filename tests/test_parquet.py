"""``cimgen readings to-parquet``: one Parquet file per document (or per day), written whole or not
at all, a bad document named with its line while the others convert."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cimgen.errors import InputError
from tests.conftest import REPO
from tests.test_cli import cimgen

pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture
def readings(tmp_path: Path) -> Path:
    """A MeterReadings document, written by the committed package (readings across midnight)."""
    sys.path.insert(0, str(REPO / "generated"))
    try:
        from tests.runtime.test_tables import _readings

        path = tmp_path / "in" / "readings.xml"
        path.parent.mkdir()
        path.write_bytes(_readings().to_xml())  # type: ignore[attr-defined]
    finally:
        sys.path.remove(str(REPO / "generated"))
    return path


def test_a_document_becomes_one_file_or_one_per_day(readings: Path, tmp_path: Path) -> None:
    from cimgen.parquet import to_parquet

    whole = to_parquet(readings, tmp_path / "out")
    assert whole.rows == 4 and whole.files == (tmp_path / "out" / "readings.parquet",)
    assert pq.read_table(whole.files[0]).num_rows == 4
    daily = to_parquet(readings, tmp_path / "daily", by_day=True)
    assert [p.parent.name for p in daily.files] == ["day=2026-12-01", "day=2026-12-02"]
    assert [pq.read_table(p).num_rows for p in daily.files] == [3, 1]  # the 00:00 reading is the next day's


def test_a_bad_document_leaves_nothing_behind(readings: Path, tmp_path: Path) -> None:
    from cimgen.parquet import to_parquet

    bad = tmp_path / "bad.xml"
    bad.write_bytes(
        readings.read_bytes().replace(b"<mr:value>0.25</mr:value>", b"<mr:value>0.25</mr:value><mr:colour/>")
    )
    with pytest.raises(InputError) as error:
        to_parquet(bad, tmp_path / "out")
    assert error.value.file == str(bad) and error.value.line is not None and "colour" in error.value.message
    assert list((tmp_path / "out").rglob("*")) == []  # no Parquet file, no temporary one


def test_the_command_converts_the_good_documents_and_names_the_bad_one(readings: Path, tmp_path: Path) -> None:
    bad = tmp_path / "in" / "bad.xml"
    bad.write_bytes(b"<not-xml")
    result = cimgen("readings", "to-parquet", str(readings), str(bad), "--out", str(tmp_path / "lake"))
    assert result.returncode == 1
    assert result.stdout.strip() == f"1 of 2 files, 4 readings -> 1 Parquet files in {tmp_path / 'lake'}"
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"cimgen: error: {bad}:1: ")
    twice = cimgen(
        "readings", "to-parquet", str(readings), str(tmp_path / "in" / ".." / "in" / "readings.xml"), "--out", "x"
    )
    assert twice.returncode == 2 and "has the same name" in twice.stderr
