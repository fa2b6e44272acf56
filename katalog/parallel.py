"""Render and write the pages, streamed to disk, in as many processes as there are cores.

Rendering is pure (the model is built once, before), so the pages can be split between
forked worker processes, each rendering its share and writing every page as soon as it is
rendered; no page is held in memory. Every file depends only on its own job, so the output
is byte-identical whatever the number of workers (tests/test_parallel.py).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from .model import Catalogue
from .progress import Advance, unseen
from .render import Job, Output, environment, render_page
from .searchtext import SEARCHED_MARK, search_text
from .workers import fork_map, give_way, worker_count
from .write import write_outputs

# Below this many pages per worker, starting workers costs more than it saves.
MIN_PAGES_PER_WORKER = 200

# What forked workers inherit: set in the parent right before the pool starts.
_state: (
    tuple[Catalogue, dict[str, Any], list[Job], list[Output], Path, Path, int | None, Path | None]
    | None
) = None


def render_to(
    target: Path,
    catalogue: Catalogue,
    shared: dict[str, Any],
    jobs: list[Job],
    template_dir: Path,
    workers: int | None = None,
    exports: Sequence[Output] = (),
    advance: Advance = unseen,
    yielding: bool = False,
    search_texts: Path | None = None,
) -> list[str]:
    """Render the pages `jobs` of `catalogue` (see render.page_jobs) into `target`, and write
    `exports` (made in the workers too); return the paths of the pages that carry text for
    the search index (`data-pagefind-body`). `advance` hears of the pages and exports done
    as each share of them comes back. `yielding` workers run at a lower priority, so that
    Pagefind, which runs meanwhile on one core, keeps it (the main process stays as it is).
    With `search_texts`, what Pagefind reads of each searched page (searchtext.search_text)
    is also written there, at the page's path."""
    global _state
    parent = os.getpid() if yielding else None
    _state = (catalogue, shared, jobs, list(exports), target, template_dir, parent, search_texts)
    env = environment(template_dir)
    for name in env.list_templates():  # every template as it is now (Jinja reloads a
        with contextlib.suppress(jinja2.TemplateError):  # changed one here; a file that is
            env.get_template(name)  # no template fails later if used), then no look at
    env.auto_reload = False  # their files for every page
    try:
        # only numbers travel to the workers; the jobs and exports they inherit
        count = len(jobs) + len(exports)
        workers = worker_count(count, MIN_PAGES_PER_WORKER, workers)
        searched = fork_map(_render_share, range(count), workers, advance)
    finally:
        _state = None
        env.auto_reload = True
    return [job.path for job, found in zip(jobs, searched[: len(jobs)], strict=True) if found]


def _render_share(numbers: Sequence[int]) -> list[bool]:
    assert _state is not None
    catalogue, shared, jobs, exports, target, template_dir, parent, search_texts = _state
    if parent is not None and os.getpid() != parent:  # a forked worker, never the main
        give_way()  # process, which cannot take it back
    env = environment(template_dir)
    searched = []
    for number in numbers:
        if number >= len(jobs):
            write_outputs(target, [exports[number - len(jobs)]])
            searched.append(False)
            continue
        page = render_page(env, catalogue, shared, jobs[number])
        write_outputs(target, [page])
        html = str(page.data())
        searched.append(SEARCHED_MARK in html)
        if search_texts is not None and searched[-1]:
            write_outputs(search_texts, [Output(page.path, search_text(html))])
    return searched


def searched_first(jobs: list[Job], template_dir: Path) -> tuple[list[Job], list[Job]]:
    """The jobs whose template marks text for the search index, and the others: the index
    can start once the first are written. A template that gets the mark from another one
    it includes counts as unmarked; its pages are then found when rendered (render_to)."""
    env = environment(template_dir)
    marked = {
        name
        for name in {job.template for job in jobs}
        if SEARCHED_MARK in env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
    }
    return [j for j in jobs if j.template in marked], [j for j in jobs if j.template not in marked]
