"""The dataclass emitter: what the generated classes are and do at run time."""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path
from types import ModuleType

import pytest

from cimgen import generate
from cimgen.emit.render import docstring
from tests.conftest import FIXTURES, import_fresh, run_tool


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ModuleType]:
    out = tmp_path_factory.mktemp("tiny")
    generate([FIXTURES / "tiny.rdf", FIXTURES / "tiny-second.rdf"], out=out, package="tiny")
    return out, import_fresh(out, "tiny")


def test_classes_inherit_and_unset_is_none_never_zero(tiny: tuple[Path, ModuleType]) -> None:
    _, package = tiny
    node = package.BaseVoltage(m_rid="bv-1")
    assert isinstance(node, package.IdentifiedObject)
    assert node.nominal_voltage is None
    assert node.topological_nodes == []
    assert package.BaseVoltage().topological_nodes is not node.topological_nodes
    with pytest.raises(TypeError):
        package.BaseVoltage("positional")


def test_fixed_values_are_defaults_of_the_right_type(tiny: tuple[Path, ModuleType]) -> None:
    _, package = tiny
    assert package.BaseVoltage().unit_of_record is package.UnitSymbol.V
    assert package.TinyTwoVersion().short_name == "TWO"


def test_references_are_objects_and_identity_classes_compare_by_identity(tiny: tuple[Path, ModuleType]) -> None:
    _, package = tiny
    voltage = package.BaseVoltage(m_rid="bv")
    node = package.TopologicalNode(m_rid="tn", base_voltage=voltage)
    voltage.topological_nodes.append(node)
    assert node.base_voltage is voltage
    assert package.BaseVoltage(m_rid="bv") != voltage
    assert "topological_nodes" not in repr(voltage)  # association ends stay out of repr: no cycles
    assert len({voltage, node}) == 2


def test_field_metadata_carries_the_cim_facts(tiny: tuple[Path, ModuleType]) -> None:
    _, package = tiny
    fields = {f.name: f.metadata for f in dataclasses.fields(package.TopologicalNode)}
    base_voltage = fields["base_voltage"]
    assert base_voltage["iri"] == "http://example.com/cim#TopologicalNode.BaseVoltage"
    assert base_voltage["cim_name"] == "BaseVoltage"
    assert base_voltage["multiplicity"] == "1..1"
    assert base_voltage["inverse"] == "http://example.com/cim#BaseVoltage.TopologicalNodes"
    assert base_voltage["used"] is True
    assert base_voltage["kind"] == "association"
    assert fields["m_rid"]["profiles"] == ("TINY", "TWO")
    assert fields["m_rid"]["multiplicity"] == "0..1"  # TWO widens TINY's 1..1
    assert package.TopologicalNode.__cim_iri__ == "http://example.com/cim#TopologicalNode"
    assert package.IdentifiedObject.__cim_abstract__ is False  # TWO does not mark concreteness


def test_enumerations_are_real_enums_with_cim_member_names(tiny: tuple[Path, ModuleType]) -> None:
    _, package = tiny
    multiplier = package.UnitMultiplier
    assert issubclass(multiplier, enum.Enum)
    assert multiplier.m is not multiplier.M
    assert multiplier("k") is multiplier.k
    assert [m.name for m in package.UnitSymbol] == ["V", "W", "l_", "none"]
    assert package.UnitSymbol("l") is package.UnitSymbol.l_


def test_datatypes_carry_unit_and_multiplier(tiny: tuple[Path, ModuleType]) -> None:
    _, package = tiny
    value = package.Voltage(230.5)
    assert value == 230.5 and isinstance(value, float)
    assert package.Voltage.unit is package.UnitSymbol.V
    assert package.Voltage.multiplier is package.UnitMultiplier.k


def test_docstrings_come_from_comments_escaped(tiny: tuple[Path, ModuleType]) -> None:
    _, package = tiny
    doc = package.IdentifiedObject.__doc__ or ""
    assert 'It has a "quoted" word and a back\\slash.' in doc
    assert "Profiles: TINY, TWO" in doc


def test_docstring_wrapping_keeps_paragraphs_and_escapes_quotes() -> None:
    text = docstring('First paragraph is here.\n\nSecond one ends with a "quote"', indent=4)
    assert text == 'First paragraph is here.\n\n    Second one ends with a "quote" '
    assert docstring("", fallback="Nothing.") == "Nothing."
    assert '\\"\\"\\"' in docstring('Has """ inside')


def test_the_generated_package_passes_ruff_and_mypy_strict(tiny: tuple[Path, ModuleType]) -> None:
    out, _ = tiny
    lint = run_tool("ruff", "check", "--no-cache", "--isolated", "--line-length", "120", "tiny", cwd=out)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    formatted = run_tool(
        "ruff", "format", "--check", "--no-cache", "--isolated", "--line-length", "120", "tiny", cwd=out
    )
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    typed = run_tool("mypy", "--strict", "--no-incremental", "tiny", cwd=out)
    assert typed.returncode == 0, typed.stdout + typed.stderr


def test_user_templates_override_built_in_ones(tmp_path: Path) -> None:
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "enum_module.py.jinja").write_text('"""Custom {{ view.name }}."""\n')
    generate([FIXTURES / "tiny.rdf"], out=tmp_path / "out", package="custom", template_dirs=[custom])
    assert (tmp_path / "out" / "custom" / "unit_symbol.py").read_text() == '"""Custom UnitSymbol."""\n'
    assert "class BaseVoltage" in (tmp_path / "out" / "custom" / "base_voltage.py").read_text()
