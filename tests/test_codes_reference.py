"""The code tables against independent sources: the NAESB ESPI schema, known event types, real messages."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from cimgen.api import load_codes
from tests.conftest import FIXTURES, REPO, import_fresh

XS = "{http://www.w3.org/2001/XMLSchema}"
ESPI_TYPES = {
    "AccumulationKind": "readingtype_accumulation",
    "CommodityKind": "readingtype_commodity",
    "Currency": "readingtype_currency",
    "DataQualifierKind": "readingtype_aggregate",
    "FlowDirectionKind": "readingtype_flow_direction",
    "MeasurementKind": "readingtype_measurement_kind",
    "PhaseCodeKind": "readingtype_phase",
    "UnitMultiplierKind": "readingtype_multiplier",
    "TimeAttributeKind": "readingtype_measuring_period",
    "TimePeriodOfInterest": "readingtype_macro_period",
    "UnitSymbolKind": "readingtype_uom",
}
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="module")
def codes() -> ModuleType:
    return import_fresh(REPO / "generated", "cim_metering.codes")


def _needs(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (a fresh clone has no ../shared): reference test skipped")
    return path


def _normalised(name: str) -> str:
    """The name without separators, its case kept: ``m`` (milli) and ``M`` (mega) must not compare equal."""
    return re.sub(r"[^A-Za-z0-9]", "", name)


def _cim_literals(enumeration: str) -> set[str]:
    """The literals of a CIM enumeration as the CGMES 3.0 equipment vocabulary (rdflib) spells them."""
    folder = SHARED / "corpus" / "cimgen-cgmes" / "CGMES_3.0.0"
    vocabulary = _needs(folder / "IEC61970-600-2_CGMES_3_0_0_RDFS2020_EQ.rdf")
    graph = rdflib.Graph().parse(vocabulary, format="xml")
    prefix = f"{enumeration}."
    return {
        str(subject).rsplit("#", 1)[1].removeprefix(prefix)
        for subject, kind in graph.subject_objects(rdflib.RDF.type)
        if str(kind).endswith(f"#{enumeration}")
    }


def _espi_enumerations(xsd: Path) -> dict[str, dict[int, str]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(xsd), parser).getroot()
    found: dict[str, dict[int, str]] = {}
    for simple_type in root.iter(f"{XS}simpleType"):
        table = ESPI_TYPES.get(simple_type.get("name", ""))
        if table is None:
            continue
        values = found.setdefault(table, {})
        for enumeration in simple_type.iter(f"{XS}enumeration"):
            appinfo = enumeration.find(f"{XS}annotation/{XS}appinfo")
            values[int(enumeration.get("value"))] = (appinfo.text or "").strip() if appinfo is not None else ""
    return found


@pytest.mark.parametrize(
    "edition", ["espi-0.7.20190210/espiDerived.xsd", "espi-v3.3.1/usage.xsd", "espi-v4.0/usage.xsd"]
)
def test_every_reading_type_table_agrees_with_espi_value_by_value(edition: str) -> None:
    espi = _espi_enumerations(_needs(SHARED / "corpus" / "openespi-greenbutton" / edition))
    assert sorted(espi) == sorted(ESPI_TYPES.values())
    differences = set()
    for table, theirs in espi.items():
        ours = {
            int(row["code"]): row["name"] for row in csv.DictReader(open(REPO / "profiles" / "codes" / f"{table}.csv"))
        }
        for code in sorted(set(theirs) | set(ours)):
            if code not in ours:
                differences.add((table, code, "missing"))
            elif code not in theirs:
                differences.add((table, code, "extra"))
            elif _normalised(theirs[code]).lower() != _normalised(ours[code]).lower():
                differences.add((table, code, "spelling"))
            elif _normalised(theirs[code]) != _normalised(ours[code]):
                differences.add((table, code, "case", theirs[code], ours[code]))
    with open(FIXTURES / "espi_differences.csv", newline="") as handle:
        listed = list(csv.DictReader(handle))
    assert all(row["reason"].strip() for row in listed)
    assert differences == {
        (row["table"], int(row["code"]), row["difference"])
        + ((row["espi_name"], row["our_name"]) if row["difference"] == "case" else ())
        for row in listed
    }
    assert not any(difference[2] == "missing" for difference in differences)


def test_where_espi_differs_only_in_case_our_name_is_the_cim_literal() -> None:
    with open(FIXTURES / "espi_differences.csv", newline="") as handle:
        case_only = [row for row in csv.DictReader(handle) if row["difference"] == "case"]
    enumerations = {"readingtype_uom": "UnitSymbol", "readingtype_phase": "PhaseCode"}
    assert {row["table"] for row in case_only} == set(enumerations)
    literals = {table: _cim_literals(enumeration) for table, enumeration in enumerations.items()}
    assert all(len(names) > 20 for names in literals.values())
    for row in case_only:
        assert row["our_name"] in literals[row["table"]], row
        assert row["espi_name"] not in literals[row["table"]], row


def test_every_known_end_device_event_type_decodes_to_its_names(codes: ModuleType) -> None:
    """The standard tables decode every code but those with vendor parts; an extension file adds those.

    This shows coverage, not correctness: the known list (Connexo, ENCOURAGE) was compiled from the
    same sources as ``profiles/codes/enddevice_*.csv``, so a name wrong in both would pass. No
    independent source of EndDeviceEventType codes is in ../shared/corpus (its sample messages
    carry ``ref="?"`` placeholders), so there is nothing independent to check them against yet.
    """
    known = _needs(SHARED / "reference" / "iec61968-9-codes" / "enddevice_event_types_known.csv")
    rows = list(csv.DictReader(open(known, newline="")))
    assert len(rows) > 1000
    with_vendor_codes = load_codes([FIXTURES / "elster-vendor-codes.csv"])
    refused = 0
    for row in rows:
        expected = row["name"].replace("(vendor)", "")
        try:
            assert codes.EndDeviceEventType.parse(row["code"]).mnemonics() == expected, row
        except codes.CodeError:
            refused += 1
            assert "(vendor)" in row["name"], row
        assert with_vendor_codes.EndDeviceEventType.parse(row["code"]).mnemonics() == expected, row
    assert refused == sum("(vendor)" in row["name"] for row in rows) > 0


def test_every_known_end_device_control_type_decodes_to_its_names(codes: ModuleType) -> None:
    """Coverage, not correctness: the control list and the tables share their sources (Connexo)."""
    known = _needs(SHARED / "reference" / "iec61968-9-codes" / "enddevice_control.csv")
    rows = list(csv.DictReader(open(known, newline="")))
    assert len(rows) > 50
    for row in rows:
        assert codes.EndDeviceControlType.parse(row["code"]).mnemonics() == row["name"], row


def test_every_reading_type_in_the_green_button_feeds_decodes(codes: ModuleType) -> None:
    feeds = sorted(_needs(SHARED / "corpus" / "openespi-greenbutton" / "test-fixtures").glob("*.xml"))
    fields = {
        "accumulationBehaviour": codes.Accumulation,
        "commodity": codes.Commodity,
        "currency": codes.Currency,
        "dataQualifier": codes.Aggregate,
        "flowDirection": codes.FlowDirection,
        "kind": codes.MeasurementKind,
        "phase": codes.Phase,
        "powerOfTenMultiplier": codes.Multiplier,
        "timeAttribute": codes.MeasuringPeriod,
        "uom": codes.UnitSymbol,
    }
    seen = 0
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for feed in feeds:
        for reading_type in etree.parse(str(feed), parser).getroot().iter("{http://naesb.org/espi}ReadingType"):
            for child in reading_type:
                table = fields.get(etree.QName(child).localname)
                if table is not None:
                    table(int(child.text))
                    seen += 1
    assert seen >= 30


def _tables(codes: ModuleType) -> tuple[object, ...]:
    """The ReadingType codec's table per part (None for plain numbers), from its runtime module."""
    tables: tuple[object, ...] = sys.modules[codes.ReadingType.__module__].READING_TYPE_TABLES
    return tables


def reading_types(codes: ModuleType) -> st.SearchStrategy[str]:
    """Valid 18-part codes: each part a member of its table, or any number where the part has none.

    The strategy is built once, with each table's values listed once: listing a table's members
    inside every draw made generation slow enough to fail Hypothesis' health check now and then.
    """
    parts = [
        st.integers(min_value=0, max_value=100_000) if table is None else st.sampled_from(sorted(int(m) for m in table))
        for table in _tables(codes)
    ]
    return st.tuples(*parts).map(lambda values: ".".join(map(str, values)))


def test_decoding_then_encoding_is_the_identity_on_valid_codes(codes: ModuleType) -> None:
    @given(reading_types(codes), st.booleans())
    def check(code: str, strict: bool) -> None:
        assert str(codes.ReadingType.parse(code, strict=strict)) == code

    check()


def test_a_code_with_one_part_outside_its_table_is_refused(codes: ModuleType) -> None:
    enum_positions = [i for i, table in enumerate(_tables(codes)) if table is not None]

    @given(reading_types(codes), st.sampled_from(enum_positions), st.integers(min_value=0, max_value=99_999))
    def check(code: str, position: int, value: int) -> None:
        table = _tables(codes)[position]
        if value in table._value2member_map_:
            return
        parts = code.split(".")
        parts[position] = str(value)
        broken = ".".join(parts)
        try:
            codes.ReadingType.parse(broken)
        except codes.CodeError as error:
            assert f"part {position + 1} (" in str(error) and str(value) in str(error)
        else:
            raise AssertionError(f"{broken} was accepted")
        assert int(codes.ReadingType.parse(broken, strict=False)[position]) == value

    check()
