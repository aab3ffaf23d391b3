"""CIM names into Python identifiers."""

from __future__ import annotations

import keyword

import pytest

from cimgen import naming


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
