"""Exports read back by real parsers: JSON against the published JSON Schemas, CSV with `;`,
Atom (feedparser), iCalendar, sitemap XML, BibTeX, RIS and CSL-JSON."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import bibtexparser
import feedparser
import icalendar
import pytest
import rispy
from conftest import CONTENT, SCHEMAS
from jsonschema import Draft202012Validator, FormatChecker

from katalog.load import load_content

# export → content folder
FOLDERS = {
    "projekte": "projects",
    "veranstaltungen": "events",
    "expertinnen-und-experten": "experts",
}
SINGULAR = {
    "projekte": "projekt",
    "veranstaltungen": "veranstaltung",
    "expertinnen-und-experten": "fachperson",
}


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    return example_site


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _slugs(kind: str) -> set[str]:
    return {p.stem for p in (CONTENT / kind).iterdir() if p.suffix in {".yaml", ".md"}}


@pytest.mark.parametrize("folder", FOLDERS)
def test_json_export_conforms_to_its_published_schema_and_has_every_record(
    site: Path, folder: str
) -> None:
    data = _read_json(site / f"daten/{folder}.json")
    schema = _read_json(site / f"daten/{folder}.schema.json")
    Draft202012Validator.check_schema(schema)
    assert data["$schema"] == f"http://127.0.0.1/daten/{folder}.schema.json"
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    assert [e.message for e in validator.iter_errors(data)] == []
    assert {r["slug"] for r in data["records"]} == _slugs(FOLDERS[folder])
    assert data["license"] == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"


def test_json_export_schema_rejects_a_record_that_breaks_it(site: Path) -> None:
    data = _read_json(site / "daten/projekte.json")
    schema = _read_json(site / "daten/projekte.schema.json")
    data["records"][0]["states"][0]["value"] = "Atlantis"
    del data["records"][1]["changed"]
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert len(errors) == 2


def test_json_export_has_machine_values_and_german_labels(site: Path) -> None:
    records = _read_json(site / "daten/projekte.json")["records"]
    row = next(r for r in records if r["slug"] == "gemeinsam-sicher-leben")
    assert {"value": "sport", "label": "Sport"} in row["activities"]
    assert row["status"]["value"] in {"planned", "running", "finished"}
    assert row["example"] is True
    assert row["url"] == "http://127.0.0.1/projekte/gemeinsam-sicher-leben/"
    assert row["changed"] and row["changed"].endswith("Z")  # from git
    assert set(row) == set(records[0])  # stable keys: every record has every key


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_record_has_its_own_json_valid_against_the_record_schema(
    site: Path, folder: str
) -> None:
    schema = _read_json(site / f"daten/{SINGULAR[folder]}.schema.json")
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    whole = {r["slug"]: r for r in _read_json(site / f"daten/{folder}.json")["records"]}
    for slug, row in whole.items():
        single = _read_json(site / f"{folder}/{slug}.json")
        assert [e.message for e in validator.iter_errors(single)] == []
        assert single.pop("$schema") == schema["$id"]
        assert single == row
        page = (site / f"{folder}/{slug}/index.html").read_text(encoding="utf-8")
        assert f'<link rel="alternate" type="application/json" href="../{slug}.json">' in page


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


def _csv(path: Path) -> tuple[bytes, list[dict[str, str]]]:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    return raw, list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_projects_csv_opens_in_a_german_spreadsheet_one_column_per_field(site: Path) -> None:
    raw, rows = _csv(site / "daten/projekte.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheet programs then read UTF-8
    assert raw.splitlines()[0].count(b";") >= 20
    assert len(rows) == len(_slugs("projects"))
    titles = SCHEMAS.field_titles("project")
    for name in ("title", "states", "carriers", "description", "last_reviewed", "example"):
        assert titles[name] in rows[0]
    assert all(row["Beispiel"] == "ja" for row in rows)
    assert any("Polizei" in row[titles["carriers"]] for row in rows)
    assert any("Bundesländer" in t for t in rows[0])  # umlauts in the header survive
    row = next(r for r in rows if r["Adresse"] == "gemeinsam-sicher-leben")
    assert " | " in row[titles["target_groups"]]  # the documented list separator
    assert "<" not in row[titles["description"]]  # Markdown as plain text, no HTML


def test_events_and_experts_csv_have_one_row_per_record(site: Path) -> None:
    _, rows = _csv(site / "daten/veranstaltungen.csv")
    assert len(rows) == len(_slugs("events"))
    assert {"Titel", "Beginn", "Ort", "Bericht (HTML)"} <= set(rows[0])
    _, rows = _csv(site / "daten/expertinnen-und-experten.csv")
    assert len(rows) == len(_slugs("experts"))
    assert {"Name", "Fachgebiete", "Einwilligung vom", "Seite im Katalog"} <= set(rows[0])


def test_experts_export_holds_only_what_consent_covers(site: Path) -> None:
    records = _read_json(site / "daten/expertinnen-und-experten.json")["records"]
    unnamed = next(r for r in records if r["slug"] == "jugendarbeit-nordrhein-westfalen")
    assert unnamed["name"] is None and unnamed["email"] is None and unnamed["phone"] is None
    assert "consent" not in unnamed and unnamed["consent_date"] == "2026-07-01"
    assert not list((site / "expertinnen-und-experten").rglob("zitat.*"))


def test_csv_cells_cannot_become_spreadsheet_formulas() -> None:
    from katalog.export import _cell

    assert _cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert _cell([{"value": "x", "label": "@SUM(1)"}]) == "'@SUM(1)"
    assert _cell({"title": "-1", "url": "https://example.org/"}) == "'-1 <https://example.org/>"
    assert _cell("Fußball") == "Fußball"


def test_atom_feed_parses_with_feedparser_and_dates_come_from_git(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Katalog Präventionskooperation"
    assert len(feed.entries) == len(_slugs("projects")) + len(_slugs("events"))
    assert all(e.link.startswith("http://127.0.0.1/") for e in feed.entries)
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    records = {r["url"]: r for r in _read_json(site / "daten/projekte.json")["records"]}
    for entry in feed.entries:
        if entry.link in records:
            assert entry.updated == records[entry.link]["changed"]
            assert entry.published == records[entry.link]["created"]


def test_calendar_parses_and_leaves_out_events_known_only_by_month(site: Path) -> None:
    calendar = icalendar.Calendar.from_ical((site / "veranstaltungen.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 2  # the 2013 exchange has no known days
    assert not any("2013" in str(e["DTSTART"].dt) for e in events)
    for event in events:
        assert event["DTEND"].dt > event["DTSTART"].dt
        assert str(event["URL"]).startswith("http://127.0.0.1/veranstaltungen/")


def test_every_exact_event_has_its_own_calendar_file_with_the_same_uid(site: Path) -> None:
    whole = icalendar.Calendar.from_ical((site / "veranstaltungen.ics").read_bytes())
    uids = {str(e["UID"]): e for e in whole.walk("VEVENT")}
    files = sorted((site / "veranstaltungen").glob("*.ics"))
    assert len(files) == len(uids)
    for file in files:
        (event,) = icalendar.Calendar.from_ical(file.read_bytes()).walk("VEVENT")
        assert str(event["UID"]) in uids
        page = (site / f"veranstaltungen/{file.stem}/index.html").read_text(encoding="utf-8")
        assert f'href="../{file.stem}.ics">In den Kalender</a>' in page
        assert "In den Kalender" in page
    month_only = site / "veranstaltungen/2013-01-erfahrungsaustausch-nuernberg/index.html"
    text = month_only.read_text(encoding="utf-8")
    assert "In den Kalender" not in text and "Bekannt ist nur der Monat" in text


def test_sitemap_lists_every_page_but_404_with_lastmod(site: Path) -> None:
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {
        el.findtext("s:loc", "", ns): el.findtext("s:lastmod", "", ns)
        for el in root.findall("s:url", ns)
    }
    pages = [p for p in site.rglob("index.html") if "pagefind" not in p.parts]
    assert len(urls) == len(pages)
    assert not any("404" in loc for loc in urls)
    records = _read_json(site / "daten/projekte.json")["records"]
    for record in records:
        assert urls[record["url"]] == record["changed"][:10]
    assert all(len(day) == 10 for day in urls.values())


def test_citation_files_parse_with_bibtex_ris_and_csl_readers(site: Path) -> None:
    folder = site / "projekte/gemeinsam-sicher-leben"
    record = _read_json(site / "projekte/gemeinsam-sicher-leben.json")
    bib = bibtexparser.loads((folder / "zitat.bib").read_text(encoding="utf-8"))
    (entry,) = bib.entries
    assert entry["ENTRYTYPE"] == "misc" and entry["url"] == record["url"]
    assert entry["title"] == record["title"]
    (ris,) = rispy.loads((folder / "zitat.ris").read_text(encoding="utf-8"))
    assert ris["type_of_reference"] == "ELEC" and ris["urls"] == [record["url"]]
    assert ris["title"] == record["title"]
    (csl,) = _read_json(folder / "zitat.csl.json")
    assert csl["type"] == "webpage" and csl["URL"] == record["url"]
    year, month, day = csl["issued"]["date-parts"][0]
    assert f"{year:04}-{month:02}-{day:02}" == record["changed"][:10]
    page = (folder / "index.html").read_text(encoding="utf-8")
    title = record["title"].replace("„", "‚").replace("“", "‘")  # quotes inside quotes
    assert "<h2>Zitieren</h2>" in page and f"(Hrsg.): „{title}“. In: " in page
    for suffix in ("bib", "ris", "csl.json"):
        assert f'href="zitat.{suffix}">' in page


def test_bibtex_escapes_special_characters() -> None:
    from katalog.citation import _tex

    assert _tex("50 % & {mehr} #1 a_b") == r"50 \% \& \{mehr\} \#1 a\_b"
