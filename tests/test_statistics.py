"""The Statistik page: every chart has a text alternative and a data table, the counts agree
with the catalogue and link to facet pages that list exactly that many projects, and it
prints (Chromium's PDF). axe-core and the Nu checker see it with every other page."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from conftest import PROJECT, TODAY

from katalog.config import Config
from katalog.pipeline import check
from katalog.statistics import charts


class _Tables(HTMLParser):
    """Rows of every table as (header text, cell text, link in the cell), and SVG labels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[str, str, str | None]] = []
        self.svgs: list[dict[str, str]] = []
        self._cells: list[str] = []
        self._link: str | None = None
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr":
            self._cells, self._link = [], None
        elif tag in {"th", "td"}:
            self._cells.append("")
            self._in = tag
        elif tag == "a" and self._in == "td":
            self._link = a.get("href")
        elif tag == "svg":
            self.svgs.append({k: v or "" for k, v in a.items()})
        elif tag == "span" and a.get("class") == "visually-hidden":
            self._in = "hidden"

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and len(self._cells) == 2:
            self.rows.append((self._cells[0].strip(), self._cells[1].strip(), self._link))
        elif tag in {"th", "td"}:
            self._in = None
        elif tag == "span" and self._in == "hidden":
            self._in = "td"

    def handle_data(self, data: str) -> None:
        if self._in in {"th", "td"}:
            self._cells[-1] += data


@pytest.fixture(scope="module")
def stats(example_site: Path) -> _Tables:
    parser = _Tables()
    parser.feed((example_site / "statistik/index.html").read_text(encoding="utf-8"))
    return parser


def test_every_chart_is_an_image_with_a_text_alternative(stats: _Tables) -> None:
    catalogue = check(PROJECT, Config(base_url="http://127.0.0.1/"), TODAY)
    assert len(stats.svgs) == len(charts(catalogue)) == 7
    for svg in stats.svgs:
        assert svg["role"] == "img" and len(svg["aria-labelledby"].split()) == 2


def test_counts_agree_with_the_catalogue(stats: _Tables) -> None:
    catalogue = check(PROJECT, Config(base_url="http://127.0.0.1/"), TODAY)
    counts = {(header, int(count)) for header, count, _ in stats.rows if count.isdigit()}
    bavaria = sum(1 for p in catalogue.projects if any(s.value == "Bayern" for s in p.states))
    assert ("Bayern", bavaria) in counts
    years = Counter(p.start.year for p in catalogue.projects)
    for year, number in years.items():
        assert (str(year), number) in counts
    assert sum(n for h, n in counts if h in {"Laufend", "Geplant", "Abgeschlossen"}) == len(
        catalogue.projects
    )


def test_counts_link_to_facet_pages_listing_that_many_projects(
    stats: _Tables, example_site: Path
) -> None:
    linked = [(header, count, link) for header, count, link in stats.rows if link]
    assert len(linked) > 30
    base = "http://127.0.0.1/statistik/"
    for header, count, link in linked:
        target = urljoin(base, link).removeprefix("http://127.0.0.1/")
        assert target.startswith("projekte/"), link
        html = (example_site / target / "index.html").read_text(encoding="utf-8")
        assert html.count('<article class="card">') == int(count.split()[0]), (header, link)


def test_charts_print_in_black_without_navigation(page: Any, site_url: str, tmp_path: Path) -> None:
    page.emulate_media(media="print")
    page.goto(site_url + "statistik/")
    assert not page.locator(".main-nav").is_visible()
    bars = page.locator("svg.bars rect")
    assert bars.count() > 50 and bars.first.is_visible()
    assert bars.first.evaluate("r => getComputedStyle(r).fill") == "rgb(0, 0, 0)"
    pdf = tmp_path / "statistik.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    assert page.guard.console_errors == []
