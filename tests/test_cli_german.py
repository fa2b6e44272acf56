"""click's own usage errors in German, with a suggestion, exit code 2 and no English left;
German aliases for `katalog new`."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from katalog.cli import main
from katalog.cli_german import GermanGroup


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="katalog")
    return result.exit_code, result.stdout, result.stderr


def usage_error(command: str, message: str) -> str:
    """`command` is the usage line after the program name, e.g. `build [OPTIONEN]`."""
    path = " ".join(word for word in command.split() if word.islower())
    return (
        f"Aufruf: katalog {command}\nHilfe: {' '.join(['katalog', path]).strip()} --help\n\n"
        f"Fehler: {message}\n"
    )


@pytest.mark.parametrize(
    ("args", "command", "message"),
    [
        (
            ["bild"],
            "[OPTIONEN] BEFEHL [ARGUMENTE]...",
            "Unbekannter Befehl »bild«. Meinten Sie »build«? "
            "Befehle: build, check-links, codes, new, serve, validate.",
        ),
        (
            ["new", "projkt"],
            "new [OPTIONEN] BEFEHL [ARGUMENTE]...",
            "Unbekannter Befehl »projkt«. Meinten Sie »projekt«? Befehle: event, expert, project.",
        ),
        (
            ["build", "--ot", "x"],
            "build [OPTIONEN]",
            "Unbekannte Option »--ot«. Meinten Sie »--out«?",
        ),
        (
            ["validate", "--fromat", "github"],
            "validate [OPTIONEN]",
            "Unbekannte Option »--fromat«. Meinten Sie »--format«?",
        ),
        (
            ["validate", "--format", "githb"],
            "validate [OPTIONEN]",
            "Ungültiger Wert für »--format«: »githb« ist nicht erlaubt. "
            "Erlaubt: text, github, json. Meinten Sie »github«?",
        ),
        (
            ["check-links", "--workers", "99"],
            "check-links [OPTIONEN]",
            "Ungültiger Wert für »--workers«: »99« liegt nicht im erlaubten Bereich. "
            "Erlaubt: 1 bis 32.",
        ),
        (
            ["check-links", "--timeout", "zehn"],
            "check-links [OPTIONEN]",
            "Ungültiger Wert für »--timeout«: »zehn« ist keine Zahl.",
        ),
        (
            ["codes", "alle"],
            "codes [OPTIONEN]",
            "Unerwartete Angabe »alle«. Optionen beginnen mit »--«.",
        ),
    ],
)
def test_usage_errors_are_german_with_a_suggestion_and_exit_2(
    args: list[str], command: str, message: str
) -> None:
    assert run(*args) == (2, "", usage_error(command, message))


def test_an_option_without_its_value() -> None:
    assert run("build", "--out") == (2, "", "Fehler: Bei »--out« fehlt der Wert dahinter.\n")


def test_a_missing_argument_or_required_option_is_named() -> None:
    @click.group(cls=GermanGroup)
    def tool() -> None:
        """Werkzeug."""

    @tool.command()
    @click.argument("slug")
    @click.option("--titel", required=True)
    def show(slug: str, titel: str) -> None:
        """Zeigen."""

    result = CliRunner().invoke(tool, ["show"], prog_name="tool")
    assert (result.exit_code, result.stderr) == (
        2,
        "Aufruf: tool show [OPTIONEN] SLUG\nHilfe: tool show --help\n\n"
        "Fehler: Die Angabe »SLUG« fehlt.\n",
    )
    result = CliRunner().invoke(tool, ["show", "x"], prog_name="tool")
    assert result.exit_code == 2
    assert result.stderr.endswith("Fehler: Die Angabe »--titel« fehlt.\n")


@pytest.mark.parametrize("words", [["bild"], ["build", "--ot"], ["check-links", "--workers", "0"]])
def test_no_english_is_left_in_a_usage_error(words: list[str]) -> None:
    _, out, err = run(*words)
    for english in ("Usage:", "Try '", "Error:", "No such", "Did you mean", "Invalid value"):
        assert english not in out + err


@pytest.mark.parametrize(("alias", "command"), [("projekt", "project"), ("veranstaltung", "event")])
def test_new_has_german_aliases(alias: str, command: str) -> None:
    code, out, _ = run("new", alias, "--help")
    assert code == 0
    assert out.splitlines()[0] == f"Aufruf: katalog new {alias} [OPTIONEN]"
    assert out.splitlines()[1:] == run("new", command, "--help")[1].splitlines()[1:]


def test_new_projekt_writes_the_same_file_as_new_project(tmp_path: Path) -> None:
    from conftest import copy_project
    from test_new import PROJECT_OPTIONS

    copy_project(tmp_path, {})
    assert run("new", "projekt", *PROJECT_OPTIONS)[0] == 0
    written = (tmp_path / "content/projects/fussball-fuer-alle.yaml").read_text(encoding="utf-8")
    (tmp_path / "content/projects/fussball-fuer-alle.yaml").unlink()
    assert run("new", "project", *PROJECT_OPTIONS)[0] == 0
    assert (tmp_path / "content/projects/fussball-fuer-alle.yaml").read_text(
        encoding="utf-8"
    ) == written


def test_new_alone_shows_its_help_not_an_error() -> None:
    code, out, err = run("new")
    assert out == ""
    assert code == 2  # click's exit code when a group is called without a command
    assert err.startswith("Aufruf: katalog new [OPTIONEN] BEFEHL [ARGUMENTE]...\n\n  Einen neuen")
    assert "Fehler" not in err and "Hilfe: katalog new --help" not in err
    assert err.rstrip().endswith(
        "project  Ein neues Projekt anlegen (content/projects/<titel>.yaml)."
    )
