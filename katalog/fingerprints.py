"""Fingerprints of pages for the preview's incremental build (katalog/incremental.py).

A page's fingerprint covers everything its output can depend on:

- the site key: generator version, every file below templates/, static/ and schemas/, the
  configuration and the date (a change there re-renders every page);
- the page's own job (path, template, context: its project with its related projects,
  events …), digested value by value;
- the shared values its templates name (facets, map, carriers …, found by Jinja's own
  analysis of the template and every template it extends, includes or imports);
- the attributes of `catalogue` the page read when it was last rendered (recorded through a
  proxy). A page reads the same attributes as long as the values it read are unchanged, so
  a page whose fingerprint is unchanged would render to the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from . import __version__
from .config import Config
from .model import Catalogue
from .project import Project
from .render import Job

ALL = "*"  # a template that names every shared value (or cannot be analysed)


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
    """Digests of model values; each dataclass instance (immutable, like the whole model)
    is digested once. The preview keeps one Digests from update to update, so an unchanged
    record's model object, handed back by the memo (katalog/memo.py), is not digested
    again; `prune` drops the objects an update did not meet."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, str]] = {}
        self._used: dict[int, tuple[Any, str]] = {}

    def of(self, value: Any) -> str:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            key = id(value)
            found = self._used.get(key) or self._memo.get(key)
            if found is None:
                parts = [type(value).__name__]
                parts += [self.of(getattr(value, f.name)) for f in dataclasses.fields(value)]
                found = (value, digest("|".join(parts)))
            self._used[key] = found  # holding `value` keeps its identity its own
            return found[1]
        if isinstance(value, tuple | list):
            return digest("(" + ",".join(self.of(item) for item in value) + ")")
        if isinstance(value, dict):
            return digest("{" + ",".join(f"{k!r}:{self.of(v)}" for k, v in value.items()) + "}")
        return digest(f"{type(value).__name__}:{value!r}")

    def prune(self) -> None:
        self._memo, self._used = self._used, {}


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


class Fingerprints:
    """Fingerprints of pages; the digest of each shared value is taken once per update."""

    def __init__(
        self,
        key: str,
        env: jinja2.Environment,
        shared: dict[str, Any],
        catalogue: Catalogue,
        digests: Digests,
    ) -> None:
        self.key, self.env, self.shared, self.catalogue = key, env, shared, catalogue
        self.digests = digests
        self._names: dict[str, str] = {}

    def used(self, template: str) -> set[str]:
        remembered = (self.key, template)
        if remembered not in _TEMPLATE_NAMES:
            _TEMPLATE_NAMES[remembered] = template_names(self.env, template)
        return _TEMPLATE_NAMES[remembered]

    def _named(self, name: str) -> str:
        if name not in self._names:
            if name.startswith("catalogue."):
                value = _plain(getattr(self.catalogue, name.removeprefix("catalogue.")))
            else:
                value = self.shared[name]
            self._names[name] = self.digests.of(value)
        return self._names[name]

    def of(self, job: Job, read: frozenset[str]) -> str:
        used = self.used(job.template)
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
