"""Render and write the pages, streamed to disk, in as many processes as there are cores.

Rendering is pure (the model is built once, before), so the pages can be split between
forked worker processes, each rendering its share and writing every page as soon as it is
rendered; no page is held in memory. Every file depends only on its own job, so the output
is byte-identical whatever the number of workers (tests/test_parallel.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from .model import Catalogue
from .progress import Advance, unseen
from .render import Job, environment, render_page
from .workers import fork_map, worker_count
from .write import write_outputs

SEARCHED_MARK = "data-pagefind-body"
# Below this many pages per worker, starting workers costs more than it saves.
MIN_PAGES_PER_WORKER = 200

# What forked workers inherit: set in the parent right before the pool starts.
_state: tuple[Catalogue, dict[str, Any], list[Job], Path, jinja2.Environment] | None = None


def render_to(
    target: Path,
    catalogue: Catalogue,
    shared: dict[str, Any],
    jobs: list[Job],
    template_dir: Path,
    workers: int | None = None,
    advance: Advance = unseen,
) -> list[str]:
    """Render the pages `jobs` of `catalogue` (see render.page_jobs) into `target`; return
    the paths of those that carry text for the search index (`data-pagefind-body`).
    `advance` hears of the pages done as each share of them comes back."""
    global _state
    # one environment: each process compiles a template once, whatever its number of shares
    _state = (catalogue, shared, jobs, target, environment(template_dir))
    try:
        # only job numbers travel to the workers; the jobs they inherit
        workers = worker_count(len(jobs), MIN_PAGES_PER_WORKER, workers)
        searched = fork_map(_render_share, range(len(jobs)), workers, advance)
    finally:
        _state = None
    return [job.path for job, found in zip(jobs, searched, strict=True) if found]


def _render_share(numbers: Sequence[int]) -> list[bool]:
    assert _state is not None
    catalogue, shared, jobs, target, env = _state
    searched = []
    for number in numbers:
        page = render_page(env, catalogue, shared, jobs[number])
        write_outputs(target, [page])
        searched.append(SEARCHED_MARK in str(page.content))
    return searched
