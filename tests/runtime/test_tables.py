"""The readings and events tables (runtime ``tables``) on the committed package: the columns the
module documents, the same rows from a bare document and from its IEC 61968-100 and SOAP wrappers,
and nothing dropped (a value that is not a number keeps its text)."""

from __future__ import annotations

import datetime
import importlib
import random
from types import ModuleType

import pytest

pa = pytest.importorskip("pyarrow")
RT = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
UTC = datetime.UTC


def _readings() -> object:
    mr = importlib.import_module("cim_metering.meter_readings")
    start = datetime.datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    quality = mr.ReadingQuality(reading_quality_type=mr.ReadingQualityTypeRef(ref="1.4.9"))
    block = mr.IntervalBlock(
        reading_type=mr.ReadingTypeRef(ref=RT),
        interval_readings=[
            mr.IntervalReading(time_stamp=start, value="1.50"),
            mr.IntervalReading(
                time_stamp=start + datetime.timedelta(minutes=15), value="n/a", reading_qualities=[quality]
            ),
            mr.IntervalReading(time_stamp=start + datetime.timedelta(minutes=30), value="0.25"),
        ],
    )
    register = mr.Reading(
        value="20345", time_stamp=start, reading_type=mr.ReadingTypeRef(ref="0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0")
    )
    first = mr.MeterReading(
        meter=mr.Meter(m_rid="m-1"), usage_point=mr.UsagePoint(m_rid="up-1"), interval_blocks=[block]
    )
    second = mr.MeterReading(meter=mr.Meter(m_rid="m-2"), readings=[register])
    return mr.MeterReadings(meter_reading=[first, second])


def test_readings_come_out_as_the_documented_table(cim: ModuleType) -> None:
    tables = importlib.import_module("cim_metering.tables")
    table = pa.Table.from_batches(list(tables.readings_batches(_readings().to_xml())), schema=tables.readings_schema())
    assert table.schema.names == [
        "source", "meter", "usage_point", "reading_type", "commodity", "unit", "multiplier", "measuring_period",
        "flow_direction", "accumulation", "time_stamp", "value", "value_text", "qualities", "kind",
    ]  # fmt: skip
    rows = table.to_pylist()
    assert [(r["meter"], r["kind"], r["value"], r["value_text"]) for r in rows] == [
        ("m-1", "interval", 1.5, None),
        ("m-1", "interval", None, "n/a"),  # not a number: its text, not a guess
        ("m-1", "interval", 0.25, None),
        ("m-2", "register", 20345.0, None),
    ]
    first = rows[0]
    assert (first["usage_point"], first["unit"], first["multiplier"], first["measuring_period"]) == (
        "up-1",
        "Wh",
        "k",
        "fifteenMinute",
    )
    assert (first["commodity"], first["flow_direction"], first["accumulation"]) == (
        "electricitySecondaryMetered",
        "forward",
        "deltaData",
    )
    assert rows[1]["qualities"] == ["1.4.9"] and rows[3]["measuring_period"] == "none"
    assert first["time_stamp"] == datetime.datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    assert pa.types.is_dictionary(table.schema.field("meter").type)


def test_a_message_or_a_soap_envelope_gives_the_same_rows_in_batches_of_the_size_asked(cim: ModuleType) -> None:
    from cim_metering import envelope

    tables = importlib.import_module("cim_metering.tables")
    document = _readings()
    bare = document.to_xml()
    message = envelope.response(document, correlation_id="1").to_xml()
    soap = (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>%s</s:Body></s:Envelope>'
        % message.partition(b"?>")[2]
    )
    tables_of = [pa.Table.from_batches(list(tables.readings_batches(source, 3))) for source in (bare, message, soap)]
    assert tables_of[0].equals(tables_of[1]) and tables_of[0].equals(tables_of[2])
    assert [b.num_rows for b in tables.readings_batches(bare, 3)] == [3, 1]
    with pytest.raises(ValueError, match="batch_size"):
        next(tables.readings_batches(bare, 0))


def test_every_batch_size_gives_the_same_rows(cim: ModuleType) -> None:
    """Rows are the same however the batches cut the blocks: a block split between two batches, a
    batch of one row, a batch of them all; a meter without a usage point stays without one."""
    tables = importlib.import_module("cim_metering.tables")
    document = _readings()
    document.meter_reading *= 3
    data = document.to_xml()
    whole = pa.Table.from_batches(list(tables.readings_batches(data)))
    assert whole.num_rows == 12
    for size in (1, 2, 5, 11):
        batches = list(tables.readings_batches(data, size))
        assert [b.num_rows for b in batches] == [size] * (12 // size) + ([12 % size] if 12 % size else [])
        assert pa.Table.from_batches(batches).to_pylist() == whole.to_pylist(), size
    assert [r["usage_point"] for r in whole.to_pylist()] == (["up-1"] * 3 + [None]) * 3
    assert whole.column("qualities").to_pylist() == ([[], ["1.4.9"], [], []]) * 3


def test_time_stamps_of_every_form_come_out_as_the_same_instants(cim: ModuleType) -> None:
    """Time stamps that the typed reader made (a reading with a quality), in UTC or not, with a
    fraction of a second or not, keep their instant among those the bulk reader hands over."""
    mr = importlib.import_module("cim_metering.meter_readings")
    tables = importlib.import_module("cim_metering.tables")
    quality = mr.ReadingQuality(reading_quality_type=mr.ReadingQualityTypeRef(ref="1.4.9"))
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    odd = [
        datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC),
        datetime.datetime(2026, 12, 1, 12, 0, tzinfo=plus_two),  # the same instant, written otherwise
        datetime.datetime(2026, 12, 1, 12, 15, tzinfo=plus_two),
        datetime.datetime(2026, 12, 1, 10, 30, 0, 250_000, tzinfo=UTC),
        datetime.datetime(999, 12, 1, 10, 45, tzinfo=UTC),
    ]
    stamps = [datetime.datetime(2026, 12, 2, tzinfo=UTC) + datetime.timedelta(minutes=15 * i) for i in range(60)]
    readings = [mr.IntervalReading(time_stamp=t, value="1.0") for t in stamps]
    readings[7:7] = [mr.IntervalReading(time_stamp=t, value="2.0", reading_qualities=[quality]) for t in odd]
    block = mr.IntervalBlock(reading_type=mr.ReadingTypeRef(ref=RT), interval_readings=readings)
    document = mr.MeterReadings(meter_reading=[mr.MeterReading(interval_blocks=[block])])
    rows = pa.Table.from_batches(list(tables.readings_batches(document.to_xml()))).to_pylist()
    assert [r["time_stamp"] for r in rows] == [r.time_stamp for r in readings]
    assert [r["qualities"] for r in rows[6:13]] == [[], ["1.4.9"], ["1.4.9"], ["1.4.9"], ["1.4.9"], ["1.4.9"], []]


def _plain_decimal(rng: random.Random) -> str:
    whole = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 22)))
    fraction = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 25)))
    return ("-" if rng.random() < 0.3 else "") + whole + ("." + fraction if fraction else "")


def test_values_converted_in_arrow_are_the_doubles_python_reads() -> None:
    """Plain decimals are converted by Arrow's cast: each gives the double Python's float gives,
    bit for bit, also with more digits than a double holds, too large or too small for one."""
    from cimgen.runtime import tables

    texts = [_plain_decimal(random.Random(seed)) for seed in range(20_000)]
    texts += ["9007199254740993", "0." + "0" * 330 + "247", "1" * 400, "-0.0", "007", None]
    values, words = tables._values(pa, texts)
    assert [repr(v) for v in values.to_pylist()] == [repr(tables._number(t)[0]) for t in texts]
    assert words.null_count == len(texts)


def test_values_that_are_not_plain_decimals_are_read_as_python_reads_them() -> None:
    """Among a batch's values, one that is not a plain decimal sends them all the careful way:
    what Python reads as a number is a value; NaN and what is no number keep their text."""
    from cimgen.runtime import tables

    texts = ["1.5", "1e3", " 2.5 ", "1_0", "inf", "-Infinity", "NaN", "abc", "", "\u0661\u0662", None]
    values, words = tables._values(pa, texts)
    assert values.to_pylist() == [1.5, 1000.0, 2.5, 10.0, float("inf"), float("-inf"), None, None, None, 12.0, None]
    assert words.to_pylist() == [None] * 6 + ["NaN", "abc", ""] + [None, None]


def test_events_come_out_with_their_decoded_type_and_details(cim: ModuleType) -> None:
    tables = importlib.import_module("cim_metering.tables")
    ede = importlib.import_module("cim_metering.end_device_events")
    event = ede.EndDeviceEvent(
        created_date_time=datetime.datetime(2026, 12, 2, 3, 4, tzinfo=UTC),
        end_device=ede.EndDevice(m_rid="m-9"),
        end_device_event_type=ede.EndDeviceEventTypeRef(ref="3.26.0.85"),
        severity="major",
        end_device_event_details=[ede.EndDeviceEventDetail(name="phase", value="A")],
    )
    rows = [
        r for b in tables.events_batches(ede.EndDeviceEvents(end_device_event=[event]).to_xml()) for r in b.to_pylist()
    ]
    assert len(rows) == 1
    row = rows[0]
    assert (row["device"], row["event_type"], row["domain"], row["event_or_action"]) == (
        "m-9",
        "3.26.0.85",
        "Power",
        "Failed",
    )
    assert row["severity"] == "major" and row["details"] == [("phase", "A")]


def test_a_reading_type_that_does_not_decode_keeps_its_code_and_has_no_parts(cim: ModuleType) -> None:
    tables = importlib.import_module("cim_metering.tables")
    mr = importlib.import_module("cim_metering.meter_readings")
    block = mr.IntervalBlock(
        reading_type=mr.ReadingTypeRef(ref="vendor-kwh"), interval_readings=[mr.IntervalReading(value="1")]
    )
    document = mr.MeterReadings(meter_reading=[mr.MeterReading(interval_blocks=[block])])
    row = next(tables.readings_batches(document.to_xml())).to_pylist()[0]
    assert (
        row["reading_type"] == "vendor-kwh"
        and row["unit"] is None
        and row["value"] == 1.0
        and row["time_stamp"] is None
    )


def test_the_readings_the_bulk_reader_hands_over_give_the_rows_and_issues_of_the_typed_reader(
    cim: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.runtime.test_xmlbulk import COUNT, DOCUMENTS

    tables = importlib.import_module("cim_metering.tables")
    bulk = importlib.import_module("cim_metering._xmlbulk")

    def table(data: bytes) -> tuple[list[dict], list[tuple[str, str, int | None]]]:
        issues: list = []
        rows = pa.Table.from_batches(list(tables.readings_batches(data, issues=issues)), tables.readings_schema())
        return rows.to_pylist(), [(i.code, i.path, i.line) for i in issues]

    handed_over = {name: table(data) for name, data in DOCUMENTS.items()}
    assert len(handed_over["regular"][0]) == COUNT
    monkeypatch.setattr(bulk, "FEWEST", 10**9)  # every reading an object of the typed reader
    for name, data in DOCUMENTS.items():
        assert handed_over[name] == table(data), name
