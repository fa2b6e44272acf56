"""The build clock: the one date every part of a build uses ("today").

Two builds of the same sources give the same bytes, so the date must not come from the
builder's wall clock or time zone: `SOURCE_DATE_EPOCH` (reproducible-builds.org) when set,
else the date of the last commit of the project's repository, else today in UTC.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path


def build_date(project: Path | None = None) -> dt.date:
    """The build's date, in UTC; `project` is a folder inside the git work tree (or None)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return _utc_date(int(epoch))
        except (ValueError, OverflowError, OSError):
            pass  # not a number of seconds: fall through to the commit date
    commit = _last_commit_time(project or Path.cwd())
    if commit is not None:
        return _utc_date(commit)
    return dt.datetime.now(dt.UTC).date()


def _utc_date(seconds: int) -> dt.date:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).date()


def _last_commit_time(folder: Path) -> int | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = result.stdout.strip()
    return int(text) if result.returncode == 0 and text.isdigit() else None
