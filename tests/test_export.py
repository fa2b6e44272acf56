"""Exports read back by real parsers: JSON, CSV, Atom (feedparser), iCalendar, sitemap XML."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import pytest
from conftest import CONTENT, SCHEMAS

from katalog.load import load_content


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    return example_site


def test_projects_json_has_every_project_with_labels(site: Path) -> None:
    rows = json.loads((site / "daten/projekte.json").read_text(encoding="utf-8"))
    assert {r["slug"] for r in rows} == {p.stem for p in (CONTENT / "projects").glob("*.yaml")}
    row = next(r for r in rows if r["slug"] == "gemeinsam-sicher-leben")
    assert "Sport" in row["activities"] and row["example"] is True
    assert row["status"] in {"Geplant", "Laufend", "Abgeschlossen"}
    assert row["url"] == "http://127.0.0.1/projekte/gemeinsam-sicher-leben/"


def test_contacts_without_consent_appear_nowhere_on_the_site(site: Path) -> None:
    records = load_content(CONTENT).records
    private = [
        contact
        for record in records
        for contact in record.data.get("contacts") or []
        if contact.get("public") is not True
    ]
    assert private, "the example catalogue should contain a contact without consent"
    published = "".join(
        p.read_text(encoding="utf-8", errors="ignore") for p in site.rglob("*") if p.is_file()
    )
    for contact in private:
        for value in (contact["name"], contact.get("email"), contact.get("phone")):
            if value:
                assert value not in published


def test_projects_csv_reads_back_with_german_column_titles_from_the_schema(site: Path) -> None:
    raw = (site / "daten/projekte.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for spreadsheet programs
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 16
    titles = SCHEMAS.field_titles("project")
    assert titles["states"] in rows[0] and titles["last_reviewed"] in rows[0]
    assert all(row["Beispiel"] == "ja" for row in rows)
    assert any("Polizei" in row[titles["carriers"]] for row in rows)


def test_csv_cells_cannot_become_spreadsheet_formulas() -> None:
    from katalog.export import _cell

    assert _cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert _cell("Fußball") == "Fußball"


def test_atom_feed_parses_with_feedparser(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Katalog Präventionskooperation"
    assert len(feed.entries) == 16 + 3
    assert all(e.link.startswith("http://127.0.0.1/") for e in feed.entries)
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_calendar_parses_and_leaves_out_events_known_only_by_month(site: Path) -> None:
    calendar = icalendar.Calendar.from_ical((site / "veranstaltungen.ics").read_bytes())
    events = calendar.walk("VEVENT")
    summaries = {str(e["SUMMARY"]) for e in events}
    assert len(events) == 2  # the 2013 exchange has no known days
    assert not any("2013" in str(e["DTSTART"].dt) for e in events)
    for event in events:
        assert event["DTEND"].dt > event["DTSTART"].dt
        assert str(event["URL"]).startswith("http://127.0.0.1/veranstaltungen/")
    assert summaries


def test_sitemap_lists_every_page_but_404(site: Path) -> None:
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [el.text or "" for el in root.findall("s:url/s:loc", ns)]
    pages = [p for p in site.rglob("index.html") if "pagefind" not in p.parts]
    assert len(locs) == len(pages)
    assert "http://127.0.0.1/projekte/gemeinsam-sicher-leben/" in locs
    assert not any("404" in loc for loc in locs)
