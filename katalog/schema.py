"""The JSON Schemas in schemas/: the single source of truth for fields and labels."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
KINDS = ("project", "event", "page", "expert")


@cache
def load_schema(kind: str, schema_dir: Path = SCHEMA_DIR) -> dict[str, Any]:
    with (schema_dir / f"{kind}.schema.json").open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return _bundle(schema, schema_dir)


def _bundle(schema: dict[str, Any], schema_dir: Path) -> dict[str, Any]:
    """Copy definitions referenced in another schema file (`project.schema.json#/$defs/state`)
    into this schema's `$defs`, so every reader (validator, form, editor) gets one
    self-contained schema while the definition itself lives in one place."""
    defs: dict[str, Any] = schema.setdefault("$defs", {})

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                file, _, pointer = ref.partition("#")
                name = pointer.rsplit("/", 1)[-1]
                other = load_schema(file.removesuffix(".schema.json"), schema_dir)
                defs.setdefault(name, other["$defs"][name])
                node["$ref"] = f"#/$defs/{name}"
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema["properties"])
    if not defs:
        del schema["$defs"]
    return schema


@dataclass(frozen=True)
class Vocabulary:
    """German labels for every enum value, read from the schemas' `x-labels`."""

    enums: dict[str, dict[str, str]]  # $defs name -> value -> label
    titles: dict[str, str]  # $defs name -> German title of the enum

    def label(self, enum: str, value: str) -> str:
        return self.enums[enum][value]

    def values(self, enum: str) -> list[str]:
        return list(self.enums[enum])


@cache
def vocabulary(schema_dir: Path = SCHEMA_DIR) -> Vocabulary:
    enums: dict[str, dict[str, str]] = {}
    titles: dict[str, str] = {}
    for kind in KINDS:
        for name, definition in load_schema(kind, schema_dir).get("$defs", {}).items():
            if "enum" in definition:
                labels = definition.get("x-labels", {})
                enums[name] = {value: labels.get(value, value) for value in definition["enum"]}
                titles[name] = definition.get("title", name)
    return Vocabulary(enums, titles)


def field_titles(kind: str, schema_dir: Path = SCHEMA_DIR) -> dict[str, str]:
    """Top-level field name -> German title, in schema order."""
    schema = load_schema(kind, schema_dir)
    titles: dict[str, str] = {}
    for name, prop in schema["properties"].items():
        prop = resolve(schema, prop)
        titles[name] = prop.get("title", name)
    return titles


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (`#/$defs/...`) once, merging sibling keywords."""
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = schema
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
