"""Checks of a CIM model against the rules its profile states (``model.validate()``).

The small profile of tests/fixtures requires ``IdentifiedObject.mRID`` and
``TopologicalNode.BaseVoltage`` (1..1), and pairs ``TopologicalNode.BaseVoltage`` with
``BaseVoltage.TopologicalNodes``. Each test breaks one rule of a valid model and checks
that exactly that finding appears.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from tests.runtime.test_cimxml import MODEL


def _findings(tiny: ModuleType, text: str, tmp_path: Path) -> list[tuple[str, str | None, str]]:
    path = tmp_path / "model.xml"
    path.write_text(text, encoding="utf-8")
    model = tiny.read(path)
    return [(f.code, f.object, f.message) for f in model.validate()]


def test_a_valid_model_has_no_findings(tiny: ModuleType, tmp_path: Path) -> None:
    assert _findings(tiny, MODEL, tmp_path) == []


def test_a_missing_required_property(tiny: ModuleType, tmp_path: Path) -> None:
    broken = MODEL.replace(
        '    <cim:TopologicalNode.BaseVoltage rdf:resource="#_bv1"/>\n  </cim:TopologicalNode>\n</rdf',
        "  </cim:TopologicalNode>\n</rdf",
    )
    assert broken != MODEL
    assert _findings(tiny, broken, tmp_path) == [
        ("missing-required", "_tn2", "TopologicalNode.BaseVoltage is required")
    ]


def test_a_shared_mrid(tiny: ModuleType, tmp_path: Path) -> None:
    broken = MODEL.replace("<cim:IdentifiedObject.mRID>tn2<", "<cim:IdentifiedObject.mRID>tn1<")
    assert _findings(tiny, broken, tmp_path) == [("duplicate-mrid", "_tn2", "mRID 'tn1' is also the mRID of _tn1")]


def test_a_value_that_is_not_of_its_datatype(tiny: ModuleType, tmp_path: Path) -> None:
    broken = MODEL.replace(">380.000000<", ">380 kV<")
    assert _findings(tiny, broken, tmp_path) == [
        ("bad-value", "_bv1", "BaseVoltage.nominalVoltage: '380 kV' is not a number")
    ]


def test_a_reference_to_an_object_of_another_class(tiny: ModuleType, tmp_path: Path) -> None:
    broken = MODEL.replace(
        '<cim:TopologicalNode.BaseVoltage rdf:resource="#_bv1"/>\n  </cim:TopologicalNode>\n</rdf',
        '<cim:TopologicalNode.BaseVoltage rdf:resource="#_tn1"/>\n  </cim:TopologicalNode>\n</rdf',
    )
    assert broken != MODEL
    assert _findings(tiny, broken, tmp_path) == [
        ("wrong-class", "_tn2", "TopologicalNode.BaseVoltage names _tn1, a TopologicalNode, not a BaseVoltage")
    ]


def test_a_reference_to_an_object_no_document_defines(tiny: ModuleType, tmp_path: Path) -> None:
    broken = MODEL.replace(
        'rdf:resource="#_bv1"/>\n  </cim:TopologicalNode>\n</rdf',
        'rdf:resource="#_bv9"/>\n  </cim:TopologicalNode>\n</rdf',
    )
    assert [(code, obj) for code, obj, _ in _findings(tiny, broken, tmp_path)] == [("unresolved-reference", "_tn2")]


def test_edits_in_python_are_checked_too(tiny: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "model.xml"
    path.write_text(MODEL, encoding="utf-8")
    model = tiny.read(path)
    package = importlib.import_module(tiny.__name__.rpartition(".")[0])
    base_voltage = model.get(package.BaseVoltage, "_bv1")
    second = model.get(package.TopologicalNode, "_tn2")
    base_voltage.topological_nodes.remove(second)  # one end of the association only
    base_voltage.unit_of_record = "V"  # text where an enumeration literal belongs
    model.add(package.TopologicalNode(), "_tn3")  # made in Python: held to every required property
    found = [(f.code, f.object, f.message) for f in model.validate()]
    assert found == [
        ("not-a-literal", "_bv1", "BaseVoltage.unitOfRecord is 'V', not a literal of UnitSymbol"),
        ("one-sided", "_tn2", "TopologicalNode.BaseVoltage names _bv1, whose topological_nodes does not name it back"),
        ("missing-required", "_tn3", "IdentifiedObject.mRID is required"),
        ("missing-required", "_tn3", "TopologicalNode.BaseVoltage is required"),
    ]
    assert all(f.file == ("" if f.object == "_tn3" else str(path)) for f in model.validate())
