"""Facts about the IEC 61968-9 code tables that readers, passes and emitters share.

Which tables exist, the enum each becomes, and which tables each codec needs. A CIM class
whose identifier is one of these codes (``ReadingType``, ``EndDeviceEventType``, ...) is
linked to its codec by the ``link_code_types`` pass.
"""

from __future__ import annotations

# Table name -> (enum class name, what the table is).
KNOWN_TABLES: dict[str, tuple[str, str]] = {
    "readingtype_macro_period": ("MacroPeriod", "ReadingType part 1, macroPeriod: the long period of interest."),
    "readingtype_aggregate": ("Aggregate", "ReadingType part 2, aggregate: how values in an interval combine."),
    "readingtype_measuring_period": ("MeasuringPeriod", "ReadingType part 3, measuringPeriod: what each value covers."),
    "readingtype_accumulation": ("Accumulation", "ReadingType part 4, accumulation: how values accumulate."),
    "readingtype_flow_direction": ("FlowDirection", "ReadingType part 5, flowDirection: which way the flow goes."),
    "readingtype_commodity": ("Commodity", "ReadingType part 6, commodity: what is measured."),
    "readingtype_measurement_kind": ("MeasurementKind", "ReadingType part 7, measurementKind: the quantity."),
    "readingtype_phase": ("Phase", "ReadingType part 15, phases: the phases measured (a bit mask)."),
    "readingtype_multiplier": ("Multiplier", "ReadingType part 16: the power of ten the unit is scaled by."),
    "readingtype_uom": ("UnitSymbol", "ReadingType part 17, uom: the unit of measure."),
    "readingtype_currency": ("Currency", "ReadingType part 18, currency: ISO 4217 numeric codes."),
    "enddevice_type": ("EndDeviceType", "EndDeviceEventType and EndDeviceControlType part 1: the kind of device."),
    "enddevice_domain": ("EndDeviceDomain", "EndDeviceEventType and EndDeviceControlType part 2: the domain."),
    "enddevice_subdomain": ("EndDeviceSubdomain", "EndDeviceEventType and EndDeviceControlType part 3: subdomain."),
    "enddevice_event_or_action": (
        "EndDeviceEventOrAction",
        "EndDeviceEventType and EndDeviceControlType part 4: what happened or what to do.",
    ),
    "quality_system": ("QualitySystem", "ReadingQualityType part 1: the system that set the quality."),
    "quality_category": ("QualityCategory", "ReadingQualityType part 2: the category of the quality."),
    "quality_index": ("QualityIndex", "ReadingQualityType part 3 within its category, as category.index."),
    "reply_code_category": ("ReplyCodeCategory", "IEC 61968-9 Annex B reply code categories."),
    "reply_code": ("ReplyCode", "IEC 61968-9 Annex B reply codes, as category.index."),
}
READING_TYPE_TABLES = tuple(t for t in KNOWN_TABLES if t.startswith("readingtype_"))
END_DEVICE_TABLES = tuple(t for t in KNOWN_TABLES if t.startswith("enddevice_"))
QUALITY_TABLES = ("quality_system", "quality_category", "quality_index")
REPLY_TABLES = ("reply_code_category", "reply_code")

# CIM class name -> (the codec that decodes its mRID, the tables the codec needs).
CODECS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ReadingType": ("ReadingType", READING_TYPE_TABLES),
    "EndDeviceEventType": ("EndDeviceEventType", END_DEVICE_TABLES),
    "EndDeviceControlType": ("EndDeviceControlType", END_DEVICE_TABLES),
    "ReadingQualityType": ("ReadingQualityType", QUALITY_TABLES),
}
