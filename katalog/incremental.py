"""Incremental build for the preview: after an edit, re-render only the pages it changes.

The whole model is rebuilt on every change (load, validate and model are cheap next to
rendering, and the Markdown of unchanged fields is memoised), then every page gets a
fingerprint of everything its output can depend on:

- the site key: generator version, every file below templates/, static/ and schemas/, the
  configuration and the date (a change there re-renders every page);
- the page's own job (path, template, context: its project with its related projects,
  events …), digested value by value;
- the shared values its templates name (facets, map, carriers …, found by Jinja's own
  analysis of the template and every template it extends, includes or imports);
- the attributes of `catalogue` the page read when it was last rendered (recorded through a
  proxy). A page reads the same attributes as long as the values it read are unchanged, so
  a page whose fingerprint is unchanged would render to the same bytes.

A page whose fingerprint changed is rendered and written (atomically, so the server never
sends half a file); pages that no longer exist are deleted; exports are rewritten when their
bytes differ. The fingerprints persist in an on-disk cache beside the output (git-ignored),
so the next preview starts incrementally too. tests/test_incremental.py checks a sequence of
edits against cold builds, byte for byte.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from . import __version__
from .config import Config
from .load import remember_loaded_files
from .model import Catalogue
from .pipeline import Report, planned
from .project import Project
from .render import Job, environment
from .write import copy_assets, staging

STATE_FILE = "fingerprints.pickle"
ALL = "*"  # a template that names every shared value (or cannot be analysed)


@dataclasses.dataclass
class State:
    key: str = ""
    pages: dict[str, tuple[str, frozenset[str]]] = dataclasses.field(default_factory=dict)
    exports: set[str] = dataclasses.field(default_factory=set)


class Tracked:
    """The catalogue as templates see it, noting which of its attributes they read."""

    def __init__(self, catalogue: Catalogue, seen: set[str]) -> None:
        self._catalogue, self._seen = catalogue, seen

    def __getattr__(self, name: str) -> Any:
        self._seen.add(name)
        return getattr(self._catalogue, name)


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Digests:
    """Digests of model values; each dataclass instance is digested once per build."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, str]] = {}

    def of(self, value: Any) -> str:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            found = self._memo.get(id(value))
            if found is None:
                parts = [type(value).__name__]
                parts += [self.of(getattr(value, f.name)) for f in dataclasses.fields(value)]
                found = self._memo[id(value)] = (value, digest("|".join(parts)))
            return found[1]
        if isinstance(value, tuple | list):
            return digest("(" + ",".join(self.of(item) for item in value) + ")")
        if isinstance(value, dict):
            return digest("{" + ",".join(f"{k!r}:{self.of(v)}" for k, v in value.items()) + "}")
        return digest(f"{type(value).__name__}:{value!r}")


def folder_digest(folder: Path) -> str:
    parts = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file():
            parts.append(f"{path.relative_to(folder).as_posix()}:{digest_bytes(path)}")
    return digest("\n".join(parts))


def digest_bytes(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def site_key(project: Project, config: Config, today: dt.date) -> str:
    folders = (project.templates, project.static, project.schemas)
    return digest(
        "|".join(
            [__version__, repr(config), today.isoformat(), *(folder_digest(f) for f in folders)]
        )
    )


# (site key, template) -> the names it uses; the site key covers every template's text
_TEMPLATE_NAMES: dict[tuple[str, str], set[str]] = {}


def template_names(
    env: jinja2.Environment, template: str, seen: set[str] | None = None
) -> set[str]:
    """The variables a template (with everything it extends, includes, imports) names."""
    seen = set() if seen is None else seen
    if template in seen:
        return set()
    seen.add(template)
    assert env.loader is not None
    source = env.loader.get_source(env, template)[0]
    parsed = env.parse(source)
    names = set(meta.find_undeclared_variables(parsed))
    for other in meta.find_referenced_templates(parsed):
        names |= {ALL} if other is None else template_names(env, other, seen)
    return names


def update(
    project: Project, out: Path, config: Config, today: dt.date, cache: Path
) -> tuple[Report, list[str]]:
    """Bring `out` up to date with the content; return the report and the pages rendered.
    Raises ContentError (nothing touched) like a cold build."""
    report = Report()
    remember_loaded_files()  # unchanged files are neither parsed nor validated again
    with report.stage("laden+prüfen"):
        plan = planned(project, config, today)
    catalogue, shared, jobs, exports = plan.catalogue, plan.shared, plan.jobs, plan.exports
    report.warnings = plan.warnings
    state = _load_state(cache)
    key = site_key(project, config, today)
    full = state.key != key or not out.is_dir()
    if full:  # everything into a new folder, swapped in when done (no half-old site)
        state = State(key)
    with staging(out) if full else contextlib.nullcontext(out) as target:
        with report.stage("rendern+schreiben"):
            rendered, pages = _render_changed(project, target, catalogue, shared, jobs, state)
            for output in exports:
                data = output.data()
                content = data.encode() if isinstance(data, str) else data
                _write_if_changed(target / output.path, content)
            copy_assets(target, catalogue, project.static)
        written = {o.path for o in exports}
        for gone in (set(state.pages) - set(pages)) | (state.exports - written - set(pages)):
            (target / gone).unlink(missing_ok=True)
            _remove_empty_parents(target / gone, target)
    state.pages, state.exports = pages, written
    _save_state(cache, state)
    report.pages = len(pages) + len(exports)
    report.projects, report.events = len(catalogue.projects), len(catalogue.events)
    return report, rendered


def _render_changed(
    project: Project,
    out: Path,
    catalogue: Catalogue,
    shared: dict[str, Any],
    jobs: list[Job],
    state: State,
) -> tuple[list[str], dict[str, tuple[str, frozenset[str]]]]:
    env = environment(project.templates)
    fingerprints = _Fingerprints(state.key, shared, catalogue)
    names: dict[str, set[str]] = {}
    rendered: list[str] = []
    pages: dict[str, tuple[str, frozenset[str]]] = {}
    for job in jobs:
        if job.template not in names:
            remembered = (state.key, job.template)
            if remembered not in _TEMPLATE_NAMES:
                _TEMPLATE_NAMES[remembered] = template_names(env, job.template)
            names[job.template] = _TEMPLATE_NAMES[remembered]
        used = names[job.template]
        previous = state.pages.get(job.path)
        read = previous[1] if previous else frozenset()
        fingerprint = fingerprints.of(job, used, read)
        if previous and previous[0] == fingerprint and (out / job.path).is_file():
            pages[job.path] = previous
            continue
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
        read = frozenset(seen)
        pages[job.path] = (fingerprints.of(job, used, read), read)
        rendered.append(job.path)
    return rendered, pages


class _Fingerprints:
    """Fingerprints of pages; the digest of each shared value is taken once per build."""

    def __init__(self, key: str, shared: dict[str, Any], catalogue: Catalogue) -> None:
        self.key, self.shared, self.catalogue = key, shared, catalogue
        self.digests = Digests()
        self._names: dict[str, str] = {}

    def _named(self, name: str) -> str:
        if name not in self._names:
            if name.startswith("catalogue."):
                value = _plain(getattr(self.catalogue, name.removeprefix("catalogue.")))
            else:
                value = self.shared[name]
            self._names[name] = self.digests.of(value)
        return self._names[name]

    def of(self, job: Job, used: set[str], read: frozenset[str]) -> str:
        parts = [self.key, job.path, job.template, repr(job.root), self.digests.of(job.context)]
        names = [n for n in sorted(self.shared) if ALL in used or n in used]
        names += [f"catalogue.{name}" for name in sorted(read)]
        parts += [f"{name}={self._named(name)}" for name in names]
        return digest("|".join(parts))


def _plain(value: Any) -> Any:
    """A catalogue method read by a template depends on all of the catalogue's records."""
    if callable(value) and hasattr(value, "__self__"):
        catalogue = value.__self__
        return (catalogue.projects, catalogue.events, catalogue.pages, catalogue.schemas)
    return value


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
            state = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return State()
    return state if isinstance(state, State) else State()


def _save_state(cache: Path, state: State) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cache / f"{STATE_FILE}.neu"
    with temporary.open("wb") as file:
        pickle.dump(state, file)
    os.replace(temporary, cache / STATE_FILE)
