"""Real inputs from ../shared/corpus: every profile set generates, imports, type-checks and instantiates."""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path
from types import ModuleType

import pytest

from cimgen import generate, inspect, load_graph
from cimgen.errors import InputError
from tests.conftest import corpus_path, import_all_modules, run_tool

PROFILE_SETS: dict[str, str | tuple[str, ...]] = {
    "cgmes_2_4_15": "cimgen-cgmes/CGMES_2.4.15_27JAN2020",
    "cgmes_3_0_0": "cimgen-cgmes/CGMES_3.0.0",
    "pnnl_cimhub_2023": "pnnl-cimgraph-profiles/cimhub_2023.rdfs",
    "pnnl_rc4_2021": "pnnl-cimgraph-profiles/rc4_2021.rdfs",
    "cgmes3_ap_voc": "inst4cim-cgmes3-variants/RDFS2020",
    "cgmes3_turtle": "inst4cim-cgmes3-variants/ttl-improved",
    "part9_aimir": "aimir-iesco-61968-9-ed2",
    "part9_openwms": "openwms-epri-61968-9/xsd",
    "espi_0_7": "openespi-greenbutton/espi-0.7.20190210",
    "espi_3_3_1": "openespi-greenbutton/espi-v3.3.1",
    # v4.0 imports the Atom schema, which its folder lacks: the v3.3.1 folder's copy serves.
    "espi_4_0": ("openespi-greenbutton/espi-v4.0", "openespi-greenbutton/espi-v3.3.1/atom.xsd"),
}


@pytest.fixture(scope="module", params=sorted(PROFILE_SETS))
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    package: str = request.param
    wanted = PROFILE_SETS[package]
    sources = [corpus_path(path) for path in ((wanted,) if isinstance(wanted, str) else wanted)]
    out = tmp_path_factory.mktemp(package)
    generate(sources, out=out, package=package)
    return package, out


def _instantiate_everything(modules: list[ModuleType]) -> int:
    made = 0
    things = {id(t): t for m in modules for t in vars(m).values() if isinstance(t, type) and t.__module__ == m.__name__}
    for thing in things.values():
        if isinstance(thing, type) and issubclass(thing, enum.Enum):
            assert all(thing(member.value) is member for member in thing)
        elif dataclasses.is_dataclass(thing) and isinstance(thing, type):
            instance = thing()
            assert all(
                getattr(instance, f.name) in (None, []) or f.metadata.get("fixed") for f in dataclasses.fields(thing)
            )
            made += 1
        elif isinstance(thing, type) and hasattr(thing, "unit"):
            assert thing(1) == 1
            made += 1
    return made


def test_every_module_imports_and_every_class_instantiates(generated: tuple[str, Path]) -> None:
    package, out = generated
    modules = import_all_modules(out, package)
    assert len(modules) > 50
    assert _instantiate_everything(modules) > 50


def test_generated_code_passes_ruff_and_mypy_strict(generated: tuple[str, Path]) -> None:
    package, out = generated
    lint = run_tool("ruff", "check", "--no-cache", "--isolated", "--line-length", "120", package, cwd=out)
    assert lint.returncode == 0, lint.stdout[-3000:]
    typed = run_tool("mypy", "--strict", "--no-incremental", "--cache-dir", str(out / ".mypy"), package, cwd=out)
    assert typed.returncode == 0, typed.stdout[-3000:]


def test_the_different_spellings_of_cgmes_3_agree() -> None:
    """RDFS2020 as vendored by CIMgen, the AP-Voc edition and the Turtle rendering describe the same EQ classes."""
    vendored = inspect(
        [corpus_path("cimgen-cgmes/CGMES_3.0.0/IEC61970-600-2_CGMES_3_0_0_RDFS2020_EQ.rdf")], "ACLineSegment"
    )
    ap_voc = inspect(
        [corpus_path("inst4cim-cgmes3-variants/RDFS2020/61970-600-2_Equipment-AP-Voc-RDFS2020_v3-0-0.rdf")],
        "ACLineSegment",
    )
    turtle = inspect([corpus_path("inst4cim-cgmes3-variants/ttl-improved")], "ACLineSegment")
    assert vendored.class_facts is not None and ap_voc.class_facts is not None and turtle.class_facts is not None
    names = {facts["name"] for facts in vendored.class_facts["attributes"]}
    assert names == {facts["name"] for facts in ap_voc.class_facts["attributes"]}
    assert names == {facts["name"] for facts in turtle.class_facts["attributes"]}
    assert (
        vendored.class_facts["superclasses"] == ap_voc.class_facts["superclasses"] == turtle.class_facts["superclasses"]
    )


def test_a_schema_set_without_the_schema_it_imports_is_an_error_naming_the_import() -> None:
    folder = corpus_path("openespi-greenbutton/espi-v4.0")
    with pytest.raises(InputError, match=r"xs:import of http://www\.w3\.org/2005/Atom \(atom\.xsd\)") as caught:
        load_graph([folder])
    assert caught.value.file is not None and caught.value.file.endswith(".xsd") and caught.value.line
