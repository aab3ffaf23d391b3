"""Read and write RealGrid (CGMES 2.4.15, 86.5 MB) with a generated package, beside the floor and a peer.

Contenders, each a process of its own per round so that its peak memory is its own (``VmHWM``
from ``/proc/self/status`` of the process that did the work, read before it exits):

* the floor: lxml parsing the four unzipped files, nothing else;
* cimgen: ``cimxml.read`` of the same files into the classes generated from the CGMES 2.4.15
  profiles, then ``cimxml.write`` of the model (the package is generated once, before the rounds);
* cimpy 1.1.0, when ``--cimpy-python`` names an interpreter that has it: ``cimpy.cim_import``
  of the same files, except that cimpy gets the ``acceptableDuration`` values (``60.000000``)
  written as integers (``60``): it converts that property with ``int()`` and stops at the float text.

Rounds interleave the contenders, alternating their order, because this machine's timings drift;
the script prints the median and range of the per-round ratios. A benchmark, not a test.

    python benchmarks/cim_xml.py [--rounds 5] [--cimpy-python /path/to/venv-with-cimpy/bin/python]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path

from _measure import PEAK, run_json, spread  # this folder's helper: the benchmarks run as scripts

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
REALGRID = CORPUS / "cgmes-instances" / "cgmes-2.4.15-realgrid" / "CGMES_v2.4.15_RealGridTestConfiguration_v2.zip"
PROFILES = CORPUS / "cimgen-cgmes" / "CGMES_2.4.15_27JAN2020"


FLOOR = f"""
import json, sys, time
from lxml import etree
start, cpu = time.perf_counter(), time.process_time()
for path in sys.argv[1:]:
    etree.parse(path, etree.XMLParser(huge_tree=True))
print(json.dumps({{"read": time.perf_counter() - start, "read_cpu": time.process_time() - cpu, "peak": {PEAK}}}))
"""

OURS = f"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from cgmes2 import cimxml
start, cpu = time.perf_counter(), time.process_time()
model = cimxml.read(sys.argv[3:])
read, read_cpu = time.perf_counter() - start, time.process_time() - cpu
start = time.perf_counter()
cimxml.write(model, sys.argv[2])
write = time.perf_counter() - start
print(json.dumps({{"read": read, "read_cpu": read_cpu, "write": write, "objects": len(model), "peak": {PEAK}}}))
"""

CIMPY = f"""
import json, sys, time
import cimpy
start = time.perf_counter()
result = cimpy.cim_import(sys.argv[1:], "cgmes_v2_4_15")
print(json.dumps({{"read": time.perf_counter() - start, "objects": len(result["topology"]), "peak": {PEAK}}}))
"""


_DURATION = re.compile(rb">(\d+)\.0+(?=</cim:OperationalLimitType\.acceptableDuration>)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cimpy-python", default=os.environ.get("CIMGEN_CIMPY_PYTHON"))
    args = parser.parse_args()
    if not REALGRID.is_file() or not PROFILES.is_dir():
        sys.exit(f"RealGrid or the CGMES 2.4.15 profiles are not at {CORPUS}")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from cimgen import generate

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        with zipfile.ZipFile(REALGRID) as archive:
            archive.extractall(folder / "realgrid")
        files = sorted(str(p) for p in (folder / "realgrid").glob("*.xml"))
        generate([PROFILES], out=folder / "package", package="cgmes2")
        contenders = {
            "lxml parse": [sys.executable, "-c", FLOOR, *files],
            "cimgen": [sys.executable, "-c", OURS, str(folder / "package"), str(folder / "written"), *files],
        }
        if args.cimpy_python:
            patched = folder / "for-cimpy"
            patched.mkdir()
            for path in map(Path, files):
                (patched / path.name).write_bytes(_DURATION.sub(rb">\1", path.read_bytes()))
            contenders["cimpy"] = [args.cimpy_python, "-c", CIMPY, *sorted(str(p) for p in patched.glob("*.xml"))]
        results: dict[str, list[dict[str, float]]] = {name: [] for name in contenders}
        names = list(contenders)
        for number in range(args.rounds):
            order = names if number % 2 == 0 else list(reversed(names))
            for name in order:
                results[name].append(run_json(contenders[name]))
            mine, floor = results["cimgen"][-1], results["lxml parse"][-1]
            line = f"round {number + 1}: lxml {floor['read']:.2f} s, cimgen read {mine['read']:.2f} s"
            line += f" write {mine['write']:.2f} s"
            if "cimpy" in results:
                line += f", cimpy {results['cimpy'][-1]['read']:.2f} s"
            print(line, flush=True)
        ours = results["cimgen"]
        print(f"objects read: {int(ours[0]['objects'])}")
        for name, runs in results.items():
            reads, peaks = [r["read"] for r in runs], [r["peak"] for r in runs]
            print(f"{name}: read {spread(reads, ' s')}, peak {spread(peaks, ' MB')}")
        print(f"cimgen write: {spread([r['write'] for r in ours], ' s')}")
        floor_ratio = [o["read"] / f["read"] for o, f in zip(ours, results["lxml parse"], strict=True)]
        print(f"cimgen read / lxml parse: {spread(floor_ratio, 'x')} (target at most 3x, moonshot 2x)")
        # CPU time drifts less than wall time on a shared machine.
        cpu_ratio = [o["read_cpu"] / f["read_cpu"] for o, f in zip(ours, results["lxml parse"], strict=True)]
        print(f"cimgen read CPU time / lxml parse CPU time: {spread(cpu_ratio, 'x')}")
        print(f"cimgen write / read: {spread([r['write'] / r['read'] for r in ours], 'x')} (target at most 1x)")
        if "cimpy" in results:
            speedup = [c["read"] / o["read"] for o, c in zip(ours, results["cimpy"], strict=True)]
            print(f"cimpy read / cimgen read: {spread(speedup, 'x')} (target at least 3x)")
        else:
            print("cimpy not timed: pass --cimpy-python (a virtual environment with cimpy==1.1.0)")


if __name__ == "__main__":
    main()
