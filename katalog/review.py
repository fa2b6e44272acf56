"""Warnings (not errors): records whose `last_reviewed` date, or an expert's consent date,
is too old.

A warning is a Problem whose code starts with "W". It never stops a build unless the
editor asks for `--strict`.
"""

from __future__ import annotations

import datetime as dt

from .load import RawRecord
from .model import german_date
from .problems import Problem


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None  # an invalid date is already an error (K205)


def review_warnings(
    records: list[RawRecord], max_days: int, today: dt.date, consent_days: int = 730
) -> list[Problem]:
    """W101 for every record reviewed more than `max_days` days before `today`; W102 for
    every expert whose consent was given more than `consent_days` days before `today`."""
    warnings: list[Problem] = []
    for record in records:
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
