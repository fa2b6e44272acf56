"""The project-folder rule and the refusals around it: a wrong folder, an empty catalogue or
an --out that could destroy data ends in a German message, exit 2, and nothing touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_project

from katalog.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="katalog")
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_project(tmp_path / "katalog")
    monkeypatch.chdir(root)
    return root


def test_version_and_help_work_in_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("--version")[0] == 0
    assert run("--help")[0] == 0
    assert run("build", "--help")[0] == 0


@pytest.mark.parametrize("command", ["build", "validate", "serve", "check-links", "new"])
def test_a_folder_without_katalog_toml_is_refused(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = [command] if command != "new" else ["new", "project", "--title", "Ein Titel"]
    assert run(*args) == (
        2,
        f"Fehler: Kein Projektordner gefunden: weder in {tmp_path.as_posix()} noch in einem "
        "Ordner darüber liegt eine katalog.toml. Bitte im Ordner des Katalogs (oder einem "
        "Unterordner davon) aufrufen oder ihn mit --project ORDNER angeben.\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_a_project_folder_without_content_is_refused(project: Path) -> None:
    (project / "content").rename(project / "inhalte")
    before = snapshot(project)
    assert run("build") == (
        2,
        f"Fehler: Im Projektordner {project.as_posix()} fehlt: content. Ein Katalog braucht "
        "die Ordner content/, templates/, static/ und schemas/ neben der katalog.toml.\n",
    )
    assert snapshot(project) == before


def test_a_catalogue_without_projects_is_never_built(project: Path) -> None:
    for record in (project / "content/projects").glob("*.yaml"):
        record.unlink()
    message = (
        "Fehler: Im Ordner content/projects liegt kein einziges Projekt (*.yaml). Ein leerer "
        "Katalog wird nicht gebaut; ist das der richtige Ordner?\n"
    )
    assert run("validate") == (2, message)
    assert run("build") == (2, message)
    assert not (project / "site").exists()


def test_it_works_from_a_subfolder_and_writes_site_into_the_project(project: Path) -> None:
    os.chdir(project / "content/projects")
    code, _ = run("build")
    assert code == 0
    assert (project / "site/index.html").is_file()
    assert (project / "site/pagefind/pagefind.js").is_file()
    assert not (project / "content/projects/site").exists()


def test_project_and_config_options_name_the_folder(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("validate", "--project", str(project))[0] == 0
    assert run("validate", "--config", str(project / "katalog.toml"))[0] == 0
    assert run("validate", "--project", str(tmp_path)) == (
        2,
        f"Fehler: Im Ordner {os.path.relpath(tmp_path)} liegt keine katalog.toml. Das ist kein "
        "Projektordner des Katalogs.\n",
    )


SOURCES = "Bitte einen eigenen Ordner angeben, z. B. --out site.\n"


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("content", "Der Zielordner content liegt in den Quellen (content) oder enthält sie. "),
        (
            "content/projects",
            "Der Zielordner content/projects liegt in den Quellen (content) oder enthält sie. ",
        ),
        (
            "templates",
            "Der Zielordner templates liegt in den Quellen (templates) oder enthält sie. ",
        ),
        ("static/x", "Der Zielordner static/x liegt in den Quellen (static) oder enthält sie. "),
        ("schemas", "Der Zielordner schemas liegt in den Quellen (schemas) oder enthält sie. "),
        (".", "Der Zielordner . enthält den Projektordner {root}. Er würde beim Bauen ersetzt. "),
        ("..", "Der Zielordner .. enthält den Projektordner {root}. Er würde beim Bauen ersetzt. "),
        ("/", "Der Zielordner / ist das Wurzelverzeichnis oder Ihr Benutzerordner; er wird nie "),
    ],
)
def test_an_out_folder_that_holds_or_lies_in_the_sources_is_refused(
    project: Path, out: str, message: str
) -> None:
    before = snapshot(project)
    code, err = run("build", "--out", out)
    expected = message.format(root=project.as_posix())
    if out == "/":
        expected += "ersetzt. "
    assert (code, err) == (2, "Fehler: " + expected + SOURCES)
    assert snapshot(project) == before


def test_an_out_that_is_a_file_or_lies_in_one_is_refused(project: Path) -> None:
    (project / "afile").write_text("Daten", encoding="utf-8")
    before = snapshot(project)
    assert run("build", "--out", "afile") == (
        2,
        "Fehler: Der Zielordner afile ist eine Datei. Bitte einen Ordner angeben.\n",
    )
    assert run("build", "--out", "afile/sub") == (
        2,
        "Fehler: Der Zielordner afile/sub liegt in der Datei afile. Bitte einen Ordner angeben.\n",
    )
    assert snapshot(project) == before


def test_a_foreign_folder_with_files_is_never_replaced(project: Path) -> None:
    (project / "fotos").mkdir()
    (project / "fotos/urlaub.jpg").write_bytes(b"\xff\xd8")
    assert run("build", "--out", "fotos") == (
        2,
        "Fehler: Der Zielordner fotos ist nicht leer und enthält keine frühere Ausgabe des "
        "Katalogs (keine index.html). Er wird nicht ersetzt; bitte einen leeren oder neuen "
        "Ordner angeben.\n",
    )
    assert (project / "fotos/urlaub.jpg").read_bytes() == b"\xff\xd8"


def test_a_previous_build_and_a_new_folder_are_fine(project: Path) -> None:
    assert run("build", "--out", "public/katalog")[0] == 0
    assert run("build", "--out", "public/katalog")[0] == 0
    assert (project / "public/katalog/index.html").is_file()


def test_a_path_with_a_control_character_is_refused(project: Path) -> None:
    for option in ("--out", "--content", "--project", "--config"):
        code, err = run("build", option, "si\x00te")
        assert code == 2, option
        assert (
            "'si\\x00te' enthält ein Steuerzeichen. Bitte einen Namen aus Buchstaben, Ziffern "
            "und Bindestrichen angeben." in err
        ), err
