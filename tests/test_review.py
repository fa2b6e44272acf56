"""Review warnings (W101): reported, not fatal, unless --strict; in every output format."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from records import tree

from katalog import cli
from katalog.problems import CODES

Make = Callable[[dict[str, str | bytes]], Path]
P = "content/projects/fussball-verbindet.yaml"
WARNING = (
    f"{P}:18:16: W101 Zuletzt geprüft am 1. März 2026, vor 732 Tagen (Grenze: 730 Tage). "
    "Bitte die Angaben prüfen und »last_reviewed« auf das heutige Datum setzen."
)


@pytest.fixture(autouse=True)
def _setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_content: Make) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_today", lambda: dt.date(2028, 3, 2))
    make_content(tree())


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_w101_is_in_the_code_table() -> None:
    assert "W101" in CODES
    assert "W101" in run("codes")[1]


def test_an_old_review_date_is_a_warning_and_validate_still_passes() -> None:
    code, out, err = run("validate")
    assert code == 0
    assert out.splitlines() == [WARNING, "Keine Probleme gefunden."]
    assert err.strip() == "1 Warnung (kein Fehler; mit --strict wären es Fehler)."


def test_a_recent_review_date_gives_no_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_today", lambda: dt.date(2028, 2, 29))  # exactly 730 days
    assert run("validate")[:2] == (0, "Keine Probleme gefunden.\n")


def test_strict_turns_the_warning_into_an_error() -> None:
    code, out, err = run("validate", "--strict")
    assert code == 1
    assert out.splitlines() == [WARNING]
    assert "1 Problem in einer Datei." in err


def test_review_after_days_comes_from_the_config(tmp_path: Path) -> None:
    (tmp_path / "katalog.toml").write_text("review_after_days = 800\n", encoding="utf-8")
    assert run("validate", "--strict")[0] == 0


def test_github_format_prints_a_warning_annotation_or_an_error_when_strict() -> None:
    code, out, _ = run("validate", "--format", "github")
    assert code == 0
    assert out.splitlines()[0].startswith(f"::warning file={P},line=18,col=16,title=W101::")
    code, out, _ = run("validate", "--format", "github", "--strict")
    assert code == 1
    assert out.startswith(f"::error file={P},line=18,col=16,title=W101::")


def test_json_format_lists_the_warning_with_its_code() -> None:
    code, out, _ = run("validate", "--format", "json")
    assert code == 0
    assert [p["code"] for p in json.loads(out)] == ["W101"]


def test_build_prints_warnings_and_strict_build_stops_before_writing(tmp_path: Path) -> None:
    code, out, err = run("build", "--strict", "--out", "out")
    assert code == 1
    assert WARNING in err
    assert not (tmp_path / "out").exists()
    code, out, err = run("build", "--out", "out")
    assert code == 0, err
    assert WARNING in err and "Fertig:" in out
    assert (tmp_path / "out" / "index.html").is_file()
