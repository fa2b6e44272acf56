"""Export stage: machine-readable views of the catalogue (pure: data in, outputs out).

JSON and CSV columns come from the schema's field order and German titles, so a new
field appears in the exports without code changes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import icalendar

from . import form
from .config import Config
from .model import Catalogue, Event, Link, Project, Term
from .render import Output

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def export_all(catalogue: Catalogue, page_paths: list[str]) -> list[Output]:
    return [
        Output("daten/projekte.json", projects_json(catalogue)),
        Output("daten/projekte.csv", projects_csv(catalogue)),
        Output("daten/veranstaltungen.json", events_json(catalogue)),
        Output("daten/metadaten.json", metadata_json(catalogue)),
        Output("feed.xml", atom_feed(catalogue)),
        Output("veranstaltungen.ics", calendar(catalogue)),
        Output("sitemap.xml", sitemap(catalogue, page_paths)),
        # the proposal forms validate with these
        Output(form.SCHEMA_PATH, form.schema_json(catalogue.schemas)),
        Output(form.EXPERT_SCHEMA_PATH, form.schema_json(catalogue.schemas, "expert")),
        Output(
            "robots.txt",
            f"User-agent: *\nAllow: /\nSitemap: {catalogue.config.absolute('sitemap.xml')}\n",
        ),
    ]


def _plain(value: Any, catalogue: Catalogue) -> Any:
    """A model value as JSON data (Terms become their German labels, Markup its HTML)."""
    if isinstance(value, Term):
        return value.label
    if isinstance(value, tuple):
        return [_plain(v, catalogue) for v in value]
    if isinstance(value, Link):
        return {
            "title": value.title,
            "url": value.url or catalogue.config.absolute(value.file or ""),
        }
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "text") and type(value).__name__ == "PartialDate":
        return value.text
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k), catalogue) for k in value.__dataclass_fields__}
    return str(value) if hasattr(value, "__html__") else value


def project_row(project: Project, catalogue: Catalogue) -> dict[str, Any]:
    row: dict[str, Any] = {"slug": project.slug}
    for name in catalogue.schemas.field_titles("project"):
        row[name] = _plain(getattr(project, name), catalogue)
    row["status"] = project.status.label
    row["events"] = list(project.events)
    row["url"] = catalogue.config.absolute(project.url)
    return row


def projects_json(catalogue: Catalogue) -> str:
    rows = [project_row(p, catalogue) for p in catalogue.projects]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def events_json(catalogue: Catalogue) -> str:
    rows = []
    for event in catalogue.events:
        row = _plain(event, catalogue)
        row["body"] = str(event.body)
        row["url"] = catalogue.config.absolute(event.url)
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def projects_csv(catalogue: Catalogue) -> str:
    """One row per project; German column titles from the schema; lists joined with "; "."""
    titles = {
        "slug": "Adresse",
        **catalogue.schemas.field_titles("project"),
        "status": "Status",
        "events": "Veranstaltungen",
        "url": "Seite",
    }
    skip = {"description", "starting_situation", "goals", "results", "contacts"}
    columns = [name for name in titles if name not in skip]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([titles[c] for c in columns])
    for project in catalogue.projects:
        row = project_row(project, catalogue)
        writer.writerow([_cell(row[c]) for c in columns])
    return "\ufeff" + buffer.getvalue()  # BOM: spreadsheet programs then read UTF-8


# spreadsheet programs run a cell starting with one of these as a formula (OWASP: CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """The text of one CSV cell, neutralised so that no spreadsheet runs it as a formula."""
    text = _text(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, dict) and "name" in value:  # a carrier
        return f"{value['name']} ({value['type']})"
    if isinstance(value, dict):  # a link or material
        return f"{value['title']} <{value['url']}>"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return "" if value is None else str(value)


DISTRIBUTIONS = (
    ("daten/projekte.json", "Projekte (JSON)", "application/json"),
    ("daten/projekte.csv", "Projekte (CSV, Spalten mit deutschen Titeln)", "text/csv"),
    ("daten/veranstaltungen.json", "Veranstaltungen (JSON)", "application/json"),
    ("feed.xml", "Neue und geänderte Einträge (Atom)", "application/atom+xml"),
    ("veranstaltungen.ics", "Veranstaltungskalender (iCalendar)", "text/calendar"),
)


def _attribution(config: Config) -> str:
    """The source note the licence asks for: provider, licence, where to find the data."""
    return (
        f"{config.operator}, {config.license_label} ({config.data_license}), "
        f"{config.license_url}, {config.base_url}"
    )


def metadata_json(catalogue: Catalogue) -> str:
    """Who publishes the open data, under which licence, and where each file is."""
    config = catalogue.config
    data = {
        "title": config.title,
        "description": config.tagline,
        "publisher": config.operator,
        "contact": f"mailto:{config.contact_email}",
        "homepage": config.base_url,
        "license": {
            "id": config.data_license,
            "title": config.license_label,
            "url": config.license_url,
            "dcat_ap_de": config.license_uri,
        },
        "attribution": _attribution(config),
        "distributions": [
            {"url": config.absolute(path), "title": title, "media_type": media_type}
            for path, title, media_type in DISTRIBUTIONS
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def atom_feed(catalogue: Catalogue) -> str:
    config = catalogue.config
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "de"})
    entries: list[tuple[dt.date, str, str, str, str]] = []
    for project in catalogue.projects:
        entries.append(
            (project.last_reviewed, project.title, project.url, project.summary, "Projekt")
        )
    for event in catalogue.events:
        entries.append(
            (
                event.published or event.end.last_day,
                event.title,
                event.url,
                event.summary or f"{event.kind.label} in {event.city}",
                "Veranstaltungsbericht",
            )
        )
    entries.sort(key=lambda e: (e[0], e[2]), reverse=True)
    updated = max((e[0] for e in entries), default=catalogue.today)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = config.title
    ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = config.tagline
    ET.SubElement(feed, f"{{{ATOM}}}id").text = config.base_url
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"href": config.base_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": config.absolute("feed.xml")})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = config.operator
    ET.SubElement(feed, f"{{{ATOM}}}rights").text = _attribution(config)
    for day, title, url, summary, kind in entries[:50]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = config.absolute(url)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"href": config.absolute(url)})
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(day)
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": kind})
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def calendar(catalogue: Catalogue) -> bytes:
    config = catalogue.config
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{config.operator}//{config.title}//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{config.title}: Veranstaltungen")
    for event in catalogue.events:
        if event.exact:  # an event known only by its month is no calendar entry
            cal.add_component(_vevent(event, catalogue))
    data: bytes = cal.to_ical()
    return data


def _vevent(event: Event, catalogue: Catalogue) -> icalendar.Event:
    config = catalogue.config
    item = icalendar.Event()
    item.add("uid", f"{event.slug}@{config.base_url.split('://', 1)[-1].split('/', 1)[0]}")
    stamp = event.published or event.end.last_day
    item.add("dtstamp", dt.datetime.combine(stamp, dt.time(), tzinfo=dt.UTC))
    item.add("dtstart", event.start.first_day)
    item.add("dtend", event.end.last_day + dt.timedelta(days=1))  # exclusive end (all-day)
    item.add("summary", event.title)
    item.add("location", ", ".join(x for x in (event.venue, event.city) if x))
    item.add(
        "description",
        (event.summary or event.kind.label) + (" (erfundenes Beispiel)" if event.example else ""),
    )
    item.add("url", config.absolute(event.url))
    item.add("categories", [event.kind.label])
    return item


def sitemap(catalogue: Catalogue, page_paths: list[str]) -> str:
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for path in sorted(page_paths):
        if path == "404.html":
            continue
        url = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = catalogue.config.absolute(
            path.removesuffix("index.html")
        )
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"
