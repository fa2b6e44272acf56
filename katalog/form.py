"""The proposal forms ("Projekt vorschlagen", "Als Expertin oder Experte melden"),
generated from schemas/project.schema.json and schemas/expert.schema.json.

The fields, their German titles, descriptions and allowed values all come from the
schema; the browser validates against a copy of the same schema (site path
schemas/<kind>.schema.json) with the vendored validator in static/vendor/.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .jsontext import pretty
from .scaffold import SKIPPED, render_record
from .schema import Schemas, resolve

SCHEMA_PATH = "schemas/project.schema.json"
EXPERT_SCHEMA_PATH = "schemas/expert.schema.json"


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One form control. `widget` is text, textarea, date, month, select, yesno (a Ja/Nein
    choice, Nein preselected), checkboxes, list (comma-separated texts), object (a section
    of fields), auto (filled by the form, e.g. today's date) or group (a repeatable list of
    sub-forms). `empty` marks a required list that may be empty (then [] is written).

    The schema's `x-form` speaks to visitors where its `description` speaks to editors:
    `description`, `question` (of a Ja/Nein choice), `add` (the button of a group) and `widget`
    (`month`, `auto`); `x-form: false` leaves a field out (e.g. cross references, files)."""

    name: str
    id: str
    title: str
    description: str
    required: bool
    widget: str
    question: str = ""
    add: str = ""
    options: tuple[Option, ...] = ()
    fields: tuple[Field, ...] = ()
    empty: bool = False


def context(schemas: Schemas, today: dt.date) -> dict[str, Any]:
    """What templates/propose.html needs: the fields and the plain file template."""
    return {"form": project_form(schemas), "file_template": template(schemas, today)}


def expert_context(schemas: Schemas, today: dt.date) -> dict[str, Any]:
    """What templates/propose_expert.html needs."""
    return {
        "form": schema_form(schemas, "expert"),
        "file_template": expert_template(schemas, today),
    }


def project_form(schemas: Schemas) -> tuple[Field, ...]:
    return schema_form(schemas, "project")


def schema_form(schemas: Schemas, kind: str) -> tuple[Field, ...]:
    schema = schemas[kind]
    return _fields(schema, schema, "f")


def _x_form(prop: dict[str, Any]) -> dict[str, Any]:
    form = prop.get("x-form", {})
    return form if isinstance(form, dict) else {}


def _fields(schema: dict[str, Any], node: dict[str, Any], prefix: str) -> tuple[Field, ...]:
    return tuple(
        _field(schema, name, raw, prefix, name in node.get("required", []))
        for name, raw in node["properties"].items()
        if name not in SKIPPED and resolve(schema, raw).get("x-form", True) is not False
    )


def _description(prop: dict[str, Any]) -> str:
    """Plain German for visitors: the schema's `x-form` text, else its description and hint."""
    form = _x_form(prop)
    if "description" in form:
        return str(form["description"])
    text = prop.get("description", "").rstrip(".")
    hint = prop.get("x-hint")
    return f"{text}. Bitte schreiben Sie {hint}." if hint else f"{text}." if text else ""


def _field(schema: dict[str, Any], name: str, raw: dict[str, Any], prefix: str, req: bool) -> Field:
    prop = resolve(schema, raw)
    form = _x_form(prop)
    ident = f"{prefix}-{name}"
    common: dict[str, Any] = {
        "name": name,
        "id": ident,
        "title": prop.get("title", name),
        "description": _description(prop),
        "required": req,
        "question": form.get("question", ""),
        "add": form.get("add", ""),
    }
    kind = prop.get("type")
    if form.get("widget") in {"month", "auto"}:
        return Field(**common, widget=form["widget"])
    if kind == "array":
        items = resolve(schema, prop["items"])
        if items.get("type") == "object":
            sub = _fields(schema, items, f"{ident}-0")
            return Field(**common, widget="group", fields=sub)
        if "enum" not in items:
            return Field(**common, widget="list")
        empty = req and not prop.get("minItems")
        return Field(**common, widget="checkboxes", options=_options(items), empty=empty)
    if kind == "object":
        return Field(**common, widget="object", fields=_fields(schema, prop, ident))
    if "enum" in prop:
        return Field(**common, widget="select", options=_options(prop))
    if kind == "boolean":
        return Field(**common, widget="yesno")
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


def expert_template(schemas: Schemas, today: dt.date) -> str:
    """The expert file template shown without JavaScript."""
    values: dict[str, Any] = {
        "name": "Vorname Nachname",
        "side": "civil-society",
        "expertise": ["youth-work"],
        "states": ["Sachsen"],
        "available_for": ["lecture"],
        "consent": {"date": today.isoformat(), "covers": ["name"]},
    }
    return render_record(schemas, "expert", values)


def schema_json(schemas: Schemas, kind: str = "project") -> str:
    """A schema, published so the form validates against the very same rules (references
    to other schema files are already resolved, see schema.load_schemas)."""
    return pretty(schemas[kind])
