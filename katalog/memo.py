"""Results per record, kept by the preview from one update to the next.

The preview (`katalog serve`) is one long-running process; after an edit, load hands back
the very same RawRecord object for every file whose bytes did not change (katalog/load.py).
A `Memo` keeps what the later stages made of such an object, the model object, its JSON
export, its citation files, so an update does work in proportion to the change, not to the
catalogue. Each entry is keyed by the identity of the object it was made from, together
with every other input that is not covered by the preview's site key (generator version,
templates, schemas, configuration, date: the memo is emptied when that key changes): the
events that present a project, its git revision, the sizes of its material files.

The entry holds on to its anchor object, so the identity cannot be reused by another object
while the entry lives. Entries not used by an update are dropped at its end (`prune`), so
memory follows the catalogue, not the number of edits. A one-off build passes no memo.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    def __init__(self) -> None:
        self.key = ""
        self._kept: dict[tuple[Hashable, Hashable], tuple[object, Any]] = {}
        self._used: dict[tuple[Hashable, Hashable], tuple[object, Any]] = {}
        self.fresh: set[int] = set()  # identities of the values made (not reused) this update

    def begin(self, key: str) -> None:
        """Start an update; a different site key forgets everything."""
        if key != self.key:
            self._kept.clear()
            self.key = key
        self._used = {}
        self.fresh = set()

    def get(self, anchor: object, extra: Hashable, make: Callable[[], T]) -> T:
        """What `make()` returned for the same `anchor` object and the same `extra`."""
        key = (anchor.key if isinstance(anchor, _Parts) else id(anchor), extra)
        found = self._used.get(key) or self._kept.get(key)
        if found is None or not _same(found[0], anchor):
            value = make()
            found = (anchor, value)
            self.fresh.add(id(value))
        self._used[key] = found
        return found[1]

    def joint(self, parts: tuple[object, ...], extra: Hashable, make: Callable[[], T]) -> T:
        """What `make()` returned for the very same objects, in the same order (an
        aggregate such as the catalogue, made from its records' objects)."""
        return self.get(_Parts(parts), extra, make)

    def prune(self) -> None:
        """End an update: keep only what it used. An update that made nothing new reused
        the whole plan, so it did not even look at most entries: they are all kept."""
        if self.fresh:
            self._kept, self._used = self._used, {}


class _Parts:
    """Several objects as one anchor, keyed by all their identities."""

    def __init__(self, parts: tuple[object, ...]) -> None:
        self.parts = parts
        self.key = tuple(map(id, parts))


def _same(kept: object, anchor: object) -> bool:
    if isinstance(kept, _Parts) and isinstance(anchor, _Parts):
        return len(kept.parts) == len(anchor.parts) and all(
            a is b for a, b in zip(kept.parts, anchor.parts, strict=True)
        )
    return kept is anchor


def remembered(memo: Memo | None, anchor: object, extra: Hashable, make: Callable[[], T]) -> T:
    """`make()`, through `memo` when there is one (the preview), directly otherwise."""
    return make() if memo is None else memo.get(anchor, extra, make)


def remembered_joint(
    memo: Memo | None, parts: tuple[object, ...], extra: Hashable, make: Callable[[], T]
) -> T:
    """`make()`, through `memo.joint` when there is a memo."""
    return make() if memo is None else memo.joint(parts, extra, make)
