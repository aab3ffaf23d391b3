"""Names made once: CIM and XSD names into safe, unique Python identifiers.

Every emitter takes its names from the records that the naming pass filled with
these functions, so a name is escaped in exactly one place.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from cimgen.graph.records import ProfileRecord
from cimgen.provenance import profile_version

# Names a generated module must not shadow or reuse for its own purposes.
_RESERVED_FIELD_NAMES = frozenset({"self", "cls", "field", "dataclass", "annotations"})
# Names linters reject as ambiguous (pycodestyle E741): l, O and I look like 1 and 0.
AMBIGUOUS_NAMES = frozenset({"l", "O", "I"})
# Standard modules a generated module imports, and the generated package's own ``codes`` module.
_RESERVED_MODULE_NAMES = frozenset(
    {"__init__", "__main__", "typing", "enum", "dataclasses", "datetime", "decimal", "codes"}
)
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_IDENTIFIER = re.compile(r"\W+")


def _ascii_word(text: str) -> str:
    """Strip accents and turn every run of non-identifier characters into one underscore."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    return _NON_IDENTIFIER.sub("_", ascii_only).strip("_")


def safe_identifier(text: str, fallback: str = "value") -> str:
    """Make any text a valid Python identifier without changing a valid one.

    Keywords (and soft keywords such as ``match`` are fine) get a trailing underscore;
    a leading digit gets a leading underscore; empty text becomes ``fallback``.
    """
    name = text if text.isidentifier() and text.isascii() else _ascii_word(text)
    if not name:
        name = fallback
    if name[0].isdigit():
        name = "_" + name
    if keyword.iskeyword(name):
        name += "_"
    return name


def snake_case(text: str) -> str:
    """``mRID`` -> ``m_rid``, ``ACDCTerminal`` -> ``acdc_terminal``, ``BaseVoltage`` -> ``base_voltage``."""
    words = _WORD_BOUNDARY.sub("_", _ascii_word(text))
    return re.sub(r"_+", "_", words).lower()


def class_name(cim_name: str) -> str:
    """A Python class name for a CIM type: the CIM name itself, made safe."""
    name = safe_identifier(cim_name, "Type")
    return name[0].upper() + name[1:] if name[0].islower() else name


def field_name(cim_name: str) -> str:
    """A Python field name for a CIM attribute or role: snake case, made safe."""
    name = safe_identifier(snake_case(cim_name), "value")
    return name + "_" if name in _RESERVED_FIELD_NAMES or name in AMBIGUOUS_NAMES else name


def module_name(cim_name: str) -> str:
    """A Python module name for a CIM type: snake case, made safe."""
    name = safe_identifier(snake_case(cim_name), "module")
    return name + "_" if name in _RESERVED_MODULE_NAMES else name


def enum_member_name(cim_name: str) -> str:
    """A Python enum member name for a CIM literal: the literal itself, made safe.

    CIM literal names stay as they are, so that ``UnitMultiplier.m`` (milli) and
    ``UnitMultiplier.M`` (mega) remain two members; only names Python or linters
    reject change (``None_``, ``l_``). The member's value is always the CIM name.
    """
    name = safe_identifier(cim_name, "value")
    if name.startswith("_") and not name.lstrip("_")[:1].isdigit():
        name = "value" + name
    return name + "_" if name in AMBIGUOUS_NAMES else name


def make_unique(
    names: Iterable[tuple[str, str]], taken: Iterable[str] = (), preferred: Iterable[str] = ()
) -> dict[str, str]:
    """Give every key a unique name, in key order, appending ``_2``, ``_3``... on clashes.

    Args:
        names: (key, wanted name) pairs; keys are IRIs, so the result is deterministic.
        taken: Names already in use that no key may get.
        preferred: Keys that choose first (those whose source is spelled as the name they want),
            so that ``Unit`` keeps ``Unit`` and ``Ünit`` becomes ``Unit_2``, whatever their order.

    Returns:
        The unique name of every key.
    """
    used = set(taken)
    unique: dict[str, str] = {}
    first = set(preferred)
    for key, wanted in sorted(names, key=lambda pair: (pair[0] not in first, pair)):
        candidate = wanted
        counter = 2
        while candidate in used:
            candidate = f"{wanted}_{counter}"
            counter += 1
        used.add(candidate)
        unique[key] = candidate
    return unique


def default_package_name(profiles: Sequence[ProfileRecord], given: Sequence[Path], first_file: Path) -> tuple[str, str]:
    """A short package name from what the inputs say they are, and what it was taken from.

    A profile set that names itself (every document is CGMES) gives ``<set>_<version>``
    (``cgmes_3_0_0``), with the version most of its documents carry; inputs that are all
    one profile give its name (``end_device_controls``); one folder given, its name; anything
    else the first file's name.
    """
    families = {profile.family for profile in profiles}
    if len(families) == 1 and None not in families:
        family = str(families.pop())
        version = profile_version(profiles)
        label = f"{family} {version}" if version != "0" else family
        return module_name(label), f"the profile set {label}"
    names = {profile.name for profile in profiles}
    if len(names) == 1:
        name = names.pop()
        return module_name(name), f"the profile {name}"
    if len(given) == 1 and given[0].is_dir():
        folder = given[0].resolve().name
        return module_name(folder), f"the folder {folder}"
    return module_name(first_file.stem), f"the first input file, {first_file.name}"
