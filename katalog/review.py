"""Warnings (not errors): records whose `last_reviewed` date is too old.

A warning is a Problem whose code starts with "W". It never stops a build unless the
editor asks for `--strict`.
"""

from __future__ import annotations

import datetime as dt

from .load import RawRecord
from .model import german_date
from .problems import Problem


def review_warnings(records: list[RawRecord], max_days: int, today: dt.date) -> list[Problem]:
    """W101 for every record reviewed more than `max_days` days before `today`."""
    warnings: list[Problem] = []
    for record in records:
        value = record.data.get("last_reviewed")
        if not isinstance(value, str):
            continue
        try:
            reviewed = dt.date.fromisoformat(value)
        except ValueError:
            continue  # an invalid date is already an error (K205)
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
