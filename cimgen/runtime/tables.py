"""Meter readings and end device events as Arrow record batches, streamed from IEC 61968-9 documents.

``readings_batches(source)`` streams a MeterReadings document (bare, in a SOAP envelope or in an
IEC 61968-100 message) one ``MeterReading`` at a time and yields ``pyarrow.RecordBatch`` es of the
readings table; ``events_batches`` does the same for EndDeviceEvents. Memory stays flat: a batch
holds ``batch_size`` rows, and the document is never whole in memory.

The readings table, one row per interval reading or register reading:

============================  =================================  ==============================================
column                        type                               from
============================  =================================  ==============================================
source                        dictionary<string>                 the file (or ``<bytes>``)
meter                         dictionary<string>                 MeterReading/Meter/mRID
usage_point                   dictionary<string>                 MeterReading/UsagePoint/mRID
reading_type                  dictionary<string>                 the ReadingType code of the block or reading
commodity, unit, multiplier,  dictionary<string>                 the code's parts, as their IEC 61968-9
measuring_period,                                                mnemonics (``electricitySecondaryMetered``,
flow_direction, accumulation                                     ``Wh``, ``k``, ``fifteenMinute``, ...)
time_stamp                    timestamp[us, tz=UTC]              the reading's timeStamp
value                         float64                            the value, where it is a number
value_text                    string                             the value as written, where it is not a number
qualities                     list<string>                       its ReadingQuality type codes
kind                          dictionary<string>                 ``interval`` or ``register``
============================  =================================  ==============================================

The events table: source, device (EndDevice/mRID), usage_point, event_type (the 4-part code) and its
parts device_type, domain, subdomain, event_or_action (mnemonics), created (timestamp[us, UTC]),
severity, reason, issuer_tracking_id, details (map<string, string> of EndDeviceEventDetails).

pyarrow is imported when a function here runs: install the package's ``arrow`` extra.

Part of the cimgen runtime: copied verbatim into every generated package that reads MeterReadings
or EndDeviceEvents; do not edit the copy.
"""

from __future__ import annotations

import datetime
import functools
import importlib
import itertools
import math
import operator
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from . import _xmlcodec, _xmlstream

__all__ = ["events_batches", "events_schema", "readings_batches", "readings_schema"]

_READING_PARTS = ("commodity", "uom", "multiplier", "measuring_period", "flow_direction", "accumulation")
_EVENT_PARTS = ("type", "domain", "subdomain", "event_or_action")


def arrow() -> Any:
    """The pyarrow module."""
    try:  # by name: pyarrow has no type information, and this module type-checks without it
        return importlib.import_module("pyarrow")
    except ImportError:
        raise ImportError("the tables need pyarrow: install this package's 'arrow' extra") from None


def readings_schema() -> Any:
    """The Arrow schema of the readings table."""
    pa = arrow()
    text = pa.dictionary(pa.int32(), pa.string())
    names = ["source", "meter", "usage_point", "reading_type", "commodity", "unit", "multiplier"]
    names += ["measuring_period", "flow_direction", "accumulation"]
    fields = [pa.field(name, text) for name in names]
    fields += [
        pa.field("time_stamp", pa.timestamp("us", tz="UTC")),
        pa.field("value", pa.float64()),
        pa.field("value_text", pa.string()),
        pa.field("qualities", pa.list_(pa.string())),
        pa.field("kind", text),
    ]
    return pa.schema(fields)


def events_schema() -> Any:
    """The Arrow schema of the events table."""
    pa = arrow()
    text = pa.dictionary(pa.int32(), pa.string())
    names = ["source", "device", "usage_point", "event_type", "device_type", "domain", "subdomain", "event_or_action"]
    fields = [pa.field(name, text) for name in names]
    fields += [
        pa.field("created", pa.timestamp("us", tz="UTC")),
        pa.field("severity", pa.string()),
        pa.field("reason", pa.string()),
        pa.field("issuer_tracking_id", pa.string()),
        pa.field("details", pa.map_(pa.string(), pa.string())),
    ]
    return pa.schema(fields)


def _root_class(local: str) -> Any:
    """This package's class of the root element with that local name (the newest namespace's)."""
    tags = sorted(tag for tag in _xmlcodec.ROOTS if tag.rpartition("}")[2] == local)
    if not tags:
        raise LookupError(f"this package has no {local} documents")
    return _xmlcodec.class_for(tags[-1])


@functools.lru_cache(maxsize=4096)
def _parts(events: bool, code: str | None) -> tuple[str | None, ...]:
    """The mnemonics of a code's parts (a ReadingType's, or an EndDeviceEventType's); None for each
    where the code does not decode."""
    from ._codefacts import CodeError
    from ._enddevicetype import EndDeviceEventType
    from ._readingtype import ReadingType

    names = _EVENT_PARTS if events else _READING_PARTS
    try:
        decoded = (EndDeviceEventType if events else ReadingType).parse(code or "", strict=False)
    except CodeError:
        return (None,) * len(names)
    return tuple(getattr(getattr(decoded, part), "mnemonic", None) for part in names)


def _number(text: Any) -> tuple[float | None, str | None]:
    """A value as a float, or the text where it is not a (finite or infinite) number."""
    if text is None:
        return None, None
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None, str(text)
    return (value, None) if not math.isnan(value) else (None, str(text))


# A plain decimal (digits, at most one point with digits after it, an optional minus): Arrow's cast
# and Python's float read it as the same double, both correctly rounded (too large for a double,
# both give infinity).
_PLAIN_DECIMAL = r"^-?[0-9]+(?:\.[0-9]+)?$"


def _values(pa: Any, texts: list[Any]) -> tuple[Any, Any]:
    """The value and value_text columns of the values as written: converted in Arrow at once where
    every value is a plain decimal, else each as ``_number`` reads it."""
    compute = importlib.import_module("pyarrow.compute")
    written = pa.array(texts, pa.string())
    if compute.all(compute.match_substring_regex(written, _PLAIN_DECIMAL)).as_py():
        return compute.cast(written, pa.float64()), pa.nulls(len(texts), pa.string())
    pairs = [_number(text) for text in texts]
    return pa.array([v for v, _ in pairs], pa.float64()), pa.array([t for _, t in pairs], pa.string())


def _qualities(reading: Any) -> list[str]:
    return [q.reading_quality_type.ref for q in reading.reading_qualities if q.reading_quality_type]


def _source_name(source: _xmlcodec.XmlSource) -> str:
    return str(source) if isinstance(source, str) or hasattr(source, "__fspath__") else "<bytes>"


class _Chunk(NamedTuple):
    """Rows that share the values of the table's dictionary columns (a block's readings: one meter,
    one reading type), with the values the other columns are made of, row by row."""

    rows: int
    shared: tuple[Any, ...]  # a value for each dictionary column, in the schema's order
    columns: list[list[Any]]  # the values the other columns are made of (see _Arrays)


# Makes the arrays of a batch's other (not dictionary) columns, in the schema's order, from the
# fields of those columns and the values of the chunks' columns, joined.
_Arrays = Callable[[Any, list[Any], list[list[Any]]], list[Any]]


def _batches(chunks: Iterator[_Chunk], schema: Any, batch_size: int, arrays: _Arrays) -> Iterator[Any]:
    """Record batches of ``batch_size`` rows (the last may hold fewer) from chunks of rows."""
    pa = arrow()
    parts: list[tuple[int, tuple[Any, ...]]] = []  # (rows, shared values) of each chunk in the batch
    columns: list[list[Any]] = []
    rows = 0
    for chunk in chunks:
        if not columns:
            columns = [[] for _ in chunk.columns]
        start = 0
        while start < chunk.rows:
            taken = min(chunk.rows - start, batch_size - rows)
            parts.append((taken, chunk.shared))
            whole = taken == chunk.rows
            for column, values in zip(columns, chunk.columns, strict=True):
                column.extend(values if whole else values[start : start + taken])
            rows += taken
            start += taken
            if rows == batch_size:
                yield _batch(pa, schema, parts, arrays, columns)
                parts, columns, rows = [], [[] for _ in chunk.columns], 0
    if rows:
        yield _batch(pa, schema, parts, arrays, columns)


def _batch(pa: Any, schema: Any, parts: list[tuple[int, tuple[Any, ...]]], arrays: _Arrays, columns: list[Any]) -> Any:
    compute = importlib.import_module("pyarrow.compute")
    # the chunk of each row: the chunks' numbers, run-length decoded in Arrow
    ends = pa.array(list(itertools.accumulate(rows for rows, _ in parts)), pa.int32())
    chunk_of_row = compute.run_end_decode(
        pa.RunEndEncodedArray.from_arrays(ends, pa.array(range(len(parts)), pa.int32()))
    )
    shared = [pa.types.is_dictionary(field.type) for field in schema]
    # the chunks' values of each dictionary column, dictionary-encoded, then one a row
    encoded = iter(
        pa.array(values, pa.string()).dictionary_encode().take(chunk_of_row)
        for values in zip(*(values for _, values in parts), strict=True)
    )
    others = iter(arrays(pa, [field for field, kept in zip(schema, shared, strict=True) if not kept], columns))
    return pa.RecordBatch.from_arrays([next(encoded if kept else others) for kept in shared], schema=schema)


def _plain_arrays(pa: Any, fields: list[Any], columns: list[list[Any]]) -> list[Any]:
    """A column of each field from its values (a time stamp, a list, or a value of the field's type)."""
    arrays = []
    for field, values in zip(fields, columns, strict=True):
        if pa.types.is_timestamp(field.type):
            arrays.append(_times(pa, values, field.type))
        elif values.count(None) == len(values):
            arrays.append(pa.nulls(len(values), field.type))
        else:
            arrays.append(pa.array(values, field.type))
    return arrays


def _reading_arrays(pa: Any, fields: list[Any], columns: list[list[Any]]) -> list[Any]:
    """The readings' time_stamp, value, value_text and qualities from their time stamps, values as
    written and quality codes."""
    times, texts, qualities = columns
    stamp_field, _, _, qualities_field = fields
    return [_times(pa, times, stamp_field.type), *_values(pa, texts), pa.array(qualities, qualities_field.type)]


def _times(pa: Any, values: list[Any], kind: Any) -> Any:
    """Time stamps from datetimes (an aware one converted to UTC) and from the canonical UTC texts
    (``YYYY-MM-DDThh:mm:ssZ``) the bulk reader checked, these parsed by Arrow's cast (ISO 8601)."""
    try:  # texts (and None) only, as a block's readings handed over by the bulk reader are
        return pa.array(values, pa.string()).cast(kind)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        pass
    texts = [v if v.__class__ is str else None for v in values]
    if not any(texts):
        return pa.array(values, kind)
    parsed = pa.array(texts, pa.string()).cast(kind)
    others = pa.array([None if v.__class__ is str else v for v in values], kind)
    return importlib.import_module("pyarrow.compute").coalesce(parsed, others)


def _reading_chunks(source: _xmlcodec.XmlSource, issues: list[_xmlcodec.XmlIssue] | None) -> Iterator[_Chunk]:
    """The readings table, a chunk per interval block or register reading.

    The MeterReadings are streamed as ``iter_xml`` streams them, but the bulk reader hands over
    the values of the interval readings it takes instead of making their objects (None stands in
    their places); every other reading is an object of the typed reader, as ever.
    """
    name = _source_name(source)
    cls = _root_class("MeterReadings")
    tags, parents, parse = cls._xml_streams()["meter_reading"]
    namespace = cls.__xml_elements__[0].partition("}")[0]
    runs: list[dict[str, list[Any]]] = []
    ctx = _xmlcodec.Context(issues)
    ctx.columns = {f"{namespace}}}IntervalReadings": runs}
    for node in _xmlstream.iter_elements(source, tags, parents):
        reading = _xmlcodec.run_reader(parse, node, ctx)
        stamps = itertools.chain.from_iterable(run.get("time_stamp") or [None] * _rows(run) for run in runs)
        values = itertools.chain.from_iterable(run.get("value") or [None] * _rows(run) for run in runs)
        meter = getattr(getattr(reading, "meter", None), "m_rid", None)
        point = getattr(getattr(reading, "usage_point", None), "m_rid", None)
        parts: list[tuple[str, Any, tuple[list[Any], list[Any], list[Any]]]] = [
            ("interval", block, _interval_columns(block.interval_readings, stamps, values))
            for block in reading.interval_blocks
        ]
        parts += [
            ("register", register, ([_stamp(register)], [register.value], [_qualities(register)]))
            for register in reading.readings
        ]
        runs.clear()
        for kind, owner, (times, texts, qualities) in parts:
            count = len(times)
            if not count:
                continue
            code = getattr(owner.reading_type, "ref", None)
            yield _Chunk(count, (name, meter, point, code, *_parts(False, code), kind), [times, texts, qualities])


def _stamp(reading: Any) -> Any:
    """A reading object's time stamp: as the bulk reader's canonical text where it is a whole second
    in UTC (so that a block's column is all texts, which Arrow parses at once), else the datetime;
    None where it is a text that is not a time (kept by a reader told to go on, and reported to
    its issues)."""
    stamp = reading.time_stamp
    if stamp is None or isinstance(stamp, str):
        return None
    return _canonical_or_same(stamp)


@functools.lru_cache(maxsize=4096)  # time stamps repeat from meter to meter; writing one is slow
def _canonical_or_same(stamp: datetime.datetime) -> str | datetime.datetime:
    """A time stamp as its canonical UTC text, where it is a whole second in UTC, else itself.
    (Equal instants are equal keys: whichever comes back, its instant is the same.)"""
    if stamp.year >= 1000 and not stamp.microsecond and stamp.utcoffset() == _NO_OFFSET:
        return stamp.strftime(_CANONICAL_TIME)
    return stamp


_NO_OFFSET = datetime.timedelta(0)
_CANONICAL_TIME = "%Y-%m-%dT%H:%M:%SZ"


def _rows(run: dict[str, list[Any]]) -> int:
    return len(next(iter(run.values())))


def _interval_columns(
    readings: list[Any], stamps: Iterator[Any], values: Iterator[Any]
) -> tuple[list[Any], list[Any], list[Any]]:
    """The time stamps, values and quality codes of a block's readings: an object's, or where the
    list holds None, the next of the values the bulk reader handed over (a time stamp as its text)."""
    # where the objects are
    objects = list(itertools.compress(range(len(readings)), map(operator.is_not, readings, itertools.repeat(None))))
    handed = len(readings) - len(objects)
    handed_times = list(itertools.islice(stamps, handed))
    handed_texts = list(itertools.islice(values, handed))
    if not objects:
        return handed_times, handed_texts, [[]] * handed
    times: list[Any] = []
    texts: list[Any] = []
    qualities: list[Any] = []
    taken = 0  # of the handed values
    for index in objects:  # the handed values before each object, then the object's own
        before = index - len(times)
        times += handed_times[taken : taken + before]
        texts += handed_texts[taken : taken + before]
        qualities += [[]] * before
        taken += before
        reading = readings[index]
        times.append(_stamp(reading))
        texts.append(reading.value)
        qualities.append(_qualities(reading))
    rest = handed - taken
    return times + handed_times[taken:], texts + handed_texts[taken:], qualities + [[]] * rest


def _event_chunks(source: _xmlcodec.XmlSource, issues: list[_xmlcodec.XmlIssue] | None) -> Iterator[_Chunk]:
    """The events table, a one-row chunk per event."""
    name = _source_name(source)
    for event in _root_class("EndDeviceEvents").iter_xml(source, "end_device_event", issues=issues):
        code = getattr(event.end_device_event_type, "ref", None)
        details = [(d.name, d.value) for d in event.end_device_event_details if d.name is not None]
        device = getattr(event.end_device, "m_rid", None)
        shared = (name, device, getattr(event.usage_point, "m_rid", None), code, *_parts(True, code))
        others = [event.created_date_time, event.severity, event.reason, event.issuer_tracking_id, details]
        yield _Chunk(1, shared, [[value] for value in others])


def _stream(
    chunks: Callable[[_xmlcodec.XmlSource, list[_xmlcodec.XmlIssue] | None], Iterator[_Chunk]],
    schema: Any,
    arrays: _Arrays,
    source: _xmlcodec.XmlSource,
    batch_size: int,
    issues: list[_xmlcodec.XmlIssue] | None,
) -> Iterator[Any]:
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    return _batches(chunks(source, issues), schema, batch_size, arrays)


def readings_batches(
    source: _xmlcodec.XmlSource, batch_size: int = 65_536, *, issues: list[_xmlcodec.XmlIssue] | None = None
) -> Iterator[Any]:
    """Stream the readings table of a MeterReadings document as ``pyarrow.RecordBatch`` es.

    Args:
        source: A file path, a binary file object, or bytes; bare, SOAP or IEC 61968-100.
        batch_size: Rows per batch (the last may hold fewer).
        issues: As for ``iter_xml``: report what the schema does not allow instead of stopping at it.

    Raises:
        XmlDecodeError: The document cannot be read (its line is named), or, without ``issues``,
            something in it does not fit the schema.
    """
    return _stream(_reading_chunks, readings_schema(), _reading_arrays, source, batch_size, issues)


def events_batches(
    source: _xmlcodec.XmlSource, batch_size: int = 65_536, *, issues: list[_xmlcodec.XmlIssue] | None = None
) -> Iterator[Any]:
    """Stream the events table of an EndDeviceEvents document as ``pyarrow.RecordBatch`` es (see
    ``readings_batches``)."""
    return _stream(_event_chunks, events_schema(), _plain_arrays, source, batch_size, issues)
