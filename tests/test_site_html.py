"""The built example site, read as HTML by Python: links, headings, CSP, metadata, budget
and the Nu Html Checker. Fast: no browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import CONTENT, ROOT

BASE = "http://127.0.0.1/"  # the example_site fixture's base URL
MAX_PROJECT_PAGE_BYTES = 30 * 1024  # HTML + CSS, uncompressed


@dataclass
class Parsed:
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    headings: list[int] = field(default_factory=list)
    head_first: str | None = None
    csp: str = ""
    scripts: list[tuple[str | None, str | None]] = field(default_factory=list)  # (src, type)
    jsonld: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = Parsed()
        self._in_head = False
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        r = self.result
        if tag == "head":
            self._in_head = True
        elif self._in_head and r.head_first is None:
            r.head_first = tag
        if a.get("id"):
            r.ids.add(str(a["id"]))
        if tag in {"a", "link"} and a.get("href") is not None and a.get("rel") != "canonical":
            r.links.append(str(a["href"]))
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            r.headings.append(int(tag[1]))
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            r.csp = str(a.get("content"))
        if tag == "meta" and a.get("property"):
            r.meta[str(a["property"])] = str(a.get("content"))
        if tag == "link" and a.get("rel") == "canonical":
            r.canonical = a.get("href")
        if tag == "script":
            r.scripts.append((a.get("src"), a.get("type")))
            self._in_jsonld = a.get("type") == "application/ld+json"
            if self._in_jsonld:
                r.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.result.jsonld[-1] += data


def parse(path: Path) -> Parsed:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.result


@pytest.fixture(scope="module")
def pages(example_site: Path) -> dict[str, Parsed]:
    """Every HTML page of the example site (Pagefind's own files excluded), by site path."""
    return {
        p.relative_to(example_site).as_posix(): parse(p)
        for p in sorted(example_site.rglob("*.html"))
        if "pagefind" not in p.relative_to(example_site).parts
    }


def test_site_has_every_page_type(pages: dict[str, Parsed]) -> None:
    expected = [
        "index.html",
        "projekte/index.html",
        "projekte/nach-beginn/index.html",
        "projekte/bundesland/bayern/index.html",
        "projekte/handlungsfeld/sport/index.html",
        "projekte/zielgruppe/frauen/index.html",
        "projekte/traegerart/polizei/index.html",
        "projekte/status/laufend/index.html",
        "projekte/gemeinsam-sicher-leben/index.html",
        "traeger/index.html",
        "traeger/polizeidirektion-ost-beispiel/index.html",
        "partnersuche/index.html",
        "veranstaltungen/index.html",
        "veranstaltungen/2013-01-erfahrungsaustausch-nuernberg/index.html",
        "karte/index.html",
        "leichte-sprache/index.html",
        "suche/index.html",
        "statistik/index.html",
        "daten/index.html",
        "404.html",
        "expertinnen-und-experten/index.html",
        "expertinnen-und-experten/fachgebiet/polizeiarbeit/index.html",
        "expertinnen-und-experten/bundesland/sachsen/index.html",
        "expertinnen-und-experten/seite/sicherheitsbehoerde/index.html",
        "expertinnen-und-experten/verfuegbar-fuer/dialogveranstaltung/index.html",
        "expertinnen-und-experten/tobias-arndtmeyer/index.html",
        "ansprechpersonen/index.html",
        "ansprechpersonen/sachsen/index.html",
    ]
    assert [p for p in expected if p not in pages] == []


def _target(example_site: Path, page: str, href: str) -> tuple[Path, str] | None:
    """The file an internal link points to and its fragment; None for other hosts."""
    page_url = BASE + page
    if page == "404.html":  # served at any depth, so its links are absolute paths
        assert href.startswith(("/", "#", "mailto:", "https://")), href
    url = urlsplit(urljoin(page_url, href))
    if url.scheme in {"mailto", "tel"} or f"{url.scheme}://{url.netloc}/" != BASE:
        return None
    path = example_site / unquote(url.path).lstrip("/")
    if url.path.endswith("/"):
        path = path / "index.html"
    return path, url.fragment


def test_every_internal_link_and_fragment_resolves(
    example_site: Path, pages: dict[str, Parsed]
) -> None:
    broken = []
    for page, parsed in pages.items():
        for href in parsed.links:
            target = _target(example_site, page, href)
            if target is None:
                continue
            path, fragment = target
            rel = path.relative_to(example_site).as_posix() if path.is_file() else None
            if rel is None:
                broken.append(f"{page}: {href} (no file)")
            elif fragment and fragment not in pages.get(rel, Parsed()).ids:
                broken.append(f"{page}: {href} (no id {fragment!r})")
    assert broken == []


def test_links_are_relative_so_the_site_works_from_a_sub_path(pages: dict[str, Parsed]) -> None:
    absolute = [
        (page, href)
        for page, parsed in pages.items()
        if page != "404.html"
        for href in parsed.links
        if href.startswith("/") or (href.startswith(BASE) and "canonical" not in href)
    ]
    assert absolute == []


def test_csp_is_first_in_head_and_allows_no_inline_script(pages: dict[str, Parsed]) -> None:
    for page, parsed in pages.items():
        assert parsed.head_first == "meta" and parsed.csp, page
        assert "unsafe-inline" not in parsed.csp and "'unsafe-eval'" not in parsed.csp, page
        for src, kind in parsed.scripts:
            assert src or kind == "application/ld+json", f"{page}: inline script"


def test_one_h1_and_no_skipped_heading_levels(pages: dict[str, Parsed]) -> None:
    for page, parsed in pages.items():
        levels = parsed.headings
        assert levels.count(1) == 1 and levels[0] == 1, (page, levels)
        skips = [(a, b) for a, b in pairwise(levels) if b > a + 1]
        assert skips == [], (page, skips)


def test_canonical_and_open_graph_use_the_configured_base_url(pages: dict[str, Parsed]) -> None:
    for page, parsed in pages.items():
        expected = BASE + page.removesuffix("index.html")
        assert parsed.canonical == expected, page
        assert parsed.meta["og:url"] == expected and parsed.meta["og:locale"] == "de_DE", page
        assert parsed.meta["og:title"], page


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        ("projekte/gemeinsam-sicher-leben/index.html", "Project"),
        ("traeger/polizeidirektion-ost-beispiel/index.html", "Organization"),
        ("veranstaltungen/2013-01-erfahrungsaustausch-nuernberg/index.html", "Event"),
    ],
)
def test_schema_org_json_ld_describes_the_page(
    pages: dict[str, Parsed], page: str, kind: str
) -> None:
    (block,) = pages[page].jsonld
    data = json.loads(block)
    assert data["@context"] == "https://schema.org" and data["@type"] == kind
    assert data["url"] == BASE + page.removesuffix("index.html")


def test_project_pages_with_css_stay_within_the_budget(example_site: Path) -> None:
    css = (example_site / "static" / "style.css").stat().st_size
    sizes = {
        record.stem: (example_site / "projekte" / record.stem / "index.html").stat().st_size + css
        for record in (CONTENT / "projects").glob("*.yaml")
    }
    assert "gemeinsam-sicher-leben" in sizes  # the record with the most and longest fields
    over = {slug: size for slug, size in sizes.items() if size >= MAX_PROJECT_PAGE_BYTES}
    assert over == {}, sizes


def test_public_contacts_are_tappable_and_private_ones_absent(example_site: Path) -> None:
    """Contacts published with consent get mailto: and tel: links (E.164), one phone format;
    an address written as »(at)« stops no harvester but every reader on a phone."""
    html = (example_site / "projekte/gemeinsam-sicher-leben/index.html").read_text("utf-8")
    assert '<a href="mailto:koordination@example.org">koordination@example.org</a>' in html
    assert '<a href="tel:+49000000606">+49 000 000606</a>' in html
    assert '<a href="tel:+49000000607">+49 000 000607</a>' in html  # written +49 (000) 000-607
    assert " (at) " not in html
    assert "Brinkhaus" not in html and "o.brinkhaus" not in html and "000608" not in html
    # and the privacy page, which people read before they consent, says so
    privacy = (example_site / "datenschutz/index.html").read_text("utf-8")
    assert "(at)" not in privacy and "wie sie eingetragen sind" in privacy


def test_project_page_links_facets_carriers_and_the_correction_form(example_site: Path) -> None:
    html = (example_site / "projekte/gemeinsam-sicher-leben/index.html").read_text("utf-8")
    for href in (
        "../../projekte/bundesland/berlin/",
        "../../projekte/handlungsfeld/sport/",
        "../../projekte/zielgruppe/frauen/",
        "../../projekte/status/laufend/",
        "../../traeger/polizeidirektion-ost-beispiel/",
        "/edit/main/content/projects/gemeinsam-sicher-leben.yaml",
    ):
        assert href in html, href
    assert "Erfundenes Beispiel" in html and "Zuletzt geprüft am 15. November 2026" in html
    assert "PDF, " in html and "Ähnliche Projekte" in html


def test_no_meta_elements_in_the_body(example_site: Path) -> None:
    """Pagefind's filters and metadata use <data value> in the body; <meta> belongs in head."""
    for path in example_site.rglob("*.html"):
        if "pagefind" in path.relative_to(example_site).parts:
            continue
        assert "<meta " not in path.read_text("utf-8").partition("<body>")[2], path


def test_html_is_valid_according_to_the_nu_html_checker(example_site: Path) -> None:
    java = shutil.which("java")
    assert java, "java not found: install a Java runtime (apt-get install default-jre-headless)"
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    assert jar.is_file(), "vnu.jar missing: run npm ci"
    options = ["--skip-non-html", "--errors-only"]
    result = subprocess.run(
        [java, "-jar", str(jar), *options, str(example_site)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_example_is_marked_once_by_its_badge_not_again_in_its_title(
    pages: dict[str, Parsed], example_site: Path
) -> None:
    for name in pages:
        html = (example_site / name).read_text(encoding="utf-8")
        for item in re.findall(r'<(?:article class="card"|li)>.*?</(?:article|li)>', html, re.S):
            if 'class="badge">Beispiel<' in item:
                assert "(Beispiel)</a>" not in item, (name, item)


def test_lists_in_content_pages_are_lists(example_site: Path) -> None:
    """A nested list item indented by three spaces is no list for Python-Markdown: it stood
    as » - Wie man widerruft: …« inside the privacy page's paragraph."""
    pages = sorted((CONTENT / "pages").glob("*.md"))
    assert pages
    for source in pages:
        html = (example_site / source.stem / "index.html").read_text("utf-8")
        assert not re.search(r"^\s*[-*] ", html, re.MULTILINE), source.name
    privacy = (example_site / "datenschutz/index.html").read_text("utf-8")
    assert "<li><em>Wie man widerruft:</em>" in privacy
