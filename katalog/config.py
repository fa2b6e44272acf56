"""Site configuration (katalog.toml), validated like content against the JSON Schema shipped
in the package (`katalog/config.schema.json`): the schema holds every key, its default, its
German title and, for `data_license`, the labels and addresses of the licences."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .load import DataPath, Position, RawRecord, display_path
from .problems import ContentError, Problem
from .validate import schema_problems


@cache
def config_schema() -> dict[str, Any]:
    """The schema of katalog.toml (package data, so an installed wheel has it)."""
    text = resources.files("katalog").joinpath("config.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


_DEFAULTS: dict[str, Any] = {
    name: prop["default"] for name, prop in config_schema()["properties"].items()
}


@dataclass(frozen=True)
class Config:
    """The settings; field names and defaults are the schema's (a test keeps them equal)."""

    title: str = _DEFAULTS["title"]
    tagline: str = _DEFAULTS["tagline"]
    operator: str = _DEFAULTS["operator"]
    base_url: str = _DEFAULTS["base_url"]
    repository_url: str = _DEFAULTS["repository_url"]
    branch: str = _DEFAULTS["branch"]
    contact_email: str = _DEFAULTS["contact_email"]
    review_after_days: int = _DEFAULTS["review_after_days"]
    consent_after_days: int = _DEFAULTS["consent_after_days"]
    data_license: str = _DEFAULTS["data_license"]
    # GovData's ID of the publishing body (dcatde:contributorID in daten/katalog.rdf)
    govdata_contributor_id: str = _DEFAULTS["govdata_contributor_id"]

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. `/katalog/` (sub-path hosting)."""
        rest = self.base_url.split("://", 1)[-1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"

    def absolute(self, url: str) -> str:
        return self.base_url.rstrip("/") + "/" + url.lstrip("/")

    @property
    def license_label(self) -> str:
        """German name of the data licence, e.g. "Datenlizenz Deutschland – Namensnennung – …"."""
        return str(_license("x-labels")[self.data_license])

    @property
    def license_url(self) -> str:
        """Where the licence text is published (https)."""
        return str(_license("x-urls")[self.data_license])

    @property
    def license_uri(self) -> str:
        """The licence's URI in the DCAT-AP.de vocabulary, for machine-readable metadata."""
        return str(_license("x-dcat-ap-de")[self.data_license])


def _license(keyword: str) -> dict[str, Any]:
    table: dict[str, Any] = config_schema()["properties"]["data_license"][keyword]
    return table


class ConfigError(ContentError):
    """katalog.toml has problems; the message lists all of them. Exit code 2, like a usage
    error: nothing was built or checked."""

    exit_code = 2


def load_config(path: Path, base_url: str | None = None) -> Config:
    """Read and validate katalog.toml; a missing file means every default.

    Raises ConfigError listing every problem as `katalog.toml:line:column: CODE message`.
    """
    config = Config()
    if path.is_file():
        config = replace(config, **read_settings(path))
    if base_url:
        config = replace(config, base_url=base_url)
    if not config.base_url.endswith("/"):
        config = replace(config, base_url=config.base_url + "/")
    return config


def read_settings(path: Path) -> dict[str, Any]:
    """The settings in the file at `path`, checked against the schema."""
    shown = display_path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ConfigError([Problem(shown, line, 1, "K101", _NOT_UTF8)]) from err
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError([_syntax_problem(shown, str(err))]) from err
    keys, values = toml_positions(text)
    record = RawRecord("config", shown, path, "katalog", data, values=values, keys=keys)
    problems = schema_problems(record, config_schema())
    if problems:
        raise ConfigError(problems)
    return data


_NOT_UTF8 = "Die Datei ist nicht in UTF-8 gespeichert. Bitte im Editor als UTF-8 speichern."
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _syntax_problem(shown: str, message: str) -> Problem:
    """tomllib's message ends with "(at line L, column C)"; it stays as the technical detail."""
    match = _AT.search(message)
    line, column = (int(match[1]), int(match[2])) if match else (1, 1)
    detail = _AT.sub("", message)
    return Problem(
        shown,
        line,
        column,
        "K401",
        "Die Schreibweise ist hier kein gültiges TOML. Jede Einstellung steht in einer eigenen "
        'Zeile als »name = wert«, Text in Anführungszeichen (title = "Mein Katalog"), Zahlen '
        f"ohne (review_after_days = 730). Technische Meldung: {detail}.",
    )


_KEY = re.compile(r'\s*(?:"([^"]+)"|\'([^\']+)\'|([A-Za-z0-9_-]+))\s*(?:\.[^=]*)?=\s*')
_TABLE = re.compile(r'\s*\[\[?\s*(?:"([^"]+)"|([A-Za-z0-9_-]+))')


def toml_positions(text: str) -> tuple[dict[DataPath, Position], dict[DataPath, Position]]:
    """Line and column (1-based) of each top-level key and its value, for messages.

    tomllib keeps no positions, so the lines are scanned: `key = value` outside tables and
    multi-line strings, and the header of each `[table]` (its key is the table's name).
    """
    keys: dict[DataPath, Position] = {}
    values: dict[DataPath, Position] = {}
    in_table = False
    quote: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if quote is not None:
            if line.count(quote) % 2 == 1:
                quote = None
            continue
        table = _TABLE.match(line)
        if table:
            in_table = True
            name = table[1] or table[2]
            column = len(line) - len(line.lstrip()) + 1
            keys.setdefault((name,), (number, column))
            values.setdefault((name,), (number, column))
            continue
        match = _KEY.match(line)
        if match and not in_table:
            name = match[1] or match[2] or match[3]
            keys.setdefault((name,), (number, len(line) - len(line.lstrip()) + 1))
            values.setdefault((name,), (number, match.end() + 1))
        for triple in ('"""', "'''"):
            if line.count(triple) % 2 == 1:
                quote = triple
    return keys, values
