"""The search page in real Chromium against the built example site and its real Pagefind index.

Expected numbers come from the example catalogue's model, so new example records do not break
these tests; every test also checks that the page ran under the site's CSP without console errors.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import PROJECT, TODAY, serve
from playwright.sync_api import expect

from katalog.config import Config
from katalog.index import pagefind_command
from katalog.model import Catalogue
from katalog.network import contact_directory
from katalog.pipeline import check


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return check(PROJECT, Config(base_url="http://127.0.0.1/"), TODAY)


def results(n: int) -> re.Pattern[str]:
    """The live region's text for `n` results, whatever follows (query, filters)."""
    word = "Keine Ergebnisse" if n == 0 else f"{n} Ergebnis" if n == 1 else f"{n} Ergebnisse"
    return re.compile(rf"^{word}(\s|$)")


def checkbox(page: Any, legend: str, value: str) -> Any:
    group = page.get_by_role("group", name=legend)
    return group.get_by_role("checkbox", name=re.compile(rf"^{re.escape(value)} \(\d+\)$"))


def titles(page: Any) -> list[str]:
    texts: list[str] = page.locator("#suche-ergebnisse h3").all_inner_texts()
    return texts


def projects_in(catalogue: Catalogue, *states: str) -> set[str]:
    return {p.title for p in catalogue.projects if {s.label for s in p.states} & set(states)}


def entries_in(catalogue: Catalogue, *states: str) -> set[str]:
    """Every search entry with one of `states`: projects, experts and contact-directory pages."""
    experts = {e.title for e in catalogue.experts if {s.label for s in e.states} & set(states)}
    contacts = {
        f"Ansprechpersonen in {state.label}"
        for state, _ in contact_directory(catalogue)
        if state.label in states
    }
    return projects_in(catalogue, *states) | experts | contacts


def indexed(catalogue: Catalogue) -> int:
    """How many pages the search index holds."""
    return (
        len(catalogue.projects)
        + len(catalogue.events)
        + len(catalogue.experts)
        + len(contact_directory(catalogue))
    )


def no_console_errors(page: Any) -> None:
    assert page.guard.console_errors == []


def test_a_query_finds_the_expected_project(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}suche/?q=Fu%C3%9Fball")
    status = page.locator("#suche-status")
    expect(status).to_have_text(re.compile(r"Ergebnis.* für „Fußball“$"))
    first = page.locator("#suche-ergebnisse a").first
    expect(first).to_have_text(re.compile(r"^Fußball verbindet"))
    assert urlsplit(first.get_attribute("href") or "").path == "/projekte/fussball-verbindet/"
    # the result shows what it is before the click: kind, place, time and summary
    item = page.locator(".search-result").first
    expect(item.locator(".search-facts")).to_have_text(
        re.compile(
            r"^Projekt · Niedersachsen · Hannover · April 2010 – September 2016 · Abgeschlossen"
        )
    )
    expect(item).to_contain_text("Polizistinnen und Polizisten spielten jede Woche")
    expect(status).to_have_attribute("aria-live", "polite")
    no_console_errors(page)


def test_spelling_without_eszett_or_umlaut_finds_the_german_word(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}suche/?q=Fussball")
    expect(page.locator("#suche-ergebnisse a").first).to_have_text(re.compile("^Fußball"))
    page.goto(f"{site_url}suche/?q=Gespraechsabende")
    expect(page.locator("#suche-status")).not_to_have_text(results(0))
    no_console_errors(page)


def test_a_part_of_a_compound_word_finds_the_record(page: Any, site_url: str) -> None:
    """The football record says only "Fußballturnier"; Pagefind alone would not find "Turnier"."""
    page.goto(f"{site_url}suche/?q=Turnier")
    expect(page.locator("#suche-status")).to_have_text(results(1))
    expect(page.locator("#suche-ergebnisse a")).to_have_text(re.compile("^Fußball verbindet"))
    page.goto(f"{site_url}projekte/fussball-verbindet/")
    expect(page.locator("article")).to_contain_text("Fußballturnier")
    visible = page.locator("article").inner_text()  # without the hidden compound parts
    assert "Fußballturnier" in visible and not re.search(r"\bturnier\b", visible, re.I)
    no_console_errors(page)


def test_only_the_main_content_is_indexed(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}suche/?q=korrigieren")  # the "Eintrag korrigieren" link below articles
    expect(page.locator("#suche-status")).to_have_text(results(0))
    page.goto(f"{site_url}suche/?q=Hauptnavigation")
    expect(page.locator("#suche-status")).to_have_text(results(0))
    no_console_errors(page)


def test_filters_show_counts_before_anything_is_typed(
    page: Any, site_url: str, catalogue: Catalogue
) -> None:
    page.goto(f"{site_url}suche/")
    total = indexed(catalogue)
    expect(page.locator("#suche-status")).to_have_text(results(total))
    expect(page.locator("#suche-ergebnisse > li")).to_have_count(min(total, 20))
    for legend in (
        "Art des Eintrags",
        "Bundesland",
        "Handlungsfeld",
        "Zielgruppe",
        "Art des Trägers",
        "Status",
        "Jahr",
    ):
        expect(page.get_by_role("group", name=legend)).to_be_visible()
    expect(checkbox(page, "Art des Eintrags", "Projekt")).to_have_accessible_name(
        f"Projekt ({len(catalogue.projects)})"
    )
    berlin = len(entries_in(catalogue, "Berlin"))
    expect(checkbox(page, "Bundesland", "Berlin")).to_have_accessible_name(f"Berlin ({berlin})")
    no_console_errors(page)


def test_a_filter_narrows_the_results_and_changes_the_other_counts(
    page: Any, site_url: str, catalogue: Catalogue
) -> None:
    page.goto(f"{site_url}suche/")
    total = indexed(catalogue)
    expect(page.locator("#suche-status")).to_have_text(results(total))
    berlin = entries_in(catalogue, "Berlin")
    box = checkbox(page, "Bundesland", "Berlin")
    box.check()
    expect(page.locator("#suche-status")).to_have_text(results(len(berlin)))
    assert set(titles(page)) == berlin
    expect(box).to_be_focused()  # updating the results does not move focus
    expect(checkbox(page, "Art des Eintrags", "Projekt")).to_have_accessible_name(
        f"Projekt ({len(projects_in(catalogue, 'Berlin'))})"
    )
    expect(checkbox(page, "Art des Eintrags", "Veranstaltungsbericht")).to_have_accessible_name(
        "Veranstaltungsbericht (0)"
    )
    assert parse_qs(urlsplit(page.url).query) == {"bundesland": ["Berlin"]}
    no_console_errors(page)


def test_values_of_one_filter_widen_and_other_filters_narrow(
    page: Any, site_url: str, catalogue: Catalogue
) -> None:
    page.goto(f"{site_url}suche/")
    checkbox(page, "Bundesland", "Berlin").check()
    either = entries_in(catalogue, "Berlin", "Bayern")
    assert len(either) > len(entries_in(catalogue, "Berlin"))
    checkbox(page, "Bundesland", "Bayern").check()
    expect(page.locator("#suche-status")).to_have_text(results(len(either)))
    assert set(titles(page)) == either
    # the Bundesland counts ignore the Bundesland ticks: ticking another state would add its own
    berlin = len(entries_in(catalogue, "Berlin"))
    expect(checkbox(page, "Bundesland", "Berlin")).to_have_accessible_name(f"Berlin ({berlin})")
    # and a second filter narrows (AND)
    running = {
        p.title for p in catalogue.projects if p.title in either and p.status.label == "Laufend"
    }
    checkbox(page, "Status", "Laufend").check()
    expect(page.locator("#suche-status")).to_have_text(results(len(running)))
    assert set(titles(page)) == running
    assert parse_qs(urlsplit(page.url).query) == {
        "bundesland": ["Bayern", "Berlin"],  # in the order of the checkboxes
        "status": ["Laufend"],
    }
    no_console_errors(page)


def test_a_url_with_query_and_filters_restores_the_same_results(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}suche/")
    page.get_by_label("Suchbegriff").fill("Polizei")
    page.get_by_label("Suchbegriff").press("Enter")
    expect(page.locator("#suche-status")).to_have_text(re.compile("für „Polizei“"))
    checkbox(page, "Bundesland", "Berlin").check()
    checkbox(page, "Bundesland", "Hamburg").check()
    expect(page.locator("#suche-status")).to_contain_text("2 Filter gewählt")
    shared_url, shown = page.url, titles(page)
    assert parse_qs(urlsplit(shared_url).query) == {
        "q": ["Polizei"],
        "bundesland": ["Berlin", "Hamburg"],
    }

    other = page.context.new_page()
    try:
        other.goto(shared_url)
        expect(other.locator("#suche-status")).to_contain_text("2 Filter gewählt")
        expect(other.get_by_label("Suchbegriff")).to_have_value("Polizei")
        expect(checkbox(other, "Bundesland", "Berlin")).to_be_checked()
        expect(checkbox(other, "Bundesland", "Hamburg")).to_be_checked()
        expect(other.locator("#suche-ergebnisse h3")).to_have_text(shown)
    finally:
        other.close()
    no_console_errors(page)


def test_the_back_button_returns_to_the_previous_results(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}suche/?q=Moschee")
    status = page.locator("#suche-status")
    expect(status).to_have_text(re.compile("für „Moschee“$"))
    before = titles(page)
    checkbox(page, "Bundesland", "Berlin").check()
    expect(status).to_contain_text("1 Filter gewählt")
    page.go_back()
    expect(status).to_have_text(re.compile("für „Moschee“$"))
    expect(checkbox(page, "Bundesland", "Berlin")).not_to_be_checked()
    expect(page.locator("#suche-ergebnisse h3")).to_have_text(before)
    page.go_forward()
    expect(checkbox(page, "Bundesland", "Berlin")).to_be_checked()
    expect(status).to_contain_text("1 Filter gewählt")
    no_console_errors(page)


def test_no_hits_give_a_helpful_message(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}suche/?q=Xylophonorchester&typ=Projekt")
    expect(page.locator("#suche-status")).to_have_text(results(0))
    note = page.locator("#suche-leer")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Prüfen Sie die Schreibweise")
    expect(note.get_by_role("link", name="Projektliste")).to_have_attribute("href", "../projekte/")
    note.get_by_role("button", name="alle Filter").click()
    expect(checkbox(page, "Art des Eintrags", "Projekt")).not_to_be_checked()
    expect(page.get_by_label("Suchbegriff")).to_be_focused()
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Xylophonorchester"]}
    no_console_errors(page)


def test_the_header_search_box_on_another_page_leads_to_results(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}projekte/fussball-verbindet/")
    page.get_by_role("searchbox", name="Katalog durchsuchen").fill("Moschee Polizei Jugend")
    page.get_by_role("searchbox", name="Katalog durchsuchen").press("Enter")
    expect(page).to_have_url(re.compile(r"/suche/\?q=Moschee\+Polizei\+Jugend$"))
    expect(page.get_by_label("Suchbegriff")).to_have_value("Moschee Polizei Jugend")
    expect(page.locator("#suche-status")).to_have_text(re.compile("für „Moschee Polizei Jugend“$"))
    expect(page.locator("#suche-ergebnisse > li").first).to_be_visible()
    no_console_errors(page)


def test_search_page_explains_itself_without_javascript(example_site: Path) -> None:
    html = (example_site / "suche" / "index.html").read_text(encoding="utf-8")
    noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.S)
    assert noscript is not None
    assert "braucht JavaScript" in noscript.group(1) or "brauchen JavaScript" in noscript.group(1)
    assert 'href="../projekte/"' in noscript.group(1)
    assert re.search(r'<form id="suche"[^>]* hidden>', html), "the search form waits for its script"
    assert "<script>" not in html and " style=" not in html  # nothing the CSP would block
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None and "unsafe-inline" not in csp.group(1)
    assert "'unsafe-eval'" not in csp.group(1)


def test_typing_updates_results_and_url_without_moving_focus(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}suche/")
    field = page.get_by_label("Suchbegriff")
    expect(page.locator("#suche-status")).to_have_text(re.compile(r"^\d+ Ergebnisse$"))
    field.press_sequentially("Moschee")
    expect(page.locator("#suche-status")).to_have_text(re.compile("für „Moschee“$"))
    expect(field).to_be_focused()
    expect(page).to_have_url(re.compile(r"/suche/\?q=Moschee$"))
    no_console_errors(page)


def test_the_sort_order_is_kept_in_the_url(page: Any, site_url: str, catalogue: Catalogue) -> None:
    page.goto(f"{site_url}suche/?typ=Projekt&sortierung=beginn-desc")
    expect(page.get_by_label("Sortierung")).to_have_value("beginn-desc")
    latest = max(p.start.first_day for p in catalogue.projects)
    newest = [re.escape(p.title) for p in catalogue.projects if p.start.first_day == latest]
    expect(page.locator("#suche-ergebnisse h3").first).to_have_text(
        re.compile(f"^({'|'.join(newest)})$")
    )
    page.get_by_label("Sortierung").select_option("titel-asc")
    expect(page).to_have_url(re.compile(r"sortierung=titel-asc$"))
    expect(page.locator("#suche-ergebnisse h3").first).to_have_text(catalogue.projects[0].title)
    no_console_errors(page)


def test_newest_first_lists_every_entry_the_undated_ones_last(
    page: Any, site_url: str, catalogue: Catalogue
) -> None:
    """Experts and contact directories have no start date: sorted by it, they follow the
    dated records (Pagefind's own sort would leave them out)."""
    page.goto(f"{site_url}suche/?sortierung=beginn-desc")
    expect(page.locator("#suche-status")).to_have_text(results(indexed(catalogue)))
    more = page.locator("#suche-mehr")
    while more.is_visible():
        count = page.locator("#suche-ergebnisse > li").count()
        more.click()
        expect(page.locator("#suche-ergebnisse > li")).not_to_have_count(count)
    shown = titles(page)
    start = {p.title: p.start.first_day for p in catalogue.projects}
    start.update({e.title: e.start.first_day for e in catalogue.events})
    dated, undated = shown[: len(start)], shown[len(start) :]
    assert set(dated) == set(start)
    assert [start[t] for t in dated] == sorted(start.values(), reverse=True)
    contacts = {f"Ansprechpersonen in {state.label}" for state, _ in contact_directory(catalogue)}
    assert sorted(undated) == sorted({e.title for e in catalogue.experts} | contacts)
    no_console_errors(page)


def test_sorting_works_on_a_bundle_as_pagefind_wrote_it(
    page: Any, example_site: Path, tmp_path: Path, catalogue: Catalogue
) -> None:
    """An index as Pagefind wrote it (without katalog.index.make_reproducible), its sort
    orders still in the metadata: then search.js leaves the sorting to Pagefind."""
    site = tmp_path / "site"
    shutil.copytree(example_site, site, ignore=shutil.ignore_patterns("pagefind"))
    searched = [str(p.relative_to(site)) for p in site.glob("*/*/index.html")]
    subprocess.run(pagefind_command(site, searched), check=True, capture_output=True, timeout=300)
    assert "katalog_sorts" not in (site / "pagefind/pagefind-entry.json").read_text("utf-8")
    url, stop = serve(site)
    try:
        page.goto(f"{url}suche/?typ=Projekt&sortierung=titel-asc")
        expect(page.locator("#suche-status")).to_have_text(results(len(catalogue.projects)))
        expect(page.locator("#suche-ergebnisse h3").first).to_have_text(catalogue.projects[0].title)
        page.get_by_label("Sortierung").select_option("beginn-desc")
        latest = max(p.start.first_day for p in catalogue.projects)
        newest = [re.escape(p.title) for p in catalogue.projects if p.start.first_day == latest]
        expect(page.locator("#suche-ergebnisse h3").first).to_have_text(
            re.compile(f"^({'|'.join(newest)})$")
        )
    finally:
        stop()
    no_console_errors(page)


def found(page: Any, site_url: str, query: str) -> list[str]:
    """The slugs of every project found for `query`, best first (all results shown)."""
    page.goto(f"{site_url}suche/?q={query}")
    expect(page.locator("#suche-status")).to_have_text(re.compile(f"für „{query}“$"))
    more = page.locator("#suche-mehr")
    while more.is_visible():
        count = page.locator("#suche-ergebnisse > li").count()
        more.click()
        expect(page.locator("#suche-ergebnisse > li")).not_to_have_count(count)
    hrefs = page.locator("#suche-ergebnisse h3 a").evaluate_all("as => as.map(a => a.href)")
    # projects only: the ranking among projects is what these queries pin (contact
    # directories and experts may rank above them, e.g. "Ansprechpersonen in Hamburg")
    paths = [urlsplit(h).path.strip("/").split("/") for h in hrefs]
    return [p[-1] for p in paths if p[0] == "projekte"]


# query -> (expected first results, in order; records that must not be found)
REALISTIC_QUERIES = {
    # three records have a mosque community as carrier but never mention a mosque: the carrier
    # type's label must not make them hits
    "Moschee": (
        [],
        {"filmprojekt-blickwechsel", "frauen-im-dialog", "podcast-hoer-mal-zu"},
    ),
    "Fußball": (["fussball-verbindet"], set()),
    "Film": (["filmprojekt-blickwechsel"], set()),
    "Eltern": (["elterncafe-sicherheit", "beratung-angehoerige-leipzig"], set()),
    "Hamburg": (["elterncafe-sicherheit", "gemeinsam-sicher-leben"], set()),
    "Bayern": (["sprechstunde-in-der-moschee-muenchen"], set()),
    "Kontaktbeamte": (["kontaktbeamte-moscheegemeinden-stuttgart"], set()),
}


@pytest.mark.parametrize("query", REALISTIC_QUERIES)
def test_realistic_queries_rank_the_expected_records_first(
    page: Any, site_url: str, query: str
) -> None:
    first, absent = REALISTIC_QUERIES[query]
    slugs = found(page, site_url, query)
    assert slugs[: len(first)] == first, slugs
    assert not absent & set(slugs), slugs
    no_console_errors(page)


def test_moschee_finds_the_records_with_a_mosque_in_their_title_near_the_top(
    page: Any, site_url: str
) -> None:
    top = found(page, site_url, "Moschee")[:5]
    assert {"offene-moschee-erfurt", "sprechstunde-in-der-moschee-muenchen"} <= set(top), top


def test_a_reader_finds_an_expert_in_sachsen_for_police_work(
    page: Any, site_url: str, catalogue: Catalogue
) -> None:
    """The issue's reader: someone in Sachsen to talk about police work in a mosque."""
    page.goto(f"{site_url}suche/")
    checkbox(page, "Art des Eintrags", "Expertin oder Experte").check()
    checkbox(page, "Bundesland", "Sachsen").check()
    checkbox(page, "Fachgebiet", "Polizeiarbeit").check()
    wanted = {
        e.title
        for e in catalogue.experts
        if "Sachsen" in {s.label for s in e.states}
        and "Polizeiarbeit" in {t.label for t in e.expertise}
    }
    assert wanted == {"Tobias Arndtmeyer"}
    expect(page.locator("#suche-status")).to_have_text(results(1))
    assert set(titles(page)) == wanted
    assert parse_qs(urlsplit(page.url).query) == {
        "typ": ["Expertin oder Experte"],
        "bundesland": ["Sachsen"],
        "fachgebiet": ["Polizeiarbeit"],
    }
    page.get_by_role("link", name="Tobias Arndtmeyer").click()
    expect(page.locator("h1")).to_have_text("Tobias Arndtmeyer")
    no_console_errors(page)


def test_the_contact_directory_of_a_state_is_found_by_its_filters(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}suche/?typ=Ansprechpersonen&bundesland=Sachsen")
    expect(page.locator("#suche-status")).to_have_text(results(1))
    assert titles(page) == ["Ansprechpersonen in Sachsen"]
    no_console_errors(page)
