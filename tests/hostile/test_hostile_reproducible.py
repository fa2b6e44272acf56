"""Two builds of the same sources give the same bytes, Pagefind's index included, whatever
the hash seed, time zone, locale and order in which the files were written; every date comes
from the one build clock (SOURCE_DATE_EPOCH here)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, copy_project, write_tree

from katalog.clock import build_date

# 2025-11-21 01:00 UTC: still 2025-11-20 for a builder in Etc/GMT+12 (UTC-12)
EPOCH = 1763686800


def tree_bytes(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def build_in(folder: Path, env: dict[str, str]) -> Path:
    result = subprocess.run(
        [sys.executable, "-m", "katalog", "build", "--out", "site"],
        cwd=folder,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_two_builds_in_different_environments_are_byte_identical(tmp_path: Path) -> None:
    first = copy_project(tmp_path / "a")
    second = copy_project(tmp_path / "b", {})
    sources = sorted(p for p in CONTENT.rglob("*") if p.is_file())
    for path in reversed(sources):  # the other order on disk
        write_tree(second / "content", {path.relative_to(CONTENT).as_posix(): path.read_bytes()})
    one = build_in(first, {"PYTHONHASHSEED": "1", "TZ": "Etc/GMT+12", "LC_ALL": "C.UTF-8"})
    two = build_in(second, {"PYTHONHASHSEED": "4242", "TZ": "Asia/Tokyo", "LC_ALL": "POSIX"})
    files_one, files_two = tree_bytes(one), tree_bytes(two)
    assert any(name.startswith("pagefind/filter/") for name in files_one)
    assert [n for n in files_one if files_one[n] != files_two.get(n)] == []
    assert files_one.keys() == files_two.keys()
    form = (one / "vorschlagen/index.html").read_text(encoding="utf-8")
    assert "2025-11-21" in form and "2025-11-20" not in form


def test_the_build_clock_prefers_source_date_epoch_then_the_last_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2020-02-29T23:30:00+00:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2020-02-29T23:30:00+00:00")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    git = ["git", "-C", str(tmp_path / "repo"), "-c", "user.name=T", "-c", "user.email=t@x.org"]
    (tmp_path / "repo").mkdir()
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "x"], check=True)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build_date(tmp_path / "repo") == dt.date(2020, 2, 29)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert build_date(tmp_path / "repo") == dt.date(2025, 11, 21)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = dt.datetime.now(dt.UTC).date()
    found = build_date(tmp_path)  # no repository: today in UTC
    assert before <= found <= dt.datetime.now(dt.UTC).date()
