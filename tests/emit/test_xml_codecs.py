"""The generated XML codecs on a small schema: round trips, lexical forms, issues, streaming, safety."""

from __future__ import annotations

import decimal
from pathlib import Path
from types import ModuleType

import pytest

from cimgen.api import generate
from tests.conftest import FIXTURES, canonical_xml, import_fresh, run_tool

MESSAGE = FIXTURES / "messages" / "tiny-readings.xml"
NS = "{http://example.com/2011/TinyReadings#}"


@pytest.fixture(scope="module")
def payload(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ModuleType]:
    out = tmp_path_factory.mktemp("xml")
    generate([FIXTURES / "tiny-payload.xsd"], out=out, package="payload")
    return out, import_fresh(out, "payload")


def _readings(payload: tuple[Path, ModuleType]) -> ModuleType:
    return payload[1].tiny_readings


def test_a_document_reads_into_typed_objects(payload: tuple[Path, ModuleType]) -> None:
    module = _readings(payload)
    document = module.TinyReadings.from_xml(MESSAGE)
    first, second = document.meter_reading
    assert first.m_rid == "meter-1" and first.is_coincident_trigger is True
    assert [r.value for r in first.reading] == [decimal.Decimal("1.50"), decimal.Decimal("-0.25")]
    assert first.reading[0].source is module.ReadingSource.meter
    assert first.reading[0].time_stamp.utcoffset().total_seconds() == 0
    assert first.reading[0].demand.value == 10.0 and first.reading[0].demand.unit == "kW"
    assert first.reading[1].demand.unit == "k&W" and first.reading[1].demand.value == 1500.0
    assert first.count == [7]
    assert first.reading_type.ref == "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
    assert second.m_rid == "meter-2" and second.reading == []


def test_round_trip_keeps_every_lexical_form_and_wildcard_content(payload: tuple[Path, ModuleType]) -> None:
    module = _readings(payload)
    document = module.TinyReadings.from_xml(MESSAGE.read_bytes())
    written = document.to_xml()
    assert written.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert canonical_xml(written) == canonical_xml(MESSAGE.read_text(encoding="utf-8").split("-->", 1)[1])
    kept = document.meter_reading[0].any_element[0]
    assert kept.tag == "{http://example.com/extension}vendorData" and kept.get("{http://example.com/extension}kind")


def test_objects_built_in_code_write_canonical_forms(payload: tuple[Path, ModuleType]) -> None:
    import datetime

    module = _readings(payload)
    reading = module.Reading(
        value=decimal.Decimal("2.5"),
        time_stamp=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
        demand=module.Quantity(value=0.5, unit='a"b'),
    )
    meter = module.MeterReading(m_rid="<1>", reading=[reading], reading_type=module.MeterReadingReadingType(ref="x"))
    written = module.TinyReadings(meter_reading=[meter]).to_xml(xml_declaration=False).decode()
    assert "<r:value>2.5</r:value>" in written.replace("tr:", "r:")
    assert "2024-01-01T00:00:00Z" in written and "&lt;1&gt;" in written and 'unit="a&quot;b"' in written
    again = module.TinyReadings.from_xml(written.encode())
    assert again.meter_reading[0].reading[0] == reading


def test_unknown_elements_bad_values_and_stray_text_are_reported_with_path_and_line(
    payload: tuple[Path, ModuleType],
) -> None:
    module = _readings(payload)
    broken = (
        MESSAGE.read_bytes()
        .replace(b"<r:value>-0.25</r:value>", b"<r:value>minus</r:value><r:colour>red</r:colour>")
        .replace(b"<r:source>meter</r:source>", b"<r:source>guess</r:source>stray")
    )
    issues: list = []
    document = module.TinyReadings.from_xml(broken, issues=issues)
    found = {(i.code, i.path) for i in issues}
    assert found == {
        ("bad-value", "/TinyReadings/MeterReading[1]/Reading[2]/value"),
        ("unknown-element", "/TinyReadings/MeterReading[1]/Reading[2]/colour"),
        ("bad-value", "/TinyReadings/MeterReading[1]/Reading[1]/source"),
        ("stray-text", "/TinyReadings/MeterReading[1]/Reading[1]/source"),
    }
    assert all(i.line for i in issues)
    assert document.meter_reading[0].reading[1].value == "minus"  # kept as text, and reported
    with pytest.raises(
        payload[1]._xmlcodec.XmlDecodeError,
        match=r"^line 9: /TinyReadings/MeterReading\[1\]/Reading\[1\]/source: 'guess' is not a valid ReadingSource$",
    ):
        module.TinyReadings.from_xml(broken)


def test_streaming_yields_the_same_objects_as_reading_whole(payload: tuple[Path, ModuleType]) -> None:
    module = _readings(payload)
    whole = module.TinyReadings.from_xml(MESSAGE)
    streamed = list(module.TinyReadings.iter_xml(MESSAGE, "meter_reading"))
    assert [m.m_rid for m in streamed] == ["meter-1", "meter-2"]
    assert module.TinyReadings(meter_reading=streamed).to_xml() == whole.to_xml()
    readings = list(module.TinyReadings.iter_xml(MESSAGE.read_bytes(), "meter_reading.reading"))
    assert readings == whole.meter_reading[0].reading
    with pytest.raises(ValueError, match="cannot stream 'nothing'"):
        list(module.TinyReadings.iter_xml(MESSAGE, "nothing"))


def test_read_xml_finds_the_class_by_root_element_and_unwraps_soap(payload: tuple[Path, ModuleType]) -> None:
    codec = payload[1]._xmlcodec
    body = MESSAGE.read_text(encoding="utf-8").split("?>", 1)[1]
    soap = (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/><s:Body>'
        + body
        + "</s:Body></s:Envelope>"
    ).encode()
    document = codec.read_xml(soap)
    assert type(document).__name__ == "TinyReadings" and len(document.meter_reading) == 2
    with pytest.raises(codec.XmlDecodeError, match=r"no class of this package reads the element \{urn:x\}Other"):
        codec.read_xml(b'<Other xmlns="urn:x"/>')


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>', "document type declarations"),
        (
            b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r xmlns="http://example.com/2011/TinyReadings#">'
            b"&x;</r>",
            "document type declarations",
        ),
        (b"<r:TinyReadings xmlns:r='http://example.com/2011/TinyReadings#'>\n<r:MeterReading>", r"line \d+: not well"),
        (b"\x00\x01binary garbage", "not well-formed"),
    ],
)
def test_unsafe_or_broken_input_gives_one_clear_error(
    payload: tuple[Path, ModuleType], document: bytes, message: str
) -> None:
    module = _readings(payload)
    with pytest.raises(payload[1]._xmlcodec.XmlDecodeError, match=message):
        module.TinyReadings.from_xml(document)
    with pytest.raises(payload[1]._xmlcodec.XmlDecodeError, match=message):
        list(module.TinyReadings.iter_xml(document, "meter_reading"))


def test_billion_laughs_is_refused_without_expansion(payload: tuple[Path, ModuleType]) -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{entities}]><r>&l9;</r>'.encode()
    with pytest.raises(payload[1]._xmlcodec.XmlDecodeError, match="document type declarations"):
        _readings(payload).TinyReadings.from_xml(bomb)


def test_the_codec_modules_pass_ruff_format_and_mypy_strict(payload: tuple[Path, ModuleType]) -> None:
    out, _ = payload
    lint = run_tool("ruff", "check", "--no-cache", "--isolated", "--line-length", "120", "payload", cwd=out)
    assert lint.returncode == 0, lint.stdout
    form = run_tool("ruff", "format", "--check", "--no-cache", "--isolated", "--line-length", "120", "payload", cwd=out)
    assert form.returncode == 0, form.stdout
    types = run_tool("mypy", "--strict", "--cache-dir", "/dev/null", "payload", cwd=out)
    assert types.returncode == 0, types.stdout


def test_a_parsed_payload_hands_back_decoded_codes(tmp_path: Path) -> None:
    from cimgen.resources import profiles_dir

    generate([profiles_dir() / "codes", FIXTURES / "tiny-payload.xsd"], out=tmp_path, package="coded")
    package = import_fresh(tmp_path, "coded")
    document = package.tiny_readings.TinyReadings.from_xml(MESSAGE)
    first, second = (m.reading_type.decoded() for m in document.meter_reading)
    assert first.uom is package.codes.UnitSymbol.WH and first.multiplier is package.codes.Multiplier.KILO
    assert str(first) == "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0" and str(second).startswith("0.0.0.1.4")
    broken = package.tiny_readings.MeterReadingReadingType(ref="1.2.3")
    with pytest.raises(package.codes.CodeError):
        broken.decoded()


def test_elements_inside_a_value_are_reported_not_dropped(payload: tuple[Path, ModuleType]) -> None:
    module = _readings(payload)
    broken = MESSAGE.read_bytes().replace(b"<r:value>1.50</r:value>", b"<r:value>1.50<r:junk/></r:value>")
    issues: list = []
    module.TinyReadings.from_xml(broken, issues=issues)
    assert [(i.code, i.path) for i in issues] == [
        ("unknown-element", "/TinyReadings/MeterReading[1]/Reading[1]/value/junk")
    ]


def _one_reading(stamp: str, scale: str) -> bytes:
    return (
        '<r:TinyReadings xmlns:r="http://example.com/2011/TinyReadings#"><r:MeterReading><r:Reading>'
        f"<r:value>1</r:value><r:timeStamp>{stamp}</r:timeStamp><r:scale>{scale}</r:scale>"
        '</r:Reading><r:ReadingType ref="x"/></r:MeterReading></r:TinyReadings>'
    ).encode()


@pytest.mark.parametrize(
    ("stamp", "scale", "expected_stamp", "expected_scale"),
    [
        ("2026-01-01T00:00:00Z", "2.5", "2026-01-01T00:00:00+00:00", 2.5),  # the fast paths
        ("2026-01-01T00:00:00.5Z", "1.50", "2026-01-01T00:00:00.500000+00:00", 1.5),  # lexical forms kept
        ("2026-01-01T00:00:00Z", "INF", "2026-01-01T00:00:00+00:00", float("inf")),
        ("2026-01-01T00:00:00Z", "-1E3", "2026-01-01T00:00:00+00:00", -1000.0),
    ],
)
def test_values_read_by_the_fast_paths_round_trip(
    payload: tuple[Path, ModuleType], stamp: str, scale: str, expected_stamp: str, expected_scale: float
) -> None:
    module = _readings(payload)
    data = _one_reading(stamp, scale)
    reading = module.TinyReadings.from_xml(data).meter_reading[0].reading[0]
    assert reading.time_stamp.isoformat() == expected_stamp and reading.scale == expected_scale
    assert canonical_xml(module.TinyReadings.from_xml(data).to_xml()) == canonical_xml(data)


@pytest.mark.parametrize(
    ("stamp", "scale", "bad"),
    [
        ("2026-13-01T00:00:00Z", "1", "timeStamp"),  # the fast path's shape, not a date
        ("2026-01-01T00:00:00Z", "nan", "scale"),  # Python reads it; XSD says NaN
        ("2026-01-01T00:00:00Z", "1_000", "scale"),  # Python reads it; XSD does not
        ("2026-01-01T00:00:00Z", "", "scale"),
    ],
)
def test_texts_python_would_accept_but_xsd_does_not_are_bad_values(
    payload: tuple[Path, ModuleType], stamp: str, scale: str, bad: str
) -> None:
    module = _readings(payload)
    data = _one_reading(stamp, scale)
    issues: list = []
    module.TinyReadings.from_xml(data, issues=issues)
    assert [(i.code, i.path.rpartition("/")[2]) for i in issues] == [("bad-value", bad)]


def test_attributes_the_schema_does_not_declare_are_reported(payload: tuple[Path, ModuleType]) -> None:
    module = _readings(payload)
    broken = (
        MESSAGE.read_bytes()
        .replace(b"<r:Reading>", b'<r:Reading extra="1">', 1)
        .replace(b'<r:ReadingType ref="0.0.2', b'<r:ReadingType also="2" ref="0.0.2')
        .replace(
            b"<r:MeterReading>",
            b'<r:MeterReading xsi:nil="false" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
            1,
        )
    )
    issues: list = []
    module.TinyReadings.from_xml(broken, issues=issues)
    assert [(i.code, i.path) for i in issues] == [
        ("unknown-attribute", "/TinyReadings/MeterReading[1]/Reading[1]/@extra"),
        ("unknown-attribute", "/TinyReadings/MeterReading[1]/ReadingType/@also"),
    ]
    with pytest.raises(payload[1]._xmlcodec.XmlDecodeError, match=r"Reading\[1\]/@extra: attribute extra is not"):
        module.TinyReadings.from_xml(broken)
    streamed: list = []
    list(module.TinyReadings.iter_xml(broken, "meter_reading", issues=streamed))
    assert [i.path for i in streamed] == [i.path for i in issues]


def test_bad_bytes_in_a_file_name_their_line(payload: tuple[Path, ModuleType], tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(MESSAGE.read_bytes().replace(b"meter-1", b"meter-\xff", 1))
    line = MESSAGE.read_bytes()[: MESSAGE.read_bytes().find(b"meter-1")].count(b"\n") + 1
    with pytest.raises(
        payload[1]._xmlcodec.XmlDecodeError, match=rf"bad\.xml, line {line}: not well-formed XML: bytes"
    ):
        _readings(payload).TinyReadings.from_xml(path)


def test_spaces_at_the_ends_of_a_string_value_survive_a_round_trip(payload: tuple[Path, ModuleType]) -> None:
    module = _readings(payload)
    data = (
        b'<r:TinyReadings xmlns:r="http://example.com/2011/TinyReadings#"><r:MeterReading>'
        b'<r:mRID>  meter 1 </r:mRID><r:ReadingType ref="x"/></r:MeterReading></r:TinyReadings>'
    )
    document = module.TinyReadings.from_xml(data)
    assert document.meter_reading[0].m_rid == "  meter 1 "
    assert canonical_xml(document.to_xml()) == canonical_xml(data)
    assert canonical_xml(data) != canonical_xml(data.replace(b"  meter 1 ", b"meter 1"))  # the comparison sees them


CODED_SCHEMA = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:c="urn:coded"
    targetNamespace="urn:coded" elementFormDefault="qualified">
  <xs:complexType name="CodeType"><xs:simpleContent><xs:extension base="xs:string">
    <xs:attribute name="listAgencyIdentifier" type="xs:string"/></xs:extension></xs:simpleContent></xs:complexType>
  <xs:complexType name="Observation"><xs:sequence>
    <xs:element name="Position" type="xs:integer"/>
    <xs:choice>
      <xs:element name="Quantity" type="xs:decimal"/>
      <xs:element name="QuantityMissing" type="xs:boolean" fixed="true"/>
    </xs:choice>
    <xs:element name="Quality" minOccurs="0"><xs:complexType><xs:simpleContent>
      <xs:restriction base="c:CodeType"><xs:enumeration value="56"/></xs:restriction>
    </xs:simpleContent></xs:complexType></xs:element>
  </xs:sequence></xs:complexType>
  <xs:element name="Observations"><xs:complexType><xs:sequence>
    <xs:element name="Observation" type="c:Observation" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>
"""


def test_a_fixed_element_left_out_stays_out_and_a_restricted_code_reads_as_text(tmp_path: Path) -> None:
    """ebIX's shapes: a choice of a quantity or a ``QuantityMissing`` fixed to true, and a quality code
    that restricts a code type with attributes to one value."""
    (tmp_path / "coded.xsd").write_text(CODED_SCHEMA)
    generate([tmp_path / "coded.xsd"], out=tmp_path / "out", package="coded")
    coded = import_fresh(tmp_path / "out", "coded")
    document = (
        b'<c:Observations xmlns:c="urn:coded"><c:Observation><c:Position>1</c:Position><c:Quantity>2.50</c:Quantity>'
        b'<c:Quality listAgencyIdentifier="260">56</c:Quality></c:Observation><c:Observation><c:Position>2</c:Position>'
        b"<c:QuantityMissing>true</c:QuantityMissing></c:Observation></c:Observations>"
    )
    issues: list[object] = []
    read = coded._xmlcodec.read_xml(document, issues=issues)
    assert issues == []
    first, second = read.observation
    assert first.quantity_missing is None and second.quantity_missing is True
    assert (first.quality.value, first.quality.list_agency_identifier) == ("56", "260")
    assert canonical_xml(read.to_xml()) == canonical_xml(document)
