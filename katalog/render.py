"""Render stage: the Catalogue into HTML pages (pure: data in, (path, html) out)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import citation, form, jsonld, statistics
from .compounds import compound_parts, fold
from .datasets import COLLECTIONS, LIST_SEPARATOR, PART_SEPARATOR
from .facets import carriers, carriers_by_type, events_by_year, facet_url, facets, related_all
from .mapgrid import tile_map
from .model import Catalogue, Event, Project, german_date
from .render_network import network_pages
from .wording import phone, phone_uri, place, project_time_span


@dataclass(frozen=True)
class Output:
    """One file of the site: its path below the output folder and its content, or a function
    that makes the content when it is written (the exports of single records: made by the
    render workers, after the search index has been started)."""

    path: str
    content: str | bytes | Callable[[], str | bytes]

    def data(self) -> str | bytes:
        return self.content() if callable(self.content) else self.content


@functools.cache  # one per templates folder; Jinja reloads a template whose file changed
def environment(template_dir: Path) -> jinja2.Environment:
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
    env.filters["facet_url"] = facet_url
    env.filters["time_span"] = project_time_span
    env.filters["place"] = place
    env.filters["phone"] = phone
    env.filters["phone_uri"] = phone_uri
    env.filters["compound_parts"] = compound_parts  # search: hidden parts of compound words
    env.filters["fold"] = fold  # search: sort key without umlauts
    return env


def filesize(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024:
        return f"{size} Byte"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB".replace(".", ",")
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def by_start(projects: tuple[Project, ...]) -> list[Project]:
    """Newest start first; title breaks ties."""
    by_title = sorted(projects, key=lambda p: (p.title.casefold(), p.slug))
    return sorted(by_title, key=lambda p: p.start.first_day, reverse=True)


@dataclass(frozen=True)
class Job:
    """One page to render: where it goes, with which template and context."""

    path: str
    template: str
    root: str | None
    context: dict[str, Any]


def page_jobs(catalogue: Catalogue) -> tuple[dict[str, Any], list[Job]]:
    """Everything shared by all templates (derived once) and the list of pages to render."""
    facet_list = facets(catalogue)
    states = next(values for facet, values in facet_list if facet.name == "state")
    carrier_pages = carriers(catalogue)
    related_projects = related_all(catalogue)
    shared = {"facets": facet_list, "map": tile_map(states), "carriers": carrier_pages}
    jobs: list[Job] = []

    def page(path: str, template: str, root: str | None = None, **context: Any) -> Job:
        jobs.append(Job(path, template, root, context))
        return jobs[-1]

    page(
        "index.html",
        "home.html",
        newest=by_start(catalogue.projects)[:4],
        upcoming=events_by_year(catalogue)[0][:3],
        recent=[e for e in catalogue.events if not e.upcoming(catalogue.today)][:3],
    )
    page("projekte/index.html", "projects.html", projects=catalogue.projects)
    page(
        "projekte/nach-beginn/index.html",
        "projects.html",
        projects=by_start(catalogue.projects),
        by_start=True,
    )
    page("karte/index.html", "map.html")
    page("traeger/index.html", "carriers.html", groups=carriers_by_type(catalogue, carrier_pages))
    page(
        "partnersuche/index.html",
        "partners.html",
        projects=[p for p in catalogue.projects if p.looking_for_partners],
    )
    page("veranstaltungen/index.html", "events.html", events=events_by_year(catalogue))
    page("suche/index.html", "search.html")
    page(
        "daten/index.html",
        "opendata.html",
        collections=COLLECTIONS,
        list_separator=LIST_SEPARATOR,
        part_separator=PART_SEPARATOR,
    )
    page("statistik/index.html", "statistics.html", charts=statistics.charts(catalogue))
    page(
        "vorschlagen/index.html", "propose.html", **form.context(catalogue.schemas, catalogue.today)
    )
    page(
        "vorschlagen/experte/index.html",
        "propose_expert.html",
        **form.expert_context(catalogue.schemas, catalogue.today),
    )
    # served for any missing path, so its links must not be relative
    page("404.html", "404.html", root=catalogue.config.base_path)
    for _facet, values in facet_list:
        for value in values:
            page(f"{value.url}index.html", "facet.html", value=value)
    events_by_slug = {e.slug: e for e in catalogue.events}
    projects_by_slug = {p.slug: p for p in catalogue.projects}
    for project in catalogue.projects:
        page(
            f"{project.url}index.html",
            "project.html",
            project=project,
            events=[events_by_slug[slug] for slug in project.events],
            related=related_projects[project.slug],
            experts=[catalogue.expert(slug) for slug in project.experts],
            jsonld=jsonld.project(project, catalogue.config),
            cite=citation.line(project, catalogue),
            citation_formats=citation.FORMATS,
        )
    for carrier in carrier_pages:
        page(
            f"{carrier.url}index.html",
            "carrier.html",
            carrier=carrier,
            jsonld=jsonld.carrier(carrier, catalogue.config),
        )
    for event in catalogue.events:
        page(
            f"{event.url}index.html",
            "event.html",
            event=event,
            projects=[projects_by_slug[slug] for slug in event.projects],
            jsonld=jsonld.event(event, catalogue.config),
            experts=[catalogue.expert(slug) for slug in event.experts],
            cite=citation.line(event, catalogue),
            citation_formats=citation.FORMATS,
        )
    for content_page in catalogue.pages:
        page(f"{content_page.url}index.html", "page.html", page=content_page)
    network_pages(catalogue, page)
    return shared, jobs


def render_page(
    env: jinja2.Environment, catalogue: Catalogue, shared: dict[str, Any], job: Job
) -> Output:
    html = env.get_template(job.template).render(
        site=catalogue.config,
        catalogue=catalogue,
        root="../" * job.path.count("/") if job.root is None else job.root,
        page_path=job.path,
        **shared,
        **job.context,
    )
    return Output(job.path, html)


def render_site(catalogue: Catalogue, template_dir: Path) -> Iterator[Output]:
    """Every page, rendered one after the other as the caller consumes them."""
    env = environment(template_dir)
    shared, jobs = page_jobs(catalogue)
    for job in jobs:
        yield render_page(env, catalogue, shared, job)


def render_redirects(catalogue: Catalogue, template_dir: Path) -> list[Output]:
    """A small page at every former address of a record, pointing to the current one
    (canonical link and meta refresh: works without script). Not listed in the sitemap."""
    env = environment(template_dir)
    template = env.get_template("redirect.html")
    outputs = []
    records: list[Project | Event] = [*catalogue.projects, *catalogue.events]
    for record in records:
        folder = record.url.split("/", 1)[0]
        for slug in record.former_slugs:
            path = f"{folder}/{slug}/index.html"
            html = template.render(site=catalogue.config, record=record, root="../../")
            outputs.append(Output(path, html))
    return outputs
