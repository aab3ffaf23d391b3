"""The committed generated package's message classes on the project's own Part 9 schemas.

These run on a fresh clone: the schemas are in profiles/messages, the package in generated/.
xmlschema is the independent judge of what the codecs write.
"""

from __future__ import annotations

import datetime
import importlib
from types import ModuleType

import pytest

from cimgen.resources import profiles_dir
from tests.conftest import FIXTURES, canonical_xml

SCHEMAS = profiles_dir() / "messages"
RT = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"


def _schema(*names: str) -> object:
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema([str((SCHEMAS / f"{name}.xsd").resolve()) for name in names])


def _readings(cim: ModuleType) -> object:
    mr = importlib.import_module("cim_metering.meter_readings")
    start = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    block = mr.IntervalBlock(
        reading_type=mr.ReadingTypeRef(ref=RT),
        interval_readings=[
            mr.IntervalReading(time_stamp=start + datetime.timedelta(minutes=15 * i), value=f"{i * 0.25:.2f}")
            for i in range(4)
        ],
    )
    reading = mr.MeterReading(
        m_rid="mr-1", meter=mr.Meter(m_rid="meter-1"), interval_blocks=[block], is_coincident_trigger=False
    )
    kind = mr.ReadingType(m_rid=RT, unit=mr.UnitSymbol("Wh"), multiplier=mr.UnitMultiplier("k"))
    return mr.MeterReadings(meter_reading=[reading], reading_type=[kind])


def test_a_meter_readings_built_in_code_is_valid_and_reads_back(cim: ModuleType) -> None:
    mr = importlib.import_module("cim_metering.meter_readings")
    document = _readings(cim)
    written = document.to_xml()
    schema = _schema("MeterReadings")
    assert schema.is_valid(written), list(schema.iter_errors(written))[:1]
    again = mr.MeterReadings.from_xml(written)
    assert again == document
    block = again.meter_reading[0].interval_blocks[0]
    assert block.reading_type.decoded().uom is cim.codes.UnitSymbol.WH
    assert [r.value for r in block.interval_readings] == ["0.00", "0.25", "0.50", "0.75"]


def test_the_envelope_around_it_is_valid_and_hands_back_the_payload(cim: ModuleType) -> None:
    envelope = importlib.import_module("cim_metering.envelope")
    document = _readings(cim)
    stamp = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
    for message in (
        envelope.request(document, "create", timestamp=stamp, message_id="1"),
        envelope.response(document, result="OK", timestamp=stamp, correlation_id="1"),
        envelope.event(document, "created", timestamp=stamp),
    ):
        written = message.to_xml()
        schema = _schema("Message", "MeterReadings")
        assert schema.is_valid(written), list(schema.iter_errors(written))[:1]
        read = envelope.read_message(written)
        assert read.payload == document and read.header.noun == "MeterReadings"
        assert read.header.timestamp == stamp
    assert "create" in envelope.VERBS and "executed" in envelope.VERBS


@pytest.mark.parametrize(
    ("noun", "module", "fixture"),
    [
        ("MeterConfig", "meter_config", "meter-config-ed2.xml"),
        ("UsagePointConfig", "usage_point_config", "usage-point-config-ed2.xml"),
        ("ReceiptRecord", "receipt_record", "receipt-record.xml"),
        ("PricingStructureConfig", "pricing_structure_config", "pricing-structure-config.xml"),
    ],
)
def test_a_payload_with_the_ed2_parts_is_valid_reads_clean_and_round_trips(
    cim: ModuleType, noun: str, module: str, fixture: str
) -> None:
    data = (FIXTURES / "messages" / fixture).read_bytes()
    assert _schema(noun).is_valid(data)
    issues: list[object] = []
    document = getattr(importlib.import_module(f"cim_metering.{module}"), noun).from_xml(data, issues=issues)
    assert issues == [] and document.validate() == []
    assert canonical_xml(document.to_xml()) == canonical_xml(data)


def test_the_ed2_meter_config_parts_have_their_types(cim: ModuleType) -> None:
    """Functions, configuration events, asset model, lifecycle, seals, batteries, registers: the ed2
    MeterConfig parts a head end sends, typed as the profile says."""
    mc = importlib.import_module("cim_metering.meter_config")
    config = mc.MeterConfig.from_xml((FIXTURES / "messages" / "meter-config-ed2.xml").read_bytes())
    meter = config.meter[0]
    assert meter.end_device_info.rating_class is mc.RatingClassKind("200Amp")
    assert str(meter.purchase_price) == "84.50" and meter.lifecycle.installation_date == datetime.date(2026, 12, 1)
    register = config.simple_end_device_function[0].registers[0]
    assert (
        register.tou_tier.start == datetime.time(17, 0) and register.channels[0].reading_type.decoded().uom.name == "WH"
    )


def test_every_payload_schema_has_a_root_class_that_round_trips_an_empty_document(cim: ModuleType) -> None:
    codec = importlib.import_module("cim_metering._xmlcodec")
    roots = {element for element in codec.ROOTS if "TC57/2011/" in element}
    nouns = {path.stem for path in SCHEMAS.glob("*.xsd")} - {"Message"}
    assert {element.rpartition("}")[2] for element in roots} >= nouns
    for noun in sorted(nouns):
        element = f"{{http://iec.ch/TC57/2011/{noun}#}}{noun}"
        document = codec.class_for(element)()
        assert codec.read_xml(document.to_xml()) == document


def test_every_payload_travels_in_the_envelope_under_its_noun(cim: ModuleType) -> None:
    codec = importlib.import_module("cim_metering._xmlcodec")
    envelope = importlib.import_module("cim_metering.envelope")
    nouns = sorted(path.stem for path in SCHEMAS.glob("*.xsd") if path.stem != "Message")
    assert len(nouns) >= 18  # the nine of the first profile and nine since
    for noun in nouns:
        document = codec.class_for(f"{{http://iec.ch/TC57/2011/{noun}#}}{noun}")()
        read = envelope.read_message(envelope.request(document, "create").to_xml())
        assert (read.header.noun, read.payload) == (noun, document), noun


def test_a_message_streams_its_readings_after_handing_over_its_header_and_reply(cim: ModuleType) -> None:
    envelope = importlib.import_module("cim_metering.envelope")
    mr = importlib.import_module("cim_metering.meter_readings")
    document = _readings(cim)
    document.meter_reading = [*document.meter_reading, mr.MeterReading(m_rid="mr-2")]
    stamp = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
    failed = envelope.response(document, result="FAILED", timestamp=stamp, correlation_id="7").to_xml()
    soap = (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>%s</s:Body></s:Envelope>'
        % (failed.partition(b"?>")[2])
    )
    for source in (failed, soap):
        streamed = envelope.stream_message(source, mr.MeterReadings, "meter_reading")
        # known before one reading is read: the reply says FAILED
        assert str(streamed.reply.result.value) == "FAILED" and streamed.header.correlation_id == "7"
        assert [reading.m_rid for reading in streamed.items] == ["mr-1", "mr-2"]
        blocks = envelope.stream_message(source, mr.MeterReadings, "meter_reading.interval_blocks").items
        assert [len(block.interval_readings) for block in blocks] == [4]
    request = envelope.request(document, "get", timestamp=stamp).to_xml()
    streamed = envelope.stream_message(request, mr.MeterReadings, "meter_reading")
    assert streamed.reply is None and streamed.header.verb.value == "get" and len(list(streamed.items)) == 2
    with pytest.raises(ValueError, match="MeterReadings cannot stream 'payload'"):
        envelope.stream_message(failed, mr.MeterReadings, "payload")


def test_a_message_class_asked_to_stream_its_payload_says_where_payloads_stream(cim: ModuleType) -> None:
    message = importlib.import_module("cim_metering.message")
    with pytest.raises(ValueError, match=r"payload streams with envelope\.stream_message"):
        next(message.ResponseMessageType.iter_xml(b"<x/>", "payload"))


def test_streaming_refuses_a_document_type_declaration_from_a_file_object_too(cim: ModuleType) -> None:
    import io

    mr = importlib.import_module("cim_metering.meter_readings")
    codec = importlib.import_module("cim_metering._xmlcodec")
    ns = "http://iec.ch/TC57/2011/MeterReadings#"
    for body in (f'<m:MeterReading xmlns:m="{ns}"/>', ""):  # with and without an element to stream
        text = f'<!DOCTYPE r [<!ENTITY a "aaaa">]><m:MeterReadings xmlns:m="{ns}">{body}</m:MeterReadings>'
        with pytest.raises(codec.XmlDecodeError, match="document type declarations"):
            list(mr.MeterReadings.iter_xml(io.BytesIO(text.encode()), "meter_reading"))


def test_a_get_request_carries_its_query_in_request_and_names_what_it_asks_for(cim: ModuleType) -> None:
    from cim_metering import envelope
    from cim_metering import get_meter_readings as gmr

    query = gmr.GetMeterReadings(end_device=[gmr.EndDevice(m_rid="meter-1")])
    message = envelope.request(query, "get", source="MDM")
    assert message.payload is None and message.request.any_element == [query]
    read = envelope.read_message(message.to_xml())
    assert read.header.noun == "MeterReadings" and read.query == query and read.payload is None
    assert message.validate() == []
    _schema("Message").validate(message.to_xml())  # Request's wildcard takes the query, lax
    # sent with another verb, a query is a payload like any other, under its own noun
    created = envelope.request(query, "create")
    assert created.request is None and envelope.read_message(created.to_xml()).payload == query
    assert created.header.noun == "GetMeterReadings"


def test_a_reply_carries_annex_b_reply_codes_that_decode(cim: ModuleType) -> None:
    from cim_metering import codes, envelope
    from cim_metering.message import ErrorType

    detailed = ErrorType(code="2.6", reason="no such reading type", details="0.0.0.0")
    errors = [codes.ReplyCode.INVALID_METERS, "3.1", detailed]
    reply = envelope.response(noun="MeterReadings", result="PARTIAL", errors=errors)
    read = envelope.read_message(reply.to_xml())
    assert [error.code for error in read.reply.error] == ["2.4", "3.1", "2.6"]
    assert read.reply.error[2] == detailed
    decoded = [codes.decode(error.code) for error in read.reply.error]
    assert decoded == [
        codes.ReplyCode.INVALID_METERS,
        codes.ReplyCode.TOO_MANY_ITEMS_IN_REQUEST,
        codes.ReplyCode("2.6"),
    ]
    assert decoded[2].mnemonic == "InvalidReadingTypes"


def test_a_receipt_says_how_it_was_paid_and_what_it_paid_for(cim: ModuleType) -> None:
    rr = importlib.import_module("cim_metering.receipt_record")
    receipt = rr.ReceiptRecord.from_xml((FIXTURES / "messages" / "receipt-record.xml").read_bytes()).receipt[0]
    assert [t.kind for t in receipt.tenders] == [rr.TenderKind.card, rr.TenderKind.check]
    assert receipt.tenders[1].cheque.kind is rr.ChequeKind.bankOrder
    assert receipt.tenders[0].card.expiry_date.year == 2028
    kinds = [rr.TransactionKind.tokenSalePayment, rr.TransactionKind.auxiliaryChargePayment]
    assert [t.kind for t in receipt.transactions] == kinds
    assert sum(t.line.amount for t in receipt.transactions) == receipt.line.amount  # decimals, as written
    assert str(receipt.line.amount) == "120.00" and receipt.transactions[0].meter.m_rid == "meter-42"


def test_the_queries_of_customer_meter_data_sets_and_device_configuration_go_in_request(cim: ModuleType) -> None:
    from cim_metering import envelope
    from cim_metering import get_customer_meter_data_set as gcm
    from cim_metering import get_end_device_config as gedc

    for query, noun in (
        (gcm.GetCustomerMeterDataSet(usage_point=[gcm.UsagePoint(m_rid="up-5")]), "CustomerMeterDataSet"),
        (gedc.GetEndDeviceConfig(end_device=[gedc.EndDevice(m_rid="meter-42")]), "EndDeviceConfig"),
    ):
        read = envelope.read_message(envelope.request(query, "get").to_xml())
        assert read.header.noun == noun and read.query == query and read.message.validate() == []
