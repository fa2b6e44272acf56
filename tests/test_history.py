"""Record history from git: a temporary repository with known commits and dates, one git
process for all files, and the fallback when there is no git history."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, project_for, write_tree
from records import tree

from katalog import history
from katalog.config import Config
from katalog.history import read_history
from katalog.pipeline import build

GIT = shutil.which("git")
PROJECT = "content/projects/fussball-verbindet.yaml"
EVENT = "content/events/2013-austausch.md"


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Redaktion",
        "GIT_AUTHOR_EMAIL": "redaktion@example.org",
        "GIT_COMMITTER_NAME": "Redaktion",
        "GIT_COMMITTER_EMAIL": "redaktion@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    assert GIT, "git not found"
    subprocess.run([GIT, *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository: all records committed on 2 Jan 2020, the project changed on 4 Mar 2021
    at 22:30 in Berlin (21:30 UTC)."""
    root = tmp_path / "katalog"
    write_tree(root / "content", tree())
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Erste Einträge", when="2020-01-02T10:00:00+01:00")
    path = root / PROJECT
    path.write_text(path.read_text(encoding="utf-8") + "# ergänzt\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "Projekt ergänzt", when="2021-03-04T22:30:00+01:00")
    return root


def test_first_and_last_commit_of_every_file(repo: Path) -> None:
    found = read_history(repo / "content")
    assert found.available and not found.shallow
    project = found.of((repo / PROJECT).resolve())
    event = found.of((repo / EVENT).resolve())
    assert project is not None and event is not None
    assert project.created == dt.datetime(2020, 1, 2, 9, 0, tzinfo=dt.UTC)
    assert project.changed == dt.datetime(2021, 3, 4, 21, 30, tzinfo=dt.UTC)
    assert event.created == event.changed == dt.datetime(2020, 1, 2, 9, 0, tzinfo=dt.UTC)
    assert len(project.commit) == 40 and project.commit != event.commit


def test_git_runs_a_fixed_number_of_times_whatever_the_number_of_files(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(20):
        write_tree(repo / "content", {f"pages/seite-{number}.md": "---\ntitle: Seite\n---\n"})
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Viele Seiten", when="2022-05-06T08:00:00+00:00")
    calls: list[Any] = []
    real_run = subprocess.run

    def counting_run(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(history.subprocess, "run", counting_run)
    found = read_history(repo / "content")
    assert len(found.revisions) == 23
    assert len(calls) == 2  # rev-parse and one log, not one process per file


def test_uncommitted_file_and_folder_outside_git_have_no_revision(
    repo: Path, tmp_path: Path
) -> None:
    write_tree(repo / "content", {"projects/neu.yaml": "title: neu\n"})
    assert read_history(repo / "content").of(repo / "content/projects/neu.yaml") is None
    outside = write_tree(tmp_path / "ohne-git" / "content", tree())
    assert read_history(outside).available is False
    assert read_history(repo / "content", git=str(tmp_path / "kein-git")).available is False


def test_a_shallow_clone_counts_as_no_history(repo: Path, tmp_path: Path) -> None:
    """Its one commit would date every file to the newest change."""
    clone = tmp_path / "flach"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(clone))
    found = read_history(clone / "content")
    assert found.shallow and not found.available and found.revisions == {}


def test_pages_show_last_change_from_git_and_link_the_history(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(project_for(repo / "content"), out, Config(base_url="http://127.0.0.1/"), today=TODAY)
    page = (out / "projekte/fussball-verbindet/index.html").read_text(encoding="utf-8")
    assert "Zuletzt geändert am 4. März 2021 (" in page
    assert "Zuletzt geprüft am" in page
    assert f'/commits/main/{PROJECT}">Änderungsverlauf</a>' in page
    event = (out / "veranstaltungen/2013-austausch/index.html").read_text(encoding="utf-8")
    assert "Zuletzt geändert am 2. Januar 2020 (" in event


def test_builds_are_reproducible_from_commit_dates_not_the_clock(
    repo: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "eins", tmp_path / "zwei"
    build(project_for(repo / "content"), first, Config(base_url="http://127.0.0.1/"), today=TODAY)
    build(project_for(repo / "content"), second, Config(base_url="http://127.0.0.1/"), today=TODAY)
    for name in ("feed.xml", "sitemap.xml", "daten/katalog.rdf", "daten/projekte.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_without_git_the_page_says_so_and_uses_the_review_date(tmp_path: Path) -> None:
    content = write_tree(tmp_path / "ohne-git" / "content", tree())
    out = tmp_path / "site"
    build(project_for(content), out, Config(base_url="http://127.0.0.1/"), today=TODAY)
    page = (out / "projekte/fussball-verbindet/index.html").read_text(encoding="utf-8")
    assert "ohne Versionsgeschichte erzeugt" in page
    assert "Zuletzt geprüft am 1. März 2026" in page
    data = (out / "daten/index.html").read_text(encoding="utf-8")
    assert "ohne Versionsgeschichte erzeugt" in data
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2026-03-01</lastmod>" in sitemap  # last_reviewed
