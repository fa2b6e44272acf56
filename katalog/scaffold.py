"""Scaffolding for `katalog new`: a commented record file generated from the schema.

Every field of the schema appears in the file, in schema order, with its German title and
description as a comment; the values the editor gave are filled in, the optional fields
stay commented out with a placeholder. The first line points editors' IDEs at the schema.
"""

from __future__ import annotations

import json
import re
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .load import display_path, load_file, suggest_slug
from .problems import Problem
from .schema import Schemas, resolve
from .validate import validate

FOLDERS = {
    "project": ("projects", ".yaml"),
    "event": ("events", ".md"),
    "expert": ("experts", ".yaml"),
}
SKIPPED = {"example", "former_slugs"}  # example catalogue only; set when a record is renamed
_PLAIN = re.compile(r"^[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß-]*$")


def schema_line(kind: str) -> str:
    return f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"


def enum_labels(schemas: Schemas, kind: str, name: str) -> dict[str, str]:
    """Allowed values of an enum field (or of a list of enum values) with German labels.
    `name` may name a subfield of a list of sections: `carriers.type`."""
    schema = schemas[kind]
    top, _, sub = name.partition(".")
    prop = schemas.field(kind, top)
    if "items" in prop:
        prop = resolve(schema, prop["items"])
    if sub:
        prop = resolve(schema, prop["properties"][sub])
        if "items" in prop:  # a list inside a section: consent.covers
            prop = resolve(schema, prop["items"])
    labels: dict[str, str] = prop.get("x-labels", {})
    return {value: labels.get(value, value) for value in prop["enum"]}


if TYPE_CHECKING:
    TextType = click.ParamType[str]
else:  # click < 8.4 has no generic ParamType at run time
    TextType = click.ParamType


class SchemaText(TextType):
    """A text checked against the length and pattern rules of one schema field.

    The rules are read when a value is converted, from the schemas `schemas()` returns
    (the project's), so building the command line reads no file."""

    name = "text"

    def __init__(self, kind: str, field: str, schemas: Callable[[], Schemas]) -> None:
        self.kind, self.field, self.schemas = kind, field, schemas

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        schemas = self.schemas()
        top, _, sub = self.field.partition(".")  # consent.date: a field inside a section
        rules = schemas.field(self.kind, top)
        if sub:
            rules = resolve(schemas[self.kind], rules["properties"][sub])
        title = str(rules.get("title", self.field))
        text = str(value).strip()
        low, high = rules.get("minLength", 0), rules.get("maxLength")
        if len(text) < low:
            self.fail(f"»{title}« braucht mindestens {low} Zeichen ({len(text)} sind es).")
        if high is not None and len(text) > high:
            self.fail(f"»{title}« darf höchstens {high} Zeichen haben ({len(text)}).")
        pattern = rules.get("pattern")
        if pattern and not re.search(pattern, text):
            self.fail(f"»{text}« passt nicht. Bitte schreiben Sie {rules.get('x-hint')}.")
        return text


def unique_path(content: Path, kind: str, slug: str) -> Path:
    """The first free file name: slug, slug-2, slug-3 …"""
    folder, suffix = FOLDERS[kind]
    candidate, number = slug, 1
    while (content / folder / f"{candidate}{suffix}").exists():
        number += 1
        candidate = f"{slug}-{number}"
    return content / folder / f"{candidate}{suffix}"


def project_slug(title: str) -> str:
    return suggest_slug(title)


def expert_slug(values: dict[str, Any], expertise_label: str, state_label: str) -> str:
    """The name when its publication is consented to; otherwise field and state, so the
    address never reveals an unconsented name."""
    if "name" in values.get("consent", {}).get("covers", []) and values.get("name"):
        return suggest_slug(values["name"])
    return suggest_slug(f"{expertise_label} {state_label}")


def event_slug(title: str, start: str) -> str:
    return f"{start[:7]}-{suggest_slug(title)}"


def render_record(schemas: Schemas, kind: str, values: dict[str, Any]) -> str:
    """The YAML of a record: given values set, every other field commented out."""
    schema = schemas[kind]
    lines = [
        schema_line(kind),
        *_comment(
            f"{schema['title']}. Felder mit »#« am Zeilenanfang sind auskommentiert: zum "
            "Ausfüllen »# « entfernen. Texte in Anführungszeichen lassen. Prüfen mit: "
            "katalog validate"
        ),
    ]
    required = set(schema.get("required", []))
    for name, raw in schema["properties"].items():
        if name in SKIPPED:
            continue
        prop = resolve(schema, raw)
        note = "Pflichtfeld. " if name in required else ""
        lines += ["", *_comment(f"{prop.get('title', name)}: {note}{prop.get('description', '')}")]
        allowed = _allowed(schema, prop)
        if allowed:
            lines += _comment(f"Erlaubt: {allowed}")
        if name in values:
            lines += _emit(name, values[name], prop)
        else:
            lines += ["# " + line for line in _emit(name, _placeholder(schema, prop), prop)]
    return "\n".join(lines) + "\n"


def render_event(schemas: Schemas, values: dict[str, Any]) -> str:
    front = render_record(schemas, "event", values)
    body = (
        "Hier steht der Bericht in Markdown: Was war der Anlass, wer war dabei, was kam "
        "heraus? Absätze durch eine Leerzeile trennen.\n\n"
        "## Ausgangslage\n\n(Text)\n\n## Ergebnisse\n\n(Text)\n"
    )
    return f"---\n{front}---\n{body}"


def check(schemas: Schemas, kind: str, path: Path, text: str) -> list[Problem]:
    """Validate `text` as it would be read from `path`, without writing `path`."""
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / FOLDERS[kind][0] / path.name
        probe.parent.mkdir()
        probe.write_text(text, encoding="utf-8")
        record, problems = load_file(kind, probe)
        if record is not None:
            problems += validate([record], schemas)
    return [
        Problem(str(path), p.line, p.column, p.code, p.message)
        for p in problems
        if p.code != "K302"  # presented projects are checked against the whole catalogue
    ]


def write_new(path: Path, text: str) -> None:
    """Create `path`; never overwrite an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise click.ClickException(
            f"Die Datei {display_path(path)} gibt es schon. Sie wird nicht überschrieben; "
            "bitte einen "
            "anderen Titel oder mit --slug einen anderen Dateinamen wählen."
        ) from None


def _comment(text: str) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, width=94, break_on_hyphens=False)]


def _allowed(schema: dict[str, Any], prop: dict[str, Any]) -> str:
    if "items" in prop:
        prop = resolve(schema, prop["items"])
    if "enum" in prop:
        return _values(prop)
    subfields = {k: resolve(schema, v) for k, v in prop.get("properties", {}).items()}
    return "; ".join(f"für {k}: {_values(v)}" for k, v in subfields.items() if "enum" in v)


def _values(prop: dict[str, Any]) -> str:
    labels = prop.get("x-labels", {})
    return ", ".join(
        f"{v} ({labels[v]})" if labels.get(v, v) != v else str(v) for v in prop["enum"]
    )


def _placeholder(schema: dict[str, Any], prop: dict[str, Any]) -> Any:
    kind = prop.get("type")
    if "enum" in prop:
        return prop["enum"][0]
    if kind == "array":
        return [_placeholder(schema, resolve(schema, prop["items"]))]
    if kind == "object":
        # of alternatives (oneOf: url or file) only the first is offered
        others = {key for alt in prop.get("oneOf", [])[1:] for key in alt.get("required", [])}
        return {
            key: _placeholder(schema, resolve(schema, sub))
            for key, sub in prop["properties"].items()
            if key not in others
        }
    if kind == "boolean":
        return False
    if kind == "integer":
        return prop.get("minimum", 0)
    return ""


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and text not in ("true", "false", "null"):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _emit(name: str, value: Any, prop: dict[str, Any], indent: str = "") -> list[str]:
    if isinstance(value, dict):  # a section such as consent: its fields indented below
        lines = [f"{indent}{name}:"]
        for key, sub in value.items():
            lines += _emit(key, sub, {}, indent + "  ")
        return lines
    if isinstance(value, list) and not value:
        return [f"{indent}{name}: []"]
    if isinstance(value, list):
        lines = [f"{indent}{name}:"]
        for item in value:
            if isinstance(item, dict):
                first = True
                for key, sub in item.items():
                    prefix = indent + ("  - " if first else "    ")
                    lines += _emit(key, sub, {}, prefix)
                    first = False
            else:
                lines.append(f"{indent}  - {_scalar(item)}")
        return lines
    if isinstance(value, str) and value and prop.get("x-markdown") and value[0] != " ":
        body = [f"{indent}  {line}".rstrip() for line in value.strip("\n").split("\n")]
        return [f"{indent}{name}: |", *body]
    return [f"{indent}{name}: {_scalar(value)}"]
