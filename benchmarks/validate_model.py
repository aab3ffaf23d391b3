"""Validate CIM models with the checks cimgen compiles, beside pySHACL on the same data and shapes.

Contenders, each a process of its own per round (peak memory is ``VmHWM`` of the process that
did the work, read before it exits), rounds interleaved with their order alternating:

* cimgen: ``model.validate()`` of the CGMES 3.0 package generated with the ENTSO-E shapes
  (the 73 files that parse), on the model read with ``cimxml.read``; the read is timed apart.
* pySHACL: ``pyshacl.validate`` of the same documents parsed with rdflib (literals typed by the
  RDFS, as tests/test_corpus_shacl.py does), with the same shapes less those cimgen does not run
  (``_cimshapes.NOT_RUN``) and those ``validate()`` leaves to ``sparql=True``, so both do the
  same work; parsing is timed apart.
* RealGrid (CGMES 2.4.15, 149,162 objects; no CGMES 2.4.15 shapes in the corpus): the profile's
  own checks of ``model.validate()`` against the time the read takes (target: no longer).

Prints the median and range of the ratios. A benchmark, not a test.

    python benchmarks/validate_model.py [--rounds 3] [--model microgrid|relicap]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _measure import PEAK, run_json, spread  # this folder's helper: the benchmarks run as scripts

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SHACL = CORPUS / "entsoe-cgmes3-shacl" / "SHACL"
BROKEN = "61970-600-1_AllProfiles-AP-Con-Complex-SolvedMAS-SHACL.ttl"
MODELS = {
    "microgrid": CORPUS / "cgmes-instances" / "cgmes-3.0-microgrid-be",
    "relicap": CORPUS / "cgmes-instances" / "cgmes-3.0-relicap-svedala",
}
REALGRID = CORPUS / "cgmes-instances" / "cgmes-2.4.15-realgrid" / "CGMES_v2.4.15_RealGridTestConfiguration_v2.zip"

OURS = f"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from cgmes3shapes import cimxml
start = time.perf_counter()
import cgmes3shapes._cimshapes  # the compiled shapes: a large module, imported once per process
load = time.perf_counter() - start
start = time.perf_counter()
model = cimxml.read(sys.argv[2:])
read = time.perf_counter() - start
start = time.perf_counter()
findings = model.validate()
check = time.perf_counter() - start
print(json.dumps({{"read": read, "check": check, "load": load, "findings": len(findings), "peak": {PEAK}}}))
"""

PYSHACL = f"""
import json, sys, time
import pyshacl, rdflib
from pathlib import Path

sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
from cgmes3shapes import _cimshapes
# the agreement test's view of the data and of the shapes validate() runs
from tests.test_corpus_shacl import compiled_only, rdfs_datatypes, reference_shapes, typed_data
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
shapes = compiled_only(reference_shapes(_cimshapes.NOT_RUN))
start = time.perf_counter()
data = typed_data([Path(p) for p in sys.argv[4:]], rdfs_datatypes(Path(sys.argv[3])))
read = time.perf_counter() - start
start = time.perf_counter()
_, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
check = time.perf_counter() - start
found = len(set(report.subjects(rdflib.RDF.type, SH.ValidationResult)))
print(json.dumps({{"read": read, "check": check, "findings": found, "peak": {PEAK}}}))
"""

REALGRID_CHECKS = f"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from cgmes2 import cimxml
start = time.perf_counter()
model = cimxml.read(sys.argv[2])
read = time.perf_counter() - start
start = time.perf_counter()
findings = model.validate()
check = time.perf_counter() - start
print(json.dumps({{"read": read, "check": check, "findings": len(findings), "peak": {PEAK}}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", choices=sorted(MODELS), default="relicap")
    args = parser.parse_args()
    if not SHACL.is_dir():
        sys.exit(f"the ENTSO-E shapes are not at {SHACL}")
    sys.path.insert(0, str(REPO))
    from cimgen import generate

    shapes = [str(p) for p in sorted(SHACL.glob("*.ttl")) if p.name != BROKEN]
    files = sorted(str(p) for p in MODELS[args.model].rglob("*.xml") if "CGMES_2-4" not in p.parts)
    profiles = CORPUS / "cimgen-cgmes" / "CGMES_3.0.0"
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        generate([profiles, *shapes], out=folder / "package", package="cgmes3shapes")
        generate([CORPUS / "cimgen-cgmes" / "CGMES_2.4.15_27JAN2020"], out=folder / "package2", package="cgmes2")
        package = str(folder / "package")
        contenders = {
            "cimgen": [sys.executable, "-c", OURS, package, *files],
            "pySHACL": [
                sys.executable,
                "-c",
                PYSHACL,
                package,
                str(REPO),
                str(profiles),
                *files,
            ],
            "cimgen RealGrid": [sys.executable, "-c", REALGRID_CHECKS, str(folder / "package2"), str(REALGRID)],
        }
        results: dict[str, list[dict[str, float]]] = {name: [] for name in contenders}
        for number in range(args.rounds):
            order = list(contenders) if number % 2 == 0 else list(reversed(contenders))
            for name in order:
                results[name].append(run_json(contenders[name]))
            ours, theirs = results["cimgen"][-1], results["pySHACL"][-1]
            print(
                f"round {number + 1}: cimgen checks {ours['check']:.2f} s ({ours['findings']} findings), "
                f"pySHACL {theirs['check']:.2f} s ({theirs['findings']} results)",
                flush=True,
            )
        for name, runs in results.items():
            reads, checks = spread([r["read"] for r in runs], " s"), spread([r["check"] for r in runs], " s")
            print(f"{name}: read {reads}, checks {checks}, peak {spread([r['peak'] for r in runs], ' MB')}")
        loads = spread([r["load"] for r in results["cimgen"]], " s")
        print(f"cimgen importing its compiled shapes (once a process): {loads}")
        speedup = [t["check"] / o["check"] for o, t in zip(results["cimgen"], results["pySHACL"], strict=True)]
        print(f"pySHACL checks / cimgen checks on {args.model}: {spread(speedup, 'x')} (target at least 20x)")
        real = results["cimgen RealGrid"]
        ratio = [r["check"] / r["read"] for r in real]
        print(f"RealGrid profile checks / read: {spread(ratio, 'x')} (target at most 1x)")


if __name__ == "__main__":
    main()
