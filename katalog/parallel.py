"""Render and write the pages, streamed to disk, in as many processes as there are cores.

Rendering is pure (the model is built once, before), so the pages can be split between
forked worker processes, each rendering its share and writing every page as soon as it is
rendered; no page is held in memory. Every file depends only on its own job, so the output
is byte-identical whatever the number of workers (tests/test_parallel.py).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .model import Catalogue
from .render import Job, environment, page_jobs, render_page
from .write import write_outputs

# Below this many pages, starting workers costs more than it saves.
MIN_PAGES_PER_WORKER = 200

# What forked workers inherit: set in the parent right before the pool starts.
_shared: tuple[Catalogue, dict[str, Any], list[Job], Path, Path] | None = None


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def render_to(
    target: Path, catalogue: Catalogue, template_dir: Path, workers: int | None = None
) -> list[str]:
    """Render every page of `catalogue` into `target`; return the page paths in order."""
    global _shared
    shared, jobs = page_jobs(catalogue)
    if workers is None:
        workers = min(available_cores(), len(jobs) // MIN_PAGES_PER_WORKER)
    workers = max(1, workers)
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        _render_share(catalogue, shared, jobs, target, template_dir)
        return [job.path for job in jobs]
    _shared = (catalogue, shared, jobs, target, template_dir)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            done = [pool.submit(_work, index, workers) for index in range(workers)]
            for future in done:
                future.result()  # re-raises a worker's error here
    finally:
        _shared = None
    return [job.path for job in jobs]


def _work(index: int, workers: int) -> int:
    assert _shared is not None
    catalogue, shared, jobs, target, template_dir = _shared
    return _render_share(catalogue, shared, jobs[index::workers], target, template_dir)


def _render_share(
    catalogue: Catalogue, shared: dict[str, Any], jobs: list[Job], target: Path, template_dir: Path
) -> int:
    env = environment(template_dir)
    return write_outputs(target, (render_page(env, catalogue, shared, job) for job in jobs))
