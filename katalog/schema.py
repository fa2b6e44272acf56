"""The JSON Schemas in the project's schemas/: the single source of truth for fields and labels."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import click

KINDS = ("project", "event", "page", "expert")


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """German labels for every enum value, read from the schemas' `x-labels`."""

    enums: dict[str, dict[str, str]]  # $defs name -> value -> label
    titles: dict[str, str]  # $defs name -> German title of the enum

    def label(self, enum: str, value: str) -> str:
        return self.enums[enum][value]

    def values(self, enum: str) -> list[str]:
        return list(self.enums[enum])


@dataclass(frozen=True, eq=False)
class Schemas:
    """Every record type's schema, read once from one folder."""

    folder: Path
    documents: dict[str, dict[str, Any]]

    def __getitem__(self, kind: str) -> dict[str, Any]:
        return self.documents[kind]

    @cached_property
    def vocabulary(self) -> Vocabulary:
        enums: dict[str, dict[str, str]] = {}
        titles: dict[str, str] = {}
        for kind in KINDS:
            for name, definition in self[kind].get("$defs", {}).items():
                if "enum" in definition:
                    labels = definition.get("x-labels", {})
                    enums[name] = {value: labels.get(value, value) for value in definition["enum"]}
                    titles[name] = definition.get("title", name)
        return Vocabulary(enums, titles)

    def field(self, kind: str, name: str) -> dict[str, Any]:
        """One top-level field of a record type, its `$ref` resolved."""
        schema = self[kind]
        return resolve(schema, schema["properties"][name])

    def consent_fields(self, kind: str) -> dict[str, str]:
        """Fields published only with consent -> the `consent: covers` value they need
        (the schema's `x-consent`)."""
        return {
            name: str(prop["x-consent"])
            for name, prop in self[kind]["properties"].items()
            if "x-consent" in prop
        }

    def field_titles(self, kind: str) -> dict[str, str]:
        """Top-level field name -> German title, in schema order."""
        return {
            name: self.field(kind, name).get("title", name) for name in self[kind]["properties"]
        }


def load_schemas(folder: Path) -> Schemas:
    documents: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        try:
            documents[kind] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise click.ClickException(f"Das Schema {path} fehlt.") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise click.ClickException(f"Das Schema {path} ist kein gültiges JSON: {err}") from None
    for schema in documents.values():
        _bundle(schema, documents)
    return Schemas(folder, documents)


def _bundle(schema: dict[str, Any], documents: dict[str, dict[str, Any]]) -> None:
    """Copy definitions referenced in another schema file (`project.schema.json#/$defs/state`)
    into this schema's `$defs`, so every reader (validator, form, browser) gets one
    self-contained schema while the definition itself lives in one place."""

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                file, _, pointer = ref.partition("#")
                name = pointer.rsplit("/", 1)[-1]
                other = documents[file.removesuffix(".schema.json")]
                schema.setdefault("$defs", {}).setdefault(name, other["$defs"][name])
                node["$ref"] = f"#/$defs/{name}"
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema.get("properties", {}))


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (`#/$defs/...`) once, merging sibling keywords."""
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = schema
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}


def field_name(schema: dict[str, Any], where: tuple[Any, ...]) -> str:
    """`("carriers", 2, "website")` → `3. Träger → Webseite`: the German titles of the schema
    and positions counted from 1, as an editor reads them; `Datei` for the whole record."""
    parts: list[str] = []
    node: dict[str, Any] = schema
    for part in where:
        node = resolve(schema, node)
        if isinstance(part, int):
            node = resolve(schema, node.get("items", {}))
            plural = parts.pop() if parts else "Eintrag"  # `Projektträger` → `3. Träger`
            parts.append(f"{part + 1}. {node.get('title') or plural}")
        else:
            node = node.get("properties", {}).get(part, {})
            parts.append(str(resolve(schema, node).get("title", part)))
    return " → ".join(parts) or "Datei"
