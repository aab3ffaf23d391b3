"""The CIM-XML runtime (cimgen/runtime/cimxml.py and its modules) through generated packages.

The small profile of tests/fixtures (two profiles, TINY and TWO) shows how a model splits into
profile documents; the committed metering package shows the embedded profile's CIM master data.
Corpus models (real CGMES exchanges) are tests/test_corpus_models.py.
"""

from __future__ import annotations

import datetime
import importlib
import io
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, import_fresh, run_tool

CIM = "http://example.com/cim#"
HEAD = f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cim="{CIM}"
         xmlns:md="http://iec.ch/TC57/61970-552/ModelDescription/1#">
  <md:FullModel rdf:about="urn:uuid:7d0ae0ab-1111-4b6b-9d9e-000000000001">
    <md:Model.created>2026-01-01T00:00:00Z</md:Model.created>
  </md:FullModel>
"""
MODEL = (
    HEAD
    + """  <cim:BaseVoltage rdf:ID="_bv1">
    <cim:IdentifiedObject.mRID>bv1</cim:IdentifiedObject.mRID>
    <cim:BaseVoltage.nominalVoltage>380.000000</cim:BaseVoltage.nominalVoltage>
    <cim:BaseVoltage.unitOfRecord rdf:resource="http://example.com/cim#UnitSymbol.V"/>
  </cim:BaseVoltage>
  <cim:TopologicalNode rdf:ID="_tn1">
    <cim:IdentifiedObject.mRID>tn1</cim:IdentifiedObject.mRID>
    <cim:TopologicalNode.BaseVoltage rdf:resource="#_bv1"/>
  </cim:TopologicalNode>
  <cim:TopologicalNode rdf:ID="_tn2">
    <cim:IdentifiedObject.mRID>tn2</cim:IdentifiedObject.mRID>
    <cim:TopologicalNode.BaseVoltage rdf:resource="#_bv1"/>
  </cim:TopologicalNode>
</rdf:RDF>
"""
)


def _package(cimxml: ModuleType) -> ModuleType:
    return importlib.import_module(cimxml.__name__.rpartition(".")[0])


def _triples(path: Path | bytes) -> set[tuple[object, object, object]]:
    graph = rdflib.Graph()
    if isinstance(path, bytes):
        graph.parse(data=path, format="xml", publicID="http://cimgen.test/model")
    else:
        graph.parse(str(path), format="xml", publicID="http://cimgen.test/model")
    return set(graph)


def test_objects_come_typed_with_both_ends_of_their_associations(tiny: ModuleType) -> None:
    package = _package(tiny)
    model = tiny.read(MODEL.encode())
    voltage = model.get(package.BaseVoltage, "_bv1")
    nodes = list(model.objects(package.TopologicalNode))
    assert [model.id_of(node) for node in nodes] == ["_tn1", "_tn2"]
    assert all(node.base_voltage is voltage for node in nodes)
    assert voltage.topological_nodes == nodes  # the end no document states, set from the other
    assert voltage.unit_of_record is package.UnitSymbol.V
    assert isinstance(voltage.nominal_voltage, package.Voltage) and voltage.nominal_voltage == 380.0
    assert model.get(package.IdentifiedObject, "#_tn1") is nodes[0] and model.find("_nothing") is None
    with pytest.raises(TypeError, match="is a TopologicalNode, not a BaseVoltage"):
        model.get(package.BaseVoltage, "_tn1")
    assert not model.findings and len(model) == 3


def test_a_round_trip_keeps_every_triple_and_every_lexical_form(tiny: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "source" / "TINY_EQ.xml"
    source.parent.mkdir()
    source.write_text(MODEL, encoding="utf-8")
    model = tiny.read(source)
    written = tiny.write(model, tmp_path / "out")
    assert [p.name for p in written] == ["TINY_EQ.xml"]
    assert _triples(written[0]) == _triples(source)
    again = tiny.write(tiny.read(written), tmp_path / "again")
    assert again[0].read_bytes() == written[0].read_bytes()  # deterministic: the same model, the same bytes
    assert "<cim:BaseVoltage.nominalVoltage>380.000000<" in written[0].read_text()


def test_a_changed_value_is_written_in_its_canonical_form_and_new_links_get_both_ends(
    tiny: ModuleType, tmp_path: Path
) -> None:
    package = _package(tiny)
    model = tiny.read(MODEL.encode())
    voltage = model.get(package.BaseVoltage, "_bv1")
    voltage.nominal_voltage = package.Voltage(400.5)
    node = model.add(package.TopologicalNode(m_rid="tn3", base_voltage=voltage), "_tn3")
    assert voltage.topological_nodes[-1] is node
    text = tiny.write(model, tmp_path / "out")[0].read_text()
    assert "<cim:BaseVoltage.nominalVoltage>400.5<" in text
    assert '<cim:TopologicalNode rdf:ID="_tn3">' in text and 'rdf:resource="#_bv1"' in text
    again = tiny.read(text.encode())
    assert len(again.get(package.BaseVoltage, "_bv1").topological_nodes) == 3


def test_remove_drops_every_reference_to_the_object(tiny: ModuleType) -> None:
    package = _package(tiny)
    model = tiny.read(MODEL.encode())
    voltage = model.get(package.BaseVoltage, "_bv1")
    node = model.get(package.TopologicalNode, "_tn1")
    assert model.referrers(voltage) == [
        (node, "base_voltage"),
        (model.get(package.TopologicalNode, "_tn2"), "base_voltage"),
    ]
    model.remove(node)
    assert node not in model and voltage.topological_nodes == [model.get(package.TopologicalNode, "_tn2")]
    model.remove(voltage)
    assert model.get(package.TopologicalNode, "_tn2").base_voltage is None and len(model) == 1


def test_a_new_model_is_split_into_one_document_per_profile(tiny: ModuleType, tmp_path: Path) -> None:
    package = _package(tiny)
    model = tiny.new_model()
    voltage = model.add(package.BaseVoltage(m_rid="bv", name="380 kV", nominal_voltage=package.Voltage(380)), "_bv")
    model.add(package.TopologicalNode(m_rid="tn", base_voltage=voltage), "_tn")
    written = {p.name: p.read_text() for p in tiny.write(model, tmp_path / "new")}
    assert sorted(written) == ["TINY.xml", "TWO.xml"]  # name is in profile TWO only
    assert '<cim:BaseVoltage rdf:ID="_bv">' in written["TINY.xml"] and "380 kV" not in written["TINY.xml"]
    assert '<cim:BaseVoltage rdf:about="#_bv">' in written["TWO.xml"] and "380 kV" in written["TWO.xml"]
    back = tiny.read(sorted((tmp_path / "new").glob("*.xml")))
    again = back.get(package.BaseVoltage, "_bv")
    assert again.name == "380 kV" and again.topological_nodes[0].m_rid == "tn"
    moment = datetime.datetime(2026, 12, 1, 8, 30, tzinfo=datetime.UTC)
    merged = tiny.write(back, tmp_path / "merged.xml", merged=True, created=moment)
    assert merged == [tmp_path / "merged.xml"] and merged[0].read_text().count("rdf:ID=") == 2
    assert "<md:Model.created>2026-12-01T08:30:00Z</md:Model.created>" in merged[0].read_text()


def test_what_the_profile_does_not_know_is_kept_written_back_and_reported(tiny: ModuleType, tmp_path: Path) -> None:
    text = MODEL.replace(
        "</rdf:RDF>",
        """  <cim:Breaker rdf:ID="_br1"><cim:Switch.open>false</cim:Switch.open></cim:Breaker>
  <cim:TopologicalNode rdf:about="#_tn1">
    <cim:TopologicalNode.vendorScore>7</cim:TopologicalNode.vendorScore>
    <cim:TopologicalNode.ConnectivityNodeContainer rdf:resource="#_elsewhere"/>
  </cim:TopologicalNode>
</rdf:RDF>""",
    ).replace(">380.000000<", ">380,0<")
    source = tmp_path / "in.xml"
    source.write_text(text, encoding="utf-8")
    model = tiny.read(source)
    codes = sorted((f.code, f.object) for f in model.findings)
    assert codes == [
        ("bad-value", "_bv1"),
        ("kept-element", "_br1"),
        ("unknown-property", "_tn1"),
        ("unknown-property", "_tn1"),
    ]
    bad = next(f for f in model.findings if f.code == "bad-value")
    assert bad.file == str(source) and bad.line == 9 and "'380,0' is not a number" in bad.message
    written = tiny.write(model, tmp_path / "out")
    assert _triples(written[0]) == _triples(source)


def test_references_to_objects_in_no_document_are_kept_as_stand_ins(tiny: ModuleType, tmp_path: Path) -> None:
    package = _package(tiny)
    text = MODEL.replace(
        'rdf:resource="#_bv1"/>\n  </cim:TopologicalNode>\n  <cim:TopologicalNode rdf:ID="_tn2">',
        'rdf:resource="#_bv9"/>\n  </cim:TopologicalNode>\n  <cim:TopologicalNode rdf:ID="_tn2">',
    )
    model = tiny.read(text.encode())
    node = model.get(package.TopologicalNode, "_tn1")
    assert isinstance(node.base_voltage, package.BaseVoltage) and model.is_external(node.base_voltage)
    assert model.unresolved == ["_bv9"] and "_bv9" not in [model.id_of(o) for o in model]
    assert [f.code for f in model.findings] == ["unresolved-reference"]
    source = tmp_path / "in.xml"
    source.write_text(text, encoding="utf-8")
    assert _triples(tiny.write(model, tmp_path / "out")[0]) == _triples(source)
    real = model.add(package.BaseVoltage(m_rid="bv9"), "_bv9")
    assert node.base_voltage is real and model.unresolved == []


def test_documents_come_from_paths_folders_zips_bytes_and_files(tiny: ModuleType, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.xml").write_text(MODEL, encoding="utf-8")
    (folder / "notes.txt").write_text("not a model", encoding="utf-8")
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("inner/b.xml", MODEL)
    assert len(tiny.read(folder)) == 3
    zipped_model = tiny.read(archive)
    assert [d.name for d in zipped_model.documents] == ["model.zip/inner/b.xml"] and len(zipped_model) == 3
    assert len(tiny.read(io.BytesIO(MODEL.encode()))) == 3
    assert zipped_model.documents[0].model_id == "urn:uuid:7d0ae0ab-1111-4b6b-9d9e-000000000001"
    # An archive is known by its first bytes, whatever its name says.
    misnamed = tmp_path / "exchange.bin"
    misnamed.write_bytes(archive.read_bytes())
    assert [d.name for d in tiny.read(misnamed).documents] == ["exchange.bin/inner/b.xml"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (MODEL.replace("</cim:BaseVoltage>", "</cim:BaseVoltag>"), r"in\.xml, line 11: not well-formed XML"),
        ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><r/>', r"in\.xml: document type declarations"),
        (MODEL.replace(f'xmlns:cim="{CIM}"', 'xmlns:cim="http://iec.ch/TC57/2013/CIM-schema-cim16#"'),
         r"in\.xml: a CIM model in the namespace http://iec.ch/TC57/2013/CIM-schema-cim16#; this package reads"),
        ("<html><body/></html>", r"in\.xml: not CIM-XML: the root element is not rdf:RDF"),
    ],
)  # fmt: skip
def test_a_document_that_cannot_be_read_is_one_line_naming_the_file(
    tiny: ModuleType, tmp_path: Path, text: str, message: str
) -> None:
    source = tmp_path / "in.xml"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(tiny.CimReadError, match=message) as caught:
        tiny.read(source)
    assert "\n" not in str(caught.value)


def test_an_identifier_defined_twice_and_an_object_of_two_classes_are_findings(tiny: ModuleType) -> None:
    text = MODEL.replace(
        "</rdf:RDF>",
        '  <cim:BaseVoltage rdf:ID="_bv1"/>\n  <cim:TopologicalNode rdf:about="#_bv1"/>\n</rdf:RDF>',
    )
    model = tiny.read(text.encode())
    assert sorted((f.code, f.line) for f in model.findings) == [("duplicate-id", 20), ("two-classes", 21)]


def test_the_embedded_profile_exchanges_metering_master_data(tmp_path: Path) -> None:
    import_fresh(REPO / "generated", "cim_metering")
    package = importlib.import_module("cim_metering")
    cimxml = importlib.import_module("cim_metering.cimxml")
    model = cimxml.new_model()
    point = model.add(package.UsagePoint(m_rid="up-1", name="Main Street 1"), "_up-1")
    meter = model.add(package.Meter(m_rid="m-1", serial_number="A-1234", usage_point=point), "_m-1")
    code = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
    model.add(package.ReadingType(m_rid=code, name="15-minute kWh delivered"), "_rt-1")
    assert point.end_devices == [meter]
    written = cimxml.write(model, tmp_path / "master-data")
    assert [p.name for p in written] == ["Metering.xml"]
    assert "<md:Model.profile>http://cimgen.dev/profiles/Metering/1.0</md:Model.profile>" in written[0].read_text()
    back = cimxml.read(written)
    assert back.get(package.Meter, "_m-1").usage_point.name == "Main Street 1"
    assert back.get(package.ReadingType, "_rt-1").decoded().uom.name == "WH"
    assert not back.findings


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n&<>\"'"), max_size=20)


@st.composite
def _models(draw: st.DrawFn, package: ModuleType) -> list[tuple[str, object]]:
    voltages = []
    for number in range(draw(st.integers(min_value=1, max_value=4))):
        nominal = draw(st.none() | st.floats(allow_nan=False, allow_infinity=False, width=64))
        voltage = package.BaseVoltage(
            m_rid=draw(_TEXT),
            name=draw(st.none() | _TEXT),
            nominal_voltage=None if nominal is None else package.Voltage(nominal),
            unit_of_record=draw(st.sampled_from(list(package.UnitSymbol))),  # fixed to V by default: never None
        )
        voltages.append((f"_bv{number}", voltage))
    nodes = [
        (f"_tn{number}", package.TopologicalNode(m_rid=f"tn{number}", base_voltage=draw(st.sampled_from(voltages))[1]))
        for number in range(draw(st.integers(min_value=0, max_value=4)))
    ]
    return voltages + nodes


def test_generated_objects_round_trip(tiny: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> None:
    package = _package(tiny)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.data())
    def check(data: st.DataObject) -> None:
        objects = data.draw(_models(package))
        model = tiny.new_model()
        for identifier, obj in objects:
            model.add(obj, identifier)
        back = tiny.read(tiny.write(model, tmp_path_factory.mktemp("hypothesis")))
        assert not back.findings
        for identifier, obj in objects:
            again = back.get(type(obj), identifier)
            for name in ("m_rid", "name", "nominal_voltage", "unit_of_record"):
                if hasattr(obj, name):
                    assert getattr(again, name) == getattr(obj, name), name
            if isinstance(obj, package.TopologicalNode):
                assert back.id_of(again.base_voltage) == model.id_of(obj.base_voltage)

    check()


def test_the_model_api_type_checks_in_user_code(tmp_path: Path) -> None:
    script = tmp_path / "user.py"
    script.write_text(
        """from cim_metering import Meter, UsagePoint, cimxml

model = cimxml.read(["model.xml"])
meter: Meter = model.get(Meter, "_m-1")
points: list[UsagePoint] = list(model.objects(UsagePoint))
findings: list[cimxml.CimFinding] = model.findings
files = cimxml.write(model, "out/")
print(meter.serial_number, points, findings, files[0].name, model.id_of(meter))
""",
        encoding="utf-8",
    )
    result = run_tool("mypy", "--strict", "--cache-dir", "/dev/null", str(script), cwd=REPO / "generated")
    assert result.returncode == 0, result.stdout[-2000:]


def test_large_documents_are_streamed_to_the_same_model(
    tiny: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _package(tiny)
    source = tmp_path / "in.xml"
    source.write_text(MODEL.replace("</rdf:RDF>", '  <cim:Breaker rdf:ID="_br"/>\n</rdf:RDF>'), encoding="utf-8")
    whole = tiny.read(source)
    reader = importlib.import_module(f"{package.__name__}._cimread")
    monkeypatch.setattr(reader, "STREAM_ABOVE_BYTES", 10)  # every document counts as large
    streamed = tiny.read(source)
    assert [f.code for f in streamed.findings] == [f.code for f in whole.findings] == ["kept-element"]
    assert streamed.get(package.BaseVoltage, "_bv1").topological_nodes[1].m_rid == "tn2"
    written = {p.read_text() for p in (*tiny.write(whole, tmp_path / "a"), *tiny.write(streamed, tmp_path / "b"))}
    assert len(written) == 1


def test_bad_bytes_are_reported_with_their_line(tiny: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "in.xml"
    source.write_bytes(MODEL.encode().replace(b">bv1<", b">bv\xff<"))
    with pytest.raises(tiny.CimReadError, match=r"in\.xml, line 8: not well-formed XML: bytes that are not valid"):
        tiny.read(source)
