"""Generated validators on a schema with facets: each broken facet is found, as xmlschema finds it."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from cimgen.api import generate
from tests.conftest import FIXTURES, import_fresh, run_tool

SCHEMA = FIXTURES / "facets.xsd"
VALID = (
    b'<f:Sample xmlns:f="http://example.com/facets#" id="ABC1"><f:code>XYZ12</f:code><f:percent>99.5</f:percent>'
    b"<f:count>255</f:count><f:tag>ABC123</f:tag><f:tag>QRS99</f:tag></f:Sample>"
)


@pytest.fixture(scope="module")
def facets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ModuleType]:
    out = tmp_path_factory.mktemp("facets")
    generate([SCHEMA], out=out, package="facets")
    return out, import_fresh(out, "facets")


def _findings(package: ModuleType, data: bytes) -> list[tuple[str, str]]:
    issues: list = []
    document = package._xmlcodec.read_xml(data, issues=issues)
    return [(i.code, i.path) for i in issues if i.code != "bad-value"] + [(i.code, i.path) for i in document.validate()]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (b"XYZ12", b"XYZ1234", [("facet", "/Sample/code")]),  # maxLength 6
        (b"XYZ12", b"xyz12", [("facet", "/Sample/code")]),  # pattern
        (b"99.5", b"100.5", [("facet", "/Sample/percent")]),  # maxInclusive
        (b"99.5", b"99.25", [("facet", "/Sample/percent")]),  # fractionDigits
        (b"99.5", b"-1", [("facet", "/Sample/percent")]),  # minInclusive
        (b"255", b"256", [("facet", "/Sample/count")]),  # unsignedByte
        (b"QRS99", b"QRS9", [("facet", "/Sample/tag[2]")]),  # minLength, on top of the base type's facets
        (b"ABC123", b"ABC1234", [("facet", "/Sample/tag[1]")]),  # the base type's maxLength, inherited
        (b'id="ABC1"', b'id="A"', [("facet", "/Sample/@id")]),
        (b' id="ABC1"', b"", [("missing-attribute", "/Sample/@id")]),
        (b"<f:tag>QRS99</f:tag>", b"<f:tag>QRS99</f:tag><f:tag>QRS98</f:tag>", [("too-many", "/Sample/tag")]),
        (b"255", b"many", [("bad-value", "/Sample/count")]),
    ],
)
def test_each_broken_facet_is_found_where_xmlschema_finds_one(
    facets: tuple[Path, ModuleType], old: bytes, new: bytes, expected: list[tuple[str, str]]
) -> None:
    _, package = facets
    assert _findings(package, VALID) == []
    broken = VALID.replace(old, new, 1)
    assert _findings(package, broken) == expected
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(SCHEMA))
    assert schema.is_valid(VALID) and not schema.is_valid(broken)


def test_objects_built_in_code_are_checked_for_their_types(facets: tuple[Path, ModuleType]) -> None:
    _, package = facets
    sample = package.facets.Sample(id="ABC1", count=True, percent=3.5, tag=["ABC12", 7])  # type: ignore[list-item]
    found = {(i.code, i.path) for i in sample.validate()}
    # a bool is not an unsignedByte, a float not a decimal (Decimal keeps the digits), 7 not a string
    assert found == {("bad-type", "/Sample/count"), ("bad-type", "/Sample/percent"), ("bad-type", "/Sample/tag[2]")}


def test_the_validator_modules_pass_ruff_and_mypy_strict(facets: tuple[Path, ModuleType]) -> None:
    out, _ = facets
    assert (
        run_tool("ruff", "check", "--no-cache", "--isolated", "--line-length", "120", "facets", cwd=out).returncode == 0
    )
    assert run_tool("mypy", "--strict", "--cache-dir", "/dev/null", "facets", cwd=out).returncode == 0
