"""The bulk reader (runtime ``_xmlbulk``) on the committed package: on every input, regular or not, the
same objects, the same issues in the same order, the same errors and the same written document as the
type's own reader, which reads each item on its own; and it does take the regular items."""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Iterator
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cimgen.runtime import _xmlbulk

NS = "http://iec.ch/TC57/2011/MeterReadings#"
COUNT = 48  # enough for the bulk path to take a block


def _reading(index: int) -> str:
    stamp = f"2026-01-01T{index // 4:02d}:{index % 4 * 15:02d}:00Z"
    return f"<m:IntervalReadings><m:timeStamp>{stamp}</m:timeStamp><m:value>{index}.5</m:value></m:IntervalReadings>"


def _document(readings: list[str]) -> bytes:
    block = "".join(readings) + '<m:ReadingType ref="0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"/>'
    return (
        f'<m:MeterReadings xmlns:m="{NS}"><m:MeterReading><m:IntervalBlocks>{block}</m:IntervalBlocks>'
        "<m:Meter><m:mRID>m-1</m:mRID></m:Meter></m:MeterReading></m:MeterReadings>"
    ).encode()


def _with(index: int, reading: str) -> bytes:
    readings = [_reading(i) for i in range(COUNT)]
    readings[index] = reading
    return _document(readings)


LONG = 400  # readings in a block that the bulk reader's queries take in more than three chunks


def _long(changes: dict[int, str]) -> bytes:
    """A block of LONG readings a quarter hour apart, some of them changed (``{index: reading}``)."""
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    readings = [
        _reading(0).replace("2026-01-01T00:00:00Z", f"{start + datetime.timedelta(minutes=15 * i):%Y-%m-%dT%H:%M:%SZ}")
        for i in range(LONG)
    ]
    for index, reading in changes.items():
        readings[index] = reading
    return _document(readings)


STAMP = "<m:timeStamp>2026-01-01T01:15:00Z</m:timeStamp>"
VALUE = "<m:value>5.5</m:value>"
QUALITY = '<m:ReadingQualities><m:ReadingQualityType ref="1.4.9"/></m:ReadingQualities>'

DOCUMENTS = {
    "regular": _document([_reading(i) for i in range(COUNT)]),
    "with a quality": _with(5, f"<m:IntervalReadings>{STAMP}{VALUE}{QUALITY}</m:IntervalReadings>"),
    "the first with a quality": _with(0, f"<m:IntervalReadings>{STAMP}{VALUE}{QUALITY}</m:IntervalReadings>"),
    "leaves out of order": _with(5, f"<m:IntervalReadings>{VALUE}{STAMP}</m:IntervalReadings>"),
    "a leaf twice": _with(5, f"<m:IntervalReadings>{STAMP}{STAMP}</m:IntervalReadings>"),
    "a leaf missing": _with(5, f"<m:IntervalReadings>{VALUE}</m:IntervalReadings>"),
    "a comment in a leaf": _with(
        5, f"<m:IntervalReadings>{STAMP}<m:value>5<!-- c -->.5</m:value></m:IntervalReadings>"
    ),
    "an element in a leaf": _with(5, f"<m:IntervalReadings>{STAMP}<m:value>5.5<m:x/></m:value></m:IntervalReadings>"),
    "text in a reading": _with(5, f"<m:IntervalReadings>{STAMP}stray{VALUE}</m:IntervalReadings>"),
    "text after a reading": _with(5, f"<m:IntervalReadings>{STAMP}{VALUE}</m:IntervalReadings>stray"),
    "an empty leaf": _with(5, f"<m:IntervalReadings>{STAMP}<m:value/></m:IntervalReadings>"),
    "an empty CDATA leaf": _with(5, f"<m:IntervalReadings>{STAMP}<m:value><![CDATA[]]></m:value></m:IntervalReadings>"),
    "a CDATA leaf": _with(5, f"<m:IntervalReadings>{STAMP}<m:value><![CDATA[5.5]]></m:value></m:IntervalReadings>"),
    "a time with an offset": _with(
        5, f"<m:IntervalReadings><m:timeStamp>2026-01-01T01:15:00+00:00</m:timeStamp>{VALUE}</m:IntervalReadings>"
    ),
    "a day that does not exist": _with(
        5, f"<m:IntervalReadings><m:timeStamp>2026-02-30T01:15:00Z</m:timeStamp>{VALUE}</m:IntervalReadings>"
    ),
    "not a time": _with(5, f"<m:IntervalReadings><m:timeStamp>soon</m:timeStamp>{VALUE}</m:IntervalReadings>"),
    "an unknown element": _with(5, f"<m:IntervalReadings>{STAMP}<m:extra>1</m:extra></m:IntervalReadings>"),
    "an unknown attribute": _with(5, f'<m:IntervalReadings a="1">{STAMP}{VALUE}</m:IntervalReadings>'),
    "an attribute on a leaf": _with(5, f'<m:IntervalReadings>{STAMP}<m:value a="1">5.5</m:value></m:IntervalReadings>'),
    "a comment between readings": _with(5, f"<!-- c -->{_reading(5)}"),
    "a third leaf": _with(5, f"<m:IntervalReadings><m:source>meter</m:source>{STAMP}{VALUE}</m:IntervalReadings>"),
    "every reading with three leaves": _document(
        [f"<m:IntervalReadings><m:source>s{i}</m:source>{STAMP}{VALUE}</m:IntervalReadings>" for i in range(COUNT)]
    ),
    "three leaves and two": _document(
        [f"<m:IntervalReadings><m:source>s</m:source>{STAMP}{VALUE}</m:IntervalReadings>"]
        + [_reading(i) for i in range(1, COUNT)]
    ),
    "a reading after the reading type": _document([_reading(i) for i in range(COUNT)]).replace(
        b"</m:IntervalBlocks>", _reading(99).encode() + b"</m:IntervalBlocks>"
    ),
    "text before the readings": _document([_reading(i) for i in range(COUNT)]).replace(
        b"<m:IntervalBlocks>", b"<m:IntervalBlocks>stray"
    ),
    "a comment before the readings": _document([_reading(i) for i in range(COUNT)]).replace(
        b"<m:IntervalBlocks>", b"<m:IntervalBlocks><!-- c -->"
    ),
    "text after the last reading": _document([_reading(i) for i in range(COUNT)]).replace(
        b"<m:ReadingType", b"stray<m:ReadingType"
    ),
    "a comment after the last reading": _document([_reading(i) for i in range(COUNT)]).replace(
        b"<m:ReadingType", b"<!-- c --><m:ReadingType"
    ),
    "the reading type first": _document([]).replace(
        b"</m:IntervalBlocks>", "".join(_reading(i) for i in range(COUNT)).encode() + b"</m:IntervalBlocks>"
    ),
    "a long block, with qualities first, in its second chunk and last": _long(
        dict.fromkeys((0, 130, LONG - 1), f"<m:IntervalReadings>{STAMP}{VALUE}{QUALITY}</m:IntervalReadings>")
    ),
    "a long block, text in a reading of its third chunk": _long(
        {300: f"<m:IntervalReadings>{STAMP}stray{VALUE}</m:IntervalReadings>"}
    ),
    "a long block, a day that does not exist in its second chunk": _long(
        {200: f"<m:IntervalReadings><m:timeStamp>2026-02-30T01:15:00Z</m:timeStamp>{VALUE}</m:IntervalReadings>"}
    ),
    "one leaf each": _document([f"<m:IntervalReadings>{VALUE}</m:IntervalReadings>" for _ in range(COUNT)]),
    "one leaf each, one swapped": _document(
        [f"<m:IntervalReadings>{VALUE}</m:IntervalReadings>" for _ in range(COUNT - 1)]
        + [f"<m:IntervalReadings>{STAMP}</m:IntervalReadings>"]
    ),
}


@pytest.fixture
def package(cim: ModuleType) -> Iterator[tuple[ModuleType, ModuleType]]:
    """The committed package's MeterReadings class and its bulk runtime."""
    mr = importlib.import_module("cim_metering.meter_readings")
    importlib.import_module("cim_metering.meter_readings._xml")
    yield mr, importlib.import_module("cim_metering._xmlbulk")


def _read(mr: ModuleType, data: bytes) -> tuple[str, list[tuple[str, str, str, int | None]], bytes | str]:
    issues: list = []
    document = mr.MeterReadings.from_xml(data, issues=issues)
    try:
        strict: bytes | str = mr.MeterReadings.from_xml(data).to_xml()
    except ValueError as error:
        strict = str(error)
    return repr(document), [(i.code, i.message, i.path, i.line) for i in issues], strict


def test_the_bulk_reader_reads_as_the_types_own_reader(
    package: tuple[ModuleType, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    mr, bulk = package
    taken: list[int] = []
    converted = bulk._converted
    monkeypatch.setattr(bulk, "_converted", lambda texts, kind: taken.append(len(texts)) or converted(texts, kind))
    fast = {name: _read(mr, data) for name, data in DOCUMENTS.items()}
    assert taken[0] == COUNT  # the bulk path read the regular block, not the type's reader
    monkeypatch.setattr(bulk, "FEWEST", 10**9)  # every item by the type's own reader
    for name, data in DOCUMENTS.items():
        assert fast[name] == _read(mr, data), name


def test_a_long_block_is_taken_in_bulk_across_chunks(
    package: tuple[ModuleType, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The queries run on chunks of items (lxml makes a node-set of a list in quadratic time): a
    block of more than three chunks is still taken at once, its chunks' counts and texts adding up
    (the documents above check that it reads as the type's own reader)."""
    mr, bulk = package
    assert bulk._CHUNK * 3 < LONG
    taken: list[int] = []
    converted = bulk._converted
    monkeypatch.setattr(bulk, "_converted", lambda texts, kind: taken.append(len(texts)) or converted(texts, kind))
    mr.MeterReadings.from_xml(DOCUMENTS["a long block, with qualities first, in its second chunk and last"])
    assert taken == [LONG - 3, LONG - 3]  # the time stamps and the values of all but the three with a quality


def test_times_remembered_or_forgotten_midway_read_as_the_types_own_reader(
    package: tuple[ModuleType, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The converted time texts the bulk reader remembers (forgotten all at once when full, here
    every 5) give the same objects and issues, a day that does not exist among them included."""
    mr, bulk = package
    monkeypatch.setattr(bulk, "_TIMES_KEPT", 5)
    monkeypatch.setattr(bulk, "_TIMES", {})
    fast = {name: _read(mr, data) for name, data in DOCUMENTS.items()}
    assert 0 < len(bulk._TIMES) <= 5
    monkeypatch.setattr(bulk, "FEWEST", 10**9)
    for name, data in DOCUMENTS.items():
        assert fast[name] == _read(mr, data), name


def test_the_bulk_reader_takes_a_block_with_a_few_irregular_readings(
    package: tuple[ModuleType, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    mr, bulk = package
    taken: list[int] = []
    converted = bulk._converted
    monkeypatch.setattr(bulk, "_converted", lambda texts, kind: taken.append(len(texts)) or converted(texts, kind))
    document = mr.MeterReadings.from_xml(DOCUMENTS["with a quality"])
    assert taken[0] == COUNT - 1  # the one with a quality went to the type's reader
    readings = document.meter_reading[0].interval_blocks[0].interval_readings
    assert [r.value for r in readings] == [f"{i}.5" for i in range(COUNT)]
    assert readings[5].reading_qualities[0].reading_quality_type.ref == "1.4.9"


_DECIMAL_TEXTS = st.one_of(
    st.from_regex(r"-?[0-9]{1,9}\.[0-9]{1,9}", fullmatch=True),  # any digits: leading and trailing zeros too
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr),
    st.floats(min_value=-1e8, max_value=1e8).map(lambda value: repr(round(value, 7))),
)


@given(st.lists(_DECIMAL_TEXTS, min_size=1, max_size=5))
def test_a_column_the_pattern_takes_is_in_reprs_form(texts: list[str]) -> None:
    """The short-decimal pattern never takes a text that repr would not write back as it is."""
    if _xmlbulk._short_decimals(texts):
        assert [repr(float(text)) for text in texts] == texts


def test_the_pattern_takes_short_decimals_and_nothing_else() -> None:
    taken = ["0.0", "-0.0", "1.5", "10.0", "0.0001", "1234567.1234567", "-3.25"]
    assert _xmlbulk._short_decimals(taken)
    for text in ["0.00001", "1.50", "01.5", "1.", ".5", "1e5", "12345678.0", "inf", "nan", "5", " 1.5", "1.5\n2.5"]:
        assert not _xmlbulk._short_decimals([*taken, text]), text


def test_an_attribute_on_a_leaf_is_reported_not_dropped(package: tuple[ModuleType, ModuleType]) -> None:
    mr, _ = package
    issues: list = []
    mr.MeterReadings.from_xml(DOCUMENTS["an attribute on a leaf"], issues=issues)
    assert [(i.code, i.path) for i in issues] == [
        ("unknown-attribute", "/MeterReadings/MeterReading/IntervalBlocks/IntervalReadings[6]/value/@a")
    ]


def test_a_run_that_opens_the_children_is_taken_at_once(
    package: tuple[ModuleType, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The readings that open a block are handed to the bulk reader in one piece, not one child at a
    time, only where nothing stands between, before or after them."""
    mr, bulk = package
    runs: list[int] = []
    leading_run = bulk.leading_run
    monkeypatch.setattr(
        bulk, "leading_run", lambda parent, tag: runs.append(len(found := leading_run(parent, tag))) or found
    )
    taken = {"regular": COUNT, "a reading after the reading type": 0, "the reading type first": 0}
    for name in ["text before the readings", "a comment before the readings", "text after the last reading"]:
        taken[name] = 0
    taken["a comment after the last reading"] = COUNT
    taken["text after a reading"] = 0
    for name, count in taken.items():
        runs.clear()
        mr.MeterReadings.from_xml(DOCUMENTS[name], issues=[])
        assert runs == [count], name
