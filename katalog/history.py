"""Record history from git: when each content file was first and last committed.

Read at the load edge of the pipeline with one `git log` for the whole content folder
(never a process per file). Dates come from commits, never from the clock, so a build
stays reproducible. Without git (a tarball, no git binary, a file never committed) the
model falls back to `last_reviewed` and the pages say so.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

_RECORD = "\x1e"  # separates commits in our --format


@dataclass(frozen=True)
class Revision:
    """A file's first and last commit (dates in UTC, the last commit's hash)."""

    created: dt.datetime
    changed: dt.datetime
    commit: str


@dataclass(frozen=True)
class History:
    """Revisions by resolved file path; `available` is False when git could not be read
    or the clone is shallow (CI checkouts need `fetch-depth: 0`)."""

    revisions: dict[Path, Revision]
    available: bool
    shallow: bool = False

    def of(self, real: Path) -> Revision | None:
        """The revisions of a file, given by its resolved path."""
        return self.revisions.get(real)


NO_HISTORY = History({}, available=False)


def read_history(content_dir: Path, git: str | None = None) -> History:
    """Every file below `content_dir` with its first and last commit, from one `git log`."""
    git = git or shutil.which("git")
    if git is None or not content_dir.is_dir():
        return NO_HISTORY
    folder = content_dir.resolve()
    try:
        top = subprocess.run(
            [git, "rev-parse", "--show-toplevel", "--is-shallow-repository"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        log = subprocess.run(
            [
                git,
                "-c",
                "core.quotePath=false",
                "log",
                "--no-renames",
                "--name-only",
                f"--format={_RECORD}%H %ct",
                "--",
                ".",
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return NO_HISTORY
    if top[1:] == ["true"]:  # a shallow clone dates every file to its newest commit
        return History({}, available=False, shallow=True)
    return History(parse_log(log, Path(top[0])), available=True)


def parse_log(log: str, root: Path) -> dict[Path, Revision]:
    """Parse `git log --name-only --format=<RS>%H %ct` (newest commit first)."""
    revisions: dict[Path, Revision] = {}
    for block in log.split(_RECORD)[1:]:
        header, *names = block.split("\n")
        commit, stamp = header.split(" ")
        when = dt.datetime.fromtimestamp(int(stamp), dt.UTC)
        for name in filter(None, names):
            path = (root / name).resolve()
            newer = revisions.get(path)
            if newer is None:
                revisions[path] = Revision(when, when, commit)
            else:  # older commits come later: move `created` back
                revisions[path] = Revision(when, newer.changed, newer.commit)
    return revisions
