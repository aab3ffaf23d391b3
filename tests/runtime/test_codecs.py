"""The IEC 61968-9 codecs of cimgen/runtime, tested where they are written, on the embedded tables."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cimgen.runtime import _codetables as tables
from cimgen.runtime._codefacts import CodeError, dotted_parts, part_number
from cimgen.runtime._enddevicetype import EndDeviceControlType, EndDeviceEventType
from cimgen.runtime._qualitytype import ReadingQualityType
from cimgen.runtime._readingtype import READING_TYPE_FIELDS, READING_TYPE_TABLES, ReadingType


def test_part_numbers_are_digits_with_an_optional_sign() -> None:
    assert part_number("x", 1, "-12", "f") == -12
    for text in ("1.5", "", "٣", " 1"):
        with pytest.raises(CodeError, match="not a number"):
            part_number("x", 1, text, "f")


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (EndDeviceEventType.parse, "3.26.38", r"an EndDeviceEventType code has 4 parts; '3.26.38' has 3"),
        (EndDeviceEventType.from_mnemonics, "ElectricMeter.Power", r"a mnemonic path has 4 parts; .* has 2"),
        (ReadingQualityType.parse, "1.4.5.6", r"a ReadingQualityType code has 3 parts; '1.4.5.6' has 4"),
    ],
)
def test_a_code_with_the_wrong_number_of_parts_says_how_many(
    parse: Callable[[str], object], text: str, message: str
) -> None:
    assert dotted_parts(" 1.2 ", 2, "a pair") == ["1", "2"]
    with pytest.raises(CodeError, match=message):
        parse(text)


def test_reading_type_fast_and_slow_paths_agree() -> None:
    canonical = ReadingType.parse("0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0")
    padded = ReadingType.parse("0.0.02.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0")  # not canonical: the slow path
    assert canonical == padded and canonical.uom is tables.UnitSymbol.WH
    assert len(READING_TYPE_FIELDS) == len(READING_TYPE_TABLES) == 18


def test_reading_type_refuses_unknown_parts_unless_lenient() -> None:
    code = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.9999.0"
    with pytest.raises(CodeError, match=r"part 17 \(uom\).*9999 is no UnitSymbol code"):
        ReadingType.parse(code)
    assert ReadingType.parse(code, strict=False).uom == 9999


def test_end_device_codes_have_wildcards_and_mnemonics() -> None:
    event = EndDeviceEventType.from_mnemonics("ElectricMeter.Power.Voltage.MinLimitReached")
    assert str(event) == "3.26.38.150" and event.mnemonics() == "ElectricMeter.Power.Voltage.MinLimitReached"
    assert EndDeviceEventType.parse("3.26.*.150").matches(event)
    assert isinstance(EndDeviceControlType.parse("3.31.0.23"), EndDeviceControlType)


def test_quality_codes_find_their_index_within_the_category() -> None:
    quality = ReadingQualityType.parse("1.5.257")
    assert quality.system is tables.QualitySystem(1) and str(quality) == "1.5.257"
    with pytest.raises(CodeError, match="3 parts"):
        ReadingQualityType.parse("1.5")
