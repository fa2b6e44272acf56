"""`katalog new project`, `event` and `expert`: ask for the essentials, write a file."""

from __future__ import annotations

import datetime as dt
import difflib
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
        close = _closest(text.casefold(), list(by_name))
        hint = f" Meinten Sie »{values[by_name[close]]}«?" if close else ""
        allowed = ", ".join(values.values())
        self.fail(f"»{text}« ist nicht erlaubt.{hint} Erlaubt: {allowed}.")


def _closest(text: str, names: list[str]) -> str | None:
    """The allowed name nearest to `text`: a near spelling (»Polzei«), else the first that
    begins with it (»jugendliche«), else one that contains it (»moschee«)."""
    close = difflib.get_close_matches(text, names, n=1, cutoff=0.6)
    if close:
        return close[0]
    if len(text) < 3:
        return None
    return next((n for n in names if n.startswith(text)), None) or next(
        (n for n in names if text in n), None
    )


def _text(kind: str, field: str) -> scaffold.SchemaText:
    return scaffold.SchemaText(kind, field, current_schemas)


def _ask(value: Any, label: str, kind: scaffold.TextType, **extra: Any) -> Any:
    return value if value else _prompt(label, kind, **extra)


def _prompt(label: str, kind: scaffold.TextType, **extra: Any) -> Any:
    """click.prompt, but a rejected answer is explained in German (»Bitte noch einmal: …«)
    instead of click's English »Error: …«, and asked again."""
    while True:
        answer = click.prompt(label, type=str, **extra)
        try:
            return kind.convert(answer, None, None)
        except click.BadParameter as err:
            click.echo(f"Bitte noch einmal: {err.message}", err=True)


def _ask_choice(given: tuple[str, ...], label: str, choice: _Choice) -> list[str]:
    """One value (the given one, or asked for)."""
    return list(given) if given else _ask_values(label, choice, several=False)


def _ask_many(given: tuple[str, ...], label: str, choice: _Choice) -> list[str]:
    """Several values: the given ones, or asked for in one line, separated by commas."""
    return list(given) if given else _ask_values(label, choice, several=True)


def _ask_values(label: str, choice: _Choice, several: bool) -> list[str]:
    """Shows the German labels, accepts label or key in any case; asks again, in German,
    until every value is allowed."""
    more = " (mehrere mit Komma trennen)" if several else ""
    click.echo(f"{label} – erlaubte Werte{more}:")
    for text in choice.values().values():
        click.echo(f"  {text}")
    while True:
        answer: str = click.prompt(label, type=str)
        parts = [p.strip() for p in (answer.split(",") if several else [answer]) if p.strip()]
        values: list[str] = []
        problems: list[str] = []
        for part in parts:
            try:
                values.append(choice.convert(part, None, None))
            except click.BadParameter as err:
                problems.append(err.message)
        if values and not problems:
            return list(dict.fromkeys(values))
        for problem in problems or ["Bitte mindestens einen Wert angeben."]:
            click.echo(f"Bitte noch einmal: {problem}", err=True)


def _ask_carriers(names: list[str], types: list[str]) -> list[dict[str, str]]:
    """Names and types of the carriers. A cooperation has at least two partners, so a second
    is asked for; it may stay empty (a publication can have one editor)."""
    kinds = _Choice("project", "carriers.type")
    if not names:
        while True:
            number = len(names) + 1
            hint = "" if number < 2 else " (Enter = keine weiteren)"
            if number == 2:
                click.echo("Ein Kooperationsprojekt hat meist mindestens zwei Träger.")
            name = click.prompt(
                f"Name des {number}. Trägers{hint}",
                default="" if number > 1 else None,
                show_default=False,
            ).strip()
            if not name:
                break
            names.append(name)
    for name in names[len(types) :]:
        types += _ask_choice((), f"Art des Trägers »{name}«", kinds)
    return [{"name": name, "type": kind} for name, kind in zip(names, types, strict=True)]


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


@click.group(
    cls=GermanGroup,
    aliases={"projekt": "project", "veranstaltung": "event", "fachperson": "expert"},
)
def new() -> None:
    """Einen neuen Eintrag (Projekt, Veranstaltungsbericht, Fachperson) anlegen.

    Fragt die wichtigsten Angaben ab – oder nimmt sie als Optionen für
    Skripte – und schreibt eine kommentierte Datei, die »katalog validate«
    besteht. Vorhandene Dateien werden nie überschrieben. Statt »project«
    und »event« geht auch »projekt« und »veranstaltung«.
    """


def _today() -> dt.date:
    """The editor's own date, not the build clock (which is the last commit's date): a new
    record's »Zuletzt geprüft« and a consent date say when a person checked."""
    return dt.date.today()


@new.command("project")
@PROJECT
@SLUG
@click.option(
    "--title", type=_text("project", "title"), help="Titel des Projekts, 3 bis 150 Zeichen."
)
@click.option(
    "--summary", type=_text("project", "summary"), help="Kurzbeschreibung: ein bis zwei Sätze."
)
@click.option(
    "--description",
    type=_text("project", "description"),
    help="Beschreibung als Text; Absätze und Listen in Markdown.",
)
@click.option(
    "--carrier",
    multiple=True,
    help="Name eines Trägers als Text (mehrfach möglich, meist mindestens zwei).",
)
@click.option(
    "--carrier-type",
    multiple=True,
    type=_Choice("project", "carriers.type"),
    help="Art des Trägers, in derselben Reihenfolge wie --carrier: deutscher Name "
    "(»Polizei«) oder Schlüssel (»police«).",
)
@click.option(
    "--state",
    multiple=True,
    type=_Choice("project", "states"),
    help="Bundesland, z. B. »Bayern« oder »bundesweit« (mehrfach möglich).",
)
@click.option(
    "--city", type=_text("project", "city"), help="Stadt oder Region als Text (optional)."
)
@click.option(
    "--start",
    type=_text("project", "start"),
    help="Beginn: Jahr (2019), Monat (2019-05) oder Tag (2019-05-14).",
)
@click.option(
    "--activity",
    multiple=True,
    type=_Choice("project", "activities"),
    help="Handlungsfeld: deutscher Name (»Sport«) oder Schlüssel (mehrfach möglich).",
)
@click.option(
    "--target-group",
    multiple=True,
    type=_Choice("project", "target_groups"),
    help="Zielgruppe: deutscher Name (»Frauen«) oder Schlüssel (mehrfach möglich).",
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

    Ohne Optionen fragt der Befehl alles ab. Beispiel für Skripte:

    \b
      katalog new project --title "Fußball verbindet" --summary "…"
        --description "…" --carrier "Polizei Nord" --carrier-type Polizei
        --carrier "Moscheeverein An-Nur e. V."
        --carrier-type muslim-organisation
        --state Bayern --start 2024-05 --activity Sport
        --target-group "Jugendliche und junge Erwachsene"
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
    values["carriers"] = _ask_carriers(list(carrier), list(carrier_type))
    values["states"] = _ask_many(state, "Bundesländer", _Choice("project", "states"))
    if city is None and not title:
        city = click.prompt("Ort (optional, Enter = leer)", default="", show_default=False)
    if city:
        values["city"] = city
    values["start"] = _ask(start, "Beginn (Jahr, JJJJ-MM oder Datum)", text("project", "start"))
    values["activities"] = _ask_many(activity, "Handlungsfelder", _Choice("project", "activities"))
    values["target_groups"] = _ask_many(
        target_group, "Zielgruppen", _Choice("project", "target_groups")
    )
    values["last_reviewed"] = _today().isoformat()
    rendered = scaffold.render_record(current_schemas(), "project", values)
    _finish("project", slug, scaffold.project_slug(values["title"]), rendered)


@new.command("event")
@PROJECT
@SLUG
@click.option("--title", type=_text("event", "title"), help="Titel der Veranstaltung als Text.")
@click.option(
    "--start",
    type=_text("event", "start"),
    help="Erster Tag: 2013-01-15, oder nur der Monat (2013-01), wenn die Tage nicht feststehen.",
)
@click.option(
    "--end", type=_text("event", "end"), help="Letzter Tag, wie --start; ohne Angabe derselbe Tag."
)
@click.option("--city", type=_text("event", "city"), help="Stadt als Text, z. B. »Nürnberg«.")
@click.option(
    "--organiser",
    type=_text("event", "organiser"),
    help="Veranstalter als Text, z. B. »Clearingstelle Präventionskooperation«.",
)
@click.option(
    "--kind",
    type=_Choice("event", "kind"),
    help="Art der Veranstaltung: deutscher Name (»Fachtagung«) oder Schlüssel.",
)
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
        end = _prompt("Letzter Tag", text("event", "end"), default=values["start"])
    values["end"] = end or values["start"]
    values["city"] = _ask(city, "Ort", text("event", "city"))
    values["organiser"] = _ask(organiser, "Veranstalter", text("event", "organiser"))
    values["kind"] = _ask_choice(
        (kind,) if kind else (), "Art der Veranstaltung", _Choice("event", "kind")
    )[0]
    slug_default = scaffold.event_slug(values["title"], values["start"])
    _finish("event", slug, slug_default, scaffold.render_event(current_schemas(), values))


@new.command("expert")
@PROJECT
@SLUG
@click.option("--side", type=_Choice("expert", "side"), help="Seite, z. B. science.")
@click.option("--expertise", multiple=True, type=_Choice("expert", "expertise"), help="Fachgebiet.")
@click.option("--state", multiple=True, type=_Choice("expert", "states"), help="Bundesland.")
@click.option(
    "--available-for",
    multiple=True,
    type=_Choice("expert", "available_for"),
    help="Verfügbar für, z. B. lecture (mehrfach möglich).",
)
@click.option("--consent-date", type=_text("expert", "consent.date"), help="Tag der Einwilligung.")
@click.option(
    "--consents-to",
    multiple=True,
    type=_Choice("expert", "consent.covers"),
    help="Was veröffentlicht werden darf: name, organisation, contact (mehrfach möglich).",
)
@click.option("--name", type=_text("expert", "name"), help="Name (nur mit --consents-to name).")
@click.option("--organisation", type=_text("expert", "organisation"), help="Organisation.")
@click.option("--email", type=_text("expert", "email"), help="E-Mail (nur mit contact).")
def new_expert(
    slug: str | None,
    side: str | None,
    expertise: tuple[str, ...],
    state: tuple[str, ...],
    available_for: tuple[str, ...],
    consent_date: str | None,
    consents_to: tuple[str, ...],
    name: str | None,
    organisation: str | None,
    email: str | None,
) -> None:
    """Eine Expertin oder einen Experten anlegen (content/experts/<name>.yaml).

    Ohne Optionen wird auch gefragt, wozu die Person eingewilligt hat; nur
    dafür werden Name, Organisation und E-Mail abgefragt. Ohne Einwilligung
    in den Namen wird die Datei nach Fachgebiet und Bundesland benannt.
    Beispiel für Skripte: katalog new expert --side science --expertise law
    --state Sachsen --available-for lecture --consents-to name --name "…"
    """
    interactive = side is None
    values: dict[str, Any] = {}
    values["side"] = _ask_choice((side,) if side else (), "Seite", _Choice("expert", "side"))[0]
    values["expertise"] = _ask_choice(expertise, "Fachgebiet", _Choice("expert", "expertise"))
    values["states"] = _ask_choice(state, "Bundesland", _Choice("expert", "states"))
    values["available_for"] = _ask_choice(
        available_for, "Verfügbar für", _Choice("expert", "available_for")
    )
    date = consent_date or (
        click.prompt(
            "Tag der Einwilligung (JJJJ-MM-TT)",
            type=_text("expert", "consent.date"),
            default=_today().isoformat(),
        )
        if interactive
        else _today().isoformat()
    )
    covers = list(consents_to)
    if interactive:
        details = scaffold.enum_labels(current_schemas(), "expert", "consent.covers")
        answer = click.Choice(["ja", "nein"])
        covers = [
            key
            for key, label in details.items()
            if click.prompt(
                f"Hat die Person eingewilligt, dass »{label}« erscheint? (ja/nein)",
                type=answer,
                default="nein",
                show_choices=False,
            )
            == "ja"
        ]
    given = {"name": name, "organisation": organisation, "contact": email}
    refused = [key for key, value in given.items() if value and key not in covers]
    if refused:
        raise click.UsageError(
            f"Ohne Einwilligung »{refused[0]}« (--consents-to {refused[0]}) bitte diese Angabe "
            "weglassen: Was nicht veröffentlicht werden darf, gehört nicht in die Datei."
        )
    if "name" in covers:
        values["name"] = _ask(name, "Name", _text("expert", "name"))
    if "organisation" in covers and (organisation or interactive):
        values["organisation"] = _ask(organisation, "Organisation", _text("expert", "organisation"))
    if "contact" in covers and (email or interactive):
        values["email"] = _ask(email, "Dienstliche E-Mail", _text("expert", "email"))
    values["consent"] = {"date": date, "covers": covers}
    schemas = current_schemas()
    vocabulary = schemas.vocabulary
    default = scaffold.expert_slug(
        values,
        vocabulary.label("expertise", values["expertise"][0]),
        vocabulary.label("state", values["states"][0]),
    )
    _finish("expert", slug, default, scaffold.render_record(schemas, "expert", values))
