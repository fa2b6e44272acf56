"""The JSON Schemas in the project's schemas/: the single source of truth for fields and labels."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import click

KINDS = ("project", "event", "page")


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
    return Schemas(folder, documents)


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (`#/$defs/...`) once, merging sibling keywords."""
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = schema
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
