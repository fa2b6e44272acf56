"""The options every command shares to find the project folder (see katalog/project.py),
and the project and schemas a command works on, found once per command call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .project import Project, find_project
from .schema import Schemas, load_schemas

F = TypeVar("F", bound=Callable[..., Any])
_KEYS = ("project_dir", "config_path", "content")


class SafePath(click.Path):
    """click.Path that refuses control characters (a NUL made os.stat raise ValueError)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and any(ord(char) < 32 for char in value):
            self.fail(
                f"{value!r} enthält ein Steuerzeichen. Bitte einen Namen aus Buchstaben, "
                "Ziffern und Bindestrichen angeben.",
                param,
                ctx,
            )
        return super().convert(value, param, ctx)


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.meta[f"katalog.{param.name}"] = value
    return value


def _eager(name: str, dest: str, kind: SafePath, help: str) -> Callable[[F], F]:
    return click.option(
        name, dest, type=kind, is_eager=True, expose_value=False, callback=_remember, help=help
    )


def project_options(content_help: str) -> Callable[[F], F]:
    """--project, --config and --content; eager, so they are known before any other value
    is checked against the project's schemas."""
    folder = SafePath(file_okay=False, path_type=Path)
    options = (
        _eager(
            "--project",
            "project_dir",
            folder,
            "Projektordner (mit katalog.toml). Standard: der aktuelle Ordner oder der nächste "
            "darüber, der eine katalog.toml enthält.",
        ),
        _eager(
            "--config",
            "config_path",
            SafePath(dir_okay=False, path_type=Path),
            "Einstellungsdatei; ihr Ordner ist dann der Projektordner.",
        ),
        _eager("--content", "content", folder, content_help),
    )

    def decorate(function: F) -> F:
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


def current_project(ctx: click.Context | None = None) -> Project:
    ctx = ctx or click.get_current_context()
    if "katalog.found" not in ctx.meta:
        given = {key: ctx.meta.get(f"katalog.{key}") for key in _KEYS}
        ctx.meta["katalog.found"] = find_project(
            project=given["project_dir"], config=given["config_path"], content=given["content"]
        )
    found: Project = ctx.meta["katalog.found"]
    return found


def current_schemas() -> Schemas:
    ctx = click.get_current_context()
    if "katalog.schemas" not in ctx.meta:
        ctx.meta["katalog.schemas"] = load_schemas(current_project(ctx).schemas)
    schemas: Schemas = ctx.meta["katalog.schemas"]
    return schemas
