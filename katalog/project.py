"""Where a catalogue's files are, and the output folders a build may replace.

The rule: the project folder is the one holding `katalog.toml`. It is found from the
working directory upwards, or given with `--project DIR` or `--config FILE` (then the
folder holding that file). Its `content/`, `templates/`, `static/` and `schemas/` are used;
the site goes to `site/` in the project folder unless `--out` says otherwise.
Nothing here runs at import time, so `katalog --version` and `--help` work anywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

CONFIG_NAME = "katalog.toml"
SOURCE_FOLDERS = ("content", "templates", "static", "schemas")


class ProjectError(click.ClickException):
    """The project folder or an output folder cannot be right: nothing is touched (exit 2)."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Fehler: {self.format_message()}", file=file, err=True)


@dataclass(frozen=True)
class Project:
    root: Path  # absolute
    config_file: Path
    content: Path

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def static(self) -> Path:
        return self.root / "static"

    @property
    def schemas(self) -> Path:
        return self.root / "schemas"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def watched(self) -> tuple[Path, ...]:
        """The folders whose change changes the site (the preview watches them)."""
        return (self.content, self.templates, self.static, self.schemas)


def _shown(path: Path) -> str:
    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else (Path(rel).as_posix() or ".")


def find_project(
    start: Path | None = None,
    project: Path | None = None,
    config: Path | None = None,
    content: Path | None = None,
) -> Project:
    """The project for a command; raise ProjectError (German) when it cannot be right."""
    start = (start or Path.cwd()).resolve()
    if config is not None:
        config_file = config.resolve()
        if not config_file.is_file():
            raise ProjectError(f"Die Einstellungsdatei {_shown(config_file)} gibt es nicht.")
        root = config_file.parent
    elif project is not None:
        root = project.resolve()
        config_file = root / CONFIG_NAME
        if not config_file.is_file():
            raise ProjectError(
                f"Im Ordner {_shown(root)} liegt keine {CONFIG_NAME}. "
                "Das ist kein Projektordner des Katalogs."
            )
    else:
        searched = [start, *start.parents]
        found = next((folder for folder in searched if (folder / CONFIG_NAME).is_file()), None)
        if found is None:
            raise ProjectError(
                f"Kein Projektordner gefunden: weder in {start.as_posix()} noch in einem Ordner "
                f"darüber liegt eine {CONFIG_NAME}. Bitte im Ordner des Katalogs (oder einem "
                "Unterordner davon) aufrufen oder ihn mit --project ORDNER angeben."
            )
        root, config_file = found, found / CONFIG_NAME
    result = Project(root, config_file, (content or root / "content").resolve())
    missing = [
        _shown(folder)
        for folder in (result.content, result.templates, result.static, result.schemas)
        if not folder.is_dir()
    ]
    if missing:
        raise ProjectError(
            f"Im Projektordner {root.as_posix()} fehlt: {', '.join(missing)}. Ein Katalog braucht "
            "die Ordner content/, templates/, static/ und schemas/ neben der katalog.toml."
        )
    return result


def check_out_dir(out: Path, project: Project) -> Path:
    """The output folder, resolved; raise ProjectError if replacing it could destroy data."""
    shown = out.as_posix()  # as the editor typed it
    target = Path(os.path.abspath(out))  # not resolve(): a symlinked out is checked as given
    for parent in (target, *target.parents):
        if parent.exists() and not parent.is_dir():
            where = "ist eine Datei" if parent == target else f"liegt in der Datei {_shown(parent)}"
            raise ProjectError(f"Der Zielordner {shown} {where}. Bitte einen Ordner angeben.")
    real = target.resolve()
    if real == Path(real.anchor) or real == Path.home().resolve():
        raise ProjectError(
            f"Der Zielordner {shown} ist das Wurzelverzeichnis oder Ihr Benutzerordner; "
            "er wird nie ersetzt. Bitte einen eigenen Ordner angeben, z. B. --out site."
        )
    if real == project.root or project.root.is_relative_to(real):
        raise ProjectError(
            f"Der Zielordner {shown} enthält den Projektordner {project.root.as_posix()}. Er würde "
            "beim Bauen ersetzt. Bitte einen eigenen Ordner angeben, z. B. --out site."
        )
    for source in (project.content, project.templates, project.static, project.schemas):
        if real == source or real.is_relative_to(source) or source.is_relative_to(real):
            raise ProjectError(
                f"Der Zielordner {shown} liegt in den Quellen ({_shown(source)}) oder enthält "
                "sie. Bitte einen eigenen Ordner angeben, z. B. --out site."
            )
    if real.is_dir() and any(real.iterdir()) and not (real / "index.html").is_file():
        raise ProjectError(
            f"Der Zielordner {shown} ist nicht leer und enthält keine frühere Ausgabe des "
            "Katalogs (keine index.html). Er wird nicht ersetzt; bitte einen leeren oder "
            "neuen Ordner angeben."
        )
    return real
