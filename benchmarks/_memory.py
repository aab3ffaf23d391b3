"""Peak memory of the running process, as the benchmarks report it."""

from __future__ import annotations


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
