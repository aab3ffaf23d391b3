"""The ebIX metered-data schemas of the Danish DataHub (RSM-012) as an XSD input, on its samples.

Given the main schema alone, cimgen reads the 32 files it includes or imports, directly or not: one
namespace comes from 30 files (``xs:import`` of the same namespace with other ``schemaLocation``s,
a code list each), and every one must be read. The samples then read with
no issue and write back equal to their source after C14N (comments and the byte order mark
aside), the one made invalid reports exactly its invalid element, the one with another namespace
version is refused with one clear line, and the two that DataHub wraps in its B2B SOAP container
read the same once taken out of it.

Then IEC 61968-9 Annex I: every sample converts to a MeterReadings message that validates clean and
converts back to the same document (``cimgen readings from-ebix`` / ``to-ebix``).
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from cimgen import generate
from cimgen.ebix import from_ebix, to_ebix
from cimgen.validation import validate_files
from tests.conftest import SAFE_PARSER, canonical_xml, corpus_path, import_fresh
from tests.test_cli import cimgen

EBIX = "ebix-metered-data"
NAMESPACE = "un:unece:260:data:EEM-DK_MeteredDataTimeSeries:v3"
VALID = [
    "edi-ValidMeteredDataForMeteringPoint.xml",
    "edi-ValidMeteredDataForMeteringPointWithTwoTransactions.xml",
    "edi-ValidPT1HMeteredDataForMeteringPoint.xml",
    "geh-ValidHourlyButNoSOAP.xml",  # with comments where a quantity is missing
]
MAIN = f"{EBIX}/xsd/document/DK_MeteredDataTimeSeries/ebIX_DK_MeteredDataTimeSeries-2.xsd"
IN_B2B_CONTAINER = ["geh-RSM-012_ValidBundledTimeSeries_15min_and_1hour.xml", "geh-ValidQuarterOfHour.xml"]


@pytest.fixture(scope="module")
def ebix(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("ebix")
    generate([corpus_path(MAIN)], out=out, package="ebixrsm012")  # the main schema alone
    import_fresh(out, "ebixrsm012")
    return importlib.import_module("ebixrsm012._xmlcodec")


def _sample(name: str) -> bytes:
    return (corpus_path(f"{EBIX}/samples") / name).read_bytes()


def _without_comments(data: bytes) -> bytes:
    return re.sub(rb"<!--.*?-->", b"", data, flags=re.DOTALL).removeprefix(b"\xef\xbb\xbf")


def test_given_the_main_schema_every_file_it_includes_or_imports_is_read(ebix: ModuleType) -> None:
    schemas = sorted(p.name for p in corpus_path(f"{EBIX}/xsd").rglob("*.xsd"))
    included = corpus_path(MAIN).with_name("ebIX_BusinessDataType-2.xsd").read_text(encoding="utf-8")
    imported = re.findall(r'namespace="un:unece:260:data:EEM" schemaLocation="[./]*generic/([^"]+)"', included)
    assert len(set(imported)) == 12  # one namespace from 12 files here, which import the others
    manifest = json.loads((Path(ebix.__file__).parent / "cimgen-manifest.json").read_text(encoding="utf-8"))
    assert sorted(entry["name"] for entry in manifest["inputs"]) == schemas


@pytest.mark.parametrize("name", VALID)
def test_a_valid_sample_reads_clean_and_writes_back_as_it_came(ebix: ModuleType, name: str) -> None:
    data = _sample(name)
    issues: list[object] = []
    document = ebix.read_xml(data, issues=issues)
    assert issues == []
    assert canonical_xml(document.to_xml()) == canonical_xml(_without_comments(data))


@pytest.mark.parametrize("name", IN_B2B_CONTAINER)
def test_a_sample_in_datahubs_container_reads_the_same_once_out_of_it(ebix: ModuleType, name: str) -> None:
    with pytest.raises(ebix.XmlDecodeError, match="SendMessageRequest"):
        ebix.read_xml(_sample(name))  # the container is no part of the ebIX schemas
    inner = etree.fromstring(_sample(name), SAFE_PARSER).find(f".//{{{NAMESPACE}}}DK_MeteredDataTimeSeries")
    assert inner is not None
    data = etree.tostring(inner)
    issues: list[object] = []
    document = ebix.read_xml(data, issues=issues)
    assert issues == []
    assert canonical_xml(document.to_xml()) == canonical_xml(_without_comments(data))


def test_the_invalid_sample_reports_its_one_invalid_element(ebix: ModuleType) -> None:
    issues: list[object] = []
    ebix.read_xml(_sample("edi-InvalidMeteredDataForMeteringPoint.xml"), issues=issues)
    assert [(i.code, i.path, i.line) for i in issues] == [  # type: ignore[attr-defined]
        ("unknown-element", "/DK_MeteredDataTimeSeries/HeaderEnergyDocument/InvalidElement", 10)
    ]


def test_another_namespace_version_is_refused_in_one_line(ebix: ModuleType) -> None:
    with pytest.raises(ebix.XmlDecodeError) as refused:
        ebix.read_xml(_sample("edi-BadVersionMeteredDataForMeteringPoint.xml"))
    assert "\n" not in str(refused.value) and "EEM-DK_MeteredDataTimeSeries:bad-version" in str(refused.value)


@pytest.mark.parametrize("name", VALID + IN_B2B_CONTAINER)
def test_a_sample_converts_to_valid_meter_readings_and_back_unchanged(name: str, tmp_path: Path) -> None:
    source = corpus_path(f"{EBIX}/samples") / name
    converted = from_ebix(source)
    message = tmp_path / name
    message.write_bytes(converted.document)
    assert [f for report in validate_files([message]) for f in report.findings] == []
    document = etree.fromstring(source.read_bytes(), SAFE_PARSER)
    inner = next(document.iter(f"{{{NAMESPACE}}}DK_MeteredDataTimeSeries"))
    assert converted.series == len(inner.findall(f"{{{NAMESPACE}}}PayloadEnergyTimeSeries"))
    assert converted.readings == len(inner.findall(f".//{{{NAMESPACE}}}IntervalEnergyObservation")) > 20
    written = message.read_text(encoding="utf-8")
    assert converted.carried and all(f"ebIX:{item.path}" in written for item in converted.carried)  # said and kept
    back = to_ebix(message)
    assert canonical_xml(back.document) == canonical_xml(_without_comments(etree.tostring(inner)))


def test_the_command_line_converts_the_samples_and_names_the_two_it_cannot(tmp_path: Path) -> None:
    samples = sorted(corpus_path(f"{EBIX}/samples").glob("*.xml"))
    result = cimgen("readings", "from-ebix", *map(str, samples), "--out", str(tmp_path / "cim"))
    assert result.returncode == 1  # two samples are not valid RSM-012 documents
    errors = result.stderr.strip().splitlines()
    assert all(line.startswith("cimgen: error: ") for line in errors)
    assert [line.split(": ")[2].rpartition("/")[2] for line in errors] == [
        "edi-BadVersionMeteredDataForMeteringPoint.xml",
        "edi-InvalidMeteredDataForMeteringPoint.xml:10",
    ]
    written = sorted(p.name for p in (tmp_path / "cim").iterdir())
    assert written == sorted(VALID + IN_B2B_CONTAINER)  # the others whole, no partial file left
    back = cimgen("readings", "to-ebix", *(str(tmp_path / "cim" / n) for n in written), "--out", str(tmp_path / "back"))
    assert back.returncode == 0, back.stderr
    assert sorted(p.name for p in (tmp_path / "back").iterdir()) == written
