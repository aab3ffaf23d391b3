"""The XML codec runtime (``_xmlcodec``) on the committed package: elements read out of schema order
by a reader told to go on are written back in the order they came, for as long as the object
lives and its fields still fit that order."""

from __future__ import annotations

import gc
import importlib
from types import ModuleType

NS = "http://iec.ch/TC57/2011/MeterReadings#"
SWAPPED = (
    f'<m:MeterReadings xmlns:m="{NS}"><m:MeterReading><m:IntervalBlocks>'
    "<m:IntervalReadings><m:value>1.5</m:value><m:timeStamp>2026-01-01T00:15:00Z</m:timeStamp></m:IntervalReadings>"
    "</m:IntervalBlocks></m:MeterReading></m:MeterReadings>"
).encode()


def test_elements_read_out_of_order_are_written_as_they_came_while_they_fit(cim: ModuleType) -> None:
    mr = importlib.import_module("cim_metering.meter_readings")
    codec = importlib.import_module("cim_metering._xmlcodec")
    before = len(codec.READ_ORDERS)
    issues: list = []
    document = mr.MeterReadings.from_xml(SWAPPED, issues=issues)
    assert [i.code for i in issues] == ["out-of-order"]
    reading = document.meter_reading[0].interval_blocks[0].interval_readings[0]
    assert codec.read_order(reading) == ["value", "time_stamp"]
    written = document.to_xml().decode()
    assert written.index("<mr:value>") < written.index("<mr:timeStamp>")  # as it came
    assert codec.read_order(mr.IntervalReading(value="1.5")) is None  # made, not read: schema order
    reading.reading_qualities.append(mr.ReadingQuality())  # the order read no longer fits its fields
    written = document.to_xml().decode()
    assert written.index("<mr:timeStamp>") < written.index("<mr:value>") < written.index("<mr:ReadingQualities")
    del document, reading
    gc.collect()
    assert len(codec.READ_ORDERS) == before  # the note went with its object
