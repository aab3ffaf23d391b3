"""The ``cimgen`` command as users run it: output, exit codes, one-line errors, nothing half-written."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import FIXTURES, REPO, corpus_path
from tests.test_counts import rdflib_counts


def cimgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run this checkout's cimgen (not whichever is installed), from any folder."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "cimgen", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False, env=env)


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cimgen: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_generate_with_no_arguments_writes_the_embedded_profile(tmp_path: Path) -> None:
    result = cimgen("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted((tmp_path / "generated" / "cim_metering").rglob("*.py"))
    assert f"wrote {len(written)} modules to generated/cim_metering" in result.stdout
    assert (tmp_path / "generated" / "cim_metering" / "meter_reading.py").is_file()
    assert (tmp_path / "generated" / "cim_metering" / "meter_readings" / "_xml.py").is_file()
    assert (tmp_path / "generated" / "cim_metering" / "envelope.py").is_file()


def test_generate_names_the_package_after_the_profile_and_says_so(tmp_path: Path) -> None:
    profile = corpus_path("cimtool-builders-metering-profiles/GetUsagePointGroups.owl")
    result = cimgen("generate", str(profile), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "package get_usage_point_groups: named after the profile GetUsagePointGroups" in result.stdout
    assert (tmp_path / "get_usage_point_groups" / "usage_point_group.py").is_file()


def test_generate_into_a_named_package(tmp_path: Path) -> None:
    result = cimgen("generate", str(FIXTURES / "tiny.rdf"), "--out", str(tmp_path), "--package", "tiny")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "tiny" / "base_voltage.py").is_file()
    assert (tmp_path / "tiny" / "py.typed").is_file()


def test_inspect_json_counts_and_class_facts() -> None:
    result = cimgen("inspect", "--json", "--class", "MeterReading")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    # Counted again from the inputs, independently: the profile with rdflib, the schemas with lxml, the tables as CSV.
    profile = rdflib_counts(REPO / "profiles" / "metering")
    schemas = [etree.parse(str(p)) for p in sorted((REPO / "profiles" / "messages").glob("*.xsd"))]
    xs = {"xs": "http://www.w3.org/2001/XMLSchema", "sawsdl": "http://www.w3.org/ns/sawsdl"}
    enumerated = sum(len(s.xpath("//xs:simpleType[xs:restriction/xs:enumeration]", namespaces=xs)) for s in schemas)
    references = sum(len(s.xpath("//@sawsdl:modelReference", namespaces=xs)) for s in schemas)
    tables = sorted((REPO / "profiles" / "codes").glob("*.csv"))
    rows = sum(len(list(csv.DictReader(p.open(encoding="utf-8")))) for p in tables)
    assert data["counts"]["classes"] == profile["classes"]
    assert data["counts"]["enumerations"] == profile["enumerations"] + enumerated
    assert (data["links"]["linked"], data["links"]["unlinked"]) == (references, 0)  # every payload type and element
    assert (data["counts"]["code_tables"], data["counts"]["codes"]) == (len(tables), rows)
    facts = data["class"]
    assert facts["superclasses"] == ["IdentifiedObject"]
    roles = {a["name"]: a for a in facts["associations"]}
    assert roles["IntervalBlocks"]["multiplicity"] == "0..n"
    assert roles["IntervalBlocks"]["inverse"].endswith("IntervalBlock.MeterReading")


def test_inspect_text_names_the_class_and_its_attributes() -> None:
    result = cimgen("inspect", "--class", "Meter")
    assert result.returncode == 0, result.stderr
    assert "class Meter -> EndDevice -> AssetContainer -> Asset -> IdentifiedObject" in result.stdout
    assert "attribute mRID: String [0..1] from IdentifiedObject" in result.stdout


def test_an_unknown_class_is_a_usage_error() -> None:
    assert_one_line_error(cimgen("inspect", "--class", "NoSuchClass"), 2, "no class named 'NoSuchClass'")


def test_a_missing_path_exits_2(tmp_path: Path) -> None:
    assert_one_line_error(cimgen("generate", str(tmp_path / "missing.rdf")), 2, "missing.rdf", "no such file")


def test_an_unsupported_file_kind_exits_2(tmp_path: Path) -> None:
    (tmp_path / "model.json").write_text("{}")
    assert_one_line_error(cimgen("generate", str(tmp_path / "model.json")), 2, "cannot read files of this kind")


def test_a_file_that_is_not_rdf_exits_1_naming_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "notes.rdf").write_text("these are\nnot RDF\n")
    assert_one_line_error(cimgen("generate", str(tmp_path / "notes.rdf"), "-o", str(tmp_path)), 1, "notes.rdf:1:")


def test_malformed_xml_exits_1_with_the_line(tmp_path: Path) -> None:
    text = (FIXTURES / "tiny.rdf").read_text()
    (tmp_path / "broken.rdf").write_text(text[: len(text) // 2])  # truncated mid-document
    result = cimgen("generate", str(tmp_path / "broken.rdf"), "-o", str(tmp_path))
    lines_kept = text[: len(text) // 2].count("\n")
    assert_one_line_error(result, 1, f"broken.rdf:{lines_kept + 1}:", "not well-formed XML")


def test_a_dangling_reference_exits_1_naming_file_and_iri(tmp_path: Path) -> None:
    text = (
        (FIXTURES / "tiny.rdf")
        .read_text()
        .replace('rdfs:subClassOf rdf:resource="#IdentifiedObject"', 'rdfs:subClassOf rdf:resource="#Ghost"', 1)
    )
    (tmp_path / "dangling.rdf").write_text(text)
    result = cimgen("generate", str(tmp_path / "dangling.rdf"), "-o", str(tmp_path))
    assert_one_line_error(result, 1, "dangling.rdf:", "http://example.com/cim#Ghost", "is not defined")


def test_a_failed_run_leaves_earlier_output_untouched_and_nothing_half_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cimgen("generate", str(FIXTURES / "tiny.rdf"), "-o", str(out), "-p", "pkg").returncode == 0
    before = {p.name: p.read_bytes() for p in (out / "pkg").iterdir()}
    (tmp_path / "bad.rdf").write_text("<rdf:RDF")
    result = cimgen("generate", str(FIXTURES / "tiny.rdf"), str(tmp_path / "bad.rdf"), "-o", str(out), "-p", "pkg")
    assert result.returncode == 1
    assert {p.name: p.read_bytes() for p in (out / "pkg").iterdir()} == before
    assert sorted(p.name for p in out.iterdir()) == ["pkg"]


def test_a_bad_package_name_is_a_usage_error(tmp_path: Path) -> None:
    result = cimgen("generate", str(FIXTURES / "tiny.rdf"), "-o", str(tmp_path), "-p", "Not-A-Package")
    assert_one_line_error(result, 2, "'Not-A-Package' is not a valid lower-case Python package name")


def test_package_takes_a_version_and_refuses_one_that_would_not_upgrade(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    common = ("package", str(FIXTURES / "tiny.rdf"), "-o", str(out), "-p", "tiny")
    assert cimgen(*common, "--version", "2.5", "-q").returncode == 0
    assert 'version = "2.5"' in (out / "pyproject.toml").read_text()
    lower = cimgen(*common, "--version", "2.4")
    assert_one_line_error(lower, 2, "pyproject.toml", "2.4 sorts lower than the previous 2.5")
    assert_one_line_error(cimgen(*common, "--version", "2.6+local"), 2, "has a local part")


def test_no_command_shows_help_and_an_unknown_option_exits_2() -> None:
    assert "generate" in cimgen().stdout + cimgen().stderr
    assert cimgen("generate", "--no-such-option").returncode == 2


@pytest.mark.parametrize("relative", ["pnnl-cimgraph-profiles/rc4_2021.rdfs"])
def test_notes_about_assumed_primitives_go_to_stderr(relative: str, tmp_path: Path) -> None:
    result = cimgen("generate", str(corpus_path(relative)), "-o", str(tmp_path), "-p", "rc4")
    assert result.returncode == 0, result.stderr
    assert "taken as the CIM primitive MonthDay" in result.stderr


def test_codes_decode_reads_out_a_reading_type_and_an_event_type() -> None:
    result = cimgen("codes", "decode", "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0", "3.26.0.85")
    assert result.returncode == 0, result.stderr
    assert "ReadingType: 15-minute interval" in result.stdout and "kWh" in result.stdout
    assert "EndDeviceEventType: ElectricMeter / Power / NA / Failed" in result.stdout


def test_codes_decode_json_and_errors() -> None:
    result = cimgen("codes", "decode", "--json", "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0")
    parts = {part["field"]: part for part in json.loads(result.stdout)[0]["parts"]}
    assert parts["uom"]["member"] == "WH" and parts["multiplier"]["mnemonic"] == "k"
    bad = cimgen("codes", "decode", "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.999.0")
    assert_one_line_error(bad, 1, "part 17 (uom)", "999 is no UnitSymbol code")
    lenient = cimgen("codes", "decode", "--lenient", "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.999.0")
    assert lenient.returncode == 0 and "unit 999" in lenient.stdout


def test_codes_encode_builds_codes_from_names() -> None:
    reading_type = cimgen(
        "codes", "encode", "--kind", "readingtype", "macro-period=none", "measuring-period=fifteen-minute",
        "accumulation=deltaData", "flow-direction=forward", "commodity=electricitySecondaryMetered",
        "measurement-kind=energy", "multiplier=k", "uom=Wh",
    )  # fmt: skip
    assert reading_type.stdout.strip() == "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0", reading_type.stderr
    event = cimgen(
        "codes",
        "encode",
        "--kind",
        "enddeviceeventtype",
        "type=ElectricMeter",
        "domain=Power",
        "event-or-action=Failed",
    )
    assert event.stdout.strip() == "3.26.*.85"
    assert_one_line_error(cimgen("codes", "encode", "uom=furlongs"), 1, "UnitSymbol has no code named 'furlongs'")
    as_json = json.loads(cimgen("codes", "encode", "--json", "uom=Wh", "multiplier=k").stdout)
    assert as_json["code"] == "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.72.0" and as_json["kind"] == "ReadingType"


def test_codes_list_tables_and_one_table() -> None:
    tables = cimgen("codes", "list")
    assert "readingtype.uom" in tables.stdout and "UnitSymbol" in tables.stdout
    units = json.loads(cimgen("codes", "list", "readingtype.uom", "--json").stdout)
    watt_hour = next(entry for entry in units if entry["code"] == 72)
    assert watt_hour["member"] == "WH" and watt_hour["confidence"] == "agreed"
    assert_one_line_error(cimgen("codes", "list", "nonsense"), 2, "no code table 'nonsense'")


def test_codes_accept_vendor_extension_files(tmp_path: Path) -> None:
    extension = tmp_path / "acme.csv"
    extension.write_text("table,code,name,member,description\nenddevice_event_or_action,1001,Beat,BEAT,Heartbeat\n")
    result = cimgen("codes", "decode", "3.1.0.1001", "--extension", str(extension))
    assert result.returncode == 0, result.stderr
    assert "ElectricMeter / Communication / NA / Beat" in result.stdout


def test_version_and_choices_are_in_the_help() -> None:
    from cimgen import __version__

    assert cimgen("--version").stdout.strip() == f"cimgen {__version__}"
    assert "<text|json>" in cimgen("validate", "--help").stdout


def test_a_template_folder_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    result = cimgen("generate", str(FIXTURES / "tiny.rdf"), "--out", str(tmp_path), "--templates", str(tmp_path / "no"))
    assert_one_line_error(result, 2, "is not a folder of templates")


def test_inspect_says_the_code_tables_in_one_line() -> None:
    result = cimgen("inspect")
    lines = [line for line in result.stdout.splitlines() if line.startswith("profile IEC 61968-9 codes")]
    tables = len(list((REPO / "profiles" / "codes").glob("*.csv")))
    assert lines == [
        f"profile IEC 61968-9 codes ({tables} files: enddevice_domain.csv, enddevice_event_or_action.csv, ...)"
    ]


def test_validate_reads_the_xml_files_of_a_folder_at_any_depth(tmp_path: Path) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "a.xml").write_text("<not-well-formed")
    (tmp_path / "deep" / "notes.txt").write_text("not xml")
    result = cimgen("validate", "-q", str(tmp_path))
    assert result.returncode == 1 and result.stdout.startswith(str(tmp_path / "deep" / "er" / "a.xml"))
    (tmp_path / "empty").mkdir()
    assert_one_line_error(cimgen("validate", str(tmp_path / "empty")), 2, "holds no .xml or .zip file to validate")
