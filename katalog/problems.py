"""Problems found in the content, and the table of their codes.

Every problem an editor can cause has a stable code listed in CODES with a German
explanation; CONTRIBUTING.md and `katalog codes` print this table.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import IO, Any

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
    "K111": "Die Datei enthält ein unsichtbares Steuerzeichen (z. B. NUL oder ESC).",
    "K112": "Die Daten sind zu tief verschachtelt.",
    "K113": "Die Datei ist ein Verweis nach außerhalb von content/ oder keine gewöhnliche Datei.",
    "K201": "Ein Pflichtfeld fehlt.",
    "K202": "Ein Feld ist unbekannt (Tippfehler?).",
    "K203": "Ein Wert hat die falsche Art (Text, Zahl, Liste, ja/nein …).",
    "K204": "Ein Wert ist nicht in der Liste der erlaubten Werte.",
    "K205": "Ein Wert hat nicht die verlangte Form (Datum, Adresse, Dateiname …).",
    "K206": "Ein Text ist zu kurz oder zu lang, eine Zahl zu klein oder zu groß.",
    "K207": "Eine Liste hat zu wenige oder doppelte Einträge.",
    "K208": "Ein Feld passt nicht zu einem anderen (z. B. Link mit url und file).",
    "K209": "Ein Text besteht nur aus Leerzeichen oder unsichtbaren Zeichen.",
    "K210": "Ein Text enthält ein Steuerzeichen oder einen Zeilenumbruch, wo keiner sein darf.",
    "K211": "Die Adresse ist für einen Teil der Website reserviert.",
    "K212": "Ein Markdown-Text ist zu verschachtelt oder zu aufwendig umzuwandeln.",
    "K301": "Zwei Einträge haben dieselbe Adresse (auch bei anderer Groß-/Kleinschreibung).",
    "K302": "Ein Bericht nennt ein Projekt, das es nicht gibt.",
    "K303": "Das Ende liegt vor dem Beginn.",
    "K304": "Eine Materialdatei fehlt.",
    "K305": "Eine Materialdatei liegt außerhalb des Ordners des Eintrags.",
    "K306": "Eine Materialdatei hat eine nicht erlaubte Art oder einen reservierten Namen.",
    "K307": "Eine Materialdatei ist zu groß.",
    "K308": "Zwei Materialdateien eines Eintrags erhielten denselben Namen auf der Website.",
    "K309": "Zwei Quellen erzeugten dieselbe Datei der Website.",
    "K310": "Ein Eintrag nennt eine Expertin oder einen Experten, die oder den es nicht gibt.",
    "K311": "Der Dateiname einer Fachperson enthält ihren Namen, obwohl sie der "
    "Veröffentlichung des Namens nicht zugestimmt hat.",
    "K312": "Eine frühere Adresse (»former_slugs«) ist noch oder doppelt vergeben.",
    "K401": "katalog.toml ist kein gültiges TOML (Syntaxfehler).",
    "W101": "Warnung: Der Eintrag wurde länger nicht geprüft, als »review_after_days« in "
    "katalog.toml erlaubt (Feld »last_reviewed«). Mit --strict gilt das als Fehler.",
    "W102": "Warnung: Die Einwilligung einer Fachperson ist älter, als »consent_after_days« in "
    "katalog.toml erlaubt (Feld »consent: date«). Mit --strict gilt das als Fehler.",
    "W103": "Warnung: Die Datei einer Fachperson enthält eine Angabe, die ihre Einwilligung nicht "
    "umfasst. Sie wird nicht veröffentlicht, steht aber im öffentlichen Quelltext.",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the content, at a 1-based line and column."""

    path: str
    line: int
    column: int
    code: str
    message: str

    def __post_init__(self) -> None:
        # a problem is one line: file names and quoted values may carry line breaks or
        # terminal escapes (an attacker's file name); show them, never let them act
        object.__setattr__(self, "path", visible(self.path))
        object.__setattr__(self, "message", visible(self.message))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


# C0 and C1 controls, line and paragraph separators, bidi overrides, non-characters, surrogates
_INVISIBLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]"
)


def char_name(char: str) -> str:
    """`\\x1b` → `U+001B (ESCAPE)`: how a message names a character it cannot show."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "Steuerzeichen")
    return f"U+{ord(char):04X} ({name})"


_CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "BACKSPACE", 9: "TAB", 10: "ZEILENUMBRUCH", 13: "CR"}
_CONTROL_NAMES |= {27: "ESCAPE", 127: "DELETE"}


def visible(text: str) -> str:
    """Control characters (also line breaks) as `\\x1b`-style escapes, all else unchanged."""
    return _INVISIBLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


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
            f"::{_level(p, strict)} file={_gh_property(p.path)},line={p.line},col={p.column},"
            f"title={_gh_property(p.code)}::{_gh_escape(p.message)}"
            for p in problems
        )
    return "\n".join(str(p) for p in problems)


def _level(problem: Problem, strict: bool) -> str:
    return "warning" if is_warning(problem) and not strict else "error"


def _gh_escape(text: str) -> str:
    """Escape a workflow command's message as the Actions toolkit does (escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    """Escape a workflow command's property value (toolkit's escapeProperty)."""
    return _gh_escape(text).replace(":", "%3A").replace(",", "%2C")


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

    def show(self, file: IO[Any] | None = None) -> None:
        """Every line as `path:line:column: CODE message`, without click's English prefix."""
        click.echo(self.format_message(), file=file, err=file is None)


class BuildError(click.ClickException):
    """Something outside the content failed (Pagefind, the output folder …)."""
