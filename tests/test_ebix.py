"""ebIX metered data to MeterReadings and back, on a document the project wrote (the corpus samples
are in test_corpus_ebix.py): what maps where, what is carried and said, and the errors."""

from __future__ import annotations

import datetime
import importlib
import re
from pathlib import Path

import pytest

from cimgen.ebix import from_ebix, to_ebix
from cimgen.errors import InputError
from cimgen.validation import validator_package
from tests.conftest import FIXTURES, canonical_xml

DOCUMENT = FIXTURES / "ebix" / "monthly-and-missing.xml"
UTC = datetime.UTC


def _message(data: bytes) -> object:
    envelope = importlib.import_module(f"{validator_package(None).__name__}.envelope")
    return envelope.read_message(data)


def test_the_document_comes_back_as_it_went_in(tmp_path: Path) -> None:
    converted = from_ebix(DOCUMENT)
    (tmp_path / "cim.xml").write_bytes(converted.document)
    back = to_ebix(tmp_path / "cim.xml")
    source = re.sub(rb"<!--.*?-->", b"", DOCUMENT.read_bytes())
    assert canonical_xml(back.document) == canonical_xml(source)
    assert (converted.series, converted.readings) == (back.series, back.readings) == (2, 5)


def test_the_header_the_series_and_each_observation_map_as_the_table_says() -> None:
    read = _message(from_ebix(DOCUMENT).document)
    header, payload = read.header, read.payload  # type: ignore[attr-defined]
    assert (header.verb.value, header.noun, header.message_id, header.source) == (
        "created",
        "MeterReadings",
        "doc-1",
        "5790001330552",
    )
    assert header.timestamp == datetime.datetime(2026, 1, 31, 23, tzinfo=UTC)
    properties = {p.name: p.value for p in header.property}
    assert properties["ebIX:HeaderEnergyDocument/Creation"] == "2026-01-31T23:00:00.000Z"  # not as cimgen writes it
    assert properties["ebIX:ProcessEnergyContext/EnergyBusinessProcess@listIdentifier"] == "DK"
    quarter, month = payload.meter_reading
    assert quarter.m_rid == "series-15" and quarter.usage_point.m_rid == "571313000000000001"
    block = quarter.interval_blocks[0]
    # PT15M, deltaData, reverse (E18), electricity, energy, k VArh (K3)
    assert block.reading_type.ref == "0.0.2.4.19.1.12.0.0.0.0.0.0.0.0.3.73.0"
    assert block.reading_type.decoded().uom.name == "VARH"
    stamps = [r.time_stamp for r in block.interval_readings]
    start = datetime.datetime(2026, 1, 31, 23, tzinfo=UTC)
    assert stamps == [start + datetime.timedelta(minutes=15 * n) for n in (1, 2, 4)]  # each interval's end
    first, missing, last = block.interval_readings
    assert first.value == "1.250" and missing.value is None  # as written
    qualities = [(q.reading_quality_type.ref, q.source) for q in first.reading_qualities]
    assert qualities == [("3.0.0", "ebIX;listAgencyIdentifier=6")]
    assert [q.reading_quality_type.ref for q in missing.reading_qualities] == ["3.4.4"]
    assert [(q.reading_quality_type.ref, q.source) for q in last.reading_qualities] == [("3.11.0", "ebIX")]
    # a month's observations follow the calendar; what has no counterpart is a usage point name
    assert [r.time_stamp.month for r in month.interval_blocks[0].interval_readings] == [1, 2]
    assert month.interval_blocks[0].reading_type.ref == "13.0.0.4.0.1.0.0.0.0.0.0.0.0.0.0.0.0"
    names = {n.name_type.name: n.name for n in month.usage_point.names}
    assert names["ebIX:IncludedProductCharacteristic/UnitType"] == "TNE"
    assert names["ebIX:DetailMeasurementMeteringPointCharacteristic/TypeOfMeteringPoint"] == "D02"
    assert names["ebIX:DetailMeasurementMeteringPointCharacteristic/SettlementMethod"] == "E02"
    assert read.message.validate() == [] and payload.validate() == []  # type: ignore[attr-defined]


def test_every_value_without_counterpart_is_said_with_its_line() -> None:
    carried = {(c.path, c.value, c.line) for c in from_ebix(DOCUMENT).carried}
    assert ("OriginalBusinessDocument", "doc-0", 39) in carried
    assert ("IncludedProductCharacteristic/Identification", "5790001330606", 49) in carried
    assert ("HeaderEnergyDocument/DocumentType@listAgencyIdentifier", "260", 6) in carried
    paths = {path for path, _, _ in carried}
    assert "MeteringPointDomainLocation/Identification" not in paths  # the usage point's mRID
    assert "MeteringPointDomainLocation/Identification@schemeAgencyIdentifier" in paths


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("<ResolutionDuration>PT15M<", "<ResolutionDuration>PT7M<", 20, "the resolution 'PT7M' is none of"),
        ("<Start>2026-01-31T23:00:00Z</Start>", "", 34, "has no ObservationTimeSeriesPeriod/Start"),
        ("<Position>4</Position>", "<Position>4</Position><Colour>red</Colour>", 37, "element Colour is not part"),
        ("<Function listAgencyIdentifier", "<Extra>1</Extra><Function listAgencyIdentifier", 18, "element Extra"),
        ("<QuantityQuality>D01<", "<QuantityQuality>X9<", 38, "the quantity quality 'X9' is none of"),
        ("<Position>2</Position>", "<Position>02</Position>", 36, "the position '02' is not a whole number"),
    ],
)
def test_what_the_mapping_cannot_place_is_one_error_with_its_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "broken.xml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as error:
        from_ebix(broken)
    assert (error.value.file, error.value.line) == (str(broken), line)
    assert message in error.value.message


def test_a_file_with_no_ebix_document_says_what_it_holds(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_bytes(b'<x:DK_MeteredDataTimeSeries xmlns:x="urn:else"/>')
    with pytest.raises(InputError, match=r"no ebIX metered data time series .* the root is \{urn:else\}"):
        from_ebix(other)
    with pytest.raises(InputError, match="no class of this package reads the element"):
        to_ebix(other)  # not a message at all
    envelope = importlib.import_module(f"{validator_package(None).__name__}.envelope")
    events = importlib.import_module(f"{validator_package(None).__name__}.end_device_events")
    other.write_bytes(envelope.event(events.EndDeviceEvents()).to_xml())
    with pytest.raises(InputError, match="the message carries EndDeviceEvents, not MeterReadings"):
        to_ebix(other)
