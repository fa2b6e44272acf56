"""Generated parts of CONTRIBUTING.md: the field reference (from the schemas) and the
table of problem codes (from problems.CODES).

Regenerate with: python -m katalog.docs
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from .config import config_schema
from .problems import CODES
from .project import find_project
from .schema import Schemas, load_schemas, resolve

COMMAND = "python -m katalog.docs"
SECTIONS = ("feldreferenz", "einstellungen", "fehlercodes")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _kind(schema: dict[str, Any], prop: dict[str, Any]) -> str:
    if "enum" in prop:
        labels = prop.get("x-labels", {})
        values = [
            f"`{v}`" + (f" ({labels[v]})" if labels.get(v, v) != v else "") for v in prop["enum"]
        ]
        return "einer von: " + ", ".join(values)
    kind = prop.get("type")
    if kind == "array":
        items = resolve(schema, prop["items"])
        if items.get("type") == "object":
            return "Liste von Abschnitten (siehe unten)"
        return "Liste; je Eintrag " + _kind(schema, items)
    if kind == "boolean":
        return "`true` oder `false`"
    if kind == "object":
        return "Abschnitt mit eigenen Feldern (siehe unten)"
    if kind == "integer":
        return "ganze Zahl"
    if prop.get("x-hint"):
        return f"Text: {prop['x-hint']}"
    return "Text (Markdown)" if prop.get("x-markdown") else "Text"


def _table(schema: dict[str, Any], props: dict[str, Any], required: list[str]) -> list[str]:
    lines = ["| Feld | Bedeutung | Pflicht | Wert |", "| --- | --- | --- | --- |"]
    for name, raw in props.items():
        prop = resolve(schema, raw)
        title = prop.get("title", name)
        description = prop.get("description", "")
        lines.append(
            f"| `{name}` | {_cell(f'**{title}**. {description}')} | "
            f"{'ja' if name in required else 'nein'} | {_cell(_kind(schema, prop))} |"
        )
    return lines


def field_reference(schemas: Schemas) -> str:
    lines: list[str] = []
    for kind, heading, where in (
        ("project", "Projekt", "`content/projects/<name>.yaml`"),
        ("event", "Veranstaltungsbericht", "Kopfdaten in `content/events/<name>.md`"),
        ("expert", "Expertin oder Experte", "`content/experts/<name>.yaml`"),
    ):
        schema = schemas[kind]
        lines += ["", f"### {heading} ({where})", "", schema.get("description", ""), ""]
        lines += _table(schema, schema["properties"], schema.get("required", []))
        for name, raw in schema["properties"].items():
            prop = resolve(schema, raw)
            items = resolve(schema, prop.get("items", {})) if prop.get("type") == "array" else {}
            if items.get("type") == "object":
                title = prop.get("title", name)
                lines += ["", f"Jeder Eintrag in `{name}` ({title}):", ""]
                lines += _table(schema, items["properties"], items.get("required", []))
            elif prop.get("type") == "object":
                title = prop.get("title", name)
                lines += ["", f"Die Felder im Abschnitt `{name}` ({title}):", ""]
                lines += _table(schema, prop["properties"], prop.get("required", []))
    return "\n".join(lines).strip("\n")


def settings_table() -> str:
    """The keys of katalog.toml, from the schema shipped in the package."""
    lines = ["| Einstellung | Bedeutung | Standard | Wert |", "| --- | --- | --- | --- |"]
    schema = config_schema()
    for name, prop in schema["properties"].items():
        meaning = f"**{prop['title']}**. {prop.get('description', '')}"
        lines.append(
            f"| `{name}` | {_cell(meaning)} | "
            f"`{json.dumps(prop['default'], ensure_ascii=False)}` | "
            f"{_cell(_kind(schema, prop))} |"
        )
    return "\n".join(lines)


def codes_table() -> str:
    lines = ["| Code | Bedeutung |", "| --- | --- |"]
    lines += [f"| `{code}` | {_cell(text)} |" for code, text in CODES.items()]
    return "\n".join(lines)


def _marker(name: str) -> tuple[str, str]:
    return (
        f"<!-- BEGIN {name} (generiert aus dem Code, bitte nicht von Hand ändern: {COMMAND}) -->",
        f"<!-- END {name} -->",
    )


def render(text: str, schemas: Schemas) -> str:
    """`text` with every generated section replaced by its current content."""
    content = {
        "feldreferenz": field_reference(schemas),
        "einstellungen": settings_table(),
        "fehlercodes": codes_table(),
    }
    for name in SECTIONS:
        begin, end = _marker(name)
        pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
        if not pattern.search(text):
            raise SystemExit(f"CONTRIBUTING.md: marker for {name!r} missing: {begin}")
        replacement = f"{begin}\n{content[name]}\n{end}"
        text = pattern.sub(lambda _match: replacement, text)  # noqa: B023 - used at once
    return text


def main() -> int:
    project = find_project()
    contributing = project.root / "CONTRIBUTING.md"
    current = contributing.read_text(encoding="utf-8")
    updated = render(current, load_schemas(project.schemas))
    if updated != current:
        contributing.write_text(updated, encoding="utf-8")
        print(f"{contributing.name} aktualisiert.")
    else:
        print(f"{contributing.name} ist aktuell.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
