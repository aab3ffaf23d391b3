"""``cimgen validate`` and the generated validators: mutations of a valid message, bad input, the CLI.

The messages are built with the classes generated from the embedded schemas (profiles/messages),
so these tests run on a fresh clone; the corpus agreement test reads ../shared.
"""

from __future__ import annotations

import datetime
import importlib
import itertools
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from cimgen.validation import FileReport, validate_files
from tests.conftest import REPO, corpus_path

RT = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CIMGEN_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="module")
def valid_message(cache: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A valid MeterReadings written by the committed package."""
    sys.path.insert(0, str(REPO / "generated"))
    try:
        mr: ModuleType = importlib.import_module("cim_metering.meter_readings")
    finally:
        sys.path.remove(str(REPO / "generated"))
    start = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    blocks = [
        mr.IntervalBlock(
            reading_type=mr.ReadingTypeRef(ref=RT),
            interval_readings=[
                mr.IntervalReading(time_stamp=start + datetime.timedelta(minutes=15 * i), value=str(i))
                for i in range(3)
            ],
        )
    ]
    readings = [mr.MeterReading(m_rid="mr-1", meter=mr.Meter(m_rid="meter-1"), interval_blocks=blocks)]
    kinds = [mr.ReadingType(m_rid=RT, unit=mr.UnitSymbol("Wh"), multiplier=mr.UnitMultiplier("k"))]
    data: bytes = mr.MeterReadings(meter_reading=readings, reading_type=kinds).to_xml()
    return data.replace(b"><", b">\n<")  # a line per element, so that lines are worth checking


def _validate(tmp_path: Path, data: bytes, name: str = "message.xml", **options: object) -> FileReport:
    path = tmp_path / name
    path.write_bytes(data)
    return validate_files([path], **options)[0]  # type: ignore[arg-type]


def _only(report: FileReport) -> tuple[str, str, str]:
    assert len(report.findings) == 1, report.findings
    finding = report.findings[0]
    assert finding.line is not None and finding.line > 1
    return finding.severity, finding.code, finding.path


def test_the_valid_message_has_no_findings(cache: Path, valid_message: bytes, tmp_path: Path) -> None:
    report = _validate(tmp_path, valid_message)
    assert (
        report.findings == []
        and report.valid
        and report.root == "{http://iec.ch/TC57/2011/MeterReadings#}MeterReadings"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            f'<mr:ReadingType ref="{RT}"/>'.encode(),
            b"",
            ("error", "missing-element", "/MeterReadings/MeterReading[1]/IntervalBlocks[1]/ReadingType"),
        ),
        (
            b"<mr:unit>Wh</mr:unit>",
            b"<mr:unit>Whh</mr:unit>",
            ("error", "bad-enum", "/MeterReadings/ReadingType[1]/unit"),
        ),
        (
            f'<mr:ReadingType ref="{RT}"/>'.encode(),
            b'<mr:ReadingType ref="0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.999.0"/>',
            ("error", "bad-code", "/MeterReadings/MeterReading[1]/IntervalBlocks[1]/ReadingType/@ref"),
        ),
        (
            b"<mr:timeStamp>2026-11-01T00:15:00Z</mr:timeStamp>",
            b"<mr:timeStamp>yesterday</mr:timeStamp>",
            ("error", "bad-value", "/MeterReadings/MeterReading[1]/IntervalBlocks[1]/IntervalReadings[2]/timeStamp"),
        ),
        (
            b"<mr:value>1</mr:value>",
            b"<mr:value>1</mr:value>\n<mr:colour>red</mr:colour>",
            ("error", "unknown-element", "/MeterReadings/MeterReading/IntervalBlocks/IntervalReadings[2]/colour"),
        ),
        (
            b"<mr:timeStamp>2026-11-01T00:30:00Z</mr:timeStamp>",
            b"<mr:timeStamp>2026-11-01T00:00:00Z</mr:timeStamp>",
            (
                "warning",
                "duplicate-reading",
                "/MeterReadings/MeterReading[1]/IntervalBlocks[1]/IntervalReadings[3]/timeStamp",
            ),
        ),
        (
            b"<mr:timeStamp>2026-11-01T00:30:00Z</mr:timeStamp>",
            b"<mr:timeStamp>2026-10-31T23:00:00Z</mr:timeStamp>",
            (
                "warning",
                "readings-out-of-order",
                "/MeterReadings/MeterReading[1]/IntervalBlocks[1]/IntervalReadings[3]/timeStamp",
            ),
        ),
    ],
)
def test_one_broken_thing_is_reported_exactly_at_its_path(
    cache: Path, valid_message: bytes, tmp_path: Path, old: bytes, new: bytes, expected: tuple[str, str, str]
) -> None:
    assert old in valid_message
    report = _validate(tmp_path, valid_message.replace(old, new, 1))
    assert _only(report) == expected
    assert report.valid == (expected[0] == "warning")


def test_a_reference_to_a_reading_type_defined_in_the_payload_resolves(
    cache: Path, valid_message: bytes, tmp_path: Path
) -> None:
    renamed = valid_message.replace(RT.encode(), b"my-reading-type")  # no longer a code, but defined in the payload
    assert _validate(tmp_path, renamed).findings == []
    dangling = valid_message.replace(f'ref="{RT}"'.encode(), b'ref="elsewhere"')
    assert _only(_validate(tmp_path, dangling))[1] == "bad-code"


def test_a_request_names_reading_types_by_code_and_each_code_is_checked(cache: Path, tmp_path: Path) -> None:
    """GetMeterReadings names reading types by identity (mRID, Names): the mRID is a code, not a definition."""
    request = f"""<m:GetMeterReadings xmlns:m="http://iec.ch/TC57/2011/GetMeterReadings#">
<m:EndDevice><m:mRID>meter-1</m:mRID></m:EndDevice>
<m:ReadingType><m:mRID>{RT}</m:mRID></m:ReadingType>
<m:ReadingType><m:Names><m:name>daily kWh</m:name></m:Names></m:ReadingType>
</m:GetMeterReadings>""".encode()
    assert _validate(tmp_path, request).findings == []
    broken = request.replace(RT.encode(), RT.replace(".72.", ".999.").encode())
    assert _only(_validate(tmp_path, broken)) == ("error", "bad-code", "/GetMeterReadings/ReadingType[1]/mRID")


@pytest.mark.parametrize(
    ("document", "path"),
    [
        (
            b"""<m:GetEndDeviceEvents xmlns:m="http://iec.ch/TC57/2011/GetEndDeviceEvents#">
<m:EndDeviceEventType><m:mRID>3.26.0.999</m:mRID></m:EndDeviceEventType></m:GetEndDeviceEvents>""",
            "/GetEndDeviceEvents/EndDeviceEventType[1]/mRID",
        ),
        (
            b"""<m:CustomerMeterDataSet xmlns:m="http://iec.ch/TC57/2011/CustomerMeterDataSet#"><m:Meter><m:UsagePoint>
<m:MetrologyRequirements><m:ReadingTypes><m:mRID>0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.999.0</m:mRID></m:ReadingTypes>
</m:MetrologyRequirements></m:UsagePoint></m:Meter></m:CustomerMeterDataSet>""",
            "/CustomerMeterDataSet/Meter[1]/UsagePoint/MetrologyRequirements[1]/ReadingTypes[1]/mRID",
        ),
    ],
)
def test_the_code_checks_reach_the_event_and_reading_types_of_every_noun(
    cache: Path, tmp_path: Path, document: bytes, path: str
) -> None:
    assert _only(_validate(tmp_path, document)) == ("error", "bad-code", path)
    assert (
        _validate(tmp_path, document.replace(b"3.26.0.999", b"3.26.0.85").replace(b".3.999.0", b".3.72.0")).findings
        == []
    )


def test_an_end_device_control_carries_one_action_of_the_choice(cache: Path, tmp_path: Path) -> None:
    control = b"""<m:EndDeviceControls xmlns:m="http://iec.ch/TC57/2011/EndDeviceControls#"><m:EndDeviceControl>
<m:PanDisplay><m:textMessage>Peak price from 17:00</m:textMessage>
<m:transmissionMode>both</m:transmissionMode></m:PanDisplay>
<m:EndDeviceControlType ref="3.8.0.54"/>
</m:EndDeviceControl></m:EndDeviceControls>"""
    assert _validate(tmp_path, control).findings == []
    second = control.replace(
        b"</m:PanDisplay>", b"</m:PanDisplay>\n<m:PanPricing><m:providerID>7</m:providerID></m:PanPricing>"
    )
    assert [(f.code, f.line) for f in _validate(tmp_path, second).findings if f.severity == "error"] == [
        ("second-choice", 4)
    ]


def test_envelope_rules(cache: Path, valid_message: bytes, tmp_path: Path) -> None:
    payload = valid_message.split(b"?>", 1)[1].strip()
    message = (
        b'<m:RequestMessage xmlns:m="http://iec.ch/TC57/2011/schema/message">\n<m:Header>\n<m:Verb>create</m:Verb>\n'
        b"<m:Noun>EndDeviceEvents</m:Noun>\n<m:Timestamp>2026-11-23T12:00:00</m:Timestamp>\n</m:Header>\n<m:Payload>\n"
        + payload
        + b"\n</m:Payload>\n</m:RequestMessage>\n"
    )
    report = _validate(tmp_path, message)
    assert {(f.code, f.path) for f in report.findings} == {
        ("noun-mismatch", "/RequestMessage/Header/Noun"),
        ("naive-timestamp", "/RequestMessage/Header/Timestamp"),
    }
    inside = _validate(
        tmp_path, message.replace(b"EndDeviceEvents", b"MeterReadings").replace(b"<mr:unit>Wh<", b"<mr:unit>x<")
    )
    assert {(f.code, f.path) for f in inside.findings} == {
        ("naive-timestamp", "/RequestMessage/Header/Timestamp"),
        ("bad-enum", "/RequestMessage/Payload/MeterReadings/ReadingType[1]/unit"),
    }
    assert all(f.line for f in inside.findings)


def test_a_get_request_is_checked_with_its_query_in_request(cache: Path, tmp_path: Path) -> None:
    message = (
        b'<m:RequestMessage xmlns:m="http://iec.ch/TC57/2011/schema/message">\n<m:Header>\n<m:Verb>get</m:Verb>\n'
        b"<m:Noun>MeterReadings</m:Noun>\n<m:Timestamp>2026-11-23T12:00:00Z</m:Timestamp>\n</m:Header>\n<m:Request>\n"
        b'<g:GetMeterReadings xmlns:g="http://iec.ch/TC57/2011/GetMeterReadings#">\n'
        b"<g:EndDevice><g:mRID>meter-1</g:mRID></g:EndDevice>\n</g:GetMeterReadings>\n</m:Request>\n</m:RequestMessage>\n"
    )
    assert _validate(tmp_path, message).findings == []
    named = _validate(tmp_path, message.replace(b"<m:Noun>MeterReadings", b"<m:Noun>GetMeterReadings"))
    assert [(f.code, f.line) for f in named.findings] == [("noun-mismatch", 4)]  # the noun is what it asks for
    inside = _validate(tmp_path, message.replace(b"<g:mRID>", b"<g:colour>1</g:colour><g:mRID>"))
    assert [(f.code, f.path, f.line) for f in inside.findings] == [
        ("unknown-element", "/RequestMessage/Request/GetMeterReadings/EndDevice/colour", 9)
    ]
    # the same in a Payload: what the payload's reader does not know is reported, not dropped
    payload = message.replace(b"Request>", b"Payload>").replace(b"GetMeterReadings", b"MeterReadings")
    payload = payload.replace(
        b"<g:EndDevice><g:mRID>meter-1</g:mRID></g:EndDevice>", b"<g:MeterReading><g:colour/></g:MeterReading>"
    )
    payload = payload.replace(b"<m:Verb>get", b"<m:Verb>create")
    assert [(f.code, f.path, f.line) for f in _validate(tmp_path, payload).findings] == [
        ("unknown-element", "/RequestMessage/Payload/MeterReadings/MeterReading/colour", 9)
    ]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not-well-formed"),
        (
            b'<?xml version="1.0"?>\n<m:MeterReadings xmlns:m="http://iec.ch/TC57/2011/MeterReadings#">\n<m:Meter',
            "not-well-formed",
        ),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<r>&b;</r>',
            "doctype-refused",
        ),
        (b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', "doctype-refused"),
        (b'<other xmlns="urn:nobody"/>', "unknown-root"),
    ],
)
def test_bad_input_is_one_finding_and_the_other_files_are_still_reported(
    cache: Path, valid_message: bytes, tmp_path: Path, data: bytes, code: str
) -> None:
    bad, good = tmp_path / "bad.xml", tmp_path / "good.xml"
    bad.write_bytes(data)
    good.write_bytes(valid_message)
    reports = validate_files([bad, good])
    assert [f.code for f in reports[0].findings] == [code] and not reports[0].valid
    assert reports[1].valid


def test_large_files_are_streamed_with_the_same_findings(cache: Path, valid_message: bytes, tmp_path: Path) -> None:
    broken = valid_message.replace(b"<mr:timeStamp>2026-11-01T00:15:00Z<", b"<mr:timeStamp>never<")
    whole = _validate(tmp_path, broken)
    streamed = _validate(tmp_path, broken, stream_above=0)
    assert [(f.code, f.path, f.line) for f in streamed.findings] == [(f.code, f.path, f.line) for f in whole.findings]
    soap = b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>%s</s:Body></s:Envelope>'
    wrapped = _validate(tmp_path, soap % broken.split(b"?>", 1)[1], stream_above=0)
    assert [(f.code, f.path) for f in wrapped.findings] == [(f.code, f.path) for f in whole.findings]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cimgen", *args], cwd=cwd, capture_output=True, text=True)


def test_the_command_line_exit_codes_and_json(cache: Path, valid_message: bytes, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.xml", tmp_path / "bad.xml"
    good.write_bytes(valid_message)
    bad.write_bytes(valid_message.replace(b"<mr:unit>Wh</mr:unit>", b"<mr:unit>Wx</mr:unit>"))
    assert _cli("validate", str(good), cwd=tmp_path).returncode == 0
    result = _cli("validate", "--format", "json", str(good), str(bad), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert [f["valid"] for f in document["files"]] == [True, False]
    assert document["files"][1]["findings"][0]["path"] == "/MeterReadings/ReadingType[1]/unit"
    text = _cli("validate", str(bad), cwd=tmp_path)
    assert "bad.xml:" in text.stdout and "[bad-enum] /MeterReadings/ReadingType[1]/unit" in text.stdout
    missing = _cli("validate", str(tmp_path / "nothing.xml"), cwd=tmp_path)
    assert (
        missing.returncode == 2 and missing.stderr.startswith("cimgen: error: ") and "Traceback" not in missing.stderr
    )


def _openwms() -> tuple[Path, dict[str | None, Path], list[Path]]:
    """The openwms corpus: its folder, its schemas by target namespace, and its messages, sorted."""
    folder = corpus_path("openwms-epri-61968-9")
    schemas = {etree.parse(str(x)).getroot().get("targetNamespace"): x for x in (folder / "xsd").glob("*.xsd")}
    return folder, schemas, sorted([*folder.glob("messages/*.xml"), *folder.glob("extracted-from-soapui/*.xml")])


def _message_element(path: Path) -> etree._Element | None:
    """A message's own element, out of any SOAP envelope; None for a file that is not well-formed XML."""
    try:
        node = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except etree.XMLSyntaxError:
        return None
    while node.tag.endswith(("}Envelope", "}Body")):
        node = [c for c in node if isinstance(c.tag, str)][-1 if node.tag.endswith("Envelope") else 0]
    return node


def test_the_xml_schema_verdict_agrees_with_xmlschema_on_every_corpus_message(cache: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    folder, schemas, messages = _openwms()
    reports = validate_files(messages, [folder / "xsd"])
    compared = {True: 0, False: 0}
    for path, report in zip(messages, reports, strict=True):
        node = _message_element(path)
        if node is None:
            assert not report.valid and report.findings[0].code == "not-well-formed"
            continue
        namespace = etree.QName(node).namespace
        if namespace not in schemas:
            assert [f.code for f in report.findings] == ["unknown-root"]
            continue
        verdict = xmlschema.XMLSchema(str(schemas[namespace])).is_valid(etree.tostring(node))
        assert report.schema_valid == verdict, (path.name, report.findings[:3])
        compared[verdict] += 1
    assert compared[True] >= 15 and compared[False] >= 40


def test_the_xml_schema_verdict_agrees_with_xmlschema_on_the_green_button_samples(cache: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schemas = corpus_path("openespi-greenbutton/espi-v3.3.1").resolve()
    samples = sorted(corpus_path("openespi-greenbutton/test-fixtures").glob("*.xml"))
    schema = xmlschema.XMLSchema([str(schemas / "atom.xsd"), str(schemas / "usage.xsd")])
    for path, report in zip(samples, validate_files(samples, [schemas]), strict=True):
        assert report.schema_valid == schema.is_valid(str(path)), (path.name, report.findings[:3])
        if report.findings and report.findings[0].code == "missing-attribute":
            # the same first reason: each Atom link lacks the type attribute this schema requires
            assert "missing required attribute 'type'" in str(next(schema.iter_errors(str(path))).reason)
            assert report.findings[0].path.endswith("/@type")


def test_a_free_text_verb_must_be_one_of_the_standard_verbs(cache: Path, tmp_path: Path) -> None:
    from tests.conftest import FIXTURES

    schemas = [FIXTURES / "plain-message.xsd", FIXTURES / "tiny-payload.xsd"]
    message = (
        b'<p:RequestMessage xmlns:p="http://example.com/plain-message">\n<p:Header>\n<p:Verb>%s</p:Verb>\n'
        b"<p:Noun>TinyReadings</p:Noun>\n</p:Header>\n<p:Payload>\n"
        b'<r:TinyReadings xmlns:r="http://example.com/2011/TinyReadings#"/>\n</p:Payload>\n</p:RequestMessage>\n'
    )
    assert _validate(tmp_path, message % b"create", schemas=schemas).findings == []
    found = _validate(tmp_path, message % b"shout", schemas=schemas).findings
    assert [(f.code, f.path, f.line) for f in found] == [("bad-verb", "/RequestMessage/Header/Verb", 3)]


def _many_bad_values(valid_message: bytes, count: int) -> bytes:
    """The valid message with ``count`` interval readings whose time stamp is not a time, on one line."""
    one = b"<mr:IntervalReadings><mr:timeStamp>x</mr:timeStamp></mr:IntervalReadings>"
    head, separator, tail = valid_message.partition(b"<mr:IntervalReadings>")
    return head + one * count + separator + tail


def test_a_hundred_thousand_findings_cost_time_in_proportion(cache: Path, valid_message: bytes, tmp_path: Path) -> None:
    # A figure, not a timed test: finding positions used to be recounted per finding (minutes here).
    data = _many_bad_values(valid_message, 100_000)
    start = time.perf_counter()
    report = _validate(tmp_path, data)
    elapsed = time.perf_counter() - start
    bad = [f for f in report.findings if f.code == "bad-value" or f.code == "bad-type"]
    assert len(bad) == 100_000 and not report.not_listed
    print(f"\n100,000 findings in {elapsed:.1f} s")


def test_findings_past_the_cap_are_counted_and_come_in_document_order(
    cache: Path, valid_message: bytes, tmp_path: Path
) -> None:
    report = _validate(tmp_path, _many_bad_values(valid_message, 1200), max_findings=1000)
    assert len(report.findings) == 1000 and report.not_listed == {"error": 200} and not report.valid
    positions = [int(f.path.split("IntervalReadings[")[1].split("]")[0]) for f in report.findings]
    assert positions == sorted(positions) and positions[:2] == [1, 2] and positions[-1] == 1000
    path = tmp_path / "many.xml"
    path.write_bytes(_many_bad_values(valid_message, 1200))
    result = subprocess.run(
        [sys.executable, "-m", "cimgen", "validate", "--max-findings", "5", str(path)], capture_output=True, text=True
    )
    lines = result.stdout.splitlines()
    assert result.returncode == 1 and len(lines) == 7
    assert lines[5].endswith("1195 more errors and 0 more warnings not listed (--max-findings lists more)")
    assert lines[6].endswith("INVALID (1200 errors, 0 warnings)")


def test_findings_agree_with_xmlschema_element_for_element_on_every_corpus_message(cache: Path) -> None:
    """Where xmlschema finds something wrong, cimgen finds something wrong at the same element, and
    nowhere else. A missing element, an element out of ``xs:sequence`` order and a second element of
    a choice made once are placed at their parent, as xmlschema places them."""
    xmlschema = pytest.importorskip("xmlschema")
    import re

    from cimgen.validation import SCHEMA_CODES

    folder, schemas, messages = _openwms()
    reports = validate_files(messages, [folder / "xsd"])
    compiled: dict[str | None, object] = {}
    compared = out_of_order = 0
    for path, report in zip(messages, reports, strict=True):
        node = _message_element(path)
        if node is None:
            continue
        namespace = etree.QName(node).namespace
        if namespace not in schemas:
            continue
        schema = compiled.setdefault(namespace, xmlschema.XMLSchema(str(schemas[namespace])))
        errors = list(schema.iter_errors(etree.tostring(node)))  # type: ignore[attr-defined]
        theirs = {re.sub(r"[\w.-]+:", "", e.path or "") for e in errors}
        at_parent = ("missing-element", "out-of-order", "second-choice")
        ours = {
            re.sub(r"\[\d+\]", "", f.path.rpartition("/")[0] if f.code in at_parent else f.path)
            for f in report.findings
            if f.code in SCHEMA_CODES and f.severity == "error"
        }
        assert ours == theirs, (path.name, sorted(ours - theirs)[:3], sorted(theirs - ours)[:3])
        compared += 1
        out_of_order += sum(1 for f in report.findings if f.code in at_parent[1:])
    assert compared >= 55 and out_of_order >= 13  # xmlschema finds 13 elements with children it did not expect


def test_an_element_moved_in_a_valid_corpus_message_is_rejected_as_xmlschema_rejects_it(
    cache: Path, tmp_path: Path
) -> None:
    """Swap two neighbouring elements of different names in the first valid corpus message, at the
    first place where that breaks the schema's order; cimgen and xmlschema both reject it, there."""
    xmlschema = pytest.importorskip("xmlschema")
    folder, schemas, messages = _openwms()
    for path in messages:
        found = _message_element(path)
        if found is None:
            continue
        root, namespace = found, etree.QName(found).namespace
        if namespace in schemas and xmlschema.XMLSchema(str(schemas[namespace])).is_valid(etree.tostring(root)):
            root = etree.fromstring(etree.tostring(root))  # the message alone, out of its envelope
            break
    else:
        pytest.fail("no valid message in the corpus")
    schema = xmlschema.XMLSchema(str(schemas[namespace]))
    for parent in root.iter():
        children = [c for c in parent if isinstance(c.tag, str)]
        pairs = [(a, b) for a, b in itertools.pairwise(children) if a.tag != b.tag]
        if not pairs:
            continue
        first, second = pairs[0]
        first.addprevious(second)  # the second now comes first
        if not schema.is_valid(etree.tostring(root)):
            break
        second.addnext(first)  # an order the schema allows too: put it back and try further on
    else:
        pytest.fail("no move that breaks the order")
    moved = tmp_path / path.name
    moved.write_bytes(etree.tostring(root, pretty_print=True))  # an element a line, so lines say something
    (report,) = validate_files([moved], [folder / "xsd"])
    ours = [f for f in report.findings if f.code == "out-of-order"]
    assert not report.schema_valid and len(ours) == 1
    assert len(list(schema.iter_errors(etree.tostring(root)))) == 1
    written = etree.parse(str(moved))
    position = list(root.iter()).index(first)  # the element that now comes too late, found again by place
    late = list(written.getroot().iter())[position]
    assert ours[0].line == late.sourceline > 1
    assert ours[0].path.rpartition("/")[2].partition("[")[0] == etree.QName(first).localname


def test_code_checks_run_with_schemas_given_alone_unless_turned_off(
    cache: Path, valid_message: bytes, tmp_path: Path
) -> None:
    """The schemas of profiles/messages bring no code tables; cimgen adds its own, so a ReadingType
    reference that is no code is still found, and ``code_tables=False`` leaves the check out."""
    # The reference names neither a ReadingType of the payload nor a valid code (17 parts, not 18).
    broken = valid_message.replace(f'ref="{RT}"'.encode(), b'ref="0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72"')
    assert broken != valid_message
    schemas = [REPO / "profiles" / "messages"]
    report = _validate(tmp_path, broken, schemas=schemas)
    assert [f.code for f in report.findings if f.code == "bad-code"] == ["bad-code"]
    off = _validate(tmp_path, broken, "off.xml", schemas=schemas, code_tables=False)
    assert not [f for f in off.findings if f.code == "bad-code"]
