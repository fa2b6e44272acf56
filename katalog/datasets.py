"""The published record types and their JSON form (pure: Catalogue in, data out).

Each collection names a record type, its folder below `daten/` and how to get its
records. Fields, titles and enum values come from the record type's JSON Schema; the
schema of each export is derived from it, so a new field or a new record type is a data
change: one more entry in COLLECTIONS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .model import STATUS_LABELS, Catalogue, Link, PartialDate, Term
from .schema import Schemas, resolve

JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
LIST_SEPARATOR = " | "  # CSV: between the items of a list in one cell
PART_SEPARATOR = ", "  # CSV: between the parts of one item (a carrier's name, type, website)
# never exported: "public" is true for every published contact, "file" becomes "url"
NOT_EXPORTED = {"public", "file"}


@dataclass(frozen=True)
class Extra:
    """A derived field that is not in the record schema (status, git dates, address)."""

    name: str
    schema: dict[str, Any]
    value: Callable[[Any, Catalogue], Any]


@dataclass(frozen=True)
class Collection:
    kind: str  # the record type's schema, e.g. "project"
    folder: str  # below daten/ and in the site, e.g. "projekte"
    title: str  # German plural, e.g. "Projekte"
    singular: str  # German singular for file names, e.g. "projekt"
    records: Callable[[Catalogue], tuple[Any, ...]]
    extras: tuple[Extra, ...] = ()
    skip: frozenset[str] = frozenset()  # schema fields published otherwise or not at all
    open_dataset: bool = True  # citation files and a DCAT-AP.de dataset; not for personal data

    @property
    def json_path(self) -> str:
        return f"daten/{self.folder}.json"

    @property
    def schema_path(self) -> str:
        return f"daten/{self.folder}.schema.json"

    @property
    def record_schema_path(self) -> str:
        return f"daten/{self.singular}.schema.json"

    def record_path(self, slug: str) -> str:
        """A record's JSON, beside its page folder: `projekte/<slug>.json`."""
        return f"{self.folder}/{slug}.json"

    def citation_path(self, slug: str, suffix: str) -> str:
        """A citation file in the record's page folder: `projekte/<slug>/zitat.bib`."""
        return f"{self.folder}/{slug}/zitat.{suffix}"


_DATE = {"type": ["string", "null"], "format": "date"}
_DATETIME = {"type": ["string", "null"], "format": "date-time"}
_SLUGS = {"type": "array", "items": {"type": "string"}}


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


COMMON = (
    Extra("slug", {"type": "string", "title": "Adresse"}, lambda r, c: r.slug),
    Extra(
        "url",
        {"type": "string", "format": "uri", "title": "Seite"},
        lambda r, c: c.config.absolute(r.url),
    ),
    Extra(
        "created",
        {**_DATETIME, "title": "Angelegt (erster Commit)"},
        lambda r, c: _iso(r.revision.created if r.revision else None),
    ),
    Extra(
        "changed",
        {**_DATETIME, "title": "Zuletzt geändert (letzter Commit)"},
        lambda r, c: _iso(r.revision.changed if r.revision else None),
    ),
)


def _term_schema(values: list[str], title: str) -> dict[str, Any]:
    return {
        "type": "object",
        "title": title,
        "additionalProperties": False,
        "required": ["value", "label"],
        "properties": {
            "value": {"enum": values, "title": "Wert (maschinenlesbar)"},
            "label": {"type": "string", "title": "Bezeichnung"},
        },
    }


def _status_schema() -> dict[str, Any]:
    return _term_schema(list(STATUS_LABELS), "Status")


COLLECTIONS: tuple[Collection, ...] = (
    Collection(
        "project",
        "projekte",
        "Projekte",
        "projekt",
        lambda c: c.projects,
        (
            Extra("status", _status_schema(), lambda p, c: _plain(p.status, c)),
            Extra(
                "events",
                {**_SLUGS, "title": "Vorgestellt bei (Adressen der Veranstaltungen)"},
                lambda p, c: list(p.events),
            ),
        ),
    ),
    Collection(
        "event",
        "veranstaltungen",
        "Veranstaltungen",
        "veranstaltung",
        lambda c: c.events,
        (
            Extra(
                "body",
                {"type": "string", "title": "Bericht (HTML)"},
                lambda e, c: str(e.body),
            ),
        ),
    ),
    # only what each person's consent covers is in the model; "consent" itself says what
    # it covers, which is the office's business: only its date is published (as on the page)
    Collection(
        "expert",
        "expertinnen-und-experten",
        "Expertinnen und Experten",
        "fachperson",
        lambda c: c.experts,
        (
            Extra(
                "consent_date",
                {"type": "string", "format": "date", "title": "Einwilligung vom"},
                lambda x, c: x.consent_date.isoformat(),
            ),
            Extra(
                "events",
                {**_SLUGS, "title": "Mitgewirkt bei (Adressen der Veranstaltungen)"},
                lambda x, c: list(x.events),
            ),
            Extra(
                "projects",
                {**_SLUGS, "title": "Mitgewirkt in (Adressen der Projekte)"},
                lambda x, c: list(x.projects),
            ),
        ),
        skip=frozenset({"consent"}),
        open_dataset=False,
    ),
)


def collection(kind: str) -> Collection:
    return next(c for c in COLLECTIONS if c.kind == kind)


def _plain(value: Any, catalogue: Catalogue) -> Any:
    """A model value as JSON data: Terms with machine value and German label, Markup as HTML."""
    if isinstance(value, Term):
        return {"value": value.value, "label": value.label}
    if isinstance(value, tuple):
        return [_plain(v, catalogue) for v in value]
    if isinstance(value, Link):
        return {
            "title": value.title,
            "url": value.url or catalogue.config.absolute(value.file or ""),
        }
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, PartialDate):
        return value.text
    if isinstance(value, Markup):
        return str(value)
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k), catalogue) for k in value.__dataclass_fields__}
    return value


def fields(schemas: Schemas, coll: Collection) -> list[str]:
    """The record schema's top-level fields that the export carries, in schema order."""
    skipped = NOT_EXPORTED | coll.skip
    return [name for name in schemas[coll.kind]["properties"] if name not in skipped]


def record_data(coll: Collection, record: Any, catalogue: Catalogue) -> dict[str, Any]:
    """Every public field of a record under its schema name, then the derived fields."""
    row: dict[str, Any] = {extra.name: extra.value(record, catalogue) for extra in COMMON}
    for name in fields(catalogue.schemas, coll):
        row[name] = _plain(getattr(record, name), catalogue)
    for extra in coll.extras:
        row[extra.name] = extra.value(record, catalogue)
    return row


def collection_data(
    coll: Collection, catalogue: Catalogue, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """The whole export file: a header naming schema, publisher and licence, then the rows."""
    config = catalogue.config
    return {
        "$schema": config.absolute(coll.schema_path),
        "title": f"{config.title}: {coll.title}",
        "publisher": config.operator,
        "license": config.license_uri,
        "records": rows,
    }


# --- the published JSON Schemas, derived from the record schemas ---------------------------


def _export_node(schema: dict[str, Any], node: dict[str, Any], required: bool) -> dict[str, Any]:
    node = resolve(schema, node)
    described: dict[str, Any] = {k: node[k] for k in ("title", "description") if k in node}
    if "enum" in node:
        return {**_term_schema(list(node["enum"]), node.get("title", "")), **described}
    kind = node.get("type")
    if kind == "array":
        return {**described, "type": "array", "items": _export_node(schema, node["items"], True)}
    if kind == "object":
        own = set(node.get("required", ()))
        names = [k for k in node["properties"] if k not in NOT_EXPORTED]
        if "file" in node["properties"]:  # a link or material: always a URL in the export
            own.add("url")
        return {
            **described,
            "type": "object",
            "additionalProperties": False,
            "required": names,
            "properties": {k: _export_node(schema, node["properties"][k], k in own) for k in names},
        }
    out: dict[str, Any] = {**described, "type": kind if required else [kind, "null"]}
    if node.get("x-markdown"):
        out["description"] = described.get("title", "") + " als HTML (aus Markdown erzeugt)."
        out["type"] = "string"
    elif "format" in node and node["format"] != "email":
        out["format"] = node["format"]
    return out


def record_schema(coll: Collection, schemas: Schemas, base_url: str) -> dict[str, Any]:
    """The JSON Schema of one exported record of `coll`, derived from its record schema."""
    schema = schemas[coll.kind]
    own = set(schema.get("required", ()))
    props: dict[str, Any] = {"$schema": {"type": "string", "format": "uri"}}
    props |= {extra.name: extra.schema for extra in COMMON}
    props |= {
        name: _export_node(schema, schema["properties"][name], name in own)
        for name in fields(schemas, coll)
    }
    props |= {extra.name: extra.schema for extra in coll.extras}
    return {
        "$schema": JSON_SCHEMA,
        "$id": base_url.rstrip("/") + "/" + coll.record_schema_path,
        "title": f"{schema.get('title', coll.kind)} (Export)",
        "description": f"Ein Eintrag aus {coll.json_path}, wie ihn der Katalog veröffentlicht.",
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in props if name != "$schema"],
        "properties": props,
    }


def collection_schema(coll: Collection, schemas: Schemas, base_url: str) -> dict[str, Any]:
    record = record_schema(coll, schemas, base_url)
    record.pop("$schema")
    record.pop("$id")
    record["properties"].pop("$schema")
    return {
        "$schema": JSON_SCHEMA,
        "$id": base_url.rstrip("/") + "/" + coll.schema_path,
        "title": f"{coll.title} (Export)",
        "type": "object",
        "additionalProperties": False,
        "required": ["$schema", "title", "publisher", "license", "records"],
        "properties": {
            "$schema": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "publisher": {"type": "string"},
            "license": {"type": "string", "format": "uri"},
            "records": {"type": "array", "items": {"$ref": "#/$defs/record"}},
        },
        "$defs": {"record": record},
    }
