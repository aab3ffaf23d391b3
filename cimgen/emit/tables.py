"""The tables emitter: the runtime's ``tables`` module (readings and events as Arrow record batches),
copied into packages that read MeterReadings or EndDeviceEvents and decode ReadingType and
EndDeviceEventType codes, with the ``spark`` module (the same tables as Spark data sources). Their
distribution gets an ``arrow`` extra with pyarrow and a ``spark`` extra with pyspark."""

from __future__ import annotations

from cimgen.emit.runtime import runtime_files
from cimgen.graph.code_tables import END_DEVICE_TABLES, READING_TYPE_TABLES
from cimgen.graph.model import ClassGraph
from cimgen.graph.records import CodeTableRecord
from cimgen.plan.xml import root_elements

TABLE_ROOTS = frozenset({"MeterReadings", "EndDeviceEvents"})
ARROW_EXTRA = ("pyarrow>=15",)
SPARK_EXTRA = ("pyarrow>=15", "pyspark>=4.0")


def has_tables(graph: ClassGraph) -> bool:
    """Whether the package reads a document the tables come from, and has the codecs they decode with."""
    tables = {table.name for table in graph.records(CodeTableRecord)}
    if not {*READING_TYPE_TABLES, *END_DEVICE_TABLES} <= tables:  # the tables both codecs decode with
        return False
    return any(tag.rpartition("}")[2] in TABLE_ROOTS for tags in root_elements(graph).values() for tag in tags)


def emit_tables(graph: ClassGraph) -> dict[str, str]:
    """``tables.py`` by its path in the package, or nothing."""
    return runtime_files("tables", "spark") if has_tables(graph) else {}
