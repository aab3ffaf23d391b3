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

from cimgen import generate
from cimgen.readers.rdfxml import read_rdfxml
from tests.conftest import corpus_path, import_fresh

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
