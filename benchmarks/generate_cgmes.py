"""Time ``cimgen generate`` on the CGMES 3.0.0 set beside the sogno-platform cimgen generator.

Both run as whole processes (interpreter start, imports, reading, writing), interleaved in
rounds with the order alternating, because this machine's timings drift: each round times
one run of each, and the script prints the median and range of the per-round ratios. Both
write into folders of one scratch folder, so on the same filesystem. It also times a warm
second generation in one process (what the build hook and tests pay) against a cold one.

The peer (https://github.com/sogno-platform/cimgen, whose package is also called ``cimgen``)
must live in its own virtual environment so that the two packages do not collide::

    python -m venv /tmp/peer-venv
    /tmp/peer-venv/bin/pip install /path/to/a/checkout/of/sogno-platform-cimgen
    python benchmarks/generate_cgmes.py --peer-python /tmp/peer-venv/bin/python

For a like-for-like start-up, give cimgen a fresh virtual environment too (``--ours-python``):
a start-up pays for every ``.pth`` file and every installed distribution that entry-point
look-ups scan (networkx scans them on import), so a crowded environment is slower to start.

Without ``--peer-python`` (or ``CIMGEN_PEER_PYTHON``) only cimgen is timed. This is a
benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cimgen-cgmes" / "CGMES_3.0.0"
TARGET = 2.0
# Both contenders run with their modules' bytecode cached, as an installed package has it: a
# checkout run with PYTHONDONTWRITEBYTECODE set would compile cimgen from source every time.
_ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}

WARM_SCRIPT = """
import sys, time
from cimgen import generate
schema, out = sys.argv[1], sys.argv[2]
start = time.perf_counter()
generate([schema], out=out + "/first", package="cgmes3")
first = time.perf_counter() - start
start = time.perf_counter()
generate([schema], out=out + "/second", package="cgmes3")
print(first, time.perf_counter() - start)
"""


def _run(command: list[str], out: Path) -> float:
    """One whole-process run into an emptied folder, timed from spawn to exit.

    The command runs inside the scratch folder: both packages are called ``cimgen``, and a
    ``python -c`` started in this repository would import ours instead of the peer's.
    """
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    start = time.perf_counter()
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=out.parent, env=_ENVIRONMENT
    )
    return time.perf_counter() - start


def _count_files(folder: Path, suffix: str) -> int:
    return sum(1 for _ in folder.rglob(f"*{suffix}"))


def _spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} (range {min(values):.3f}-{max(values):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA, help="the CGMES 3.0.0 RDFS folder")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--peer-python", default=os.environ.get("CIMGEN_PEER_PYTHON"))
    parser.add_argument("--ours-python", default=sys.executable, help="the Python that runs cimgen")
    args = parser.parse_args()
    if not args.schema.is_dir():
        sys.exit(f"no CGMES 3.0.0 folder at {args.schema}; pass --schema")

    with tempfile.TemporaryDirectory() as scratch:
        ours_dir, peer_dir = Path(scratch) / "cimgen", Path(scratch) / "peer"
        ours = [args.ours_python, "-m", "cimgen", "generate", str(args.schema), "--out", str(ours_dir)]
        ours += ["--package", "cgmes3", "-q"]
        peer = [
            str(args.peer_python), "-c", "from cimgen.build import build; build()",
            "--outdir", str(peer_dir), "--schemadir", str(args.schema),
            "--langdir", "modernpython", "--cgmes_version", "cgmes_v3_0_0",
        ]  # fmt: skip
        _run(ours, ours_dir)  # warm the file cache
        if args.peer_python:
            _run(peer, peer_dir)
        ours_times: list[float] = []
        peer_times: list[float] = []
        ratios: list[float] = []
        for number in range(args.rounds):
            if not args.peer_python:
                ours_times.append(_run(ours, ours_dir))
                continue
            if number % 2:
                mine, theirs = _run(ours, ours_dir), _run(peer, peer_dir)
            else:
                theirs, mine = _run(peer, peer_dir), _run(ours, ours_dir)
            ours_times.append(mine)
            peer_times.append(theirs)
            ratios.append(theirs / mine)
            print(f"round {number + 1}: cimgen {mine:.3f} s, peer {theirs:.3f} s, ratio {theirs / mine:.2f}x")
        print(f"cimgen generate ({_count_files(ours_dir, '.py')} modules): {_spread(ours_times)} s")
        if args.peer_python:
            print(f"sogno cimgen modernpython ({_count_files(peer_dir, '.py')} modules): {_spread(peer_times)} s")
            print(f"ratio, peer time / cimgen time per round: {_spread(ratios)}x (target {TARGET}x)")
        else:
            print("peer not timed: pass --peer-python (see this script's docstring)")

        warm = [args.ours_python, "-c", WARM_SCRIPT, str(args.schema), str(Path(scratch) / "warm")]
        seconds, pairs = [], []
        for _ in range(5):
            shutil.rmtree(Path(scratch) / "warm", ignore_errors=True)
            result = subprocess.run(warm, check=True, capture_output=True, text=True, cwd=scratch, env=_ENVIRONMENT)
            first, second = map(float, result.stdout.split())
            seconds.append(second)
            pairs.append(second / first)
        cold = statistics.median(ours_times)
        print(f"warm second generation in one process: {_spread(seconds)} s")
        print(
            f"  / a cold cimgen generate (median above): {statistics.median(seconds) / cold:.3f} (target at most 0.5)"
        )
        print(f"  / the first generation in the same process: {_spread(pairs)}")


if __name__ == "__main__":
    main()
