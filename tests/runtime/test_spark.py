"""The Spark data sources (runtime ``spark``) of the committed package, in one local session: a
folder of documents reads as the tables, one partition per file, the same rows as ``tables`` gives."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

pa = pytest.importorskip("pyarrow")
pytest.importorskip("pyspark")


def test_the_java_launcher_drops_the_vector_module_and_nothing_else() -> None:
    sys.path.insert(0, str(REPO / "generated"))
    try:
        launcher_arguments = importlib.import_module("cim_metering.spark").launcher_arguments
    finally:
        sys.path.remove(str(REPO / "generated"))
    given = ["-cp", "x", "--add-modules=jdk.incubator.vector", "--add-modules", "jdk.incubator.vector"]
    given += ["--add-modules", "java.sql", "Main"]
    assert launcher_arguments(given) == ["-cp", "x", "--add-modules", "java.sql", "Main"]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One local session for the module (starting one takes about 15 s here)."""
    sys.path.insert(0, str(REPO / "generated"))
    session = importlib.import_module("cim_metering.spark").local_session(cores="2")
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
        sys.path.remove(str(REPO / "generated"))


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory, spark: Any) -> Path:
    from cim_metering import envelope

    from tests.runtime.test_tables import _readings

    folder = tmp_path_factory.mktemp("ami")
    document = _readings()
    (folder / "bare.xml").write_bytes(document.to_xml())  # type: ignore[attr-defined]
    (folder / "message.xml").write_bytes(envelope.response(document).to_xml())
    (folder / "notes.txt").write_text("not a document")  # a folder's *.xml files only
    return folder


def test_a_folder_reads_as_the_readings_table_one_partition_per_file(spark: Any, documents: Path) -> None:
    tables = importlib.import_module("cim_metering.tables")
    frame = spark.read.format("cim_meter_readings").load(str(documents))
    assert frame.rdd.getNumPartitions() == 2
    assert frame.columns == tables.readings_schema().names
    expected = sorted(
        (
            (r["meter"], r["kind"], r["value"], r["value_text"])
            for path in sorted(documents.glob("*.xml"))
            for batch in tables.readings_batches(str(path))
            for r in batch.to_pylist()
        ),
        key=repr,
    )
    rows = frame.select("meter", "kind", "value", "value_text").collect()
    assert sorted((tuple(row) for row in rows), key=repr) == expected and len(rows) == 8
    per_source = {row["source"].rpartition("/")[2]: row["count"] for row in frame.groupBy("source").count().collect()}
    assert per_source == {"bare.xml": 4, "message.xml": 4}


def test_events_and_globs_read_too(spark: Any, documents: Path) -> None:
    import datetime

    ede = importlib.import_module("cim_metering.end_device_events")
    event = ede.EndDeviceEvent(
        created_date_time=datetime.datetime(2026, 12, 2, 3, 4, tzinfo=datetime.UTC),
        end_device=ede.EndDevice(m_rid="m-9"),
        end_device_event_type=ede.EndDeviceEventTypeRef(ref="3.26.0.216"),
    )
    (documents / "events-1.xml").write_bytes(ede.EndDeviceEvents(end_device_event=[event]).to_xml())
    rows = spark.read.format("cim_end_device_events").load(str(documents / "events-*.xml")).collect()
    assert [(r["device"], r["event_or_action"]) for r in rows] == [("m-9", "Restored")]
    with pytest.raises(Exception, match="no file matches"):
        spark.read.format("cim_meter_readings").load(str(documents / "nothing-*.xml")).collect()
