"""What a reader sees in real Chromium: axe-core finds no WCAG 2.1 A/AA or EN 301 549
violation on any page type, the keyboard reaches the skip link and the main navigation with
a visible focus, the print view drops the navigation, and screenshots are written for review.

axe-core is evaluated through the DevTools protocol (page.evaluate with the file's source):
page.add_script_tag would insert an inline <script>, which the site's Content-Security-Policy
rightly blocks (no 'unsafe-inline'). Evaluating it needs no CSP bypass, so the pages are
checked exactly as served, and console CSP errors still fail the test.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from forms import open_form, submit_filled, submit_with_errors

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "EN-301-549"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
FOCUS_YELLOW = "rgb(255, 221, 0)"

PAGE_TYPES = {
    "home": "",
    "list": "projekte/",
    "list-by-start": "projekte/nach-beginn/",
    "facet": "projekte/bundesland/bayern/",
    "facet-empty-or-small": "projekte/status/geplant/",
    "project": "projekte/fussball-verbindet/",
    "project-maximal": "projekte/gemeinsam-sicher-leben/",
    "carrier": "traeger/polizeidirektion-ost-beispiel/",
    "carriers": "traeger/",
    "partners": "partnersuche/",
    "events": "veranstaltungen/",
    "event": "veranstaltungen/2013-01-erfahrungsaustausch-nuernberg/",
    "map": "karte/",
    "content": "leichte-sprache/",
    "accessibility-statement": "barrierefreiheit/",
    "search": "suche/?q=Polizei",
    "statistics": "statistik/",
    "open-data": "daten/",
    "propose": "vorschlagen/",
    "experts": "expertinnen-und-experten/",
    "expert-facet": "expertinnen-und-experten/fachgebiet/polizeiarbeit/",
    "expert": "expertinnen-und-experten/tobias-arndtmeyer/",
    "expert-unnamed": "expertinnen-und-experten/jugendarbeit-nordrhein-westfalen/",
    "contacts": "ansprechpersonen/",
    "contacts-state": "ansprechpersonen/sachsen/",
    "404": "404.html",
}
# states of the proposal form reached only by script: axe and the screenshots see them too
FORM_STATES = {"propose-errors": submit_with_errors, "propose-filled": submit_filled}


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
    visit(page, site_url, path)
    assert axe_violations(page) == []
    assert page.guard.console_errors == []


def visit(page: Any, site_url: str, path: str) -> None:
    """Open a page and wait until its script has done its work."""
    if path == "vorschlagen/":
        open_form(page, site_url)
        return
    page.goto(site_url + path)
    if path.startswith("suche/"):
        page.locator("#suche-ergebnisse a").first.wait_for()  # static/search.js


@pytest.mark.parametrize("state", FORM_STATES.values(), ids=FORM_STATES.keys())
@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_violations_in_the_filled_and_failing_proposal_form(
    page: Any, site_url: str, state: Any, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    state(page, site_url)
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


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_on_a_phone_the_content_starts_near_the_top(page: Any, site_url: str, path: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    visit(page, site_url, path)
    top = page.evaluate("document.querySelector('main h1').getBoundingClientRect().top")
    assert top < 200, f"the heading starts {top}px down"
    assert not page.locator(".main-nav").is_visible()


def test_on_a_phone_the_menu_button_opens_the_navigation_without_script(
    page: Any, site_url: str
) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site_url + "projekte/")
    summary = page.locator(".menu summary")
    assert summary.inner_text().strip().endswith("Menü")
    assert page.evaluate("document.querySelector('.menu').tagName") == "DETAILS"  # native
    summary.click()
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    assert nav.get_by_role("link", name="Veranstaltungen").is_visible()
    assert page.locator("#site-search-q").is_visible()
    assert axe_violations(page) == []
    page.keyboard.press("Escape")


def test_one_search_box_per_page_showing_the_current_query(page: Any, site_url: str) -> None:
    for path in ("", "projekte/", "suche/?q=Polizei"):
        visit(page, site_url, path)
        assert page.locator("input[type=search]").count() == 1, path
    assert page.locator("input[type=search]").input_value() == "Polizei"


def test_print_view_of_a_project_hides_navigation_and_keeps_the_content(
    page: Any, site_url: str
) -> None:
    page.emulate_media(media="print")
    page.goto(site_url + "projekte/gemeinsam-sicher-leben/")
    assert not page.locator(".main-nav").is_visible()
    assert not page.locator(".site-search").is_visible()
    assert page.locator("h1").is_visible() and page.locator(".facts").is_visible()
    assert page.locator(".contacts").is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_every_page_type_for_review(page: Any, site_url: str, width: int) -> None:
    """Written to tests/screenshots/ (git-ignored; CI keeps them as an artifact) for people to
    look at, not compared: every page type and the proposal form filled and with errors, at a
    phone's and a desktop's width. None may scroll sideways."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    shots: dict[str, Any] = {
        name: lambda p, url, path=path: visit(p, url, path) for name, path in PAGE_TYPES.items()
    }
    for name, reach in {**shots, **FORM_STATES}.items():
        reach(page, site_url)
        target = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 0
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {width}px"
    assert page.guard.console_errors == []


def test_the_proposal_form_states_are_valid_html(page: Any, site_url: str, tmp_path: Path) -> None:
    """The Nu Html Checker on the DOM that script builds: the filled form and the error list."""
    java = shutil.which("java")
    assert java, "java not found: install a Java runtime (apt-get install default-jre-headless)"
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    assert jar.is_file(), "vnu.jar missing: run npm ci"
    for name, state in FORM_STATES.items():
        state(page, site_url)
        (tmp_path / f"{name}.html").write_text(
            "<!DOCTYPE html>\n" + page.content().removeprefix("<!DOCTYPE html>"), "utf-8"
        )
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
