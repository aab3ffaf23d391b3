"""Real CGMES models (../shared/corpus/cgmes-instances) read into the generated classes and written back.

Every model, file by file, must come back as the same RDF graph (the same triples, headers
included) in the same split into profile documents. Graphs are compared with rdflib, except
RealGrid (86.5 MB), which rdflib takes minutes to parse: its files are compared with cimgen's
own RDF/XML statement reader (cimgen/readers/rdfxml.py, independent of the runtime reader and
cross-checked against rdflib in tests/readers/test_rdfxml.py).
"""

from __future__ import annotations

import importlib
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
import rdflib
from lxml import etree

from cimgen import generate
from cimgen.readers.rdfxml import read_rdfxml
from tests.conftest import SAFE_PARSER, corpus_path, import_fresh

BASE = "http://cimgen.test/model"
INSTANCES = "cgmes-instances"
MODELS = {
    "cgmes3-microgrid": (
        "cgmes3",
        ["cgmes-3.0-microgrid-be/MicroGrid-BE-MAS", "cgmes-3.0-microgrid-be/MicroGrid-BD-MAS"],
    ),
    "cgmes3-relicap": (
        "cgmes3",
        ["cgmes-3.0-relicap-svedala/IGM_Svedala", "cgmes-3.0-relicap-svedala/CommonAndBoundaryData"],
    ),
    "cgmes2-microgrid": (
        "cgmes2",
        [
            "cgmes-2.4.15-microgrid-be/CGMES_v2.4.15_MicroGridTestConfiguration_BC_BE_v2",
            "cgmes-2.4.15-microgrid-be/CGMES_v2.4.15_MicroGridTestConfiguration_BD_v2",
        ],
    ),
    "cgmes2-smallgrid": (
        "cgmes2",
        [
            "cgmes-2.4.15-smallgrid-nodebreaker/CGMES_v2.4.15_SmallGridTestConfiguration_BaseCase_Complete_v3.0.0",
            "cgmes-2.4.15-smallgrid-nodebreaker/CGMES_v2.4.15_SmallGridTestConfiguration_Boundary_v3.0.0",
        ],
    ),
    "cgmes2-relicap-boundaries": ("cgmes2", ["cgmes-3.0-relicap-svedala/CommonAndBoundaryData/CGMES_2-4"]),
    "cgmes2-difference-models": ("cgmes2", ["cgmes-difference-models/Type1_T1/BE_Difference_v2"]),
}
PROFILES = {"cgmes3": "cimgen-cgmes/CGMES_3.0.0", "cgmes2": "cimgen-cgmes/CGMES_2.4.15_27JAN2020"}


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    """The CGMES 2.4.15 and 3.0 packages, generated once for the module."""
    found = {}
    for package, profile in PROFILES.items():
        out = tmp_path_factory.mktemp(package)
        generate([corpus_path(profile)], out=out, package=package)
        import_fresh(out, package)
        found[package] = importlib.import_module(f"{package}.cimxml")
    return found


def _rdflib_triples(data: bytes) -> set[tuple[object, object, object]]:
    graph = rdflib.Graph()
    graph.parse(data=data, format="xml", publicID=BASE)
    return set(graph)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_corpus_model_comes_back_file_by_file(name: str, packages: dict[str, ModuleType], tmp_path: Path) -> None:
    package, folders = MODELS[name]
    sources = [corpus_path(f"{INSTANCES}/{folder}") for folder in folders]
    cimxml = packages[package]
    model = cimxml.read(sources)
    assert not [f for f in model.findings if f.severity == "error"], model.findings[:5]
    written = {path.name: path for path in cimxml.write(model, tmp_path)}
    originals = {path.name: path for folder in sources for path in sorted(folder.glob("*.xml"))}
    assert sorted(written) == sorted(originals)  # the same split into documents
    for file_name, original in originals.items():
        expected = _rdflib_triples(original.read_bytes())
        assert _rdflib_triples(written[file_name].read_bytes()) == expected, file_name
        assert expected  # a document with something in it, header at least


def test_the_difference_models_are_kept_whole_and_reported(packages: dict[str, ModuleType]) -> None:
    folder = corpus_path(f"{INSTANCES}/{MODELS['cgmes2-difference-models'][1][0]}")
    model = packages["cgmes2"].read(folder)
    assert len(model) == 0 and {f.code for f in model.findings} == {"kept-element"}
    assert all(
        f.message.startswith("{http://iec.ch/TC57/61970-552/DifferenceModel/1#}DifferenceModel") for f in model.findings
    )


def test_a_model_of_the_other_cgmes_version_is_refused_naming_the_file(packages: dict[str, ModuleType]) -> None:
    folder = corpus_path(f"{INSTANCES}/cgmes-3.0-relicap-svedala/CommonAndBoundaryData/CGMES_2-4")
    with pytest.raises(
        packages["cgmes3"].CimReadError,
        match=r"Boundary_Border-.*_CGMES_2-4\.xml: a CIM model in the namespace http://iec\.ch/TC57/2013/CIM-schema-cim16#",
    ):
        packages["cgmes3"].read(folder)


def _statements(data: bytes, tmp_path: Path) -> set[tuple[str, str, str, bool]]:
    path = tmp_path / "statements.xml"
    path.write_bytes(data)
    index = read_rdfxml(path, path.name)
    return {
        (subject.rpartition("#")[2] if "#" in subject else subject, predicate, term.value, term.is_iri)
        for subject, description in index.items()
        for predicate, terms in description.values.items()
        for term in terms
    }


def test_realgrid_comes_back_file_by_file(packages: dict[str, ModuleType], tmp_path: Path) -> None:
    archive = corpus_path(f"{INSTANCES}/cgmes-2.4.15-realgrid/CGMES_v2.4.15_RealGridTestConfiguration_v2.zip")
    cimxml = packages["cgmes2"]
    model = cimxml.read(archive)
    assert len(model) == 149_162 and not model.findings
    written = {path.name: path for path in cimxml.write(model, tmp_path / "out")}
    with zipfile.ZipFile(archive) as zipped:
        names = sorted(n for n in zipped.namelist() if n.endswith(".xml"))
        assert sorted(written) == names
        for name in names:
            expected = _statements(zipped.read(name), tmp_path)
            assert _statements(written[name].read_bytes(), tmp_path) == expected, name


def test_headers_say_what_each_document_is(packages: dict[str, ModuleType]) -> None:
    folder = corpus_path(f"{INSTANCES}/cgmes-3.0-microgrid-be/MicroGrid-BE-MAS")
    model = packages["cgmes3"].read(folder / "20210325T1530Z_1D_BE_SSH_001.xml")
    header = model.documents[0]
    assert header.model_id == "urn:uuid:1b092ff0-f8a0-49da-82d3-75eff5f1e820"
    assert header.profiles == ["http://iec.ch/TC57/ns/CIM/SteadyStateHypothesis-EU/3.0"]
    assert (header.created, header.scenario_time) == ("2021-03-25T23:16:27Z", "2021-03-25T15:30:00Z")
    assert header.dependent_on == ["urn:uuid:095c6b30-255d-40d5-85fe-2c9fe6c9846d"] and header.supersedes == []
    assert header.modeling_authority_set == "http://elia.be/CGMES" and header.version == "001"


MICROGRID3 = ["cgmes-3.0-microgrid-be/MicroGrid-BE-MAS", "cgmes-3.0-microgrid-be/MicroGrid-BD-MAS"]
_RDF_ID = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}ID"
_MRID = "{http://iec.ch/TC57/CIM100#}IdentifiedObject.mRID"


def _shared_mrids(folders: list[Path]) -> list[str]:
    """The rdf:IDs of objects whose mRID an object before them already has, found with lxml alone."""
    seen: set[str] = set()
    shared = []
    for folder in folders:
        for path in sorted(folder.glob("*.xml")):
            for element in etree.parse(str(path), SAFE_PARSER).getroot():
                mrid = element.findtext(_MRID)
                if mrid is not None and element.get(_RDF_ID):
                    if mrid in seen:
                        shared.append(element.get(_RDF_ID, ""))
                    seen.add(mrid)
    return shared


def test_the_cgmes3_microgrid_breaks_one_profile_rule_a_shared_mrid(packages: dict[str, ModuleType]) -> None:
    folders = [corpus_path(f"{INSTANCES}/{folder}") for folder in MICROGRID3]
    findings = packages["cgmes3"].read(folders).validate()
    assert [(f.code, f.object) for f in findings] == [("duplicate-mrid", key) for key in _shared_mrids(folders)]
    assert len(findings) == 1 and findings[0].file.endswith("20171002T0930Z_ENTSO-E_EQ_BD_2.xml")


def _mutated_microgrid(tmp_path: Path, file_part: str, old: str, new: str) -> list[Path]:
    """A copy of the CGMES 3.0 MicroGrid with one text replaced, once, in the document named ``file_part``."""
    copies = []
    for folder in MICROGRID3:
        source = corpus_path(f"{INSTANCES}/{folder}")
        copy = tmp_path / source.name
        copy.mkdir()
        for path in source.glob("*.xml"):
            text = path.read_text(encoding="utf-8")
            if file_part in path.name:
                assert old in text, (old, path.name)
                text = text.replace(old, new, 1)
            (copy / path.name).write_text(text, encoding="utf-8")
        copies.append(copy)
    return copies


def _new_findings(cimxml: ModuleType, folders: list[Path]) -> list[tuple[str, str | None, str]]:
    return [(f.code, f.object, f.message) for f in cimxml.read(folders).validate() if f.code != "duplicate-mrid"]


def test_a_line_without_its_required_resistance_is_found(packages: dict[str, ModuleType], tmp_path: Path) -> None:
    eq = corpus_path(f"{INSTANCES}/{MICROGRID3[0]}/20210325T1530Z_1D_BE_EQ_001.xml")
    line = next(e for e in etree.parse(str(eq), SAFE_PARSER).getroot() if e.tag.endswith("}ACLineSegment"))
    resistance = line.find("{http://iec.ch/TC57/CIM100#}ACLineSegment.r")
    assert resistance is not None
    old = f"<cim:ACLineSegment.r>{resistance.text}</cim:ACLineSegment.r>"
    folders = _mutated_microgrid(tmp_path, "_BE_EQ_", old, "")
    assert _new_findings(packages["cgmes3"], folders) == [
        ("missing-required", line.get(_RDF_ID), "ACLineSegment.r is required")
    ]


def test_a_terminal_on_a_base_voltage_is_found(packages: dict[str, ModuleType], tmp_path: Path) -> None:
    eq = corpus_path(f"{INSTANCES}/{MICROGRID3[0]}/20210325T1530Z_1D_BE_EQ_001.xml")
    root = etree.parse(str(eq), SAFE_PARSER).getroot()
    terminal = next(e for e in root if e.find("{http://iec.ch/TC57/CIM100#}Terminal.ConnectivityNode") is not None)
    node = terminal.find("{http://iec.ch/TC57/CIM100#}Terminal.ConnectivityNode")
    base_voltage = next(e for e in root if e.tag.endswith("}BaseVoltage"))
    assert node is not None
    resource = node.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}resource")
    old = f'<cim:Terminal.ConnectivityNode rdf:resource="{resource}"'
    new = f'<cim:Terminal.ConnectivityNode rdf:resource="#{base_voltage.get(_RDF_ID)}"'
    folders = _mutated_microgrid(tmp_path, "_BE_EQ_", old, new)
    assert _new_findings(packages["cgmes3"], folders) == [
        (
            "wrong-class",
            terminal.get(_RDF_ID),
            f"Terminal.ConnectivityNode names {base_voltage.get(_RDF_ID)}, a BaseVoltage, not a ConnectivityNode",
        )
    ]


def test_a_reactance_that_is_not_a_number_is_found(packages: dict[str, ModuleType], tmp_path: Path) -> None:
    eq = corpus_path(f"{INSTANCES}/{MICROGRID3[0]}/20210325T1530Z_1D_BE_EQ_001.xml")
    line = next(e for e in etree.parse(str(eq), SAFE_PARSER).getroot() if e.tag.endswith("}ACLineSegment"))
    reactance = line.findtext("{http://iec.ch/TC57/CIM100#}ACLineSegment.x")
    old = f"<cim:ACLineSegment.x>{reactance}</cim:ACLineSegment.x>"
    folders = _mutated_microgrid(tmp_path, "_BE_EQ_", old, "<cim:ACLineSegment.x>1,5</cim:ACLineSegment.x>")
    assert _new_findings(packages["cgmes3"], folders) == [
        ("bad-value", line.get(_RDF_ID), "ACLineSegment.x: '1,5' is not a number")
    ]


def test_numbers_are_read_as_numbers_where_the_profile_says_so(packages: dict[str, ModuleType]) -> None:
    """Integer, Float and Boolean properties (CIM primitives, no datatype class) hold int, float and bool."""
    folders = [corpus_path(f"{INSTANCES}/{folder}") for folder in MICROGRID3]
    cimxml = packages["cgmes3"]
    model = cimxml.read(folders)
    expected = {2: int, 1: float, 4: bool}  # the runtime's value kinds: integer, float, boolean
    seen: dict[type, int] = {}
    for obj in model:
        for field in model.schema.spec_of(type(obj)).ordered:
            value = getattr(obj, field.name)
            if field.kind in expected and value is not None and not field.many:
                assert isinstance(value, expected[field.kind]), (model.id_of(obj), field.name, value)
                seen[expected[field.kind]] = seen.get(expected[field.kind], 0) + 1
    terminal = model.find("_62fc0a4e-00aa-4bf7-b1a0-3a5b2c0b5492")
    assert terminal is not None and terminal.sequence_number == 1  # written <cim:ACDCTerminal.sequenceNumber>1<
    assert seen[int] > 40 and seen[float] > 100 and seen[bool] > 10
