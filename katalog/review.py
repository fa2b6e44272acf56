"""Warnings (not errors): records whose `last_reviewed` date, or an expert's consent date,
is too old, and personal details written into an expert's file without consent.

A warning is a Problem whose code starts with "W". It never stops a build unless the
editor asks for `--strict`.
"""

from __future__ import annotations

import datetime as dt

from .load import RawRecord
from .model import german_date
from .network import withheld
from .problems import Problem


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None  # an invalid date is already an error (K205)


def review_warnings(
    records: list[RawRecord],
    max_days: int,
    today: dt.date,
    consent_days: int = 730,
    consent_fields: dict[str, str] | None = None,
) -> list[Problem]:
    """W101 for every record reviewed more than `max_days` days before `today`; W102 for
    every expert whose consent was given more than `consent_days` days before `today`; W103
    for every detail in an expert's file that its consent does not cover (`consent_fields`:
    field -> the `covers` value it needs)."""
    warnings: list[Problem] = []
    for record in records:
        warnings.extend(_withheld(record, consent_fields or {}))
        consent = record.data.get("consent")
        given = _date(consent.get("date")) if isinstance(consent, dict) else None
        if given is not None and (today - given).days > consent_days:
            line, column = record.position(("consent", "date"))
            warnings.append(
                Problem(
                    record.path,
                    line,
                    column,
                    "W102",
                    f"Die Einwilligung stammt vom {german_date(given)}, vor "
                    f"{(today - given).days} Tagen (Grenze: {consent_days} Tage). Bitte die "
                    "Person fragen, ob die Angaben noch stimmen und sie weiter einverstanden "
                    "ist, und dann »consent: date« auf den Tag ihrer Bestätigung setzen.",
                )
            )
        reviewed = _date(record.data.get("last_reviewed"))
        if reviewed is None:
            continue
        age = (today - reviewed).days
        if age > max_days:
            line, column = record.position(("last_reviewed",))
            warnings.append(
                Problem(
                    record.path,
                    line,
                    column,
                    "W101",
                    f"Zuletzt geprüft am {german_date(reviewed)}, vor {age} Tagen (Grenze: "
                    f"{max_days} Tage). Bitte die Angaben prüfen und »last_reviewed« auf das "
                    "heutige Datum setzen.",
                )
            )
    return warnings


def _withheld(record: RawRecord, consent_fields: dict[str, str]) -> list[Problem]:
    """The site never shows these, but the repository is public: they should not be there."""
    consent = record.data.get("consent")
    if record.kind != "expert" or not isinstance(consent, dict):
        return []
    if not isinstance(consent.get("covers", []), list):
        return []  # already an error (K203)
    problems = []
    for field in withheld(record.data, consent_fields):
        line, column = record.position((field,), key=True)
        needed = consent_fields[field]
        problems.append(
            Problem(
                record.path,
                line,
                column,
                "W103",
                f"»{field}« ist nicht von der Einwilligung gedeckt (»{needed}« fehlt unter "
                "»consent: covers«). Die Angabe erscheint nicht auf der Website, steht aber im "
                f"öffentlichen Quelltext. Bitte löschen – oder »{needed}« ergänzen, wenn die "
                "Person zugestimmt hat.",
            )
        )
    return problems
