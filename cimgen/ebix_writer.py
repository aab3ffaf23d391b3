"""The ebIX document back from a message of MeterReadings: ``ebix_mapping`` read the other way.

A value carried without CIM counterpart (a header property or usage point name ``ebIX:<path>``)
is written as it came, in the place the schema gives its path; every other value is written from
the CIM field that holds it.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from cimgen import ebix_mapping as m
from cimgen.ebix import position_of, time_text
from cimgen.errors import InputError

_RESOLUTION_OF = {(macro, measuring): name for name, (macro, measuring, _) in m.RESOLUTIONS.items()}
_UNIT_OF = {value: name for name, value in m.UNITS.items()}
_FLOW_OF = {value: name for name, value in m.FLOWS.items()}
_QUALITY_OF = {value: name for name, value in m.QUALITIES.items()}


def _tag(local: str) -> str:
    return f"{{{m.NAMESPACE}}}{local}"


def _put(parent: Any, path: str, text: str | None, attributes: dict[str, str]) -> None:
    """Write one leaf at its path under ``parent``, making the elements on the way (shared with the
    leaf written before, where the path goes through the same element)."""
    if text is None and not attributes:
        return
    *steps, leaf = path.split("/")
    for step in steps:
        last = parent[-1] if len(parent) else None
        parent = last if last is not None and last.tag == _tag(step) else etree.SubElement(parent, _tag(step))
    element = etree.SubElement(parent, _tag(leaf), {k: attributes[k] for k in sorted(attributes)})
    element.text = text


def _carried(pairs: list[tuple[str, str]]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Carried values by path, and carried attributes by path then name."""
    texts: dict[str, str] = {}
    attributes: dict[str, dict[str, str]] = {}
    for name, value in pairs:
        if not name.startswith(m.CARRIED):
            continue
        path, _, attribute = name.removeprefix(m.CARRIED).partition("@")
        if attribute:
            attributes.setdefault(path, {})[attribute] = value
        else:
            texts[path] = value
    return texts, attributes


def write_ebix(header: Any, payload: Any, file: str) -> Any:
    """The ``DK_MeteredDataTimeSeries`` element of a message's header and MeterReadings payload."""
    root = etree.Element(_tag(m.ROOT), nsmap={None: m.NAMESPACE})
    texts, attributes = _carried([(p.name or "", p.value or "") for p in getattr(header, "property", [])])
    mapped = {
        "HeaderEnergyDocument/Identification": header.message_id,
        "HeaderEnergyDocument/Creation": time_text(header.timestamp) if header.timestamp else None,
        "HeaderEnergyDocument/SenderEnergyParty/Identification": header.source,
    }
    for path in m.HEADER_LEAVES:
        _put(root, path, texts.get(path, mapped.get(path)), attributes.get(path, {}))
    for reading in payload.meter_reading:
        _series(etree.SubElement(root, _tag("PayloadEnergyTimeSeries")), reading, file)
    return root


def _series(element: Any, reading: Any, file: str) -> None:
    point = reading.usage_point
    names = [(n.name_type.name if n.name_type else "", n.name or "") for n in (point.names if point else [])]
    texts, attributes = _carried(names)
    if len(reading.interval_blocks) != 1:
        raise InputError(
            f"the meter reading {reading.m_rid} has {len(reading.interval_blocks)} interval blocks, not one", file=file
        )
    block = reading.interval_blocks[0]
    parts = [int(part) for part in block.reading_type.ref.split(".")]
    macro, measuring, flow, kind, multiplier, uom = parts[0], parts[2], parts[4], parts[6], parts[15], parts[16]
    resolution = _RESOLUTION_OF.get((macro, measuring))
    if resolution is None:
        raise InputError(f"the reading type {block.reading_type.ref} has no ebIX resolution", file=file)
    interval = reading.values_interval
    start = interval.start if interval else None
    mapped = {
        "Identification": reading.m_rid,
        "ObservationTimeSeriesPeriod/ResolutionDuration": resolution,
        "ObservationTimeSeriesPeriod/Start": time_text(start) if start else None,
        "ObservationTimeSeriesPeriod/End": time_text(interval.end) if interval and interval.end else None,
        "IncludedProductCharacteristic/Identification": m.PRODUCT_BY_UNIT.get(uom) if kind else None,
        "IncludedProductCharacteristic/UnitType": _UNIT_OF.get((multiplier, uom)),
        "DetailMeasurementMeteringPointCharacteristic/TypeOfMeteringPoint": _FLOW_OF.get(flow),
        "MeteringPointDomainLocation/Identification": point.m_rid if point else None,
    }
    for path in m.SERIES_LEAVES:
        _put(element, path, texts.get(path, mapped.get(path)), attributes.get(path, {}))
    for interval_reading in block.interval_readings:
        if start is None:
            raise InputError(
                f"the meter reading {reading.m_rid} has no valuesInterval start to count positions from", file=file
            )
        _observation(etree.SubElement(element, _tag(m.OBSERVATION)), interval_reading, start, resolution)
    for path in m.SERIES_TRAILER:
        _put(element, path, texts.get(path), attributes.get(path, {}))


def _observation(element: Any, reading: Any, start: Any, resolution: str) -> None:
    etree.SubElement(element, _tag("Position")).text = str(position_of(start, resolution, reading.time_stamp))
    qualities = {q.reading_quality_type.ref: q for q in reading.reading_qualities}
    if reading.value is not None:
        etree.SubElement(element, _tag("EnergyQuantity")).text = reading.value
    elif m.MISSING in qualities:
        etree.SubElement(element, _tag("QuantityMissing")).text = "true"
    for quality in reading.reading_qualities:
        source = quality.source or ""
        if source.split(";")[0] != m.QUALITY_SOURCE:
            continue
        pairs = dict(item.partition("=")[::2] for item in source.split(";")[1:])
        etree.SubElement(element, _tag("QuantityQuality"), pairs).text = _QUALITY_OF[quality.reading_quality_type.ref]
