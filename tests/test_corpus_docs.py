"""``cimgen docs`` on CGMES 3.0.0, marked against 2.4.15: every page parses, every link lands, and the
changes the diff finds are on the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, html

from cimgen.api import generate_docs
from tests.conftest import corpus_path
from tests.emit.test_docs import XML, broken_links


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cgmes-docs") / "site"
    generate_docs(
        [corpus_path("cimgen-cgmes/CGMES_3.0.0")], out, older=[corpus_path("cimgen-cgmes/CGMES_2.4.15_27JAN2020")]
    )
    return out


def test_the_cgmes_site_parses_and_links(site: Path) -> None:
    pages = sorted((site / "types").glob("*.html"))
    assert len(pages) == 525  # one per type of CGMES 3.0.0
    for page in sorted(site.rglob("*.html")):
        etree.parse(str(page), XML)
    assert broken_links(site) == []


def test_pages_mark_what_changed_since_2_4_15(site: Path) -> None:
    line = html.parse(str(site / "types" / "ACLineSegment.html")).getroot().text_content()
    assert "package: Wires → CoreEquipmentProfile" in line
    assert "changed" in line
    added = html.parse(str(site / "types" / "ACLineSegment.html")).getroot()
    marks = {row.get("id"): [s.text for s in row.iter("span")] for row in added.iter("tr") if row.get("id")}
    assert marks["b0ch"] == ["changed"] and marks["r"] == []  # b0ch moved to the SC profile; r did not change
