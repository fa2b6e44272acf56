"""Render stage: the Catalogue into HTML pages (pure: data in, (path, html) out)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import form
from .model import Catalogue, german_date

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Output:
    """One file of the site: its path below the output folder and its content."""

    path: str
    content: str | bytes


def environment(template_dir: Path = TEMPLATE_DIR) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["german_date"] = german_date
    env.filters["filesize"] = filesize
    return env


def filesize(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024:
        return f"{size} Byte"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB".replace(".", ",")
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def render_site(catalogue: Catalogue, template_dir: Path = TEMPLATE_DIR) -> list[Output]:
    env = environment(template_dir)

    def page(path: str, template: str, root: str | None = None, **context: Any) -> Output:
        html = env.get_template(template).render(
            site=catalogue.config,
            catalogue=catalogue,
            root="../" * path.count("/") if root is None else root,
            page_path=path,
            **context,
        )
        return Output(path, html)

    outputs = [
        page("index.html", "home.html"),
        page("projekte/index.html", "projects.html", projects=catalogue.projects),
        page("veranstaltungen/index.html", "events.html", events=catalogue.events),
        page("suche/index.html", "search.html"),
        page("vorschlagen/index.html", "propose.html", **form.context(catalogue.today)),
        # served for any missing path, so its links must not be relative
        page("404.html", "404.html", root=catalogue.config.base_path),
    ]
    for project in catalogue.projects:
        events = [catalogue.event(slug) for slug in project.events]
        outputs.append(
            page(f"{project.url}index.html", "project.html", project=project, events=events)
        )
    for event in catalogue.events:
        projects = [catalogue.project(slug) for slug in event.projects]
        outputs.append(page(f"{event.url}index.html", "event.html", event=event, projects=projects))
    for content_page in catalogue.pages:
        outputs.append(page(f"{content_page.url}index.html", "page.html", page=content_page))
    return outputs
