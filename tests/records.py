"""Minimal valid records for tests, as text, so positions in messages are predictable."""

PROJECT = """\
title: Fußball verbindet
summary: Polizei und Moscheegemeinde spielen gemeinsam Fußball mit Jugendlichen.
description: |
  *Erfundenes Beispiel.* Ein wöchentliches Training.
carriers:
  - name: Polizeiinspektion Nord
    type: police
  - name: Moscheeverein An-Nur e. V.
    type: muslim-organisation
states:
  - Bayern
city: Nürnberg
start: "2019-05"
activities:
  - sport
target_groups:
  - young-people
last_reviewed: 2026-03-01
example: true
"""

EVENT = """\
---
title: Erfahrungsaustausch in Nürnberg
start: 2013-01-15
end: 2013-01-16
city: Nürnberg
organiser: Clearingstelle Präventionskooperation
kind: exchange
projects:
  - fussball-verbindet
---
Der Bericht.
"""

PAGE = """\
---
title: Über den Katalog
nav: 1
---
Text der Seite.
"""


def tree(**overrides: str) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "projects/fussball-verbindet.yaml": PROJECT,
        "events/2013-austausch.md": EVENT,
        "pages/ueber.md": PAGE,
    }
    for key, value in overrides.items():
        folder, name, suffix = key.split("__")
        files[f"{folder}/{name.replace('_', '-')}.{suffix}"] = value
    return files
