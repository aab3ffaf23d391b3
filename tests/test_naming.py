"""CIM names into Python identifiers."""

from __future__ import annotations

import keyword
from pathlib import Path

import pytest

from cimgen import naming
from cimgen.graph.records import ProfileRecord
from cimgen.naming import default_package_name


@pytest.mark.parametrize(
    ("cim", "snake"),
    [
        ("mRID", "m_rid"),
        ("ACDCTerminal", "acdc_terminal"),
        ("BaseVoltage", "base_voltage"),
        ("r0", "r0"),
        ("kWh", "k_wh"),
        ("IEC61970CIMVersion", "iec61970_cim_version"),
    ],
)
def test_snake_case(cim: str, snake: str) -> None:
    assert naming.snake_case(cim) == snake


@pytest.mark.parametrize("text", ["class", "None", "lambda", "1st", "", "with space", "Ünïcode-name", "l", "O"])
def test_every_field_name_is_a_usable_identifier(text: str) -> None:
    name = naming.field_name(text)
    assert name.isidentifier() and name.isascii()
    assert not keyword.iskeyword(name)
    assert name not in naming.AMBIGUOUS_NAMES


def test_enum_members_keep_the_cim_spelling_when_they_can() -> None:
    assert naming.enum_member_name("kWh") == "kWh"
    assert naming.enum_member_name("M") == "M"
    assert naming.enum_member_name("True") == "True_"
    assert naming.enum_member_name("_private") == "value_private"


def test_make_unique_is_deterministic_by_key_whatever_the_input_order() -> None:
    pairs = [("iri:b", "name"), ("iri:a", "name"), ("iri:c", "taken")]
    assert naming.make_unique(pairs, taken={"taken"}) == naming.make_unique(list(reversed(pairs)), taken={"taken"})
    assert naming.make_unique(pairs, taken={"taken"}) == {"iri:a": "name", "iri:b": "name_2", "iri:c": "taken_2"}


def test_preferred_keys_choose_first() -> None:
    from cimgen import naming

    assert naming.make_unique([("b", "Unit"), ("a", "Unit")]) == {"a": "Unit", "b": "Unit_2"}
    assert naming.make_unique([("b", "Unit"), ("a", "Unit")], preferred={"b"}) == {"b": "Unit", "a": "Unit_2"}


def _profile(name: str, version: str | None = None, family: str | None = None) -> ProfileRecord:
    return ProfileRecord(name=name, file=f"{name}.rdf", version=version, family=family)


def test_a_profile_set_that_names_itself_gives_set_and_version() -> None:
    profiles = [_profile("EQ", "3.0.0", "CGMES"), _profile("SSH", "3.0.0", "CGMES"), _profile("DY", "1.0.0", "CGMES")]
    assert default_package_name(profiles, [Path("anything")], Path("EQ.rdf")) == (
        "cgmes_3_0_0",
        "the profile set CGMES 3.0.0",
    )


def test_one_profile_gives_its_name_and_a_mixed_set_its_folder_or_first_file(tmp_path: Path) -> None:
    single = [_profile("EndDeviceControls", "1.0")]
    assert default_package_name(single, [Path("x.owl")], Path("x.owl"))[0] == "end_device_controls"
    mixed = [_profile("EQ", "3.0.0", "CGMES"), _profile("Tiny")]
    assert default_package_name(mixed, [tmp_path], Path("a.rdf")) == (
        naming.module_name(tmp_path.name),
        f"the folder {tmp_path.name}",
    )
    assert default_package_name(mixed, [Path("a.rdf"), Path("b.rdf")], Path("a.rdf")) == (
        "a",
        "the first input file, a.rdf",
    )
