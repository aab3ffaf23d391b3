"""The value converters and lexical forms of cimgen/runtime/_xmlvalues.py, tested where they are written."""

from __future__ import annotations

import datetime
import decimal
from pathlib import Path

import pytest
from lxml import etree

from cimgen.runtime import _xmlvalues as rt

DOCUMENT = etree.fromstring(b"<r><a>1</a><b/><b><c x='1'/></b></r>")


def _node(path: str) -> etree._Element:
    found = DOCUMENT.xpath(path)
    assert found
    return found[0]


def test_canonical_floats_are_plain_and_other_spellings_keep_their_text() -> None:
    ctx = rt.Context(None)
    assert rt.to_float("1.5", DOCUMENT, ctx).__class__ is float
    for text in ("1.50", "10", "1E3", " 2.0 ", "INF", "-INF", "NaN"):
        value = rt.to_float(text, DOCUMENT, ctx)
        assert value.__class__ is rt.XmlFloat and rt.text_float(value) == text
    assert rt.text_float(1.5) == "1.5" and rt.text_float(float("inf")) == "INF"


@pytest.mark.parametrize("text", ["nan", "inf", "1_000", "0x10", "", "one"])
def test_texts_python_accepts_but_xsd_does_not_are_bad_floats(text: str) -> None:
    issues: list[rt.XmlIssue] = []
    assert rt.to_float(text, DOCUMENT, rt.Context(issues)) == text
    assert [issue.code for issue in issues] == ["bad-value"]


def test_a_strict_run_raises_with_the_path_and_line() -> None:
    with pytest.raises(rt.XmlDecodeError, match=r"line 1: /r/b\[2\]/c/@x: 'y' is not a valid integer"):
        rt.to_int("y", _node("/r/b[2]/c"), rt.Context(None), "x")


def test_paths_count_same_named_siblings_only_where_there_are_several() -> None:
    assert rt.path_of(_node("/r/a")) == "/r/a"
    assert rt.path_of(_node("/r/b[2]/c"), "x") == "/r/b[2]/c/@x"


def test_integers_decimals_and_booleans_round_trip_their_text() -> None:
    ctx = rt.Context(None)
    for text in ("007", "+5", "-0"):
        assert rt.text_int(rt.to_int(text, DOCUMENT, ctx)) == text
    assert rt.to_int("42", DOCUMENT, ctx) == 42
    for text in ("1.50", "3", "-0.0"):
        assert rt.text_decimal(rt.to_decimal(text, DOCUMENT, ctx)) == text
    assert rt.to_decimal("2.5", DOCUMENT, ctx) == decimal.Decimal("2.5")
    assert rt.to_bool("1", DOCUMENT, ctx) is True and rt.to_bool("false", DOCUMENT, ctx) is False


def test_date_times_keep_fractions_and_zones_as_written() -> None:
    ctx = rt.Context(None)
    for text in ("2026-01-02T03:04:05Z", "2026-01-02T03:04:05.0Z", "2026-01-02T03:04:05+01:00"):
        value = rt.to_datetime(text, DOCUMENT, ctx)
        assert isinstance(value, datetime.datetime) and rt.text_temporal(value) == text
    assert rt.to_datetime("2026-01-02T03:04:05Z", DOCUMENT, ctx).tzinfo == datetime.UTC
    issues: list[rt.XmlIssue] = []
    assert rt.to_datetime("2026-13-02T03:04:05Z", DOCUMENT, rt.Context(issues)) == "2026-13-02T03:04:05Z"
    assert issues[0].code == "bad-value"


def test_escaping_covers_markup_and_attribute_quotes() -> None:
    assert rt.escape("a<b&c>") == "a&lt;b&amp;c&gt;"
    assert rt.escape_attribute('say "hi"\n') == "say &quot;hi&quot;&#10;"


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"<a>" * 300 + b"</a>" * 300, "elements nested deeper than 256 levels"),
        (b"<a>\n\n<b>\xff\xfe</b></a>", "bytes that are not valid in the document's encoding (column 4)"),
    ],
)
def test_parser_errors_are_said_in_cimgen_words(data: bytes, said: str, tmp_path: Path) -> None:
    from cimgen.errors import InputError
    from cimgen.readers.triples import parse_xml_safely

    path = tmp_path / "bad.rdf"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        parse_xml_safely(path, "bad.rdf")
    assert said in str(caught.value) and "XML_PARSE" not in str(caught.value)
    assert caught.value.line == data.count(b"\n", 0, data.find(b"\xff") if b"\xff" in data else 0) + 1


def test_entity_expansion_is_refused_in_plain_words() -> None:
    said = rt.parser_words(
        "Maximum entity amplification factor exceeded, see xmlCtxtSetMaxAmplification., line 1, column 9"
    )
    assert said == "entity expansion refused (column 9)"


def test_names_are_said_with_their_article() -> None:
    from cimgen.runtime._xmlvalues import with_article

    assert [with_article(n) for n in ("EndDeviceEventType", "ReadingType", "int", "UsagePoint")] == [
        "an EndDeviceEventType",
        "a ReadingType",
        "an int",
        "a UsagePoint",
    ]


def test_an_empty_element_is_said_to_be_empty_not_none() -> None:
    import sys

    from tests.conftest import REPO

    sys.path.insert(0, str(REPO / "generated"))
    try:
        from cim_metering import meter_readings
    finally:
        sys.path.remove(str(REPO / "generated"))
    xml = (
        b'<m:MeterReadings xmlns:m="http://iec.ch/TC57/2011/MeterReadings#"><m:MeterReading><m:IntervalBlocks>'
        b"<m:IntervalReadings><m:timeStamp></m:timeStamp><m:value>1</m:value></m:IntervalReadings>"
        b'<m:ReadingType ref="0.0.0"/></m:IntervalBlocks></m:MeterReading></m:MeterReadings>'
    )
    issues: list[object] = []
    meter_readings.MeterReadings.from_xml(xml, issues=issues)
    assert [issue.message for issue in issues] == ["'' is not a valid date and time"]  # type: ignore[attr-defined]
