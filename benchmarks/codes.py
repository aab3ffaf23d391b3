"""Decode and encode throughput of the generated IEC 61968-9 codecs (``cim_metering.codes``).

Targets (issue: code tables): at least 1,000,000 decodes per second for repeated codes (the
cache) and 200,000 per second for distinct codes. This is a benchmark, not a test.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "generated"))

from cim_metering import codes


def _rate(label: str, count: int, work: Callable[[], object], target: int | None = None) -> None:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    rate = count / best
    verdict = "" if target is None else f"  (target {target:,}/s: {'met' if rate >= target else 'NOT met'})"
    print(f"{label:<44} {rate:>12,.0f}/s{verdict}")


def main() -> None:
    code = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
    repeated = [code] * 1_000_000
    distinct = [f"0.0.2.4.1.1.12.0.0.0.0.{i % 1000}.{i // 1000}.0.0.3.72.0" for i in range(200_000)]
    parse = codes.ReadingType.parse

    def decode_repeated() -> None:
        for item in repeated:
            parse(item)

    def decode_distinct() -> None:
        sys.modules[codes.ReadingType.__module__]._STRICT_READING_TYPES.clear()
        for item in distinct:
            parse(item)

    decoded = [parse(item) for item in distinct]

    def encode() -> None:
        for item in decoded:
            str(item)

    events = [f"3.26.{sub}.85" for sub in (0, 38, 1, 2)] * 50_000
    event_parse = codes.EndDeviceEventType.parse

    def decode_events() -> None:
        for item in events:
            event_parse(item)

    _rate("ReadingType decode, repeated code (cached)", len(repeated), decode_repeated, 1_000_000)
    _rate("ReadingType decode, distinct codes", len(distinct), decode_distinct, 200_000)
    _rate("ReadingType encode (str)", len(decoded), encode)
    _rate("EndDeviceEventType decode", len(events), decode_events)


if __name__ == "__main__":
    main()
