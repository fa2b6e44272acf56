"""The package as it ships: the wheel installed into a fresh virtual environment (not
editable), run the way the deploy workflow and a new user run it."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

from conftest import copy_project

from katalog import __version__


def katalog(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        [str(bin_dir / "katalog"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_version_and_help_in_an_empty_folder(installed_katalog: Path, tmp_path: Path) -> None:
    version = katalog(installed_katalog, tmp_path, "--version")
    assert (version.returncode, version.stdout) == (0, f"katalog {__version__}\n")
    assert katalog(installed_katalog, tmp_path, "--help").stdout.startswith("Aufruf: katalog")
    assert list(tmp_path.iterdir()) == []


def test_build_in_an_empty_folder_fails_in_german(installed_katalog: Path, tmp_path: Path) -> None:
    result = katalog(installed_katalog, tmp_path, "build")
    assert result.returncode == 2
    assert result.stderr.startswith("Fehler: Kein Projektordner gefunden: weder in ")
    assert "Traceback" not in result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []


def test_installed_command_builds_a_fresh_project_copy(
    installed_katalog: Path, tmp_path: Path
) -> None:
    project = copy_project(tmp_path / "katalog")
    result = katalog(installed_katalog, project, "build")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Fertig: 16 Projekte, 3 Veranstaltungen, ")
    assert "Traceback" not in result.stderr
    site = project / "site"
    assert (site / "index.html").is_file()
    assert (site / "projekte/fussball-verbindet/index.html").is_file()
    assert (site / "pagefind/pagefind.js").is_file()
    assert (site / "static/style.css").is_file()
    assert (site / "daten/projekte.json").is_file()


def test_installed_command_works_from_a_subfolder(installed_katalog: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "katalog")
    inside = project / "content/projects"
    checked = katalog(installed_katalog, inside, "validate")
    assert checked.returncode == 0, checked.stderr
    assert "Keine Probleme gefunden." in checked.stdout
    # warnings name files relative to where the editor is
    assert "\nfussball-verbindet.yaml:45:16: W101 " in "\n" + checked.stdout
    built = katalog(installed_katalog, inside, "build")
    assert built.returncode == 0, built.stderr
    assert (project / "site/index.html").is_file()
    assert not (inside / "site").exists()


def test_the_wheel_holds_the_package_and_nothing_of_the_project(installed_katalog: Path) -> None:
    (wheel,) = (installed_katalog.parent.parent / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "katalog/cli.py" in names and "katalog/project.py" in names
    tops = {name.split("/", 1)[0] for name in names}
    assert not tops & {"content", "templates", "static", "schemas", "tests", "site"}
