"""``cimgen docs`` on the embedded profile: every page parses, every link lands, the same inputs give
the same bytes, and a class page says what the profile says of the class."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from lxml import etree, html

from cimgen.api import generate_docs, load_graph
from cimgen.diff import Change, GraphDiff
from cimgen.emit.docs import site_files

XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "site"
    generate_docs(None, out)
    return out


def broken_links(site: Path) -> list[tuple[str, str]]:
    """Every internal link of every page that lands on no file, or on no element of the id it names."""
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in sorted(site.rglob("*.html")):
        document = html.parse(str(page))
        for element in document.iter():
            href = (
                element.get("href")
                if element.tag in ("a", "link")
                else element.get("src")
                if element.tag == "script"
                else None
            )
            if not href or "://" in href:
                continue
            target, _, fragment = href.partition("#")
            path = (page.parent / target).resolve() if target else page.resolve()
            if not path.is_file():
                broken.append((str(page.relative_to(site)), href))
                continue
            if fragment:
                if path not in ids:
                    ids[path] = {e.get("id") for e in html.parse(str(path)).iter() if e.get("id")}
                if fragment not in ids[path]:
                    broken.append((str(page.relative_to(site)), href))
    return broken


def test_every_page_parses_as_xml_and_every_link_lands(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 800
    for page in pages:
        root = etree.parse(str(page), XML).getroot()  # polyglot: well-formed XML as well as HTML
        assert root.tag == "{http://www.w3.org/1999/xhtml}html"
    assert broken_links(site) == []


def test_the_same_inputs_give_the_same_site(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate_docs(None, again)

    def digest(folder: Path) -> dict[str, str]:
        return {
            str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*")
            if p.is_file()
        }

    assert digest(again) == digest(site)


def test_a_class_page_shows_its_members_diagram_and_schema_types(site: Path) -> None:
    page = html.parse(str(site / "types" / "Meter.html"))
    text = page.getroot().text_content()
    assert "formNumber" in text and "Inherits from" in text and "EndDevice" in text
    rows = {row.get("id") for row in page.iter("tr")}
    assert {"formNumber", "MeterReadings"} <= rows
    svg = next(page.iter("svg"))
    names = [t.text for t in svg.iter("text") if t.get("class") == "name"]
    assert "Meter" in names and "EndDevice" in names and "IdentifiedObject" in names  # the chain up
    assert any("formNumber" in (t.text or "") for t in svg.iter("text"))  # the focus class lists its attributes
    links = [
        li
        for h2 in page.iter("h2")
        if h2.text == "XML Schema types that stand for it"
        for li in h2.getnext().iter("li")
    ]
    assert "MeterConfig:Meter" in {li.text_content().strip() for li in links}  # named with their noun
    index = (site / "search-index.js").read_text()
    assert '["Meter.formNumber","types/Meter.html#formNumber","member"]' in index


def test_with_a_diff_each_page_marks_what_changed() -> None:
    graph = load_graph()
    diff = GraphDiff(
        (),
        (
            Change("class", "Meter", "changed", ("Metering",), (("package", "Old", "Metering"),)),
            Change("attribute", "Meter.formNumber", "added", ("Metering",)),
            Change("attribute", "Meter.oldField", "removed", ("Metering",)),
        ),
    )
    pages = dict(site_files(graph, ["metering.ttl"], diff))
    meter = html.fromstring(pages["types/Meter.html"])
    assert [s.text for s in meter.iter("span") if "change" in (s.get("class") or "")] == ["changed", "added"]
    assert "package: Old → Metering" in meter.text_content() and "Meter.oldField (attribute)" in meter.text_content()
