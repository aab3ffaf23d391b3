"""How ebIX metered data (the Danish DataHub's RSM-012 ``DK_MeteredDataTimeSeries``) maps onto IEC
61968-9 MeterReadings in an IEC 61968-100 message, after IEC 61968-9 Annex I: the one table that
``cimgen.ebix`` converts by, in both directions, and that README's table shows.

Every value of the document has a place. A value with a CIM counterpart goes there (the metering
point is the UsagePoint, the series' resolution and unit make its ReadingType, each observation is
an IntervalReading at the end of its interval, its quality a ReadingQuality). A value with none is
carried unchanged and reported: one of the document's header or process context as a header
``Property`` named ``ebIX:<path>``, one of a series as a ``Name`` of its UsagePoint whose NameType
is ``ebIX:<path>`` (an attribute as ``ebIX:<path>@<attribute>``). On the way back a carried value
is written as it came; so is a time whose text is not the one cimgen would write.
"""

from __future__ import annotations

NAMESPACE = "un:unece:260:data:EEM-DK_MeteredDataTimeSeries:v3"
ROOT = "DK_MeteredDataTimeSeries"
CARRIED = "ebIX:"  # the prefix of a carried value's property or name type

# The leaves of the header and process context, in schema order; what maps, and to which header field.
HEADER_LEAVES: tuple[str, ...] = (
    "HeaderEnergyDocument/Identification",
    "HeaderEnergyDocument/DocumentType",
    "HeaderEnergyDocument/Creation",
    "HeaderEnergyDocument/SenderEnergyParty/Identification",
    "HeaderEnergyDocument/RecipientEnergyParty/Identification",
    "ProcessEnergyContext/EnergyBusinessProcess",
    "ProcessEnergyContext/EnergyBusinessProcessRole",
    "ProcessEnergyContext/EnergyIndustryClassification",
)
HEADER_FIELDS = {
    "HeaderEnergyDocument/Identification": "message_id",
    "HeaderEnergyDocument/Creation": "timestamp",
    "HeaderEnergyDocument/SenderEnergyParty/Identification": "source",
}

# The leaves of a time series before its observations and after them, in schema order.
SERIES_LEAVES: tuple[str, ...] = (
    "Identification",
    "Function",
    "ObservationTimeSeriesPeriod/ResolutionDuration",
    "ObservationTimeSeriesPeriod/Start",
    "ObservationTimeSeriesPeriod/End",
    "IncludedProductCharacteristic/Identification",
    "IncludedProductCharacteristic/UnitType",
    "DetailMeasurementMeteringPointCharacteristic/TypeOfMeteringPoint",
    "DetailMeasurementMeteringPointCharacteristic/SettlementMethod",
    "MeteringPointDomainLocation/Identification",
)
SERIES_TRAILER: tuple[str, ...] = ("OriginalBusinessDocument",)
OBSERVATION = "IntervalEnergyObservation"

# ResolutionDuration -> (macroPeriod, measuringPeriod) of the ReadingType, and the length in minutes
# (a month has none: its observations follow the calendar).
RESOLUTIONS: dict[str, tuple[int, int, int | None]] = {
    "PT1M": (0, 3, 1),
    "PT5M": (0, 6, 5),
    "PT10M": (0, 1, 10),
    "PT15M": (0, 2, 15),
    "PT30M": (0, 5, 30),
    "PT1H": (0, 7, 60),
    "P1D": (11, 0, 1440),
    "P1M": (13, 0, None),
}
# UnitType -> (multiplier, unit of measure) of the ReadingType.
UNITS: dict[str, tuple[int, int]] = {
    "KWH": (3, 72),  # kWh
    "MWH": (6, 72),  # MWh
    "K3": (3, 73),  # kVArh
    "KWT": (3, 38),  # kW
    "MAW": (6, 38),  # MW
}
# Product (GS1 number) -> measurementKind; which product a ReadingType is, by its unit of measure.
PRODUCTS: dict[str, int] = {"8716867000030": 12, "8716867000047": 12}  # active, reactive energy
PRODUCT_BY_UNIT: dict[int, str] = {72: "8716867000030", 38: "8716867000030", 73: "8716867000047"}
# TypeOfMeteringPoint -> flowDirection (consumption is forward, production reverse).
FLOWS: dict[str, int] = {"E17": 1, "E18": 19}
ACCUMULATION = 4  # deltaData: each value is what the interval added
COMMODITY = 1  # electricitySecondaryMetered
# QuantityQuality -> ReadingQualityType (system 3: a meter data management system, as DataHub is).
QUALITIES: dict[str, str] = {
    "E01": "3.0.0",  # as provided: valid data
    "56": "3.8.0",  # estimated
    "36": "3.7.0",  # revised: edited
    "D01": "3.11.0",  # calculated: derived
}
MISSING = "3.4.4"  # QuantityMissing: a skipped interval, with no value
QUALITY_SOURCE = "ebIX"  # a ReadingQuality that holds a QuantityQuality says so in its source


def reading_type(macro: int, measuring: int, flow: int, kind: int, multiplier: int, unit: int) -> str:
    """The 18-part ReadingType code of a series."""
    parts = (macro, 0, measuring, ACCUMULATION, flow, COMMODITY, kind, 0, 0, 0, 0, 0, 0, 0, 0, multiplier, unit, 0)
    return ".".join(str(part) for part in parts)


def table() -> list[tuple[str, str]]:
    """The mapping as (ebIX, IEC 61968-9) rows, for documentation and ``cimgen readings mapping``."""
    rows = [
        ("HeaderEnergyDocument/Identification", "Header/MessageID"),
        ("HeaderEnergyDocument/Creation", "Header/Timestamp"),
        ("HeaderEnergyDocument/SenderEnergyParty/Identification", "Header/Source"),
        ("PayloadEnergyTimeSeries", "MeterReading (one per series)"),
        ("PayloadEnergyTimeSeries/Identification", "MeterReading/mRID"),
        ("ObservationTimeSeriesPeriod/Start, End", "MeterReading/valuesInterval"),
        (
            "ObservationTimeSeriesPeriod/ResolutionDuration",
            "ReadingType macroPeriod.measuringPeriod: "
            + ", ".join(f"{k} {v[0]}.{v[1]}" for k, v in RESOLUTIONS.items()),
        ),
        (
            "IncludedProductCharacteristic/Identification",
            "ReadingType measurementKind 12 (energy): 8716867000030 active (unit Wh, W), 8716867000047 reactive (VArh)",
        ),
        (
            "IncludedProductCharacteristic/UnitType",
            "ReadingType multiplier.unit: " + ", ".join(f"{k} {v[0]}.{v[1]}" for k, v in UNITS.items()),
        ),
        ("(every series)", f"ReadingType accumulation {ACCUMULATION} (deltaData), commodity {COMMODITY} (electricity)"),
        ("TypeOfMeteringPoint E17 / E18", "ReadingType flowDirection forward (1) / reverse (19)"),
        ("MeteringPointDomainLocation/Identification", "MeterReading/UsagePoint/mRID"),
        ("IntervalEnergyObservation", "IntervalBlock/IntervalReading, timeStamp = Start + Position x resolution"),
        ("EnergyQuantity", "IntervalReading/value, as written"),
        ("QuantityMissing", f"IntervalReading without value, ReadingQuality {MISSING}"),
        (
            "QuantityQuality",
            f"ReadingQuality, source {QUALITY_SOURCE}: " + ", ".join(f"{k} {v}" for k, v in QUALITIES.items()),
        ),
        ("anything else of the header or context", "Header/Property ebIX:<path>, reported"),
        ("anything else of a series", "UsagePoint/Names, NameType ebIX:<path>, reported"),
    ]
    return rows
