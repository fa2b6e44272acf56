"""The command line through click's CliRunner: summaries, formats, exit codes, no tracebacks,
and a failed build that leaves the previous site exactly as it was."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from records import tree

from katalog import __version__
from katalog.cli import main

Make = Callable[[dict[str, str | bytes]], Path]
BROKEN_PROJECT = """\
title: Fußball verbindet
summary: Kurz.
carriers:
  - name: Polizeiinspektion Nord
    type: polizei
states: [Bayren]
start: 2019
activities: [sport]
target_groups: [young-people]
last_reviewed: 2026-03-01
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="katalog")
    return result.exit_code, result.stdout, result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_version() -> None:
    assert run("--version") == (0, f"katalog {__version__}\n", "")


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["build"],
        ["validate"],
        ["codes"],
        ["new"],
        ["new", "project"],
        ["serve"],
        ["check-links"],
    ],
)
def test_every_command_has_german_help(command: list[str]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0
    assert out.startswith("Aufruf: katalog")
    assert "Diese Hilfe anzeigen und beenden." in out
    for english in ("Usage:", "Options:", "Commands:", "Show this message", "[default:"):
        assert english not in out
    assert any(word in out for word in ("Inhalte", "Eintr", "Fehlercodes", "Website", "Links"))


HELP_COMMANDS = [[], ["build"], ["validate"], ["codes"], ["new"], ["new", "project"],
                 ["new", "event"], ["serve"], ["check-links"]]  # fmt: skip


@pytest.mark.parametrize("command", HELP_COMMANDS)
def test_help_screens_are_whole_and_every_option_says_its_format(
    command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(*command, "--help")
    assert code == 0
    assert not re.search(r"\w(\.\.\.|…)$", out, re.M), out  # no summary cut off
    assert "RANGE" not in out
    assert not re.search(r"[a-zäöü]-\n", out), out  # no word split at a line end
    options = re.findall(r"^  (--[a-z-]+)(?: [A-Z]+)?\s+(.+(?:\n {6,}\S.*)*)", out, re.M)
    for name, text in options:
        words = " ".join(text.split())
        assert len(words.split()) >= 3, f"{command} {name}: »{words}« says too little"


def test_new_event_options_say_their_format() -> None:
    code, out, _ = run("new", "event", "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "--start TEXT Erster Tag: 2013-01-15, oder nur der Monat (2013-01)" in text
    assert "--kind WERT Art der Veranstaltung: deutscher Name (»Fachtagung«)" in text


def test_validate_clean_content_exits_0(make_content: Make) -> None:
    make_content(tree())
    assert run("validate") == (0, "Keine Probleme gefunden.\n", "")


def test_validate_text_lists_every_problem_sorted_then_a_summary(make_content: Make) -> None:
    make_content(tree(projects__fussball_verbindet__yaml=BROKEN_PROJECT))
    code, out, err = run("validate")
    assert code == 1
    lines = out.splitlines()
    assert [line.split(" ", 2)[:2] for line in lines] == [
        ["content/projects/fussball-verbindet.yaml:1:1:", "K201"],
        ["content/projects/fussball-verbindet.yaml:2:10:", "K206"],
        ["content/projects/fussball-verbindet.yaml:5:11:", "K204"],
        ["content/projects/fussball-verbindet.yaml:6:10:", "K204"],
        ["content/projects/fussball-verbindet.yaml:7:8:", "K203"],
    ]
    assert err == "5 Probleme in einer Datei. Bitte alle beheben und erneut prüfen.\n"
    assert "Traceback" not in out + err


def test_validate_github_format_prints_annotations(make_content: Make) -> None:
    make_content(tree(projects__fussball_verbindet__yaml=BROKEN_PROJECT))
    code, out, _ = run("validate", "--format", "github")
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(
        "::error file=content/projects/fussball-verbindet.yaml,line=1,col=1,title=K201::"
        "Pflichtfeld »Beschreibung« (description) fehlt."
    )


def test_validate_json_format_is_a_list_of_objects(make_content: Make) -> None:
    make_content(tree(projects__fussball_verbindet__yaml=BROKEN_PROJECT))
    code, out, _ = run("validate", "--format", "json")
    assert code == 1
    problems = json.loads(out)
    assert problems[2] == {
        "path": "content/projects/fussball-verbindet.yaml",
        "line": 5,
        "column": 11,
        "code": "K204",
        "message": problems[2]["message"],
    }
    assert problems[2]["message"].startswith("Unbekannter Wert »polizei« für Art des Trägers.")


def test_build_prints_a_summary_and_writes_the_site(make_content: Make) -> None:
    make_content(tree())
    code, out, _ = run("build", "--out", "public", "--base-url", "https://example.org/k")
    assert code == 0, out
    assert out.startswith("Fertig: 1 Projekte, 1 Veranstaltungen, ")
    assert "laden+prüfen" in out and "indexieren" in out
    assert Path("public/projekte/fussball-verbindet/index.html").is_file()
    assert Path("public/pagefind/pagefind.js").is_file()
    canonical = '<link rel="canonical" href="https://example.org/k/projekte/fussball-verbindet/">'
    assert canonical in Path("public/projekte/fussball-verbindet/index.html").read_text()


def test_failed_build_reports_all_problems_and_leaves_previous_site_untouched(
    make_content: Make, tmp_path: Path
) -> None:
    content = make_content(tree())
    assert run("build")[0] == 0
    before = snapshot(tmp_path / "site")
    (content / "projects/fussball-verbindet.yaml").write_text(BROKEN_PROJECT, encoding="utf-8")
    code, out, err = run("build")
    assert code == 1
    assert "Traceback" not in out + err
    assert err.count("content/projects/fussball-verbindet.yaml:") == 5
    assert err.rstrip().endswith("5 Probleme in einer Datei. Bitte alle beheben und erneut prüfen.")
    assert snapshot(tmp_path / "site") == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folder


def test_failing_pagefind_fails_the_build_and_keeps_the_site(
    make_content: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_content(tree())
    assert run("build")[0] == 0
    before = snapshot(tmp_path / "site")
    fake = tmp_path / "bin" / "pagefind"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'Error: kaputt' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr("katalog.index.pagefind_executable", lambda: fake)
    code, out, err = run("build")
    assert code == 1
    assert "Pagefind ist fehlgeschlagen (Exit-Code 3):\nError: kaputt" in err
    assert "Traceback" not in out + err
    assert snapshot(tmp_path / "site") == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folder


def test_codes_lists_every_code() -> None:
    from katalog.problems import CODES

    code, out, _ = run("codes")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == list(CODES)


def test_build_py_behaves_like_the_katalog_command() -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, str(root / "build.py"), "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, f"katalog {__version__}\n")
