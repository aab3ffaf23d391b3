"""The generated codes module: enums with meaningful members, and the codecs built on them."""

from __future__ import annotations

import enum
from pathlib import Path
from types import ModuleType

import pytest

from cimgen import generate
from cimgen.api import load_codes
from cimgen.errors import InputError
from tests.conftest import REPO, import_fresh


@pytest.fixture(scope="module")
def codes() -> ModuleType:
    return import_fresh(REPO / "generated", "cim_metering.codes")


def test_members_are_named_for_what_they_mean_and_carry_their_facts(codes: ModuleType) -> None:
    assert codes.Multiplier.KILO == 3 and codes.Multiplier.MILLI == -3
    assert codes.UnitSymbol.WH == 72 and codes.UnitSymbol.WH.mnemonic == "Wh"
    assert codes.MeasuringPeriod.FIFTEEN_MINUTE == 2
    assert codes.Commodity.ELECTRICITY_SECONDARY_METERED == 1
    assert codes.UnitSymbol.WH.description.startswith("Watt-hour")
    assert codes.Phase.S12N.confidence == "conflict"
    for name in dir(codes):
        table = getattr(codes, name)
        if isinstance(table, type) and issubclass(table, enum.Enum) and table.__module__.endswith("._codetables"):
            assert len(table) > 1
            assert all(not member.name.startswith("VALUE_") and member.description for member in table)


def test_reading_type_parses_encodes_and_describes(codes: ModuleType) -> None:
    code = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
    reading_type = codes.ReadingType.parse(code)
    assert reading_type.uom is codes.UnitSymbol.WH
    assert reading_type.multiplier is codes.Multiplier.KILO
    assert reading_type.measuring_period is codes.MeasuringPeriod.FIFTEEN_MINUTE
    assert str(reading_type) == code
    assert reading_type == codes.ReadingType.parse(code) and hash(reading_type) == hash(codes.ReadingType.parse(code))
    described = reading_type.describe()
    assert described.startswith("15-minute interval") and "kWh" in described and "energy" in described


def test_reading_type_builds_from_any_spelling(codes: ModuleType) -> None:
    built = codes.ReadingType.build(
        measuring_period="fifteen-minute",
        accumulation="deltaData",
        flow_direction=1,
        commodity="ELECTRICITY_SECONDARY_METERED",
        measurement_kind="energy",
        multiplier="k",
        uom=codes.UnitSymbol.WH,
    )
    assert str(built) == "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
    with pytest.raises(codes.CodeError, match="no part 'colour'"):
        codes.ReadingType.build(colour="red")
    with pytest.raises(codes.CodeError, match="UnitSymbol has no code named 'furlongs'"):
        codes.ReadingType.build(uom="furlongs")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.999.0", r"part 17 \(uom\) of .*: 999 is no UnitSymbol code"),
        ("0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.7_2.0", r"part 17 \(uom\) of .* is '7_2', not a number"),
        ("0.0.2.4.1.1.12.0.0.0.0.-1.0.0.0.3.72.0", r"part 12 \(tou\) of .* is negative"),
        ("0.0.2.4.1.1.12", r"has 18 parts; .* has 7"),
        ("0.5.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0", r"part 2 \(aggregate\) of .*: 5 is no Aggregate code|"),
    ],
)
def test_bad_reading_types_name_the_part_and_value(codes: ModuleType, code: str, message: str) -> None:
    if code.startswith("0.5."):  # 5 is highThreshold: a valid aggregate, so this one must parse
        assert codes.ReadingType.parse(code).aggregate is codes.Aggregate.HIGH_THRESHOLD
        return
    with pytest.raises(codes.CodeError, match=message):
        codes.ReadingType.parse(code)


def test_lenient_mode_keeps_unknown_parts_as_numbers(codes: ModuleType) -> None:
    reading_type = codes.ReadingType.parse("0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.999.0", strict=False)
    assert reading_type.uom == 999 and not isinstance(reading_type.uom, codes.UnitSymbol)
    assert str(reading_type).endswith(".3.999.0")
    assert "unit 999" in reading_type.describe()


def test_end_device_event_types_with_wildcards_and_mnemonic_paths(codes: ModuleType) -> None:
    outage = codes.EndDeviceEventType.parse("3.26.0.85")
    assert outage.describe() == "ElectricMeter / Power / NA / Failed"
    assert outage.mnemonics() == "ElectricMeter.Power.NA.Failed"
    looked_up = codes.EndDeviceEventType.from_mnemonics("ElectricMeter.Power.Voltage.MinLimitReached")
    assert str(looked_up) == f"3.26.38.{int(codes.EndDeviceEventOrAction.MIN_LIMIT_REACHED)}"
    pattern = codes.EndDeviceEventType.parse("*.26.0.85")
    assert pattern.type is None and str(pattern) == "*.26.0.85"
    assert pattern.matches(outage) and not pattern.matches(codes.EndDeviceEventType.parse("3.26.0.216"))
    control = codes.EndDeviceControlType.parse("0.8.0.214")
    assert isinstance(control, codes.EndDeviceControlType) and control.mnemonics() == "NA.Demand.NA.Reset"
    with pytest.raises(codes.CodeError, match=r"part 2 \(domain\) of '3.999.0.85': 999 is no EndDeviceDomain code"):
        codes.EndDeviceEventType.parse("3.999.0.85")


def test_quality_and_reply_codes(codes: ModuleType) -> None:
    quality = codes.ReadingQualityType.parse("1.5.257")
    assert quality.system is codes.QualitySystem.ENDDEVICE
    assert quality.quality_index is codes.QualityIndex.C5_257_ERRORCODE
    assert str(quality) == "1.5.257" and quality.describe() == "The end device: Reasonability check, Error code"
    assert codes.decode("2.10") is codes.ReplyCode.UNSUPPORTED_READING_TYPES
    with pytest.raises(codes.CodeError, match="no code table decodes a 5-part code"):
        codes.decode("1.2.3.4.5")


def test_vendor_extensions_add_codes_but_cannot_change_them(tmp_path: Path) -> None:
    extension = tmp_path / "acme-codes.csv"
    extension.write_text(
        "table,code,name,member,description\n"
        "enddevice_event_or_action,1001,AcmeHeartbeat,ACME_HEARTBEAT,Acme head-end heartbeat\n"
    )
    codes = load_codes([extension])
    assert codes.EndDeviceEventOrAction(1001).confidence == "vendor"
    assert codes.EndDeviceEventType.parse("3.1.0.1001").mnemonics() == "ElectricMeter.Communication.NA.AcmeHeartbeat"
    clash = tmp_path / "clash.csv"
    clash.write_text("table,code,name,member,description\nreadingtype_uom,72,kWhish,KWHISH,Not watt-hours\n")
    with pytest.raises(InputError, match="code 72 of table readingtype_uom is Wh") as caught:
        load_codes([clash])
    assert caught.value.file is not None and caught.value.file.endswith("clash.csv") and caught.value.line == 2


def test_a_package_without_code_tables_has_no_codes_module(tmp_path: Path) -> None:
    generate([REPO / "tests" / "fixtures" / "tiny.rdf"], out=tmp_path, package="tiny")
    assert not (tmp_path / "tiny" / "codes.py").exists()


def test_cim_classes_identified_by_codes_hand_back_the_decoded_code() -> None:
    package = import_fresh(REPO / "generated", "cim_metering")
    codes = package.codes  # the module the classes themselves imported
    reading_type = package.ReadingType(m_rid="0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0")
    block = package.IntervalBlock(reading_type=reading_type)
    assert block.reading_type.decoded().uom is codes.UnitSymbol.WH
    event = package.EndDeviceEvent(end_device_event_type=package.EndDeviceEventType(m_rid="3.26.0.85"))
    assert event.end_device_event_type.decoded().mnemonics() == "ElectricMeter.Power.NA.Failed"
    assert package.ReadingQualityType(m_rid="1.5.257").decoded().quality_index is codes.QualityIndex.C5_257_ERRORCODE
    with pytest.raises(codes.CodeError, match="no mRID"):
        package.ReadingType().decoded()
    assert not hasattr(package.Meter, "decoded")


def test_the_other_names_deployed_systems_use_are_accepted_and_the_one_name_kept(codes: ModuleType) -> None:
    assert codes.MeasuringPeriod.lookup("MINUTE15") is codes.MeasuringPeriod.FIFTEEN_MINUTE  # Connexo's name
    assert codes.MeasuringPeriod.FIFTEEN_MINUTE.aliases == ("MINUTE15",)
    assert codes.EndDeviceType.lookup("n/a") is codes.EndDeviceType.NA
    event = codes.EndDeviceEventType.from_mnemonics("ElectricMeter.Power.NotApplicable.Failed")
    assert event.mnemonics() == "ElectricMeter.Power.NA.Failed" and str(event) == "3.26.0.85"
    assert str(codes.MeasuringPeriod.lookup("minute15").mnemonic) == "fifteenMinute"


def test_aliases_in_an_extension_file_are_read_and_may_not_name_another_code(tmp_path: Path) -> None:
    extension = tmp_path / "acme-codes.csv"
    header = "table,code,name,member,description,aliases\n"
    row = "enddevice_event_or_action,1002,AcmePing,ACME_PING,Acme ping,PING (Acme head-end)\n"
    extension.write_text(header + row)
    assert load_codes([extension]).EndDeviceEventOrAction.lookup("PING") == 1002
    ambiguous = tmp_path / "ambiguous.csv"
    other = "enddevice_event_or_action,1003,AcmePong,ACME_PONG,Acme pong,AcmePing (Acme head-end)\n"
    ambiguous.write_text(header + row + other)
    with pytest.raises(InputError, match="alias 'AcmePing' of code 1003 is the name of code 1002") as caught:
        load_codes([ambiguous])
    assert caught.value.line == 3
    broken = tmp_path / "broken.csv"
    broken.write_text(header + row.replace("PING (Acme head-end)", "PING"))
    with pytest.raises(InputError, match="is not written 'name \\(where it is used\\)'"):
        load_codes([broken])
