"""Export stage: machine-readable views of the catalogue (pure: data in, outputs out).

Every record type in `datasets.COLLECTIONS` gets the same exports: a JSON file with its
published JSON Schema, one JSON file per record and a CSV file for spreadsheets. Columns
and keys come from the record schema, so a new field appears without code changes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from collections.abc import Callable, Hashable
from functools import partial
from typing import Any

from markupsafe import Markup

from . import citation, dcat, form
from .config import Config
from .datasets import (
    COLLECTIONS,
    LIST_SEPARATOR,
    PART_SEPARATOR,
    Collection,
    collection_data,
    collection_schema,
    record_data,
    record_schema,
)
from .ical import calendar, event_calendar, event_calendar_path
from .jsontext import pretty
from .memo import Memo
from .model import Catalogue, Event, Project
from .render import Output
from .schema import Schemas, resolve

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def export_all(
    catalogue: Catalogue, page_paths: list[str], memo: Memo | None = None
) -> list[Output]:
    """Every export, each made when it is written (by the render workers, while the search
    index is being made; see pipeline.build): only the paths are known here. The preview's
    `memo` keeps what each unchanged record contributes from one update to the next."""
    outputs = [
        Output("daten/metadaten.json", partial(metadata_json, catalogue)),
        Output("feed.xml", partial(atom_feed, catalogue)),
        Output("veranstaltungen.ics", partial(calendar, catalogue)),
        Output("sitemap.xml", partial(sitemap, catalogue, page_paths)),
        Output(dcat.PATH_RDF, partial(dcat.dcat_rdfxml, catalogue)),
        Output(dcat.PATH_TURTLE, partial(dcat.dcat_turtle, catalogue)),
        # the proposal forms validate with these
        Output(form.SCHEMA_PATH, partial(form.schema_json, catalogue.schemas)),
        Output(form.EXPERT_SCHEMA_PATH, partial(form.schema_json, catalogue.schemas, "expert")),
        Output(
            "robots.txt",
            f"User-agent: *\nAllow: /\nSitemap: {catalogue.config.absolute('sitemap.xml')}\n",
        ),
    ]
    for coll in COLLECTIONS:
        outputs += collection_outputs(coll, catalogue, memo)
    for event in catalogue.events:
        if event.exact:
            make = partial(event_calendar, event, catalogue)
            outputs.append(Output(event_calendar_path(event), _kept(memo, event, "ics", make)))
    return outputs


Content = Callable[[], str | bytes]


def _kept(memo: Memo | None, record: Any, extra: Hashable, make: Content) -> Content:
    """`make`; with the preview's memo, made once for each unchanged record object."""
    return make if memo is None else partial(memo.get, record, extra, make)


def collection_outputs(
    coll: Collection, catalogue: Catalogue, memo: Memo | None = None
) -> list[Output]:
    """JSON with its schema, CSV, and per record JSON plus citation files."""
    base = catalogue.config.base_url
    records = coll.records(catalogue)
    outputs = [
        Output(coll.json_path, partial(collection_json, coll, catalogue, memo)),
        Output(coll.schema_path, partial(pretty, collection_schema(coll, catalogue.schemas, base))),
        Output(
            coll.record_schema_path, partial(pretty, record_schema(coll, catalogue.schemas, base))
        ),
        Output(f"daten/{coll.folder}.csv", partial(collection_csv, coll, catalogue, memo)),
    ]
    for record in records:
        make = partial(record_json, coll, record, catalogue)
        outputs.append(Output(coll.record_path(record.slug), _kept(memo, record, coll.kind, make)))
        if coll.open_dataset:
            for suffix in citation.FORMATS:
                path = coll.citation_path(record.slug, suffix)
                make = partial(citation.file, suffix, record, catalogue)
                outputs.append(Output(path, _kept(memo, record, ("cite", suffix), make)))
    return outputs


def _rows(coll: Collection, catalogue: Catalogue, memo: Memo | None) -> list[dict[str, Any]]:
    return [
        record_data(coll, r, catalogue)
        if memo is None
        else memo.get(r, (coll.kind, "row"), partial(record_data, coll, r, catalogue))
        for r in coll.records(catalogue)
    ]


def collection_json(coll: Collection, catalogue: Catalogue, memo: Memo | None = None) -> str:
    return pretty(collection_data(coll, catalogue, _rows(coll, catalogue, memo)))


def collection_csv(coll: Collection, catalogue: Catalogue, memo: Memo | None = None) -> str:
    if memo is None:
        return table_csv(coll, catalogue.schemas, _rows(coll, catalogue, memo))
    line = csv_line(coll, catalogue.schemas)
    records, rows = coll.records(catalogue), _rows(coll, catalogue, memo)
    lines = [
        memo.get(r, (coll.kind, "csv"), partial(line, row))
        for r, row in zip(records, rows, strict=True)
    ]
    return _csv_head(coll, catalogue.schemas) + "".join(lines)


def record_json(coll: Collection, record: Any, catalogue: Catalogue) -> str:
    schema_url = catalogue.config.absolute(coll.record_schema_path)
    return pretty({"$schema": schema_url, **record_data(coll, record, catalogue)})


def csv_columns(coll: Collection, schemas: Schemas) -> dict[str, str]:
    """Key → German column title, in the order of the CSV file."""
    schema = schemas[coll.kind]
    titles = {"slug": "Adresse"}
    for name in record_schema(coll, schemas, "")["properties"]:
        if name in schema["properties"]:
            titles[name] = resolve(schema, schema["properties"][name]).get("title", name)
    for extra in coll.extras:
        titles[extra.name] = extra.schema.get("title", extra.name)
    titles |= {"url": "Seite im Katalog", "created": "Angelegt", "changed": "Zuletzt geändert"}
    return titles


def table_csv(coll: Collection, schemas: Schemas, rows: list[dict[str, Any]]) -> str:
    """One row per record, one column per field; `;` as separator and a BOM, so a German
    spreadsheet program opens it correctly by double-click. Markdown fields as plain text."""
    return _csv_head(coll, schemas) + "".join(map(csv_line(coll, schemas), rows))


def _csv_head(coll: Collection, schemas: Schemas) -> str:
    """The BOM (spreadsheet programs then read UTF-8) and the line of column titles."""
    return "\ufeff" + _csv_text(list(csv_columns(coll, schemas).values()))


def csv_line(coll: Collection, schemas: Schemas) -> Callable[[dict[str, Any]], str]:
    """The function that writes one row as a line of the CSV file."""
    schema = schemas[coll.kind]
    markdown = {
        name
        for name, prop in schema["properties"].items()
        if resolve(schema, prop).get("x-markdown")
    } | {"body"}
    columns = list(csv_columns(coll, schemas))

    def line(row: dict[str, Any]) -> str:
        return _csv_text(
            [
                _cell(Markup(row[c]).striptags() if c in markdown and row[c] else row[c])
                for c in columns
            ]
        )

    return line


def _csv_text(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


# spreadsheet programs run a cell starting with one of these as a formula (OWASP: CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """The text of one CSV cell, neutralised so that no spreadsheet runs it as a formula."""
    text = _text(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(value: Any) -> str:
    """A JSON value as text: lists joined, enum values by label, links as `Titel <URL>`."""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_text(v) for v in value)
    if isinstance(value, dict) and set(value) == {"value", "label"}:  # an enum value
        return str(value["label"])
    if isinstance(value, dict) and set(value) == {"title", "url"}:  # a link or material
        return f"{value['title']} <{value['url']}>"
    if isinstance(value, dict):  # a carrier or contact
        return PART_SEPARATOR.join(_text(v) for v in value.values() if v not in (None, ""))
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return "" if value is None else str(value)


DISTRIBUTIONS = (
    ("daten/projekte.json", "Projekte (JSON)", "application/json"),
    ("daten/projekte.csv", "Projekte (CSV, Spalten mit deutschen Titeln)", "text/csv"),
    ("daten/veranstaltungen.json", "Veranstaltungen (JSON)", "application/json"),
    ("daten/veranstaltungen.csv", "Veranstaltungen (CSV)", "text/csv"),
    ("feed.xml", "Neue und geänderte Einträge (Atom)", "application/atom+xml"),
    ("veranstaltungen.ics", "Veranstaltungskalender (iCalendar)", "text/calendar"),
    (dcat.PATH_RDF, "Metadaten nach DCAT-AP.de (RDF/XML)", "application/rdf+xml"),
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
    return pretty(data)


def atom_feed(catalogue: Catalogue) -> str:
    """New and changed records, newest change first; dates from git (else review dates)."""
    config = catalogue.config
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "de"})
    entries: list[tuple[str, str, str, str, str, str | None]] = []
    for project in catalogue.projects:
        entries.append(
            (
                _changed(project),
                project.title,
                project.url,
                project.summary,
                "Projekt",
                _created(project),
            )
        )
    for event in catalogue.events:
        entries.append(
            (
                _changed(event),
                event.title,
                event.url,
                event.summary or f"{event.kind.label} in {event.city}",
                "Veranstaltungsbericht",
                _created(event),
            )
        )
    entries.sort(key=lambda e: (e[0], e[2]), reverse=True)
    updated = max((e[0] for e in entries), default=_timestamp(catalogue.today))
    ET.SubElement(feed, f"{{{ATOM}}}title").text = config.title
    ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = config.tagline
    ET.SubElement(feed, f"{{{ATOM}}}id").text = config.base_url
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    ET.SubElement(feed, f"{{{ATOM}}}link", {"href": config.base_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": config.absolute("feed.xml")})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = config.operator
    ET.SubElement(feed, f"{{{ATOM}}}rights").text = _attribution(config)
    for changed, title, url, summary, kind, created in entries[:50]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = config.absolute(url)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"href": config.absolute(url)})
        if created:
            ET.SubElement(entry, f"{{{ATOM}}}published").text = created
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = changed
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": kind})
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def _changed(record: Any) -> str:
    if record.revision:
        return str(record.revision.changed.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return _timestamp(record.changed_on)


def _created(record: Any) -> str | None:
    if record.revision:
        return str(record.revision.created.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return None


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def sitemap(catalogue: Catalogue, page_paths: list[str]) -> str:
    """Every page; `lastmod` from git: a record's page its last change, other pages the
    newest change of any record (they list records)."""
    ET.register_namespace("", SITEMAP)
    records: list[Project | Event] = [*catalogue.projects, *catalogue.events]
    changed = {f"{r.url}index.html": r.changed_on for r in records}
    newest = max(changed.values(), default=None)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for path in sorted(page_paths):
        if path == "404.html":
            continue
        url = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = catalogue.config.absolute(
            path.removesuffix("index.html")
        )
        day = changed.get(path, newest)
        if day:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = day.isoformat()
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"
