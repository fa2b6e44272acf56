"""The output folder survives a kill (SIGKILL) at every stage of the swap: it always holds a
complete site, the old or the new one, and the next run cleans up what the killed one left.

Each build runs in a forked child that kills itself at the chosen point (no import cost of a
new interpreter per case)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cases import files, project
from conftest import TODAY, project_for, write_tree

from katalog import pipeline, write
from katalog.config import Config
from katalog.index import SEARCH_TEXTS
from katalog.pipeline import build
from katalog.write import recover


def die(*_args: Any, **_kwargs: Any) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def kill_at(point: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make this process die by SIGKILL at `point` of a build (called in a forked child)."""
    if point == "writing":
        real_write = pipeline.write_outputs

        def half(target: Path, outputs: Any) -> int:
            outputs = list(outputs)
            real_write(target, outputs[: len(outputs) // 2])
            die()
            return 0

        monkeypatch.setattr(pipeline, "write_outputs", half)
    elif point == "indexing":
        monkeypatch.setattr(pipeline.Indexing, "finish", die)
    elif point == "before-swap":
        monkeypatch.setattr(write, "swap_in", die)
    elif point == "after-exchange":  # where the old site is removed; the build removed
        real_rmtree = write.shutil.rmtree  # only the copies for Pagefind before that

        def rmtree(path: Path, *args: Any, **kwargs: Any) -> None:
            if Path(path).name != SEARCH_TEXTS:
                die()
            real_rmtree(path, *args, **kwargs)

        monkeypatch.setattr(write.shutil, "rmtree", rmtree)
    elif point == "between-renames":  # where the atomic exchange is missing (not Linux)
        monkeypatch.setattr(write, "exchange", lambda first, second: False)
        real_rename, calls = os.rename, []

        def rename(source: Path, target: Path) -> None:
            calls.append(source)
            if len(calls) == 2:
                die()
            real_rename(source, target)

        monkeypatch.setattr(write.os, "rename", rename)


def killed_build(point: str, content: Path, out: Path) -> int:
    """Run a build in a forked child that is killed at `point`; return the child's signal."""
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which never returns
        try:
            kill_at(point, pytest.MonkeyPatch())
            build(project_for(content), out, Config(), today=TODAY)
        finally:
            os._exit(3)
    _, status = os.waitpid(child, 0)
    return os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status)


def version(site: Path) -> str:
    """Which build a complete site came from; fails on a half-written one."""
    assert (site / "pagefind/pagefind-entry.json").is_file()
    assert (site / "daten/projekte.json").is_file()
    page = (site / "projekte/fussball-verbindet/index.html").read_text(encoding="utf-8")
    return "neu" if "Neue Fassung" in page else "alt"


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}-"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The old site, built once; each test works on a copy."""
    base = tmp_path_factory.mktemp("swap")
    content = write_tree(base / "alt", files(project(**{"Fußball verbindet": "Alte Fassung"})))
    build(project_for(content), base / "site", Config(), today=TODAY)
    return base / "site"


@pytest.fixture
def old_site(built: Path, tmp_path: Path) -> Path:
    out = Path(shutil.copytree(built, tmp_path / "site"))
    write_tree(tmp_path / "neu", files(project(**{"Fußball verbindet": "Neue Fassung"})))
    return out


@pytest.mark.parametrize(
    ("point", "after_kill", "after_recovery"),
    [
        ("writing", "alt", "alt"),
        ("indexing", "alt", "alt"),
        ("before-swap", "alt", "alt"),
        ("after-exchange", "neu", "neu"),
        ("between-renames", None, "alt"),  # the fallback's window; the next start restores
    ],
)
def test_a_kill_leaves_a_complete_site_and_the_next_run_cleans_up(
    old_site: Path, point: str, after_kill: str | None, after_recovery: str
) -> None:
    assert killed_build(point, old_site.parent / "neu", old_site) == signal.SIGKILL
    if after_kill is None:
        assert not old_site.exists()
    else:
        assert version(old_site) == after_kill
    assert leftovers(old_site) != []  # the killed run could not clean up ...
    recover(old_site)  # ... the next run does, first thing
    assert version(old_site) == after_recovery
    assert leftovers(old_site) == []


def test_a_running_build_keeps_its_staging_folder(old_site: Path) -> None:
    """Recovery removes only folders of processes that are gone."""
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        staging = old_site.parent / f".site-new-{running.pid}-abc"
        staging.mkdir()
        recover(old_site)
        assert staging.is_dir()
    finally:
        running.kill()
        running.wait()
    recover(old_site)
    assert leftovers(old_site) == []


def test_a_full_build_after_a_kill_replaces_the_site_and_leaves_nothing(old_site: Path) -> None:
    stale = old_site.parent / ".site-new-999999999-xyz"
    write_tree(stale, {"index.html": "halb"})
    build(project_for(old_site.parent / "neu"), old_site, Config(), today=dt.date(2026, 11, 21))
    assert version(old_site) == "neu"
    assert leftovers(old_site) == []
