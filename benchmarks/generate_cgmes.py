"""Time ``cimgen generate`` on the CGMES 3.0.0 set beside the sogno-platform cimgen generator.

Both run as whole processes (interpreter start, imports, reading, writing), each once to warm
the file cache, then ``--runs`` times; the script prints the medians and their ratio.

The peer (https://github.com/sogno-platform/cimgen, whose package is also called ``cimgen``)
must live in its own virtual environment so that the two packages do not collide::

    python -m venv /tmp/peer-venv
    /tmp/peer-venv/bin/pip install /path/to/a/checkout/of/sogno-platform-cimgen
    python benchmarks/generate_cgmes.py --peer-python /tmp/peer-venv/bin/python

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


def _time_command(command: list[str], runs: int, fresh_dir: Path) -> list[float]:
    """Run a command ``runs`` times (after one warm-up), each into an emptied output folder.

    The command runs inside the scratch folder: both packages are called ``cimgen``, and a
    ``python -c`` started in this repository would import ours instead of the peer's.
    """
    timings: list[float] = []
    for attempt in range(runs + 1):
        shutil.rmtree(fresh_dir, ignore_errors=True)
        fresh_dir.mkdir(parents=True)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=fresh_dir.parent)
        elapsed = time.perf_counter() - start
        if attempt:
            timings.append(elapsed)
    return timings


def _count_files(folder: Path, suffix: str) -> int:
    return sum(1 for _ in folder.rglob(f"*{suffix}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA, help="the CGMES 3.0.0 RDFS folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peer-python", default=os.environ.get("CIMGEN_PEER_PYTHON"))
    args = parser.parse_args()
    if not args.schema.is_dir():
        sys.exit(f"no CGMES 3.0.0 folder at {args.schema}; pass --schema")

    with tempfile.TemporaryDirectory() as scratch:
        ours_dir = Path(scratch) / "cimgen"
        ours_command = [sys.executable, "-m", "cimgen", "generate", str(args.schema), "--out", str(ours_dir)]
        ours = _time_command([*ours_command, "--package", "cgmes3", "-q"], args.runs, ours_dir)
        print(
            f"cimgen generate:   median {statistics.median(ours):.3f} s over {args.runs} runs "
            f"({_count_files(ours_dir, '.py')} modules)"
        )
        if not args.peer_python:
            print("peer not timed: pass --peer-python (see this script's docstring)")
            return
        peer_dir = Path(scratch) / "peer"
        peer_command = [
            args.peer_python, "-c", "from cimgen.build import build; build()",
            "--outdir", str(peer_dir), "--schemadir", str(args.schema),
            "--langdir", "modernpython", "--cgmes_version", "cgmes_v3_0_0",
        ]  # fmt: skip
        peer = _time_command(peer_command, args.runs, peer_dir)
        print(
            f"sogno cimgen (modernpython): median {statistics.median(peer):.3f} s over {args.runs} runs "
            f"({_count_files(peer_dir, '.py')} modules)"
        )
        print(f"ratio: cimgen is {statistics.median(peer) / statistics.median(ours):.2f}x faster (target: 3x)")


if __name__ == "__main__":
    main()
