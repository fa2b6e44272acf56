"""`katalog new project` and `katalog new event`: ask for the essentials, write a file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import scaffold
from .cli_german import GermanGroup
from .load import display_path
from .problems import ContentError

CONTENT = click.option(
    "--content",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Ordner mit den Inhalten; die Datei kommt nach projects/ bzw. events/.",
)
SLUG = click.option(
    "--slug",
    help="Dateiname ohne Endung. Ohne Angabe wird er aus dem Titel gebildet "
    "(ä → ae, ß → ss …) und bei Bedarf mit -2, -3 … eindeutig gemacht.",
)


if TYPE_CHECKING:
    ChoiceType = click.Choice[str]
else:  # older click has no generic Choice at run time
    ChoiceType = click.Choice


class _Choice(ChoiceType):
    """click.Choice with a German message for a value not in the schema's list."""

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        return f"»{value}« ist nicht erlaubt. Erlaubt: {', '.join(self.choices)}."


def _choice(values: dict[str, str]) -> ChoiceType:
    return _Choice(list(values))


def _ask(value: Any, label: str, kind: scaffold.TextType, **extra: Any) -> Any:
    return value if value else click.prompt(label, type=kind, **extra)


def _ask_choice(given: tuple[str, ...], label: str, values: dict[str, str]) -> list[str]:
    if given:
        return list(given)
    click.echo(f"{label} – erlaubte Werte:")
    for value, text in values.items():
        click.echo(f"  {value}" + (f" – {text}" if text != value else ""))
    answer: str = click.prompt(label, type=_choice(values), show_choices=False)
    click.echo("Weitere Werte können Sie später in der Datei ergänzen.")
    return [answer]


def _finish(kind: str, content: Path, slug: str | None, default_slug: str, text: str) -> None:
    if slug is not None:
        folder, suffix = scaffold.FOLDERS[kind]
        path = content / folder / f"{slug}{suffix}"
    else:
        path = scaffold.unique_path(content, kind, default_slug)
    shown = Path(display_path(path))
    problems = scaffold.check(kind, shown, text)
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
@CONTENT
@SLUG
@click.option("--title", type=scaffold.SchemaText("project", "title"), help="Titel des Projekts.")
@click.option("--summary", type=scaffold.SchemaText("project", "summary"), help="Kurzbeschreibung.")
@click.option(
    "--description",
    type=scaffold.SchemaText("project", "description"),
    help="Beschreibung (Markdown).",
)
@click.option("--carrier", multiple=True, help="Name eines Trägers (mehrfach möglich).")
@click.option(
    "--carrier-type",
    multiple=True,
    type=_choice(scaffold.carrier_types()),
    help="Art des Trägers, in derselben Reihenfolge wie --carrier.",
)
@click.option(
    "--state",
    multiple=True,
    type=_choice(scaffold.enum_labels("project", "states")),
    help="Bundesland (mehrfach möglich).",
)
@click.option("--city", type=scaffold.SchemaText("project", "city"), help="Ort (optional).")
@click.option("--start", type=scaffold.SchemaText("project", "start"), help="Beginn: 2019-05.")
@click.option(
    "--activity",
    multiple=True,
    type=_choice(scaffold.enum_labels("project", "activities")),
    help="Handlungsfeld (mehrfach möglich).",
)
@click.option(
    "--target-group",
    multiple=True,
    type=_choice(scaffold.enum_labels("project", "target_groups")),
    help="Zielgruppe (mehrfach möglich).",
)
def new_project(
    content: Path,
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
    text = scaffold.SchemaText
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
        types += _ask_choice((), f"Art des Trägers »{name}«", scaffold.carrier_types())
    values["carriers"] = [
        {"name": name, "type": kind} for name, kind in zip(names, types, strict=True)
    ]
    values["states"] = _ask_choice(state, "Bundesland", scaffold.enum_labels("project", "states"))
    if city is None and not title:
        city = click.prompt("Ort (optional, Enter = leer)", default="", show_default=False)
    if city:
        values["city"] = city
    values["start"] = _ask(start, "Beginn (Jahr, JJJJ-MM oder Datum)", text("project", "start"))
    values["activities"] = _ask_choice(
        activity, "Handlungsfeld", scaffold.enum_labels("project", "activities")
    )
    values["target_groups"] = _ask_choice(
        target_group, "Zielgruppe", scaffold.enum_labels("project", "target_groups")
    )
    values["last_reviewed"] = _today().isoformat()
    rendered = scaffold.render_record("project", values)
    _finish("project", content, slug, scaffold.project_slug(values["title"]), rendered)


@new.command("event")
@CONTENT
@SLUG
@click.option("--title", type=scaffold.SchemaText("event", "title"), help="Titel.")
@click.option("--start", type=scaffold.SchemaText("event", "start"), help="Erster Tag.")
@click.option("--end", type=scaffold.SchemaText("event", "end"), help="Letzter Tag.")
@click.option("--city", type=scaffold.SchemaText("event", "city"), help="Ort.")
@click.option("--organiser", type=scaffold.SchemaText("event", "organiser"), help="Veranstalter.")
@click.option("--kind", type=_choice(scaffold.enum_labels("event", "kind")), help="Art.")
def new_event(
    content: Path,
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
    text = scaffold.SchemaText
    values: dict[str, Any] = {"title": _ask(title, "Titel", text("event", "title"))}
    values["start"] = _ask(start, "Erster Tag (JJJJ-MM-TT oder JJJJ-MM)", text("event", "start"))
    if end is None and not title:
        end = click.prompt("Letzter Tag", type=text("event", "end"), default=values["start"])
    values["end"] = end or values["start"]
    values["city"] = _ask(city, "Ort", text("event", "city"))
    values["organiser"] = _ask(organiser, "Veranstalter", text("event", "organiser"))
    values["kind"] = _ask_choice(
        (kind,) if kind else (), "Art der Veranstaltung", scaffold.enum_labels("event", "kind")
    )[0]
    slug_default = scaffold.event_slug(values["title"], values["start"])
    _finish("event", content, slug, slug_default, scaffold.render_event(values))
