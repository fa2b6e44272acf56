"""The whole build, top to bottom: load → validate → model → render → write → index → export."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .export import export_all
from .index import index_site
from .load import load_content
from .model import Catalogue, make_catalogue
from .parallel import render_to
from .problems import ContentError, Problem
from .render import TEMPLATE_DIR
from .review import review_warnings
from .schema import vocabulary
from .validate import validate
from .write import copy_assets, staging, write_outputs


@dataclass
class Report:
    projects: int = 0
    events: int = 0
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[name] = time.perf_counter() - started


def check(content: Path, config: Config, today: dt.date) -> Catalogue:
    """Load, validate and model the content; raise ContentError listing every problem."""
    return checked(content, config, today)[0]


def checked(
    content: Path, config: Config, today: dt.date, strict: bool = False
) -> tuple[Catalogue, list[Problem]]:
    """Like check(), also returning warnings; `strict` turns the warnings into errors."""
    loaded = load_content(content)
    problems = loaded.problems + validate(loaded.records)
    warnings = review_warnings(loaded.records, config.review_after_days, today)
    if strict:
        problems, warnings = problems + warnings, []
    if problems:
        raise ContentError(problems)
    return make_catalogue(loaded.records, config, vocabulary(), today), warnings


def build(
    content: Path,
    out: Path,
    config: Config,
    today: dt.date | None = None,
    strict: bool = False,
    search: bool = True,
    workers: int | None = None,
) -> Report:
    """`search=False` leaves out the Pagefind index (HTML only); `workers` processes render
    the pages (default: one per core for a large catalogue)."""
    report = Report()
    with report.stage("laden+prüfen"):
        catalogue, report.warnings = checked(content, config, today or dt.date.today(), strict)
    with staging(out) as target:
        with report.stage("rendern+schreiben"):
            page_paths = render_to(target, catalogue, TEMPLATE_DIR, workers)
            exports = write_outputs(target, export_all(catalogue, page_paths))
            report.pages = len(page_paths) + exports
            copy_assets(target, catalogue)
        if search:
            with report.stage("indexieren"):
                index_site(target)
    report.projects, report.events = len(catalogue.projects), len(catalogue.events)
    return report
