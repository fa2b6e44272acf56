"""Site configuration (katalog.toml) with defaults, so the example builds unchanged."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

import click


@dataclass(frozen=True)
class Config:
    title: str = "Katalog Präventionskooperation"
    tagline: str = "Projekte von Sicherheitsbehörden und muslimischen Organisationen"
    operator: str = "Clearingstelle Präventionskooperation"
    base_url: str = "https://example.org/katalog/"
    repository_url: str = "https://github.com/example/katalog-praeventionskooperation"
    branch: str = "main"
    contact_email: str = "clearingstelle@example.org"
    review_after_days: int = 730
    data_license: str = "dl-de/by-2-0"
    # GovData's ID of the publishing body (dcatde:contributorID in daten/katalog.rdf)
    govdata_contributor_id: str = "http://dcat-ap.de/def/contributors/platzhalter"

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. `/katalog/` (sub-path hosting)."""
        rest = self.base_url.split("://", 1)[-1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"

    def absolute(self, url: str) -> str:
        return self.base_url.rstrip("/") + "/" + url.lstrip("/")


def load_config(path: Path, base_url: str | None = None) -> Config:
    config = Config()
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise click.ClickException(
                f"{path}: Konfiguration ist kein gültiges TOML: {err}"
            ) from err
        known = {f.name for f in fields(Config)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise click.ClickException(
                f"{path}: unbekannte Einstellung(en) {', '.join(unknown)}. "
                f"Erlaubt: {', '.join(sorted(known))}."
            )
        config = replace(config, **data)
    if base_url:
        config = replace(config, base_url=base_url)
    if not config.base_url.endswith("/"):
        config = replace(config, base_url=config.base_url + "/")
    return config
