"""Problems are one line each in every format: a file name or value with line breaks,
workflow commands or terminal escapes cannot add GitHub annotations or drive the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cases import files, project
from click.testing import CliRunner
from conftest import copy_project

from katalog.cli import main

EVIL_NAME = "x\n::error file=README.md::gefälscht\n::stop-commands::abc\n\x1b]0;titel\x07.yaml"


@pytest.fixture(autouse=True)
def _in_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = files(project(**{"city: Nürnberg": 'city: "\\e]0;Titel\\aNürnberg"'}))
    tree[f"projects/{EVIL_NAME}"] = project()
    copy_project(tmp_path / "p", tree)
    monkeypatch.chdir(tmp_path / "p")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="katalog")
    return result.exit_code, result.stdout


def test_github_format_emits_one_annotation_per_problem() -> None:
    code, out = run("validate", "--format", "github")
    lines = out.splitlines()
    assert code == 1
    assert len(lines) == 2  # the evil file name (K108) and the city (K210)
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    assert not any("\x1b" in line or "\x07" in line for line in lines)
    evil = next(line for line in lines if "K108" in line)
    prop = evil.split("::", 2)[1]
    assert prop.startswith("error file=content/projects/x\\n%3A%3Aerror file=README.md%3A%3A")
    assert prop.count(",") == 3  # file, line, col, title: no comma smuggled in


def test_text_and_json_formats_show_escapes_instead_of_running_them() -> None:
    code, out = run("validate")
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out
    assert "K210 »Ort« enthält das Zeichen U+001B (ESCAPE) an Stelle 1. Bitte löschen." in out
    code, out = run("validate", "--format", "json")
    problems = json.loads(out)
    assert all("\n" not in p["path"] and "\x1b" not in p["path"] for p in problems)
    assert any(p["path"].startswith("content/projects/x\\n::error") for p in problems)
