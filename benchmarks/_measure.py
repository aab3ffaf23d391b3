"""What the benchmarks share: peak memory of the process that did the work, and ratios as median and range.

The benchmarks run as scripts, so they import this module by its name from their own folder.
"""

from __future__ import annotations

import json
import statistics
import subprocess

# The same as peak_megabytes(), as an expression for the child scripts that the benchmarks run as
# ``python -c``: each contender reports the peak of its own process.
PEAK = "int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) / 1024"


def peak_megabytes() -> float:
    """``VmHWM`` of this process in MB: its own high-water mark.

    ``ru_maxrss`` is not used: a child process started from a large parent can report the
    parent's peak, which is how streaming figures once read 238 MB for a 30 MB process.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status (the benchmarks measure memory on Linux)")


def run_json(command: list[str]) -> dict[str, float]:
    """Run a contender's process and read the JSON object its last line prints."""
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def spread(values: list[float], unit: str = "") -> str:
    """``median 3.30x (range 2.90-3.60)``: how the benchmarks print per-round figures and ratios."""
    return f"median {statistics.median(values):.2f}{unit} (range {min(values):.2f}-{max(values):.2f})"
