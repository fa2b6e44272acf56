"""The whole build, top to bottom: load → validate → model → render → write → index → export."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .addresses import claim_problems
from .clock import build_date
from .config import Config
from .export import export_all
from .history import read_history
from .index import SEARCH_TEXTS, Indexing
from .load import RawRecord, display_path, load_content
from .markup import Prerendering
from .memo import Memo, remembered
from .model import Catalogue, make_catalogue, markdown_fields
from .parallel import render_to, searched_first
from .problems import ContentError, Problem
from .progress import QUIET, Progress
from .project import Project, ProjectError
from .render import Job, Output, page_jobs, render_redirects
from .review import review_warnings
from .schema import Schemas, load_schemas
from .validate import validate
from .write import copy_assets, staging, write_outputs

PAGES, FILES = ("Seite", "Seiten"), ("Datei", "Dateien")  # what progress stages count


@dataclass
class Report:
    projects: int = 0
    events: int = 0
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    searched: list[str] = field(default_factory=list)  # pages with text for the search index
    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[name] = time.perf_counter() - started


def check(project: Project, config: Config, today: dt.date) -> Catalogue:
    """Load, validate and model the content; raise ContentError listing every problem."""
    return checked(project, config, today)[0]


def check_not_empty(records: list[RawRecord], project: Project) -> None:
    """An empty catalogue is never published: it means a wrong folder, not a real state."""
    if any(record.kind == "project" for record in records):
        return
    # project files that could not be loaded are reported as content problems instead
    if not any((project.content / "projects").glob("*.y*ml")):
        raise ProjectError(
            f"Im Ordner {display_path(project.content / 'projects')} liegt kein einziges "
            "Projekt (*.yaml). Ein leerer Katalog wird nicht gebaut; ist das der richtige "
            "Ordner?"
        )


@dataclass(frozen=True)
class Checked:
    """What validation found: the loaded records, the schemas, problems and warnings."""

    records: list[RawRecord]
    schemas: Schemas
    problems: list[Problem]
    warnings: list[Problem]


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Python's collector of reference cycles, off for one build: it walked the millions of
    objects a large catalogue makes again and again (a quarter of the planning time at
    10,000 projects), and in forked render workers its walks copied the pages they share.
    A build makes few cycles, and they are collected at its end."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@without_cyclic_gc()
def check_content(
    project: Project,
    config: Config,
    today: dt.date,
    strict: bool,
    progress: Progress = QUIET,
    each: Callable[[RawRecord], None] | None = None,
) -> Checked:
    """Load and validate every record (never raises for content); `strict` turns the
    warnings into problems; `each` hears of each record as soon as it is read. `katalog
    validate` and the build share this."""
    with progress.stage("Einträge laden", unit=FILES) as advance:
        loaded = load_content(project.content, advance, each)
    check_not_empty(loaded.records, project)
    schemas = load_schemas(project.schemas)
    with progress.stage("Einträge prüfen", len(loaded.records), ("Eintrag", "Einträge")) as advance:
        problems = loaded.problems + validate(loaded.records, schemas, advance)
    warnings = review_warnings(
        loaded.records,
        config.review_after_days,
        today,
        config.consent_after_days,
        schemas.consent_fields("expert"),
    )
    if strict:
        problems, warnings = problems + warnings, []
    return Checked(loaded.records, schemas, problems, warnings)


def checked(
    project: Project,
    config: Config,
    today: dt.date,
    strict: bool = False,
    progress: Progress = QUIET,
    memo: Memo | None = None,
    workers: int | None = None,
) -> tuple[Catalogue, list[Problem]]:
    """Like check(), also returning warnings; `strict` turns the warnings into errors. The
    Markdown texts are rendered by `workers` processes (default: one per core for a large
    catalogue) while the records are read and checked."""
    with Prerendering(workers) as markdown:
        found = check_content(
            project, config, today, strict, progress, lambda r: markdown.add(markdown_fields([r]))
        )
        if found.problems:
            raise ContentError(found.problems)
        with progress.stage("Katalog aufbauen") as advance:
            markdown.finish(advance)
            history = read_history(project.content)  # one git process for all files
            catalogue = make_catalogue(
                found.records, config, found.schemas, today, history, advance, memo=memo
            )
    return catalogue, found.warnings


@dataclass(frozen=True)
class Plan:
    """Everything a build writes, known before the first byte: the model, the pages to
    render and the exports, every output path claimed once."""

    catalogue: Catalogue
    warnings: list[Problem]
    shared: dict[str, Any]
    jobs: list[Job]
    exports: list[Output]


def planned(
    project: Project,
    config: Config,
    today: dt.date,
    strict: bool = False,
    progress: Progress = QUIET,
    memo: Memo | None = None,
    workers: int | None = None,
) -> Plan:
    """Check and model the content and plan every output; raise ContentError on any problem
    (also two outputs claiming one path). The build and the preview share this; the preview
    passes a `memo` of what it made from each unchanged record before. `workers`: see build."""
    catalogue, warnings = checked(project, config, today, strict, progress, memo, workers)
    with progress.stage("Seiten planen"):
        make = functools.partial(outputs, catalogue, project.templates, memo)
        shared, jobs, exports, clashes = remembered(memo, catalogue, "outputs", make)
    if clashes:
        raise ContentError(clashes)
    return Plan(catalogue, warnings, shared, jobs, exports)


def outputs(
    catalogue: Catalogue, templates: Path, memo: Memo | None
) -> tuple[dict[str, Any], list[Job], list[Output], list[Problem]]:
    """The pages to render, the exports and the problems of paths claimed twice."""
    shared, jobs = page_jobs(catalogue, memo)
    exports = export_all(catalogue, [job.path for job in jobs], memo)
    exports += render_redirects(catalogue, templates)
    clashes = claim_problems(catalogue, [job.path for job in jobs] + [o.path for o in exports])
    return shared, jobs, exports, clashes


@without_cyclic_gc()
def build(
    project: Project,
    out: Path,
    config: Config,
    today: dt.date | None = None,
    strict: bool = False,
    search: bool = True,
    workers: int | None = None,
    progress: Progress = QUIET,
) -> Report:
    """`search=False` leaves out the Pagefind index (HTML only); `workers` processes render
    the Markdown and the pages (default: one per core for a large catalogue); `progress`
    shows each stage."""
    report = Report()
    with report.stage("laden+prüfen"):
        plan = planned(
            project, config, today or build_date(project.root), strict, progress, None, workers
        )
    catalogue, shared, templates = plan.catalogue, plan.shared, project.templates
    report.warnings = plan.warnings
    searched_jobs, other_jobs = searched_first(plan.jobs, templates)
    # exports made when written (export_all) are made by the render workers, the others here
    late = [o for o in plan.exports if callable(o.content)]
    early = [o for o in plan.exports if not callable(o.content)]
    with staging(out) as target:
        texts = target / SEARCH_TEXTS if search else None  # what Pagefind reads (searchtext)
        with (
            report.stage("rendern"),
            progress.stage("Seiten für die Suche schreiben", len(searched_jobs), PAGES) as done,
        ):
            report.searched = render_to(
                target, catalogue, shared, searched_jobs, templates, workers, (), done, False, texts
            )
        with (
            report.stage("schreiben, indexieren"),
            Indexing(target, report.searched, search, texts) as index,
        ):
            # while Pagefind indexes the pages written so far
            others = len(other_jobs) + len(late)
            with progress.stage("Übrige Seiten und Exporte schreiben", others, FILES) as done:
                report.searched += render_to(
                    target,
                    catalogue,
                    shared,
                    other_jobs,
                    templates,
                    workers,
                    late,
                    done,
                    search,
                    texts,
                )
                written = write_outputs(target, early)
                copy_assets(target, catalogue, project.static)
            if search:
                with progress.stage("Suchindex erstellen") as done:  # what Pagefind has left
                    index.finish(report.searched, lambda: done(0))
    report.pages = len(plan.jobs) + written + len(late)
    report.projects, report.events = len(catalogue.projects), len(catalogue.events)
    return report
