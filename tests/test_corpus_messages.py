"""Round trips of the real sample messages in ../shared/corpus through the generated XML codecs.

Every sample (SOAP envelopes unwrapped) is read with the classes generated from the XSDs it
was written for, written back, and compared after C14N 2.0 with the source as lxml alone
parses it (whitespace-only text and prefix choice ignored; spaces inside values count). What
the schema does not allow is reported, never dropped silently: the only differences allowed
are stray text the reader reported. The written document gets the
same verdict from xmlschema, an independent validator, as the source.
"""

from __future__ import annotations

import csv
import importlib
import itertools
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from cimgen.api import generate
from tests.conftest import FIXTURES, canonical_xml, corpus_path, document_element, import_fresh

OPENWMS = "openwms-epri-61968-9"
DRAFT_2010 = "message-2010-draft"
DRAFT_2010_NAMESPACE = "http://www.iec.ch/TC57/2010/schema/message"
UNREADABLE = {row["file"]: row for row in csv.DictReader((FIXTURES / "corpus_messages_unreadable.csv").open())}


def _generate(factory: pytest.TempPathFactory, schemas: Path, package: str) -> ModuleType:
    out = factory.mktemp(package)
    generate([schemas], out=out, package=package)
    return import_fresh(out, package)


@pytest.fixture(scope="module")
def openwms(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return _generate(tmp_path_factory, corpus_path(f"{OPENWMS}/xsd"), "openwms")


@pytest.fixture(scope="module")
def draft_2010(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The 2010 draft Message.xsd the corpus ships, for the samples written in its namespace."""
    return _generate(tmp_path_factory, corpus_path(f"{OPENWMS}/{DRAFT_2010}/Message.xsd"), "message_2010_draft")


def _codec(source: etree._Element, openwms: ModuleType, draft_2010: ModuleType) -> ModuleType:
    """The codec of the package generated from the schema the message was written for."""
    package = draft_2010 if etree.QName(source).namespace == DRAFT_2010_NAMESPACE else openwms
    codec: ModuleType = package._xmlcodec
    return codec


def _messages() -> list[Path]:
    root = corpus_path(OPENWMS)
    return sorted([*root.glob("messages/*.xml"), *root.glob("extracted-from-soapui/*.xml")])


def _without_stray_text(node: etree._Element) -> tuple[bytes, int]:
    """The element with non-blank text removed where elements have element children; how many removed."""
    copy = etree.fromstring(etree.tostring(node))
    removed = 0
    for element in copy.iter("*"):
        if len(element) == 0:
            continue
        if element.text and element.text.strip():
            element.text, removed = None, removed + 1
        for child in element:
            if child.tail and child.tail.strip():
                child.tail, removed = None, removed + 1
    return etree.tostring(copy), removed


def test_every_sample_message_round_trips(openwms: ModuleType, draft_2010: ModuleType) -> None:
    messages = _messages()
    assert len(messages) >= 60
    round_tripped = drafts = 0
    for path in messages:
        if path.name in UNREADABLE:
            codec = openwms._xmlcodec
            with pytest.raises(codec.XmlDecodeError, match=UNREADABLE[path.name]["error"].replace("{", r"\{")):
                codec.read_xml(path, issues=[])
            continue
        source = document_element(path)
        codec = _codec(source, openwms, draft_2010)
        drafts += codec is draft_2010._xmlcodec
        issues: list = []
        document = codec.read_xml(path, issues=issues)
        expected, stray = _without_stray_text(source)
        written = document.to_xml(element=source.tag)
        assert canonical_xml(written) == canonical_xml(expected), path.name
        assert stray == sum(1 for issue in issues if issue.code == "stray-text"), path.name
        assert all(issue.line and issue.path.startswith("/") for issue in issues), path.name
        round_tripped += 1
    assert round_tripped == len(messages) - len(UNREADABLE) == 58
    assert drafts == 1  # the one ResponseMessage of the 2010 draft namespace


def _moved(root: etree._Element, codec: ModuleType) -> tuple[object, list] | None:
    """The first swap of two neighbouring elements of different names that the reader reports as
    out of order, made in ``root``: the document read from it, and the issues."""
    for parent in root.iter():
        children = [c for c in parent if isinstance(c.tag, str)]
        pairs = [(a, b) for a, b in itertools.pairwise(children) if a.tag != b.tag]
        if not pairs:
            continue
        first, second = pairs[0]
        first.addprevious(second)  # the second now comes first
        issues: list = []
        document = codec.read_xml(etree.tostring(root), issues=issues)
        if any(issue.code == "out-of-order" for issue in issues):
            return document, issues
        second.addnext(first)  # an order the schema allows too: put it back and try further on
    return None


def test_a_message_with_an_element_out_of_order_is_written_back_as_it_came(
    openwms: ModuleType, draft_2010: ModuleType
) -> None:
    """Read by a reader told to go on, an element out of schema order is an issue, and the written
    document keeps the order the elements came in: it is the one read, not a different one."""
    moved = 0
    for path in _messages():
        if path.name in UNREADABLE:
            continue
        source = document_element(path)
        codec = _codec(source, openwms, draft_2010)
        root = etree.fromstring(_without_stray_text(source)[0])
        found = _moved(root, codec)
        if found is None:
            continue
        document, issues = found
        assert [i.code for i in issues].count("out-of-order") == 1, path.name
        assert canonical_xml(document.to_xml(element=root.tag)) == canonical_xml(root), path.name
        moved += 1
    assert moved == 57  # of the 58 readable messages; in one, no swap of neighbours breaks the order


def test_every_green_button_feed_round_trips_with_its_atom_and_espi_content() -> None:
    """Atom keeps its children in any order (a repeated choice) and its titles are mixed content."""
    schemas = corpus_path("openespi-greenbutton/espi-v3.3.1")
    feeds = sorted(corpus_path("openespi-greenbutton/test-fixtures").glob("test_usage_data*.xml"))
    assert len(feeds) == 3
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        generate([schemas], out=Path(folder), package="espi")
        package = import_fresh(Path(folder), "espi")
        codec = package._xmlcodec
        for path in feeds:
            issues: list = []
            feed = codec.read_xml(path, issues=issues)
            assert issues == [], (path.name, issues[:3])
            source = document_element(path)
            assert canonical_xml(feed.to_xml()) == canonical_xml(etree.tostring(source)), path.name
            assert feed.title[0].text and feed.entry, path.name
        # ServiceCategory.xml is a fragment: the schema declares no global element of that name.
        with pytest.raises(
            codec.XmlDecodeError, match=r"no class of this package reads the element \{http://naesb.org/espi\}"
        ):
            codec.read_xml(corpus_path("openespi-greenbutton/test-fixtures/ServiceCategory.xml"))


def test_written_messages_get_the_same_xmlschema_verdict_as_their_source(
    openwms: ModuleType, draft_2010: ModuleType
) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schemas = {DRAFT_2010_NAMESPACE: corpus_path(f"{OPENWMS}/{DRAFT_2010}/Message.xsd")}
    for xsd in corpus_path(f"{OPENWMS}/xsd").glob("*.xsd"):
        schemas[etree.parse(str(xsd)).getroot().get("targetNamespace")] = xsd
    loaded: dict[str, object] = {}
    verdicts = {True: 0, False: 0}
    for path in _messages():
        if path.name in UNREADABLE:
            continue
        source = document_element(path)
        document = _codec(source, openwms, draft_2010).read_xml(path, issues=[])
        namespace = etree.QName(source).namespace
        if namespace not in loaded:
            loaded[namespace] = xmlschema.XMLSchema(str(schemas[namespace]))
        schema = loaded[namespace]
        expected, _ = _without_stray_text(source)
        valid = schema.is_valid(expected)
        assert schema.is_valid(document.to_xml(element=source.tag)) == valid, path.name
        verdicts[valid] += 1
    assert verdicts[True] >= 15  # the valid samples stay valid; the rest fail for the same reasons


def test_envelope_helpers_wrap_a_typed_payload_and_read_it_back(openwms: ModuleType) -> None:
    import datetime

    xmlschema = pytest.importorskip("xmlschema")
    envelope = importlib.import_module("openwms.envelope")
    readings = openwms.meter_readings.MeterReadings(
        meter_reading=[openwms.meter_readings.MeterReading(is_coincident_trigger=True)]
    )
    stamp = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
    request = envelope.request(readings, "get", timestamp=stamp, source="MDM", message_id="m-1")
    written = request.to_xml()
    folder = corpus_path(f"{OPENWMS}/xsd").resolve()
    schema = xmlschema.XMLSchema([str(folder / "Message.xsd"), str(folder / "MeterReadings.xsd")])
    assert schema.is_valid(written), list(schema.iter_errors(written))[:1]
    read = envelope.read_message(written)
    assert read.payload == readings and read.header.noun.value == "MeterReadings"
    assert read.header.verb.value == "get" and read.header.timestamp == stamp and read.header.message_id == "m-1"
    reply = envelope.response(readings, result="OK", correlation_id="m-1", timestamp=stamp)
    soap = (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
        + reply.to_xml(xml_declaration=False)
        + b"</s:Body></s:Envelope>"
    )
    read = envelope.read_message(soap)
    assert read.reply.result.value == "OK" and read.payload == readings
    with pytest.raises(ValueError):
        envelope.request(readings, "shout")
    with pytest.raises(ValueError, match="timezone-aware"):
        envelope.request(readings, "get", timestamp=datetime.datetime(2026, 1, 1))


def test_read_message_types_the_payload_of_real_wrapped_messages(openwms: ModuleType) -> None:
    path = corpus_path(f"{OPENWMS}/extracted-from-soapui/MeterSchedule-AMI-3__Success__req__49b9d3.xml")
    read = importlib.import_module("openwms.envelope").read_message(path, issues=[])
    assert type(read.payload).__name__ == "MeterReadings"
    assert read.header.verb.value == "create" and read.header.noun.value == "MeterReadings"
