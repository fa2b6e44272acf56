"""Incremental build for the preview: after an edit, re-render only the pages it changes.

`katalog serve` keeps a `Session` in memory from one update to the next: a memo of what
each unchanged record became (model object, structured data, exports; katalog/memo.py), the
digests of those objects, the fingerprint of every page (katalog/fingerprints.py) and the
exports last written. An update loads the content again (unchanged files are neither parsed
nor validated again), rebuilds the catalogue from the remembered objects, derives lists,
facets and related projects anew and compares fingerprints: a page whose fingerprint
changed is rendered and written (atomically, so the server never sends half a file), pages
that no longer exist are deleted, exports are rewritten when their bytes differ. When no
record changed, the catalogue is the same object as before and so is the plan: nothing is
fingerprinted again.

The pages of the records the edit changed are written first; `Progress` tells the server
which paths are about to change and when each is written, so it never sends a stale page.
The fingerprints also persist on disk beside the output (git-ignored), so the next preview
starts incrementally too. tests/test_incremental.py checks sequences of edits against cold
builds, byte for byte.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Protocol

from .config import Config
from .fingerprints import Digests, Fingerprints, Tracked, site_key
from .load import remember_loaded_files
from .memo import Memo
from .pipeline import Plan, Report, planned
from .project import Project
from .render import Job, environment
from .write import copy_assets, staging

STATE_FILE = "fingerprints.pickle"


@dataclasses.dataclass
class State:
    key: str = ""
    pages: dict[str, tuple[str, frozenset[str]]] = dataclasses.field(default_factory=dict)
    exports: set[str] = dataclasses.field(default_factory=set)


@dataclasses.dataclass
class Session:
    """What the preview keeps in memory between updates."""

    memo: Memo = dataclasses.field(default_factory=Memo)
    digests: Digests = dataclasses.field(default_factory=Digests)
    state: State | None = None  # as on disk after the last update
    jobs: list[Job] | None = None  # the plan whose pages are all written
    written: dict[str, object] = dataclasses.field(default_factory=dict)  # export contents


class Progress(Protocol):
    """Told which output paths an update is about to change, then each one written."""

    def pending(self, paths: set[str]) -> None: ...

    def written(self, path: str) -> None: ...


class _Silent:
    def pending(self, paths: set[str]) -> None:
        pass

    def written(self, path: str) -> None:
        pass


def update(
    project: Project,
    out: Path,
    config: Config,
    today: dt.date,
    cache: Path,
    session: Session | None = None,
    progress: Progress | None = None,
) -> tuple[Report, list[str]]:
    """Bring `out` up to date with the content; return the report and the pages rendered
    because their fingerprint changed (those of the changed records first). Raises
    ContentError (nothing touched) like a cold build. `session` carries the memo from the
    previous update of the same process."""
    session = session or Session()
    progress = progress or _Silent()
    report = Report()
    remember_loaded_files()  # unchanged files are neither parsed nor validated again
    key = site_key(project, config, today)
    session.memo.begin(key)
    with report.stage("laden+prüfen"):
        plan = planned(project, config, today, memo=session.memo)
    report.warnings = plan.warnings
    state = session.state if session.state is not None else _load_state(cache)
    full = state.key != key or not out.is_dir()
    if full:  # everything into a new folder, swapped in when done (no half-old site)
        state, session.jobs, session.written = State(key), None, {}
        progress = _Silent()  # the server waits for the whole update
    with staging(out) if full else contextlib.nullcontext(out) as target:
        with report.stage("rendern+schreiben"):
            rendered, pages = _render_changed(project, target, plan, state, session, progress)
            copy_assets(target, plan.catalogue, project.static)
        written = {o.path for o in plan.exports}
        for gone in (set(state.pages) - set(pages)) | (state.exports - written - set(pages)):
            (target / gone).unlink(missing_ok=True)
            _remove_empty_parents(target / gone, target)
            progress.written(gone)
    session.state = State(key, pages, written)
    session.jobs = plan.jobs
    if session.memo.fresh:  # else the plan was reused and its digests not even looked at
        session.digests.prune()
    session.memo.prune()
    _save_state(cache, session.state)
    report.pages = len(pages) + len(plan.exports)
    report.projects, report.events = len(plan.catalogue.projects), len(plan.catalogue.events)
    return report, rendered


def pause_collector() -> None:
    """Before an update of a long-running preview: no cyclic garbage collection while it
    runs (with the memo's objects alive, each pass walked most of them: up to a second per
    update at 10,000 projects). Acyclic garbage is freed as usual."""
    gc.disable()


def settle_collector() -> None:
    """After the update: collect its cyclic garbage once, then freeze what survives (the
    memo's objects), so later passes do not walk it again."""
    gc.collect()
    gc.freeze()
    gc.enable()


def _render_changed(
    project: Project, out: Path, plan: Plan, state: State, session: Session, progress: Progress
) -> tuple[list[str], dict[str, tuple[str, frozenset[str]]]]:
    catalogue, shared = plan.catalogue, plan.shared
    env = environment(project.templates)
    fingerprints = Fingerprints(state.key, env, shared, catalogue, session.digests)
    pages: dict[str, tuple[str, frozenset[str]]] = {}
    rendered: list[str] = []  # those whose fingerprint changed

    def render(job: Job) -> None:
        seen: set[str] = set()
        html = env.get_template(job.template).render(
            site=catalogue.config,
            catalogue=Tracked(catalogue, seen),
            root="../" * job.path.count("/") if job.root is None else job.root,
            page_path=job.path,
            **shared,
            **job.context,
        )
        _write_if_changed(out / job.path, html.encode("utf-8"))
        progress.written(job.path)
        read = frozenset(seen)
        pages[job.path] = (fingerprints.of(job, read), read)
        if pages[job.path] != state.pages.get(job.path):
            rendered.append(job.path)

    # the pages of the edited records (made anew for this update) first, before the others
    # are even compared: they show the edit
    fresh = session.memo.fresh
    first = [j for j in plan.jobs if any(id(v) in fresh for v in j.context.values())]
    for job in first:
        render(job)
    same_plan = plan.jobs is session.jobs  # no record changed: every fingerprint is as it was
    todo: list[Job] = []
    folder = f"{out}{os.sep}"
    for job in plan.jobs:
        if job.path in pages:
            continue
        previous = state.pages.get(job.path)
        if (
            previous
            and os.path.isfile(folder + job.path)
            and (same_plan or previous[0] == fingerprints.of(job, previous[1]))
        ):
            pages[job.path] = previous
            continue
        todo.append(job)
    gone = (set(state.pages) | state.exports) - {j.path for j in plan.jobs}
    gone -= {o.path for o in plan.exports}
    progress.pending({j.path for j in todo} | {o.path for o in plan.exports} | gone)
    for job in todo:
        render(job)
    # the same plan makes the same exports; otherwise an unchanged record's exports are the
    # very objects written last time (see memo.py), the others are compared with the file
    if same_plan:
        made = [(o.path, o.data()) for o in plan.exports if not os.path.isfile(folder + o.path)]
    else:
        made = [(o.path, o.data()) for o in plan.exports]
    exports = [
        (path, data)
        for path, data in made
        if session.written.get(path) is not data or not os.path.isfile(folder + path)
    ]
    progress.pending({path for path, _ in exports} | gone)
    for path, data in exports:
        _write_if_changed(out / path, data.encode() if isinstance(data, str) else data)
        session.written[path] = data
        progress.written(path)
    return rendered, pages


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".neu-")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def _remove_empty_parents(path: Path, root: Path) -> None:
    folder = path.parent
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _load_state(cache: Path) -> State:
    try:
        with (cache / STATE_FILE).open("rb") as file:
            state: Any = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return State()
    return state if isinstance(state, State) else State()


def _save_state(cache: Path, state: State) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cache / f"{STATE_FILE}.neu"
    with temporary.open("wb") as file:
        pickle.dump(state, file)
    os.replace(temporary, cache / STATE_FILE)
