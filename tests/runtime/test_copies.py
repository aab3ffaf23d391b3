"""Generated packages carry cimgen's runtime modules verbatim; the per-package modules are generated."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from cimgen import generate
from cimgen.emit.runtime import RUNTIME_DIR
from tests.conftest import FIXTURES, REPO, import_fresh

# Modules of cimgen/runtime that a package holds its own generated version of.
PER_PACKAGE = {"_xmlroots.py", "_codetables.py", "_cimschema.py", "__init__.py"}
# Runtime that only packages generated with SHACL shapes carry (the embedded package has none).
SHAPES_ONLY = {"_cimshacl.py", "_cimsparql.py"}


def _runtime_modules() -> dict[str, str]:
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(RUNTIME_DIR.glob("*.py"))
        if p.name not in PER_PACKAGE | SHAPES_ONLY
    }


def test_the_committed_package_carries_every_runtime_module_unchanged() -> None:
    package = REPO / "generated" / "cim_metering"
    runtime = _runtime_modules()
    assert {"_xmlcodec.py", "_xmlvalues.py", "_xmlcheck.py", "_codefacts.py", "_readingtype.py"} <= set(runtime)
    for name, text in runtime.items():
        assert (package / name).read_text(encoding="utf-8") == text, f"{name} is not a verbatim copy"


def test_a_package_carries_only_the_runtime_its_inputs_need(tmp_path: Path) -> None:
    cim = generate([FIXTURES / "tiny.rdf"], out=tmp_path, package="tiny")
    carried = set(cim.files) & set(_runtime_modules())
    assert carried == {
        "cimxml.py",
        "_cimmodel.py",
        "_cimspec.py",
        "_cimread.py",
        "_cimwrite.py",
        "_cimcheck.py",
        "_cimvalues.py",
        "_xmlvalues.py",
    }
    # Its ReadingType would bring cimgen's code tables and their codecs: this is about the schema's own needs.
    schemas = generate([FIXTURES / "tiny-payload.xsd"], out=tmp_path, package="payload", code_tables=False)
    xml_runtime = {"_xmlcodec.py", "_xmlbulk.py", "_xmlstream.py", "_xmlvalues.py", "_xmlcheck.py"}
    assert set(schemas.files) & set(_runtime_modules()) == xml_runtime


def test_a_package_with_some_code_tables_carries_only_the_codecs_they_serve(tmp_path: Path) -> None:
    codes = REPO / "profiles" / "codes"
    reply_tables = [codes / "reply_code.csv", codes / "reply_code_category.csv"]
    result = generate(reply_tables, out=tmp_path, package="replies")
    carried = set(result.files) & set(_runtime_modules())
    assert carried == {"_codefacts.py"}
    import_fresh(tmp_path, "replies")
    codes_module = importlib.import_module("replies.codes")
    assert not hasattr(codes_module, "ReadingType") and "ReadingType" not in codes_module.__all__
    assert codes_module.decode("2.10") is codes_module.ReplyCode.UNSUPPORTED_READING_TYPES
    with pytest.raises(codes_module.CodeError, match="no code table decodes a 4-part code"):
        codes_module.decode("3.26.38.85")


def test_the_runtime_code_tables_are_the_embedded_tables_as_generated(tmp_path: Path) -> None:
    generate([REPO / "profiles" / "codes"], out=tmp_path, package="codes_default")
    fresh = (tmp_path / "codes_default" / "_codetables.py").read_text(encoding="utf-8")
    assert (RUNTIME_DIR / "_codetables.py").read_text(encoding="utf-8") == fresh, (
        "cimgen/runtime/_codetables.py is stale: run `cimgen generate profiles/codes --out build --package "
        "codes_default` and copy build/codes_default/_codetables.py over it"
    )


def test_the_runtime_xml_roots_default_is_empty() -> None:
    from cimgen.runtime import _xmlroots

    assert _xmlroots.NAMESPACES == {} and _xmlroots.ROOTS == {}


def test_a_package_with_shapes_carries_their_runtime_verbatim(tmp_path: Path) -> None:
    from tests.readers.test_shacl import SHAPES

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    result = generate([FIXTURES / "tiny.rdf", shapes], out=tmp_path, package="shaped")
    assert {"_cimshapes.py", "_cimshacl.py", "_cimsparql.py"} <= set(result.files)
    assert (tmp_path / "shaped" / "_cimshacl.py").read_text(encoding="utf-8") == (
        RUNTIME_DIR / "_cimshacl.py"
    ).read_text(encoding="utf-8")
