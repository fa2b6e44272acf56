"""The `katalog` command line. Help texts are written for editors (German)."""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import sys
from contextlib import closing
from pathlib import Path

import click

from . import __version__
from .cli_german import GermanGroup
from .cli_new import new
from .cli_project import SafePath, current_project, project_options
from .clock import build_date
from .config import ConfigError, load_config
from .linkcheck import check_links as run_check_links
from .linkcheck import format_report
from .load import display_path as shown
from .pipeline import build as run_build
from .pipeline import check_content
from .problems import CODES, format_problems, summary, warning_summary
from .progress import QUIET, for_terminal
from .project import check_out_dir
from .serve import serve as run_serve

# on the way out, the objects a build leaves are not collected once more: Python's last
# collection and the teardown it starts took 0.25 s after a build of 10,000 projects
atexit.register(gc.freeze)

PROJECT = project_options(
    "Ordner mit den Inhalten (projects/, events/, pages/). Standard: content/ im Projektordner."
)
STRICT = click.option(
    "--strict",
    is_flag=True,
    help="Warnungen (z. B. lange nicht geprüfte Einträge) wie Fehler behandeln.",
)


@click.group(cls=GermanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    prog_name="katalog",
    message="%(prog)s %(version)s",
    help="Version anzeigen und beenden.",
)
def main() -> None:
    """Katalog Präventionskooperation: Inhalte prüfen und die Website bauen.

    Typischer Ablauf: »katalog validate« prüft alle Einträge und nennt jeden
    Fehler mit Datei, Zeile und Spalte; »katalog build« baut daraus die
    Website im Ordner site/.
    """


@main.command()
@PROJECT
@click.option(
    "--out",
    type=SafePath(path_type=Path),
    help="Zielordner der fertigen Website (Standard: site/ im Projektordner). Er wird nur "
    "ersetzt, wenn alles geklappt hat.",
)
@click.option(
    "--base-url", help="Öffentliche Adresse der Website, z. B. https://example.org/katalog/."
)
@STRICT
@click.option(
    "--no-search",
    is_flag=True,
    help="Nur die HTML-Seiten bauen, ohne Suchindex (schneller, z. B. zum Prüfen von Vorlagen).",
)
def build(out: Path | None, base_url: str | None, strict: bool, no_search: bool) -> None:
    """Alle Inhalte prüfen, die Website bauen und den Suchindex erstellen.

    Bei Fehlern in den Inhalten werden alle Probleme auf einmal gemeldet und
    der bisherige Zielordner bleibt unverändert. Warnungen stoppen den Bau
    nur mit --strict.
    """
    project = current_project()
    target = check_out_dir(project.site if out is None else out, project)
    config = load_config(project.config_file, base_url)
    with closing(for_terminal()) as progress:
        report = run_build(
            project, target, config, _today(), strict, search=not no_search, progress=progress
        )
    if report.warnings:
        click.echo(format_problems(report.warnings, "text"), err=True)
        click.echo(warning_summary(report.warnings), err=True)
    stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in report.seconds.items())
    click.echo(
        f"Fertig: {report.projects} Projekte, {report.events} Veranstaltungen, "
        f"{report.pages} Dateien in {shown(target)}/ ({stages})."
    )
    click.echo(f"Ansehen: python -m http.server --bind 127.0.0.1 --directory {shown(target)} 8000")


@main.command()
@PROJECT
@STRICT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text: eine Zeile je Problem; github: Anmerkungen im Pull-Request; json: für Programme.",
)
def validate(strict: bool, fmt: str) -> None:
    """Alle Einträge prüfen, ohne die Website zu bauen.

    Jedes Problem erscheint als »datei:zeile:spalte: CODE Meldung«. Der
    Exit-Code ist 0, wenn alles in Ordnung ist, sonst 1. Warnungen (Codes
    W…, z. B. lange nicht geprüfte Einträge) ändern den Exit-Code nur mit
    --strict.
    """
    project = current_project()
    try:
        config = load_config(project.config_file)
    except ConfigError as error:  # as annotations or JSON too, not only as text
        if fmt == "text":
            raise
        click.echo(format_problems(error.problems, fmt))
        sys.exit(error.exit_code)
    # programs read the other formats: no progress beside them
    with closing(for_terminal() if fmt == "text" else QUIET) as progress:
        found = check_content(project, config, _today(), strict, progress)
    problems, warnings = found.problems, found.warnings
    output = format_problems(problems + warnings, fmt, strict=strict)
    if output:
        click.echo(output)
    if fmt == "text":
        click.echo(summary(problems), err=bool(problems))
        if warnings:
            click.echo(warning_summary(warnings), err=True)
    elif fmt == "github" and not problems:
        click.echo(summary(problems))
    if problems:
        sys.exit(1)


@main.command()
def codes() -> None:
    """Alle Fehlercodes mit Erklärung auflisten."""
    for code, text in CODES.items():
        click.echo(f"{code}  {text}")


@main.command("check-links")
@PROJECT
@click.option(
    "--site",
    type=SafePath(file_okay=False, path_type=Path),
    help="Ordner der gebauten Website (Standard: site/ im Projektordner; vorher »katalog build«).",
)
@click.option("--base-url", help="Adresse der Website; Links darauf gelten als intern.")
@click.option("--external", is_flag=True, help="Auch Links auf andere Websites abrufen.")
@click.option("--timeout", default=10.0, show_default=True, help="Sekunden je externer Anfrage.")
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=8,
    show_default=True,
    help="Höchstens so viele externe Anfragen gleichzeitig.",
)
@click.option(
    "--max-time",
    default=300.0,
    show_default=True,
    help="Sekunden für alle externen Anfragen zusammen; danach bleibt der Rest ungeprüft.",
)
def check_links(
    site: Path | None,
    base_url: str | None,
    external: bool,
    timeout: float,
    workers: int,
    max_time: float,
) -> None:
    """Links der gebauten Website prüfen: intern immer, extern mit --external.

    Jeder defekte Link erscheint mit Grund und den Seiten, auf denen er
    steht. Exit-Code 1, wenn ein Link defekt ist.
    """
    project = current_project()
    site = project.site if site is None else site
    if not (site / "index.html").is_file():
        raise click.ClickException(
            f"Im Ordner {shown(site)}/ liegt keine gebaute Website. Bitte zuerst »katalog "
            "build« ausführen."
        )
    config = load_config(project.config_file, base_url)
    report = run_check_links(site, config.base_url, external, timeout, workers, max_time)
    click.echo(format_report(report, external))
    if report.broken:
        sys.exit(1)


@main.command()
@PROJECT
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port auf 127.0.0.1 (0 = einen freien wählen).",
)
def serve(port: int) -> None:
    """Vorschau: bauen, auf http://127.0.0.1:PORT/ zeigen, bei Änderungen neu bauen.

    Beobachtet content/, templates/, static/ und schemas/. Nach jeder Änderung
    wird neu gebaut und die Seite im Browser lädt sich neu. Bei Fehlern in
    den Inhalten zeigt der Browser die Probleme (Datei, Zeile, Meldung), bis
    sie behoben sind. Beenden mit Strg+C.
    """
    project = current_project()
    config = load_config(project.config_file)
    try:
        run_serve(project, config, port, echo=lambda line: click.echo(line))
    except OSError as err:
        raise click.ClickException(f"Die Vorschau kann nicht starten: {err}") from err


def _today() -> dt.date:
    """The build clock (SOURCE_DATE_EPOCH, else the last commit, else today in UTC)."""
    return build_date(Path.cwd())


main.add_command(new)
