"""What a reader sees in real Chromium: axe-core finds no WCAG 2.1 A/AA or EN 301 549
violation on any page type, the keyboard reaches the skip link and the main navigation with
a visible focus, the print view drops the navigation, and screenshots are written for review.

axe-core is evaluated through the DevTools protocol (page.evaluate with the file's source):
page.add_script_tag would insert an inline <script>, which the site's Content-Security-Policy
rightly blocks (no 'unsafe-inline'). Evaluating it needs no CSP bypass, so the pages are
checked exactly as served, and console CSP errors still fail the test.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "EN-301-549"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
FOCUS_YELLOW = "rgb(255, 221, 0)"

PAGE_TYPES = {
    "home": "",
    "list": "projekte/",
    "list-by-start": "projekte/nach-beginn/",
    "facet": "projekte/bundesland/bayern/",
    "facet-empty-or-small": "projekte/status/planned/",
    "project": "projekte/fussball-verbindet/",
    "project-maximal": "projekte/gemeinsam-sicher-leben/",
    "carrier": "traeger/polizeidirektion-ost-beispiel/",
    "carriers": "traeger/",
    "partners": "partnersuche/",
    "events": "veranstaltungen/",
    "event": "veranstaltungen/2013-01-erfahrungsaustausch-nuernberg/",
    "map": "karte/",
    "content": "leichte-sprache/",
    "search": "suche/?q=Polizei",
    "experts": "expertinnen-und-experten/",
    "expert-facet": "expertinnen-und-experten/fachgebiet/polizeiarbeit/",
    "expert": "expertinnen-und-experten/tobias-arndtmeyer/",
    "expert-unnamed": "expertinnen-und-experten/jugendarbeit-nordrhein-westfalen/",
    "contacts": "ansprechpersonen/",
    "contacts-state": "ansprechpersonen/sachsen/",
    "404": "404.html",
}


@cache
def axe_source() -> str:
    assert AXE.is_file(), "axe-core missing: run npm ci"
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[str]:
    page.evaluate(axe_source())
    found = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})
             .then(r => r.violations.map(v => v.id + ': ' + v.help + ' → '
               + v.nodes.map(n => n.target.join(' ')).join(', ')))""",
        AXE_TAGS,
    )
    return list(found)


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_axe_finds_no_accessibility_violations(page: Any, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    if path.startswith("suche/"):
        page.locator("#suche-ergebnisse a").first.wait_for()  # static/search.js
    assert axe_violations(page) == []
    assert page.guard.console_errors == []


@pytest.mark.parametrize("path", ["", "projekte/gemeinsam-sicher-leben/", "karte/"])
def test_axe_finds_no_violations_in_dark_mode(page: Any, site_url: str, path: str) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + path)
    assert axe_violations(page) == []


def focused(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e),
                     r = e.getBoundingClientRect();
                   return {text: e.textContent.trim(), id: e.id, background: s.backgroundColor,
                           outline: s.outlineStyle, left: r.left, top: r.top,
                           width: r.width, height: r.height,
                           nav: !!e.closest('nav[aria-label="Hauptnavigation"]')}; }"""
    )
    return result


def test_skip_link_is_first_visible_on_focus_and_jumps_to_the_content(
    page: Any, site_url: str
) -> None:
    page.goto(site_url)
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Zum Inhalt springen"
    assert first["left"] >= 0 and first["width"] > 0 and first["background"] == FOCUS_YELLOW
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#inhalt"
    assert focused(page)["id"] == "inhalt"


def test_main_navigation_is_reachable_by_tab_with_visible_focus(page: Any, site_url: str) -> None:
    page.goto(site_url)
    reached, header = [], []
    for _ in range(15):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["text"] == "Leichte Sprache":  # in the header, before the main navigation
            assert now["background"] == FOCUS_YELLOW and now["outline"] != "none", now
            header.append(now["text"])
        if now["nav"]:
            assert now["background"] == FOCUS_YELLOW and now["outline"] != "none", now
            assert now["top"] >= 0 and now["height"] > 0, now
            reached.append(now["text"])
    assert reached[:3] == ["Projekte", "Karte", "Träger"]
    assert "Veranstaltungen" in reached and "Über den Katalog" in reached
    assert header == ["Leichte Sprache"]


def test_print_view_of_a_project_hides_navigation_and_keeps_the_content(
    page: Any, site_url: str
) -> None:
    page.emulate_media(media="print")
    page.goto(site_url + "projekte/gemeinsam-sicher-leben/")
    assert not page.locator(".main-nav").is_visible()
    assert not page.locator(".site-search").is_visible()
    assert page.locator("h1").is_visible() and page.locator(".facts").is_visible()
    assert page.locator(".contacts").is_visible()


SHOTS = {
    "start": "",
    "liste": "projekte/",
    "projekt": "projekte/gemeinsam-sicher-leben/",
    "veranstaltung": "veranstaltungen/2013-01-erfahrungsaustausch-nuernberg/",
    "karte": "karte/",
    "fachleute": "expertinnen-und-experten/",
    "fachperson": "expertinnen-und-experten/dr-miriam-okonkwo-seidel/",
    "ansprechpersonen": "ansprechpersonen/sachsen/",
}


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_for_review(page: Any, site_url: str, width: int) -> None:
    """Written to tests/screenshots/ (git-ignored) for people to look at; not compared."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in SHOTS.items():
        page.goto(site_url + path)
        target = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 0
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {width}px"
    assert page.guard.console_errors == []
