"""How the site words facts about projects in German, in one place for every page, feed and
search result: a project's time span, its place line, the heading and count sentence of a
facet page, and published phone numbers (pure functions of the model)."""

from __future__ import annotations

import re

from .model import PartialDate, Project, Term


def time_span(start: PartialDate, end: PartialDate | None, status: str) -> str:
    """`März 2017 – März 2020`, `seit März 2017` (running), `ab März 2027` (planned)."""
    if end is not None:
        if start == end:
            return start.german
        return f"{start.german} – {end.german}"
    return f"{'ab' if status == 'planned' else 'seit'} {start.german}"


def project_time_span(project: Project) -> str:
    return time_span(project.start, project.end, project.status.value)


def place(project: Project) -> str:
    """`Bayern · München`; the city is left out where it only repeats a state
    (`Hamburg`, not `Hamburg · Hamburg`)."""
    states = ", ".join(s.label for s in project.states)
    labels = {s.label for s in project.states}
    if not project.city or project.city in labels:
        return states
    return f"{states} · {project.city}"


def _projects(count: int) -> str:
    return f"{count} Projekt{'' if count == 1 else 'e'}"


def _adjective(stem: str, count: int | None) -> str:
    """`laufend` → `Laufende Projekte` (heading), `1 laufendes Projekt`, `3 laufende Projekte`."""
    if count is None:
        return f"{stem.capitalize()}e Projekte"
    return f"{count} {stem}{'es' if count == 1 else 'e'} Projekt{'' if count == 1 else 'e'}"


# Dative or accusative forms where a label does not fit the sentence as it stands.
_CARRIERS_DATIVE = {
    "police": "der Polizei",
    "security-authority": "einer anderen Sicherheitsbehörde",
    "muslim-organisation": "einer muslimischen Organisation oder Moscheegemeinde",
    "municipality": "einer Kommune",
    "civil-society": "einem Verein oder einer zivilgesellschaftlichen Gruppe",
    "research": "einer Hochschule oder Forschungseinrichtung",
    "other": "einem sonstigen Träger",
}
_TARGET_GROUPS = {"public": "die allgemeine Öffentlichkeit", "other": "sonstige Zielgruppen"}


def _phrase(term: Term) -> str | None:
    """The words after `Projekte` for a facet value, e.g. `in Bayern`; None where an
    adjective in front reads better (`Bundesweite Projekte`, `Laufende Projekte`)."""
    if term.enum == "status" or (term.enum == "state" and term.value == "bundesweit"):
        return None
    if term.enum == "state":
        return f"in {term.label}"
    if term.enum == "activity":
        if term.value == "other":
            return "mit sonstigen Handlungsfeldern"
        return f"im Handlungsfeld {term.label}"
    if term.enum == "target_group":
        return f"für {_TARGET_GROUPS.get(term.value, term.label)}"
    if term.enum == "carrier_type":
        if term.value == "other":
            return "mit sonstigen Trägern"
        return f"mit {_CARRIERS_DATIVE.get(term.value, term.label)} als Träger"
    raise ValueError(f"no facet for {term.enum}")


def facet_heading(term: Term) -> str:
    """`Projekte in Bayern`, `Bundesweite Projekte`, `Projekte mit der Polizei als Träger`."""
    phrase = _phrase(term)
    return _adjective(term.label.lower(), None) if phrase is None else f"Projekte {phrase}"


def facet_count(term: Term, count: int) -> str:
    """The count sentence of a facet page: `1 Projekt in Bayern.`, `2 laufende Projekte.`,
    `Zurzeit enthält der Katalog kein Projekt in Bayern.`"""
    phrase = _phrase(term)
    if count == 0:
        if phrase is None:
            return f"Zurzeit enthält der Katalog kein {term.label.lower()}es Projekt."
        return f"Zurzeit enthält der Katalog kein Projekt {phrase}."
    if phrase is None:
        return _adjective(term.label.lower(), count) + "."
    return f"{_projects(count)} {phrase}."


def _phone_parts(number: str) -> list[str]:
    """`+49 (911) 123-456` → [`+49`, `911`, `123456`]; `0911/123 456` → [`+49`, `911`, `123456`]
    (German national numbers get the country code). The editor's first separator marks the
    end of the area code; the rest is one block."""
    parts = [p for p in re.split(r"[\s()/-]+", number.strip()) if p]
    if parts and not parts[0].startswith("+") and parts[0].startswith("0"):
        parts = ["+49", parts[0].removeprefix("0"), *parts[1:]]
    if len(parts) > 3:
        parts = [*parts[:2], "".join(parts[2:])]
    return parts


def phone(number: str) -> str:
    """One format for every published number: `+49 911 123456`."""
    return " ".join(_phone_parts(number))


def phone_uri(number: str) -> str:
    """The `tel:` address in E.164 form: `tel:+49911123456`."""
    return "tel:" + "".join(_phone_parts(number))
