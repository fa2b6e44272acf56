"""Work shared out to forked processes, one per core: for the CPU-bound stages of a large
catalogue (Markdown, rendering). A fork inherits the parent's data, so nothing but the
results travel between processes, and results come back in input order."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def worker_count(items: int, min_per_worker: int, workers: int | None = None) -> int:
    """`workers` if given, else one per core as long as each gets `min_per_worker` items;
    by itself it never forks a process that runs other threads (the preview's server): a
    lock one of them holds would stay locked forever in the child."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if workers is None:
        alone = threading.active_count() == 1
        workers = min(available_cores(), items // min_per_worker) if alone else 1
    return max(1, workers)


def fork_map(
    function: Callable[[Sequence[T]], list[R]], items: Sequence[T], workers: int
) -> list[R]:
    """`function` over `workers` interleaved shares of `items`, in forked processes; the
    results in the order of `items`. `function` gets a whole share and returns one result
    per item; it must be defined at module level."""
    if workers <= 1:
        return function(items)
    shares = [items[index::workers] for index in range(workers)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        results = list(pool.map(function, shares))  # re-raises a worker's error here
    merged: list[R] = [None] * len(items)  # type: ignore[list-item]
    for index, share in enumerate(results):
        merged[index::workers] = share
    return merged
