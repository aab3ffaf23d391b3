"""ebIX metered data to IEC 61968-9 MeterReadings and back (IEC 61968-9 Annex I).

``from_ebix`` reads an RSM-012 ``DK_MeteredDataTimeSeries`` (plain, or inside a SOAP or DataHub
container) and returns an IEC 61968-100 ``EventMessage`` (created MeterReadings) in the embedded
profile's classes; ``to_ebix`` turns such a message back into the ebIX document. The mapping is
``ebix_mapping``'s; what has no CIM counterpart is carried unchanged and listed in the result, so a
document comes back equal to the one that went in (after C14N).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from cimgen import ebix_mapping as m
from cimgen.errors import InputError
from cimgen.readers.triples import parse_xml_safely

__all__ = ["Carried", "Converted", "from_ebix", "to_ebix"]


@dataclass(frozen=True, slots=True)
class Carried:
    """A value with no CIM counterpart, carried unchanged.

    Attributes:
        file: The ebIX document.
        line: Its line there.
        path: Where it is in the document (``ProcessEnergyContext/EnergyBusinessProcess@listIdentifier``).
        value: The value.
        carried_as: What carries it: a header property or a usage point's name.
    """

    file: str
    line: int | None
    path: str
    value: str
    carried_as: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.path} {self.value!r} has no CIM counterpart: carried as {self.carried_as}"
        )


@dataclass(frozen=True, slots=True)
class Converted:
    """A converted document and what the conversion found.

    Attributes:
        document: The written document (XML bytes).
        series: How many time series (MeterReadings) it holds.
        readings: How many observations (IntervalReadings).
        carried: The values carried without a CIM counterpart.
    """

    document: bytes
    series: int
    readings: int
    carried: tuple[Carried, ...]


def _local(element: Any) -> str:
    return str(element.tag).rpartition("}")[2]


def _leaves(element: Any, prefix: str) -> list[tuple[str, Any]]:
    """The elements without element children under ``element``, each with its path from the prefix."""
    children = [child for child in element if isinstance(child.tag, str)]
    if not children:
        return [(prefix, element)]
    return [leaf for child in children for leaf in _leaves(child, f"{prefix}/{_local(child)}")]


def time_text(value: datetime.datetime) -> str:
    """How a time is written in ebIX: ``2024-06-28T22:00:00Z``, fractions of seconds only when set."""
    text = value.isoformat().replace("+00:00", "Z")
    if "." in text:
        head, _, tail = text.partition(".")
        digits = tail[:6].rstrip("0")
        text = f"{head}.{digits}{tail[6:]}" if digits else head + tail[6:]
    return text


def _time(text: str, file: str, line: int | None, path: str) -> datetime.datetime:
    try:
        value = datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{path}: {text!r} is not a date and time", file=file, line=line) from None
    if value.tzinfo is None:
        raise InputError(f"{path}: {text!r} has no time zone", file=file, line=line)
    return value


def _interval_end(start: datetime.datetime, resolution: str, position: int) -> datetime.datetime:
    """The end of the observation at ``position`` (1 for the first)."""
    minutes = m.RESOLUTIONS[resolution][2]
    if minutes is not None:
        return start + datetime.timedelta(minutes=minutes * position)
    month = start.month - 1 + position
    year, month = start.year + month // 12, month % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))


def position_of(start: datetime.datetime, resolution: str, end: datetime.datetime) -> int:
    minutes = m.RESOLUTIONS[resolution][2]
    if minutes is not None:
        return round((end - start) / datetime.timedelta(minutes=minutes))
    return (end.year - start.year) * 12 + end.month - start.month


def _document(path: Path) -> Any:
    root = parse_xml_safely(path, str(path)).getroot()
    found = next(root.iter(f"{{{m.NAMESPACE}}}{m.ROOT}"), None)
    if found is None:
        what = f"{{{m.NAMESPACE}}}{m.ROOT}"
        raise InputError(f"no ebIX metered data time series ({what}) in it; the root is {root.tag}", file=str(path))
    return found


class _FromEbix:
    """One document's conversion: the classes to build, and what is carried."""

    def __init__(self, path: Path) -> None:
        self.file = str(path)
        from cimgen.validation import embedded_module  # the embedded profile's package, generated once

        self.mr = embedded_module("meter_readings")
        self.envelope = embedded_module("envelope")
        self.message = embedded_module("message")
        self.carried: list[Carried] = []

    def fail(self, element: Any, message: str) -> InputError:
        return InputError(message, file=self.file, line=element.sourceline)

    def unknown(self, leaf: Any, path: str, known: tuple[str, ...], where: str) -> InputError:
        """The error for a leaf off the schema's paths, naming the first element on its way that is."""
        steps = path.split("/")
        depth = next(
            (n for n in range(1, len(steps) + 1) if not any(k.split("/")[:n] == steps[:n] for k in known)), len(steps)
        )
        for _ in range(len(steps) - depth):
            leaf = leaf.getparent()
        return self.fail(leaf, f"element {'/'.join(steps[:depth])} is not part of {where}")

    def carry(self, path: str, element: Any, value: str, carried_as: str) -> None:
        self.carried.append(Carried(self.file, element.sourceline, path, value, carried_as))

    def attributes(self, path: str, element: Any, carried_as: str) -> list[tuple[str, str]]:
        """An element's attributes as carried (name, value) pairs."""
        pairs = []
        for name, value in sorted(element.attrib.items()):
            self.carry(f"{path}@{name}", element, value, carried_as)
            pairs.append((f"{m.CARRIED}{path}@{name}", value))
        return pairs

    def convert(self, root: Any) -> Converted:
        header_leaves: dict[str, Any] = {}
        series = []
        for child in root:
            if not isinstance(child.tag, str):
                continue
            name = _local(child)
            if name == "PayloadEnergyTimeSeries":
                series.append(self.series(child))
            elif name in ("HeaderEnergyDocument", "ProcessEnergyContext"):
                header_leaves.update(_leaves(child, name))
            else:
                raise self.fail(child, f"element {name} is not part of an ebIX metered data time series")
        header = self.header(header_leaves, root)
        payload = self.mr.MeterReadings(meter_reading=series)
        event = self.envelope.event(payload, "created", **header.pop("options"))
        event.header.property = header["properties"]
        readings = sum(len(block.interval_readings) for reading in series for block in reading.interval_blocks)
        return Converted(event.to_xml(), len(series), readings, tuple(self.carried))

    def header(self, leaves: dict[str, Any], root: Any) -> dict[str, Any]:
        carried_as = "a header property"
        options: dict[str, Any] = {}
        properties = []
        for path, element in leaves.items():
            if path not in m.HEADER_LEAVES:
                raise self.unknown(element, path, m.HEADER_LEAVES, "an ebIX document header")
        for path in m.HEADER_LEAVES:
            element = leaves.get(path)
            if element is None:
                continue
            text = element.text or ""
            field = m.HEADER_FIELDS.get(path)
            if field == "timestamp":
                options[field] = _time(text, self.file, element.sourceline, path)
                if time_text(options[field]) != text:  # written otherwise than cimgen would
                    self.carry(path, element, text, carried_as)
                    properties.append(self.message.MessageProperty(name=m.CARRIED + path, value=text))
            elif field is not None:
                options[field] = text
            else:
                self.carry(path, element, text, carried_as)
                properties.append(self.message.MessageProperty(name=m.CARRIED + path, value=text))
            for name, value in self.attributes(path, element, carried_as):
                properties.append(self.message.MessageProperty(name=name, value=value))
        if "timestamp" not in options:
            raise self.fail(root, "the document has no HeaderEnergyDocument/Creation")
        return {"options": options, "properties": properties}

    def series(self, element: Any) -> Any:
        mr = self.mr
        carried_as = "a name of the series' usage point"
        leaves: dict[str, Any] = {}
        observations = []
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if _local(child) == m.OBSERVATION:
                observations.append(child)
                continue
            for path, leaf in _leaves(child, _local(child)):
                if path not in (*m.SERIES_LEAVES, *m.SERIES_TRAILER):
                    raise self.unknown(leaf, path, (*m.SERIES_LEAVES, *m.SERIES_TRAILER), "an ebIX time series")
                leaves[path] = leaf
        names: list[Any] = []

        def text(path: str) -> str | None:
            leaf = leaves.get(path)
            return None if leaf is None else (leaf.text or "")

        def keep(path: str) -> None:
            self.carry(path, leaves[path], text(path) or "", carried_as)
            names.append(mr.Name(name=text(path) or "", name_type=mr.NameType(name=m.CARRIED + path)))

        resolution = text("ObservationTimeSeriesPeriod/ResolutionDuration") or ""
        if resolution not in m.RESOLUTIONS:
            where = leaves.get("ObservationTimeSeriesPeriod/ResolutionDuration", element)
            raise self.fail(where, f"the resolution {resolution!r} is none of {', '.join(m.RESOLUTIONS)}")
        macro, measuring, _ = m.RESOLUTIONS[resolution]
        times = {}
        for path in ("ObservationTimeSeriesPeriod/Start", "ObservationTimeSeriesPeriod/End"):
            value = text(path)
            if value is not None:
                times[path] = _time(value, self.file, leaves[path].sourceline, path)
                if time_text(times[path]) != value:
                    keep(path)
        product, unit, kind = (
            text("IncludedProductCharacteristic/Identification"),
            text("IncludedProductCharacteristic/UnitType"),
            0,
        )
        multiplier, uom = m.UNITS.get(unit or "", (0, 0))
        if unit is not None and unit not in m.UNITS:
            keep("IncludedProductCharacteristic/UnitType")
        if product is not None:
            kind = m.PRODUCTS.get(product, 0)
            if m.PRODUCT_BY_UNIT.get(uom) != product or not kind:
                keep("IncludedProductCharacteristic/Identification")
        flow_text = text("DetailMeasurementMeteringPointCharacteristic/TypeOfMeteringPoint")
        flow = m.FLOWS.get(flow_text or "", 0)
        if flow_text is not None and not flow:
            keep("DetailMeasurementMeteringPointCharacteristic/TypeOfMeteringPoint")
        for path in ("Function", "DetailMeasurementMeteringPointCharacteristic/SettlementMethod", *m.SERIES_TRAILER):
            if path in leaves:
                keep(path)
        for path, leaf in leaves.items():
            for name, value in self.attributes(path, leaf, carried_as):
                names.append(mr.Name(name=value, name_type=mr.NameType(name=name)))
        code = m.reading_type(macro, measuring, flow, kind, multiplier, uom)
        start = times.get("ObservationTimeSeriesPeriod/Start")
        readings = [self.observation(observation, start, resolution) for observation in observations]
        interval = None
        if times:
            end = times.get("ObservationTimeSeriesPeriod/End")
            interval = mr.DateTimeInterval(start=start, end=end)
        point = text("MeteringPointDomainLocation/Identification")
        return mr.MeterReading(
            m_rid=text("Identification"),
            values_interval=interval,
            usage_point=mr.UsagePoint(m_rid=point, names=names) if point is not None or names else None,
            interval_blocks=[mr.IntervalBlock(reading_type=mr.ReadingTypeRef(ref=code), interval_readings=readings)],
        )

    def observation(self, element: Any, start: datetime.datetime | None, resolution: str) -> Any:
        mr = self.mr
        if start is None:
            raise self.fail(
                element, "the series has no ObservationTimeSeriesPeriod/Start to give its observations a time"
            )
        position, value, qualities = None, None, []
        for child in element:
            if not isinstance(child.tag, str):
                continue
            name, text = _local(child), child.text or ""
            if name == "Position":
                if not text.isdigit() or str(int(text)) != text:
                    raise self.fail(child, f"the position {text!r} is not a whole number as ebIX writes one")
                position = int(text)
            elif name == "EnergyQuantity":
                value = text
            elif name == "QuantityMissing":
                qualities.append(mr.ReadingQuality(reading_quality_type=mr.ReadingQualityTypeRef(ref=m.MISSING)))
            elif name == "QuantityQuality":
                if text not in m.QUALITIES:
                    raise self.fail(child, f"the quantity quality {text!r} is none of {', '.join(m.QUALITIES)}")
                source = "".join([m.QUALITY_SOURCE, *(f";{k}={v}" for k, v in sorted(child.attrib.items()))])
                reference = mr.ReadingQualityTypeRef(ref=m.QUALITIES[text])
                qualities.append(mr.ReadingQuality(reading_quality_type=reference, source=source))
            else:
                raise self.fail(child, f"element {name} is not part of an ebIX observation")
        if position is None:
            raise self.fail(element, "the observation has no Position")
        return mr.IntervalReading(
            time_stamp=_interval_end(start, resolution, position), value=value, reading_qualities=qualities
        )


def from_ebix(path: Path) -> Converted:
    """Convert an ebIX metered data time series to an IEC 61968-100 message of MeterReadings.

    Raises:
        InputError: The file is not well-formed, holds no RSM-012 document, or holds what the
            mapping cannot place (an unknown element, a resolution or quality code it has no
            counterpart for), named with its line.
    """
    return _FromEbix(path).convert(_document(path))


def to_ebix(path: Path) -> Converted:
    """Convert a message of MeterReadings (as ``from_ebix`` writes) back to the ebIX document.

    Raises:
        InputError: The file is no message of MeterReadings, or a reading has no place in ebIX.
    """
    from cimgen.ebix_writer import write_ebix
    from cimgen.validation import embedded_module

    envelope = embedded_module("envelope")
    codec = embedded_module("_xmlcodec")
    try:
        message = envelope.read_message(path)
    except codec.XmlDecodeError as error:
        line = error.issue.line if error.issue is not None else None
        raise InputError(str(error), file=str(path), line=line) from None
    noun = type(message.payload).__name__
    if noun != "MeterReadings":
        raise InputError(f"the message carries {noun}, not MeterReadings", file=str(path))
    root = write_ebix(message.header, message.payload, str(path))
    readings = sum(len(b.interval_readings) for r in message.payload.meter_reading for b in r.interval_blocks)
    document = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return Converted(document, len(message.payload.meter_reading), readings, ())
