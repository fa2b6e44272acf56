"""The "Projekt vorschlagen" form in real Chromium: open it, fill it in like a visitor, submit
it (shared by the form's own tests, the axe checks and the screenshots)."""

from __future__ import annotations

from typing import Any

SUBMIT = "Prüfen und Datei erzeugen"


def open_form(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}vorschlagen/")
    page.locator("#vorschlag[data-ready]").wait_for(timeout=10_000)


def submit(page: Any) -> None:
    page.get_by_role("button", name=SUBMIT).click()
    page.locator("#ergebnis").wait_for(state="visible")


def submit_with_errors(page: Any, site_url: str) -> None:
    """A title and a carrier's website without https://, nothing else: the error list and
    marked fields."""
    open_form(page, site_url)
    page.fill("#f-title", "Gemeinsam stark")
    page.fill("#f-carriers-0-website", "www.example.org")
    submit(page)
    page.locator("#fehlerliste li").first.wait_for()


def fill(page: Any) -> None:
    """Every kind of field: text, Markdown, two carriers, checkboxes, a contact, a link."""
    page.fill("#f-title", "Gemeinsam stark in Köln: Polizei & Moschee")
    page.fill("#f-summary", "Polizei und Moscheegemeinden in Köln beraten ältere Menschen.")
    page.fill("#f-description", "Erster Absatz.\n\n- Punkt eins\n- Punkt zwei")
    page.fill("#f-carriers-0-name", "Polizeipräsidium Köln")
    page.select_option("#f-carriers-0-type", "police")
    page.locator("#f-carriers").locator("[data-add-row]").click()
    page.fill("#f-carriers-1-name", "Moscheeverein Ehrenfeld e. V.")
    page.select_option("#f-carriers-1-type", "muslim-organisation")
    page.fill("#f-carriers-1-website", "https://www.example.org/verein")
    page.get_by_label("Nordrhein-Westfalen").check()
    page.get_by_label("Thüringen").check()
    page.fill("#f-city", "Köln")
    page.fill("#f-start", "2019-05")
    page.get_by_label("Beratung", exact=True).check()
    page.get_by_label("Eltern und Familien").check()
    page.fill("#f-contacts-0-name", "Erika Muster")
    page.fill("#f-contacts-0-email", "erika@example.org")
    page.locator("#f-contacts").locator("[data-add-row]").click()
    page.fill("#f-contacts-1-name", "Max Beispiel")
    page.check("#f-contacts-1-public-ja")  # consented: only this row says Ja
    page.fill("#f-links-0-title", "Webseite des Projekts")
    page.fill("#f-links-0-url", "https://www.example.org/projekt")
    page.check("#f-looking_for_partners-ja")  # a Ja/Nein choice
    page.fill("#f-partner_text", "Weitere Moscheegemeinden im Stadtgebiet.")


def submit_filled(page: Any, site_url: str) -> None:
    """A complete form: the generated file is shown."""
    open_form(page, site_url)
    fill(page)
    submit(page)
    page.locator("#datei").wait_for(state="visible")
