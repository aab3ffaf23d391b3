"""``cimgen validate`` on CIM-XML models: the documents given are one model; findings name file, line and object."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from cimgen.errors import UsageError
from cimgen.model_validation import is_cim_xml
from cimgen.validation import validate_files
from tests.conftest import FIXTURES, REPO, SAFE_PARSER, corpus_path
from tests.readers.test_shacl import SHAPES
from tests.runtime.test_cimshacl import LOGICAL
from tests.runtime.test_cimxml import MODEL
from tests.test_cli import cimgen

MICROGRID3 = "cgmes-instances/cgmes-3.0-microgrid-be"
TINY = [FIXTURES / "tiny.rdf", FIXTURES / "tiny-second.rdf"]


@pytest.fixture(scope="module", autouse=True)
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CIMGEN_CACHE", str(folder))
        yield folder


def test_cim_xml_is_known_by_its_root_or_as_an_archive(tmp_path: Path) -> None:
    (tmp_path / "model.xml").write_text(MODEL, encoding="utf-8")
    (tmp_path / "message.xml").write_text('<m:MeterReadings xmlns:m="urn:x"/>', encoding="utf-8")
    (tmp_path / "exchange.zip").write_bytes(b"")
    assert [is_cim_xml(tmp_path / name) for name in ("model.xml", "message.xml", "exchange.zip")] == [True, False, True]


def test_the_microgrid_is_one_model_and_its_one_broken_rule_has_file_line_and_object() -> None:
    folder = corpus_path(MICROGRID3)
    files = sorted(folder.rglob("*.xml"))
    reports = validate_files(files, [corpus_path("cimgen-cgmes/CGMES_3.0.0")])
    assert [r.file for r in reports] == [str(f) for f in files]
    invalid = [r for r in reports if not r.valid]
    assert [Path(r.file).name for r in invalid] == ["20171002T0930Z_ENTSO-E_EQ_BD_2.xml"]
    (finding,) = invalid[0].findings
    boundary = etree.parse(invalid[0].file, SAFE_PARSER).getroot()
    rdf_id = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}ID"
    element = next(e for e in boundary if e.get(rdf_id) == finding.path)
    assert (finding.code, finding.line) == ("duplicate-mrid", element.sourceline)
    # the references between the files resolved: no document alone would say that
    assert all(f.code != "unresolved-reference" for r in reports for f in r.findings)


def test_a_model_of_another_cim_version_is_one_finding_on_the_file(tmp_path: Path) -> None:
    other = corpus_path("cgmes-instances/cgmes-2.4.15-microgrid-be/CGMES_v2.4.15_MicroGridTestConfiguration_BD_v2")
    files = sorted(other.glob("*.xml"))
    reports = validate_files(files, [corpus_path("cimgen-cgmes/CGMES_3.0.0")])
    findings = [(Path(r.file).name, f.code) for r in reports for f in r.findings]
    assert findings == [(files[0].name, "unreadable")]
    assert "a CIM model in the namespace http://iec.ch/TC57/2013/CIM-schema-cim16#" in reports[0].findings[0].message


def test_lines_are_found_inside_an_archive_too(tmp_path: Path) -> None:
    broken = MODEL.replace(
        '    <cim:TopologicalNode.BaseVoltage rdf:resource="#_bv1"/>\n  </cim:TopologicalNode>\n</rdf',
        "  </cim:TopologicalNode>\n</rdf",
    )
    archive = tmp_path / "exchange.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("EQ.xml", broken)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if 'rdf:ID="_tn2"' in text)
    renamed = tmp_path / "exchange.bin"  # an archive by its first bytes, whatever its name, as the reader knows it
    renamed.write_bytes(archive.read_bytes())
    for path in (archive, renamed):
        (report,) = validate_files([path], TINY)
        (finding,) = report.findings
        assert (finding.code, finding.path, finding.line, report.file) == ("missing-required", "_tn2", line, str(path))


def test_schemas_without_cim_classes_cannot_read_a_model(tmp_path: Path) -> None:
    (tmp_path / "model.xml").write_text(MODEL, encoding="utf-8")
    with pytest.raises(UsageError, match="define no CIM classes"):
        validate_files([tmp_path / "model.xml"], [REPO / "profiles" / "messages"])


def test_the_command_line_says_it_in_text_and_json(tmp_path: Path) -> None:
    (tmp_path / "model.xml").write_text(MODEL.replace(">380.000000<", ">380 kV<"), encoding="utf-8")
    schemas = [arg for path in TINY for arg in ("--schemas", str(path))]
    text = cimgen("validate", *schemas, str(tmp_path / "model.xml"))
    assert text.returncode == 1, text.stderr
    line = next(n for n, t in enumerate(MODEL.splitlines(), 1) if "BaseVoltage.nominalVoltage" in t)
    said = f"model.xml:{line}: error: [bad-value] _bv1: BaseVoltage.nominalVoltage: '380 kV' is not a number; kept"
    assert said in text.stdout
    as_json = cimgen("validate", *schemas, "--format", "json", str(tmp_path / "model.xml"))
    document = json.loads(as_json.stdout)
    assert document["valid"] is False and document["files"][0]["root"] == "rdf:RDF"
    # the reader kept the text and said so at the value's line; the check's same finding is not repeated
    findings = document["files"][0]["findings"]
    assert [(f["code"], f["line"]) for f in findings] == [("bad-value", line)]


def test_sparql_constraints_run_from_the_command_line_when_asked(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES.split("ex:TopologicalNode a")[0] + LOGICAL, encoding="utf-8")
    (tmp_path / "model.xml").write_text(MODEL.replace(">380.000000<", ">500.0<"), encoding="utf-8")
    schemas = [arg for path in [*TINY, shapes] for arg in ("--schemas", str(path))]
    plain = cimgen("validate", *schemas, str(tmp_path / "model.xml"))
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "[sparql-not-run]" in plain.stdout and "2 SPARQL constraints" in plain.stdout
    asked = cimgen("validate", *schemas, "--sparql", str(tmp_path / "model.xml"))
    assert asked.returncode == 1, asked.stdout + asked.stderr
    line = next(n for n, t in enumerate(MODEL.splitlines(), 1) if 'BaseVoltage rdf:ID="_bv1"' in t)
    said = f"model.xml:{line}: error: [http://example.com/shapes#voltage-sparql] _bv1: "
    assert said + "BaseVoltage.nominalVoltage: Above 400 kV. (value '500.0')" in asked.stdout
    assert "sparql-not-run" not in asked.stdout
