"""The streaming whole-document read (runtime ``_xmlstream``) on the committed package: on every input the
same objects, issues, errors and written document as the read of the whole tree; it does stream a clean
document (the tree never holds more than a repeated element at a time); and it reads every kind of source."""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.runtime.test_xmlbulk import DOCUMENTS, NS, _reading

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"


def _meter(number: int, readings: int = 3) -> str:
    block = "".join(_reading(i) for i in range(readings))
    return (
        f"<m:MeterReading><m:IntervalBlocks>{block}<m:ReadingType ref='0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0'/>"
        f"</m:IntervalBlocks><m:Meter><m:mRID>m-{number}</m:mRID></m:Meter></m:MeterReading>"
    )


def _meters(*parts: str) -> bytes:
    return f'<m:MeterReadings xmlns:m="{NS}">{"".join(parts)}</m:MeterReadings>'.encode()


READING_TYPE = "<m:ReadingType><m:mRID>rt</m:mRID></m:ReadingType>"
STREAM_DOCUMENTS = {
    **DOCUMENTS,
    "three meters": _meters(_meter(1), _meter(2), _meter(3)),
    "reading types after the meters": _meters(_meter(1), _meter(2), READING_TYPE, READING_TYPE),
    "a reading type between the meters": _meters(_meter(1), READING_TYPE, _meter(2)),
    "an unknown element between the meters": _meters(_meter(1), "<m:extra/>", _meter(2)),
    "text between the meters": _meters(_meter(1), "stray", _meter(2)),
    "a comment between the meters": _meters(_meter(1), "<!-- c -->", _meter(2)),
    "an issue in the last meter": _meters(_meter(1), _meter(2).replace("<m:value>0.5", "<m:value>x")),
    "an unknown attribute on a meter": _meters(
        _meter(1), _meter(2).replace("<m:MeterReading>", '<m:MeterReading a="1">')
    ),
    "an attribute on the root": _meters(_meter(1)).replace(b"<m:MeterReadings ", b'<m:MeterReadings a="1" '),
    "a meter inside a meter": _meters(_meter(1).replace("<m:Meter>", _meter(2) + "<m:Meter>")),
    "in a SOAP envelope": (
        f'<s:Envelope xmlns:s="{SOAP}"><s:Header/><s:Body>'.encode()
        + _meters(_meter(1), _meter(2))
        + b"</s:Body></s:Envelope>"
    ),
    "an empty SOAP body": f'<s:Envelope xmlns:s="{SOAP}"><s:Body/></s:Envelope>'.encode(),
    "another root": f'<m:MeterReading xmlns:m="{NS}"/>'.encode(),
    "not well-formed at the end": _meters(_meter(1), _meter(2))[:-5],
    "a document type": b"<!DOCTYPE m:MeterReadings []>" + _meters(_meter(1)),
    "no meters": _meters(),
}


@pytest.fixture
def package(cim: ModuleType) -> Iterator[tuple[ModuleType, ModuleType]]:
    """The committed package's MeterReadings class and its streaming runtime."""
    mr = importlib.import_module("cim_metering.meter_readings")
    importlib.import_module("cim_metering.meter_readings._xml")
    yield mr, importlib.import_module("cim_metering._xmlstream")


def _read(mr: ModuleType, source: Any) -> tuple[str, list[tuple[str, str, str, int | None]], bytes | str]:
    issues: list = []
    try:
        document: Any = mr.MeterReadings.from_xml(source, issues=issues)
    except ValueError as error:
        document = str(error)
    try:
        strict: bytes | str = mr.MeterReadings.from_xml(source).to_xml()
    except ValueError as error:
        strict = str(error)
    return repr(document), [(i.code, i.message, i.path, i.line) for i in issues], strict


def test_a_streamed_read_is_the_whole_trees_read(
    package: tuple[ModuleType, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    mr, stream = package
    again: list[int] = []
    whole = stream.read_document
    monkeypatch.setattr(stream, "read_document", lambda *args: again.append(1) or whole(*args))
    monkeypatch.setattr(stream, "STREAMED_FROM", 0)
    streamed = {}
    for name, data in STREAM_DOCUMENTS.items():
        again.clear()
        streamed[name] = _read(mr, data)
        if name in ("regular", "three meters", "reading types after the meters", "in a SOAP envelope", "no meters"):
            assert not again, f"{name}: a clean document is read as a stream"
        elif streamed[name][1]:
            assert again, f"{name}: a document with issues is read again whole"
    monkeypatch.setattr(stream, "STREAMED_FROM", 2**62)
    for name, data in STREAM_DOCUMENTS.items():
        assert streamed[name] == _read(mr, data), name


def test_a_streamed_read_holds_one_meter_reading_at_a_time(
    package: tuple[ModuleType, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    mr, stream = package
    from cim_metering.meter_readings._xml import STREAMS_METER_READINGS, parse_meter_readings

    data = _meters(*(_meter(number, readings=48) for number in range(200)))
    held: list[int] = []
    watched = {}
    for path, (tags, parents, reader) in STREAMS_METER_READINGS.items():

        def watching(node: Any, ctx: Any, reader: Any = reader) -> Any:
            held.append(sum(1 for _ in node.getroottree().iter()))
            return reader(node, ctx)

        watched[path] = (tags, parents, watching)
    monkeypatch.setattr(stream, "STREAMED_FROM", 0)
    streamed = stream.read_streamed(data, mr.MeterReadings.__xml_elements__, parse_meter_readings, None, watched)
    monkeypatch.setattr(stream, "STREAMED_FROM", 2**62)
    assert streamed == mr.MeterReadings.from_xml(data)
    assert len(streamed.meter_reading) == 200
    assert len(held) == 400  # each IntervalBlocks, then its MeterReading
    # the tree holds the emptied meters and what the parser has read ahead (a buffer's worth), never all
    whole = 1 + 200 * (1 + 1 + 48 * 3 + 1 + 2)  # MeterReading, IntervalBlocks, readings, ReadingType, Meter/mRID
    assert max(held) < whole / 10


@pytest.mark.parametrize("kind", ["path", "bytes", "file", "file at an offset", "stream that cannot seek"])
def test_every_kind_of_source_is_streamed_or_read_whole(
    package: tuple[ModuleType, ModuleType], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kind: str
) -> None:
    mr, stream = package
    data = _meters(_meter(1), _meter(2))
    expected = mr.MeterReadings.from_xml(data)
    monkeypatch.setattr(stream, "STREAMED_FROM", 0)
    again: list[int] = []
    whole = stream.read_document
    monkeypatch.setattr(stream, "read_document", lambda *args: again.append(1) or whole(*args))
    path = tmp_path / "readings.xml"
    path.write_bytes(data)
    source: Any = {
        "path": path,
        "bytes": data,
        "file": io.BytesIO(data),
        "file at an offset": io.BytesIO(b"junk" + data),
        "stream that cannot seek": _Unseekable(data),
    }[kind]
    if kind == "file at an offset":
        source.seek(4)
    assert mr.MeterReadings.from_xml(source) == expected
    assert again == ([1] if kind == "stream that cannot seek" else [])


class _Unseekable(io.RawIOBase):
    """A pipe-like binary stream."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_an_element_streamed_but_not_taken_sends_the_read_to_the_tree(
    package: tuple[ModuleType, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table that streams an element its parent's reader reads on its own (``Meter``, not repeated):
    the parent would read the emptied element, so the document is read whole instead."""
    mr, stream = package
    from cim_metering.meter_readings._xml import (
        STREAMS_METER_READINGS,
        parse_meter,
        parse_meter_readings,
    )

    meter = ("{" + NS + "}Meter",), ("{" + NS + "}MeterReading",), parse_meter
    table = {**STREAMS_METER_READINGS, "meter_reading.meter": meter}
    data = _meters(_meter(1), _meter(2))
    monkeypatch.setattr(stream, "STREAMED_FROM", 0)
    read = stream.read_streamed(data, mr.MeterReadings.__xml_elements__, parse_meter_readings, None, table)
    assert [m.meter.m_rid for m in read.meter_reading] == ["m-1", "m-2"]


def test_the_caller_chooses_a_stream_or_a_whole_tree(
    package: tuple[ModuleType, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    mr, stream = package
    data = _meters(_meter(1), _meter(2))
    streamed: list[int] = []
    inner = stream._streamed
    monkeypatch.setattr(stream, "_streamed", lambda *args: streamed.append(1) or inner(*args))
    expected = mr.MeterReadings.from_xml(data)  # small: from a whole tree
    assert streamed == []
    assert mr.MeterReadings.from_xml(data, stream=True) == expected
    assert streamed == [1]
    monkeypatch.setattr(stream, "STREAMED_FROM", 0)
    assert mr.MeterReadings.from_xml(data, stream=False) == expected
    assert streamed == [1]
    assert mr.MeterReadings.from_xml(data) == expected  # large enough now: a stream
    assert streamed == [1, 1]
