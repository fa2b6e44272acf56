"""Problems found in the content, and the table of their codes.

Every problem an editor can cause has a stable code listed in CODES with a German
explanation; CONTRIBUTING.md and `katalog codes` print this table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import click

CODES: dict[str, str] = {
    "K101": "Die Datei ist nicht in UTF-8 gespeichert.",
    "K102": "Die Datei ist zu groß.",
    "K103": "Die Datei ist kein gültiges YAML (Syntaxfehler).",
    "K104": "Ein Feld steht zweimal im selben Abschnitt.",
    "K105": "YAML-Anker und -Verweise (& und *) sind nicht erlaubt.",
    "K106": "Die Datei enthält mehr als ein YAML-Dokument.",
    "K107": "Der Kopfbereich (zwischen zwei Zeilen ---) fehlt oder ist nicht geschlossen.",
    "K108": "Der Dateiname ist keine gültige Adresse.",
    "K109": "Eine YAML-Typangabe (!!…) ist nicht erlaubt.",
    "K110": "Die Datei enthält keine Felder (leer oder keine Zuordnung).",
    "K201": "Ein Pflichtfeld fehlt.",
    "K202": "Ein Feld ist unbekannt (Tippfehler?).",
    "K203": "Ein Wert hat die falsche Art (Text, Zahl, Liste, ja/nein …).",
    "K204": "Ein Wert ist nicht in der Liste der erlaubten Werte.",
    "K205": "Ein Wert hat nicht die verlangte Form (Datum, Adresse, Dateiname …).",
    "K206": "Ein Text ist zu kurz oder zu lang, eine Zahl zu klein oder zu groß.",
    "K207": "Eine Liste hat zu wenige oder doppelte Einträge.",
    "K208": "Ein Feld passt nicht zu einem anderen (z. B. Link mit url und file).",
    "K301": "Zwei Einträge haben dieselbe Adresse (auch bei anderer Groß-/Kleinschreibung).",
    "K302": "Ein Bericht nennt ein Projekt, das es nicht gibt.",
    "K303": "Das Ende liegt vor dem Beginn.",
    "K304": "Eine Materialdatei fehlt.",
    "K305": "Eine Materialdatei liegt außerhalb des Ordners des Eintrags.",
    "K306": "Eine frühere Adresse (»former_slugs«) ist noch oder doppelt vergeben.",
    "W101": "Warnung: Der Eintrag wurde länger nicht geprüft, als »review_after_days« in "
    "katalog.toml erlaubt (Feld »last_reviewed«). Mit --strict gilt das als Fehler.",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the content, at a 1-based line and column."""

    path: str
    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


def is_warning(problem: Problem) -> bool:
    """Warnings (codes W…) are reported but do not fail a check unless it is strict."""
    return problem.code.startswith("W")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems))


def summary(problems: list[Problem]) -> str:
    files = len({p.path for p in problems})
    if not problems:
        return "Keine Probleme gefunden."
    noun = "Problem" if len(problems) == 1 else "Probleme"
    where = "einer Datei" if files == 1 else f"{files} Dateien"
    return f"{len(problems)} {noun} in {where}. Bitte alle beheben und erneut prüfen."


def warning_summary(warnings: list[Problem]) -> str:
    noun = "Warnung" if len(warnings) == 1 else "Warnungen"
    return f"{len(warnings)} {noun} (kein Fehler; mit --strict wären es Fehler)."


def format_problems(problems: list[Problem], fmt: str, strict: bool = False) -> str:
    """Render problems as text lines, GitHub annotations or JSON.

    In the github format a warning becomes `::warning`, unless `strict` makes it an error.
    """
    problems = sort_problems(problems)
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(
            f"::{_level(p, strict)} file={p.path},line={p.line},col={p.column},title={p.code}::"
            + _gh_escape(p.message)
            for p in problems
        )
    return "\n".join(str(p) for p in problems)


def _level(problem: Problem, strict: bool) -> str:
    return "warning" if is_warning(problem) and not strict else "error"


def _gh_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


class ContentError(click.ClickException):
    """The content has problems; the message lists all of them."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sort_problems(problems)
        lines = [str(p) for p in self.problems]
        lines.append(summary(self.problems))
        super().__init__("\n".join(lines))

    def format_message(self) -> str:
        return self.message


class BuildError(click.ClickException):
    """Something outside the content failed (Pagefind, the output folder …)."""
