"""The ``_cimshapes`` module: compiled checks laid out as a formatter would, passing ruff and mypy --strict."""

from __future__ import annotations

from pathlib import Path

from cimgen import generate
from cimgen.emit.render import LINE_LENGTH, exploded
from tests.conftest import FIXTURES, run_tool
from tests.readers.test_shacl import CIM, SHAPES

# A long sh:in list and a long pattern: constants that do not fit on a line.
LONG_IN = " ".join(f"cim:BaseVoltage{n}" for n in range(12))
MORE = f"""
ex:long-in a sh:PropertyShape ;
    sh:path ( cim:TopologicalNode.BaseVoltage rdf:type ) ;
    sh:in ( {LONG_IN} cim:BaseVoltage ) ;
    sh:hasValue cim:BaseVoltage .
"""


def test_a_long_tuple_is_laid_out_one_item_a_line() -> None:
    source = "(" + ", ".join(f'"{CIM}Item{n}"' for n in range(8)) + ', ("a", "b,c"))'
    laid_out = exploded("_C0 = ", source, "")
    lines = laid_out.splitlines()
    assert lines[0] == "_C0 = (" and lines[-1] == ")" and lines[-2] == '    ("a", "b,c"),'
    assert len(lines) == 11 and all(len(line) <= LINE_LENGTH for line in lines)
    assert exploded("    ", '("short",)', ",") == '    ("short",),'


def test_a_package_with_shapes_passes_ruff_and_mypy_strict(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    text = SHAPES.replace("ex:mrid-pattern , ex:sparql .", "ex:mrid-pattern , ex:sparql , ex:long-in .") + MORE
    shapes.write_text(text, encoding="utf-8")
    generate([FIXTURES / "tiny.rdf", shapes], out=tmp_path, package="shaped")
    module = (tmp_path / "shaped" / "_cimshapes.py").read_text(encoding="utf-8")
    assert "import re" in module and "cim#BaseVoltage11" in module
    assert "ctx.has_value(values, " in module and '("http://example.com/cim#BaseVoltage", "", "iri")' in module
    lint = run_tool("ruff", "check", "--no-cache", "--isolated", "--line-length", "120", "shaped", cwd=tmp_path)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    formatted = run_tool(
        "ruff", "format", "--check", "--no-cache", "--isolated", "--line-length", "120", "shaped", cwd=tmp_path
    )
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    typed = run_tool("mypy", "--strict", "--no-incremental", "shaped", cwd=tmp_path)
    assert typed.returncode == 0, typed.stdout + typed.stderr
