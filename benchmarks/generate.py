"""Synthetic catalogues for the benchmarks: fictional projects and events in our content format.

Records are varied German text (many compound nouns, so the search splitter has work), draw
carriers from a shared pool (so carrier pages list several projects) and events present several
projects each. Every record says it is an invented example. The same records are handed to the
Hugo side of the benchmark (benchmarks/hugo.py) through `Record`, so both generators build the
same catalogue.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PREFIXES = [
    "Linden", "Eichen", "Birken", "Buchen", "Erlen", "Tannen", "Rosen", "Wiesen", "Mühl",
    "Stein", "Sand", "Berg", "Tal", "See", "Bach", "Brunn", "Heide", "Moor", "Weiden", "Hasel",
    "Falken", "Kranich", "Otter", "Schwanen", "Fuchs", "Hirsch", "Kirch", "Burg", "Neu", "Alt",
]  # fmt: skip
SUFFIXES = [
    "au", "feld", "heim", "hausen", "dorf", "stadt", "brück", "kamp", "walde", "bach", "hagen",
    "rode", "stedt", "ingen", "burg", "furt", "wang", "beck", "horst", "lohe",
]  # fmt: skip
CARRIER_PATTERNS = [
    ("Polizeipräsidium {city}", "police"),
    ("Polizeiinspektion {city}-Mitte", "police"),
    ("Landeskriminalamt, Präventionsstelle {city}", "security-authority"),
    ("Islamische Gemeinde {city} e. V.", "muslim-organisation"),
    ("Moscheeverein {city}-Nord e. V.", "muslim-organisation"),
    ("Muslimischer Jugendverband {city}", "muslim-organisation"),
    ("Stadt {city}, Amt für Integration", "municipality"),
    ("Jugendamt des Kreises {city}", "municipality"),
    ("Nachbarschaftsverein {city} e. V.", "civil-society"),
    ("Sportverein Eintracht {city}", "civil-society"),
    ("Forschungsstelle Zusammenleben {city}", "research"),
]
SUBJECTS = [
    "Polizistinnen und Polizisten", "Jugendliche aus dem Stadtteil", "Ehrenamtliche der Gemeinde",
    "Eltern und Lehrkräfte", "Imame und Kontaktbeamte", "Frauen aus der Nachbarschaft",
    "Studierende der Polizeiakademie", "Mitarbeitende des Jugendamts", "Schülerinnen und Schüler",
    "Sozialarbeiterinnen und Sozialarbeiter", "Vorstandsmitglieder des Moscheevereins",
    "Beamtinnen und Beamte des Streifendienstes", "Seniorinnen und Senioren",
]  # fmt: skip
ACTIONS = [
    "trafen sich regelmäßig zu Gesprächsabenden", "spielten gemeinsam in einem Fußballturnier",
    "drehten kurze Filme über ihren Alltag", "besuchten zusammen die Moschee",
    "planten einen Tag der offenen Tür", "übten Gesprächssituationen im Rollenspiel",
    "schrieben eine Handreichung für Beratungsstellen", "kochten an einem Abend im Monat",
    "gestalteten eine Wanderausstellung", "organisierten eine Sprechstunde im Gemeindezentrum",
    "besuchten gemeinsam eine Fortbildungsreihe", "veröffentlichten einen Podcast",
    "richteten ein Elterncafé in der Grundschule ein", "bauten ein Patenschaftsnetzwerk auf",
]  # fmt: skip
PLACES = [
    "im Jugendzentrum", "in der Schulsporthalle", "im Gemeindehaus", "auf dem Marktplatz",
    "in der Polizeidienststelle", "im Stadtteilbüro", "in der Stadtbibliothek", "im Kulturzentrum",
]  # fmt: skip
TIMES = [
    "Jeden Dienstag", "Einmal im Monat", "In den Sommerferien", "Über zwei Jahre",
    "An jedem ersten Freitag", "Zweimal im Jahr", "Während des Ramadans", "Seit dem Herbst",
]  # fmt: skip
OUTCOMES = [
    "Das gegenseitige Vertrauen wuchs spürbar.", "Vorurteile wurden offen angesprochen.",
    "Aus einzelnen Kontakten entstand ein festes Netzwerk.",
    "Die Gemeinde weiß nun, an wen sie sich wenden kann.",
    "Die Beteiligten wollen das Projekt fortsetzen.",
    "Mehrere Jugendliche übernahmen selbst Verantwortung.",
    "Die Zahl der Beschwerden über Polizeikontrollen ging zurück.",
    "Eine Lokalzeitung berichtete mehrfach über das Vorhaben.",
]  # fmt: skip
TOPICS = [
    "Begegnung", "Vertrauen", "Prävention", "Dialog", "Nachbarschaft", "Sicherheit", "Zivilcourage",
    "Jugendarbeit", "Sportverein", "Filmwerkstatt", "Elterncafé", "Moscheeführung", "Kiezläufer",
    "Sprechstunde", "Schulpatenschaft", "Frauenfrühstück", "Gesprächskreis", "Lernwerkstatt",
]  # fmt: skip


@dataclass
class Record:
    """One generated record: its slug, its data as written to YAML, and its Markdown body."""

    kind: str  # "project" or "event"
    slug: str
    data: dict[str, Any]
    body: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def towns(rng: random.Random) -> list[str]:
    names = [p + s for p in PREFIXES for s in SUFFIXES]
    rng.shuffle(names)
    return names


def paragraph(rng: random.Random, sentences: int) -> str:
    parts = []
    for _ in range(sentences):
        parts.append(
            f"{rng.choice(TIMES)} {rng.choice(ACTIONS).split(' ', 1)[0]} "
            f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS).split(' ', 1)[1]} {rng.choice(PLACES)}."
        )
    return " ".join(parts)


def records(count: int, enums: dict[str, list[str]]) -> list[Record]:
    """`count` projects and a tenth as many events, the same for the same count."""
    rng = random.Random(count)
    town_names = towns(rng)
    pool = [
        (pattern.format(city=rng.choice(town_names)) + " (Beispiel)", kind)
        for pattern, kind in (rng.choice(CARRIER_PATTERNS) for _ in range(max(8, count // 4)))
    ]
    pool = list(dict.fromkeys(pool))
    result = []
    for i in range(count):
        city = rng.choice(town_names)
        start_year = rng.randint(2008, 2027)
        carriers = []
        for name, kind in rng.sample(pool, rng.randint(1, 3)):
            carrier = {"name": name, "type": kind}
            if rng.random() < 0.3:
                carrier["website"] = f"https://www.example.org/traeger-{abs(hash(name)) % 10**6}"
            carriers.append(carrier)
        data: dict[str, Any] = {
            "title": f"{rng.choice(TOPICS)} in {city}: {rng.choice(TOPICS)} Nr. {i}",
            "summary": f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} – ein erfundenes Beispiel.",
            "description": "*Erfundenes Beispiel.* " + paragraph(rng, rng.randint(3, 7)),
            "carriers": carriers,
            "states": rng.sample(enums["state"], rng.randint(1, 2)),
            "city": city,
            "start": f"{start_year}-{rng.randint(1, 12):02d}",
            "activities": rng.sample(enums["activity"], rng.randint(1, 3)),
            "target_groups": rng.sample(enums["target_group"], rng.randint(1, 3)),
            "starting_situation": paragraph(rng, rng.randint(1, 3)),
            "goals": "\n".join(f"- {rng.choice(OUTCOMES)}" for _ in range(rng.randint(2, 4))),
            "results": " ".join(rng.sample(OUTCOMES, 2)),
            "last_reviewed": "2026-01-15",
            "example": True,
        }
        if start_year < 2024 and rng.random() < 0.6:
            data["end"] = f"{start_year + rng.randint(1, 3)}-{rng.randint(1, 12):02d}"
        result.append(Record("project", f"projekt-{i:05d}", data))
    slugs = [r.slug for r in result]
    for i in range(max(1, count // 10)):
        year, month = rng.randint(2010, 2027), rng.randint(1, 12)
        city = rng.choice(town_names)
        data = {
            "title": f"{rng.choice(['Fachtag', 'Erfahrungsaustausch', 'Werkstattgespräch'])} "
            f"„{rng.choice(TOPICS)}“ in {city} ({i})",
            "summary": f"Erfundenes Beispiel: {rng.choice(SUBJECTS)} tauschten Erfahrungen aus.",
            "start": f"{year}-{month:02d}",
            "end": f"{year}-{month:02d}",
            "city": city,
            "organiser": f"Clearingstelle, Regionalbüro {city} (Beispiel)",
            "kind": rng.choice(enums["event_kind"]),
            "projects": rng.sample(slugs, min(len(slugs), rng.randint(2, 6))),
            "example": True,
        }
        body = "\n\n".join(
            [
                "*Erfundenes Beispiel.* " + paragraph(rng, 3),
                "## Ergebnisse",
                paragraph(rng, rng.randint(2, 5)),
                "## Ausblick",
                " ".join(rng.sample(OUTCOMES, 3)),
            ]
        )
        result.append(Record("event", f"{year}-{month:02d}-veranstaltung-{i:04d}", data, body))
    return result


def write_ours(folder: Path, items: list[Record]) -> None:
    """Write the records as our content folder (projects/*.yaml, events/*.md)."""
    for sub in ("projects", "events", "pages"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for record in items:
        text = yaml.safe_dump(record.data, allow_unicode=True, sort_keys=False, width=100)
        if record.kind == "project":
            (folder / "projects" / f"{record.slug}.yaml").write_text(text, encoding="utf-8")
        else:
            page = f"---\n{text}---\n{record.body}\n"
            (folder / "events" / f"{record.slug}.md").write_text(page, encoding="utf-8")
