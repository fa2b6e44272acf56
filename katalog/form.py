"""The "Projekt vorschlagen" form, generated from schemas/project.schema.json.

The fields, their German titles, descriptions and allowed values all come from the
schema; the browser validates against a copy of the same schema (site path
schemas/project.schema.json) with the vendored validator in static/vendor/.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from .scaffold import SKIPPED, render_record
from .schema import Schemas, resolve

SCHEMA_PATH = "schemas/project.schema.json"


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One form control. `widget` is text, textarea, date, select, checkbox, checkboxes
    or group (a repeatable list of sub-forms)."""

    name: str
    id: str
    title: str
    description: str
    hint: str
    required: bool
    widget: str
    options: tuple[Option, ...] = ()
    fields: tuple[Field, ...] = ()


def context(schemas: Schemas, today: dt.date) -> dict[str, Any]:
    """What templates/propose.html needs: the fields and the plain file template."""
    return {"form": project_form(schemas), "file_template": template(schemas, today)}


def project_form(schemas: Schemas) -> tuple[Field, ...]:
    schema = schemas["project"]
    return tuple(
        _field(schema, name, raw, "f", name in schema.get("required", []))
        for name, raw in schema["properties"].items()
        if name not in SKIPPED
    )


def _field(schema: dict[str, Any], name: str, raw: dict[str, Any], prefix: str, req: bool) -> Field:
    prop = resolve(schema, raw)
    ident = f"{prefix}-{name}"
    common: dict[str, Any] = {
        "name": name,
        "id": ident,
        "title": prop.get("title", name),
        "description": prop.get("description", ""),
        "hint": prop.get("x-hint", ""),
        "required": req,
    }
    kind = prop.get("type")
    if kind == "array":
        items = resolve(schema, prop["items"])
        if items.get("type") == "object":
            sub = tuple(
                _field(schema, key, value, f"{ident}-0", key in items.get("required", []))
                for key, value in items["properties"].items()
            )
            return Field(**common, widget="group", fields=sub)
        return Field(**common, widget="checkboxes", options=_options(items))
    if "enum" in prop:
        return Field(**common, widget="select", options=_options(prop))
    if kind == "boolean":
        return Field(**common, widget="checkbox")
    if prop.get("format") == "date":
        return Field(**common, widget="date")
    if prop.get("x-markdown"):
        return Field(**common, widget="textarea")
    return Field(**common, widget="text")


def _options(prop: dict[str, Any]) -> tuple[Option, ...]:
    labels = prop.get("x-labels", {})
    return tuple(Option(value, labels.get(value, value)) for value in prop["enum"])


def template(schemas: Schemas, today: dt.date) -> str:
    """The project file template shown without JavaScript: required fields filled with
    placeholders, every other field commented out."""
    values: dict[str, Any] = {
        "title": "Titel des Projekts",
        "summary": "Ein bis zwei Sätze, die das Projekt verständlich beschreiben.",
        "description": "Ausführliche Beschreibung des Projekts.",
        "carriers": [{"name": "Name der Organisation", "type": "police"}],
        "states": ["Bayern"],
        "start": "2024",
        "activities": ["information-offer"],
        "target_groups": ["young-people"],
        "last_reviewed": today.isoformat(),
    }
    return render_record(schemas, "project", values)


def schema_json(schemas: Schemas) -> str:
    """The project schema, published so the form validates against the very same rules."""
    return json.dumps(schemas["project"], ensure_ascii=False, indent=2) + "\n"
