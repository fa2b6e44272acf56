"""`katalog new project` and `katalog new event`: ask for the essentials, write a file."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import scaffold
from .cli_german import GermanGroup
from .cli_project import current_project, current_schemas, project_options
from .load import display_path
from .problems import ContentError

PROJECT = project_options("Ordner mit den Inhalten; die Datei kommt nach projects/ bzw. events/.")
SLUG = click.option(
    "--slug",
    help="Dateiname ohne Endung. Ohne Angabe wird er aus dem Titel gebildet "
    "(ä → ae, ß → ss …) und bei Bedarf mit -2, -3 … eindeutig gemacht.",
)


class _Choice(scaffold.TextType):
    """One of a schema field's values: the value or its German label, in any case; read
    from the project's schema when a value is given, so building the command reads no file."""

    name = "wert"

    def __init__(self, kind: str, field: str) -> None:
        self.kind, self.field = kind, field

    def values(self) -> dict[str, str]:
        return scaffold.enum_labels(current_schemas(), self.kind, self.field)

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "WERT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        values = self.values()
        text = str(value).strip()
        by_name = {key.casefold(): key for key in values}
        by_name.update({label.casefold(): key for key, label in values.items()})
        if text.casefold() in by_name:
            return by_name[text.casefold()]
        close = difflib.get_close_matches(text.casefold(), list(by_name), n=1, cutoff=0.6)
        hint = f" Meinten Sie »{values[by_name[close[0]]]}«?" if close else ""
        allowed = ", ".join(values.values())
        self.fail(f"»{text}« ist nicht erlaubt.{hint} Erlaubt: {allowed}.")


def _text(kind: str, field: str) -> scaffold.SchemaText:
    return scaffold.SchemaText(kind, field, current_schemas)


def _ask(value: Any, label: str, kind: scaffold.TextType, **extra: Any) -> Any:
    return value if value else click.prompt(label, type=kind, **extra)


def _ask_choice(given: tuple[str, ...], label: str, choice: _Choice) -> list[str]:
    if given:
        return list(given)
    click.echo(f"{label} – erlaubte Werte:")
    for text in choice.values().values():
        click.echo(f"  {text}")
    answer: str = click.prompt(label, type=choice, show_choices=False)
    click.echo("Weitere Werte können Sie später in der Datei ergänzen.")
    return [answer]


def _finish(kind: str, slug: str | None, default_slug: str, text: str) -> None:
    content = current_project().content
    if slug is not None:
        folder, suffix = scaffold.FOLDERS[kind]
        path = content / folder / f"{slug}{suffix}"
    else:
        path = scaffold.unique_path(content, kind, default_slug)
    shown = Path(display_path(path))
    problems = scaffold.check(current_schemas(), kind, shown, text)
    if problems:
        raise ContentError(problems)
    scaffold.write_new(path, text)
    click.echo(f"Angelegt: {shown}")
    click.echo(
        "Nächste Schritte: die Datei im Editor öffnen, die Kommentare lesen, weitere "
        "Angaben ergänzen (»# « am Zeilenanfang entfernen) und mit »katalog validate« prüfen."
    )


@click.group(cls=GermanGroup, aliases={"projekt": "project", "veranstaltung": "event"})
def new() -> None:
    """Einen neuen Eintrag (Projekt oder Veranstaltungsbericht) anlegen.

    Fragt die wichtigsten Angaben ab – oder nimmt sie als Optionen für
    Skripte – und schreibt eine kommentierte Datei, die »katalog validate«
    besteht. Vorhandene Dateien werden nie überschrieben. Statt »project«
    und »event« geht auch »projekt« und »veranstaltung«.
    """


def _today() -> dt.date:
    from . import cli  # the CLI's clock, so tests can fix the date in one place

    today: Callable[[], dt.date] = cli._today
    return today()


@new.command("project")
@PROJECT
@SLUG
@click.option("--title", type=_text("project", "title"), help="Titel des Projekts.")
@click.option("--summary", type=_text("project", "summary"), help="Kurzbeschreibung.")
@click.option(
    "--description",
    type=_text("project", "description"),
    help="Beschreibung (Markdown).",
)
@click.option("--carrier", multiple=True, help="Name eines Trägers (mehrfach möglich).")
@click.option(
    "--carrier-type",
    multiple=True,
    type=_Choice("project", "carriers.type"),
    help="Art des Trägers, in derselben Reihenfolge wie --carrier.",
)
@click.option(
    "--state",
    multiple=True,
    type=_Choice("project", "states"),
    help="Bundesland (mehrfach möglich).",
)
@click.option("--city", type=_text("project", "city"), help="Ort (optional).")
@click.option("--start", type=_text("project", "start"), help="Beginn: 2019-05.")
@click.option(
    "--activity",
    multiple=True,
    type=_Choice("project", "activities"),
    help="Handlungsfeld (mehrfach möglich).",
)
@click.option(
    "--target-group",
    multiple=True,
    type=_Choice("project", "target_groups"),
    help="Zielgruppe (mehrfach möglich).",
)
def new_project(
    slug: str | None,
    title: str | None,
    summary: str | None,
    description: str | None,
    carrier: tuple[str, ...],
    carrier_type: tuple[str, ...],
    state: tuple[str, ...],
    city: str | None,
    start: str | None,
    activity: tuple[str, ...],
    target_group: tuple[str, ...],
) -> None:
    """Ein neues Projekt anlegen (content/projects/<titel>.yaml).

    Beispiel für Skripte: katalog new project --title "Fußball verbindet"
    --summary "…" --description "…" --carrier "Polizei Nord" --carrier-type
    police --state Bayern --start 2024-05 --activity sport --target-group
    young-people
    """
    text = _text
    values: dict[str, Any] = {"title": _ask(title, "Titel", text("project", "title"))}
    values["summary"] = _ask(summary, "Kurzbeschreibung (1–2 Sätze)", text("project", "summary"))
    values["description"] = _ask(
        description,
        "Beschreibung (weitere Absätze später in der Datei)",
        text("project", "description"),
    )
    if len(carrier_type) > len(carrier):
        raise click.UsageError("Zu jedem --carrier-type gehört ein --carrier.")
    names = list(carrier) or [click.prompt("Name des Trägers", type=str)]
    types = list(carrier_type)
    for name in names[len(types) :]:
        types += _ask_choice((), f"Art des Trägers »{name}«", _Choice("project", "carriers.type"))
    values["carriers"] = [
        {"name": name, "type": kind} for name, kind in zip(names, types, strict=True)
    ]
    values["states"] = _ask_choice(state, "Bundesland", _Choice("project", "states"))
    if city is None and not title:
        city = click.prompt("Ort (optional, Enter = leer)", default="", show_default=False)
    if city:
        values["city"] = city
    values["start"] = _ask(start, "Beginn (Jahr, JJJJ-MM oder Datum)", text("project", "start"))
    values["activities"] = _ask_choice(activity, "Handlungsfeld", _Choice("project", "activities"))
    values["target_groups"] = _ask_choice(
        target_group, "Zielgruppe", _Choice("project", "target_groups")
    )
    values["last_reviewed"] = _today().isoformat()
    rendered = scaffold.render_record(current_schemas(), "project", values)
    _finish("project", slug, scaffold.project_slug(values["title"]), rendered)


@new.command("event")
@PROJECT
@SLUG
@click.option("--title", type=_text("event", "title"), help="Titel.")
@click.option("--start", type=_text("event", "start"), help="Erster Tag.")
@click.option("--end", type=_text("event", "end"), help="Letzter Tag.")
@click.option("--city", type=_text("event", "city"), help="Ort.")
@click.option("--organiser", type=_text("event", "organiser"), help="Veranstalter.")
@click.option("--kind", type=_Choice("event", "kind"), help="Art.")
def new_event(
    slug: str | None,
    title: str | None,
    start: str | None,
    end: str | None,
    city: str | None,
    organiser: str | None,
    kind: str | None,
) -> None:
    """Einen neuen Veranstaltungsbericht anlegen (content/events/<JJJJ-MM>-<titel>.md).

    Die Kopfdaten (YAML) werden abgefragt; darunter steht ein Gerüst für den
    Bericht in Markdown.
    """
    text = _text
    values: dict[str, Any] = {"title": _ask(title, "Titel", text("event", "title"))}
    values["start"] = _ask(start, "Erster Tag (JJJJ-MM-TT oder JJJJ-MM)", text("event", "start"))
    if end is None and not title:
        end = click.prompt("Letzter Tag", type=text("event", "end"), default=values["start"])
    values["end"] = end or values["start"]
    values["city"] = _ask(city, "Ort", text("event", "city"))
    values["organiser"] = _ask(organiser, "Veranstalter", text("event", "organiser"))
    values["kind"] = _ask_choice(
        (kind,) if kind else (), "Art der Veranstaltung", _Choice("event", "kind")
    )[0]
    slug_default = scaffold.event_slug(values["title"], values["start"])
    _finish("event", slug, slug_default, scaffold.render_event(current_schemas(), values))
