"""Work shared out to forked processes, one per core: for the CPU-bound stages of a large
catalogue (Markdown, rendering). A fork inherits the parent's data, so nothing but the
results travel between processes, and results come back in input order."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
# With `done`, items are cut into shares of about this many, at most SHARES_PER_WORKER each.
SHARE_SIZE = 100
SHARES_PER_WORKER = 20


# the niceness of workers that give way to another process (the lowest priority: at 10,
# Pagefind still lost about 0.5 s to them at 10,000 projects): Pagefind, or the main process
# while it reads the records (see parallel.render_to, markup.Prerendering)
YIELDING = 19


def give_way() -> None:
    """Lower this (worker) process's priority to YIELDING; never call it in the main
    process, which could not take it back."""
    os.setpriority(os.PRIO_PROCESS, 0, max(os.getpriority(os.PRIO_PROCESS, 0), YIELDING))


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
    function: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    workers: int,
    done: Callable[[int], None] | None = None,
) -> list[R]:
    """`function` over `workers` interleaved shares of `items`, in forked processes; the
    results in the order of `items`. `function` gets a whole share and returns one result
    per item; it must be defined at module level. `done` hears how many items are done
    each time a share comes back: the items are then cut into more, smaller shares."""
    if workers <= 1 and done is None:
        return function(items)
    count = workers if done is None else shares_for(len(items), workers)
    shares = [items[index::count] for index in range(count)]
    results: list[list[R]] = []
    with contextlib.ExitStack() as stack:
        if workers <= 1:
            returned: Iterator[list[R]] = map(function, shares)
        else:
            context = multiprocessing.get_context("fork")
            pool = stack.enter_context(ProcessPoolExecutor(workers, mp_context=context))
            returned = pool.map(function, shares)  # re-raises a worker's error when read
        for share, result in zip(shares, returned, strict=True):
            results.append(result)
            if done is not None:
                done(len(share))
    merged: list[R] = [None] * len(items)  # type: ignore[list-item]
    for index, result in enumerate(results):
        merged[index::count] = result
    return merged


def shares_for(items: int, workers: int) -> int:
    """How many shares to cut `items` into so that progress can be told often enough:
    about SHARE_SIZE items each, at most SHARES_PER_WORKER per worker, at least one each."""
    return max(workers, min(items // SHARE_SIZE, workers * SHARES_PER_WORKER), 1)
