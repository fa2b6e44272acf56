"""YAML syntax errors in German, at the line where the problem starts.

PyYAML notices a mistake where it can no longer go on, often a line or more later and in
parser words ("expected <block end>, but found '<scalar>'"). For the mistakes editors make
most (a tab, a missing colon, an unclosed quote, a line indented differently) we look at the
text itself and point at the line that causes them.
"""

from __future__ import annotations

import re

import yaml

_KEY = re.compile(r"^(\s*)(?:-\s+)?([^\s#:\"'][^:#]*?):(\s|$)")
_QUOTED_START = re.compile(r"^\s*(?:-\s+)?(?:[^\s#:\"'][^:#]*?:\s+)?([\"'])")

Found = tuple[str, int, int]  # message, line, column (1-based)


def diagnose(text: str, err: yaml.MarkedYAMLError) -> Found:
    """A German message and the position of the cause of `err` in `text`."""
    lines = text.split("\n")
    mark = err.problem_mark
    line = mark.line if mark else 0  # 0-based
    column = mark.column if mark else 0
    problem = err.problem or ""
    for check in (_tab, _unclosed_quote):
        found = check(lines, line)
        if found:
            return found
    if "could not find expected ':'" in problem:
        return _missing_colon(lines, line) or _generic(problem, line, column)
    if "mapping values are not allowed" in problem:
        if _indented_more(lines, line):
            return _indentation(line, column)
        return (
            "Unerwarteter Doppelpunkt. Enthält ein Text »: «, bitte den ganzen Text in "
            'Anführungszeichen setzen, z. B. title: "Polizei: Partner im Viertel".',
            line + 1,
            column + 1,
        )
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return _indentation(line, column)
    if "did not find expected '-' indicator" in problem:
        return (
            "Die Einrückung einer Liste stimmt nicht: Listeneinträge (»- …«) müssen genau "
            "untereinander stehen.",
            line + 1,
            column + 1,
        )
    if "found unexpected end of stream" in problem:
        return ("Eine Klammer oder ein Anführungszeichen wird nicht geschlossen.", line + 1, 1)
    if "cannot start any token" in problem:
        return (
            "Ungültiges Zeichen am Anfang eines Werts. Texte, die mit @, ` oder % beginnen, "
            "bitte in Anführungszeichen setzen.",
            line + 1,
            column + 1,
        )
    return _generic(problem, line, column)


def _generic(problem: str, line: int, column: int) -> Found:
    return (
        "Die Datei ist an dieser Stelle kein gültiges YAML. Bitte Einrückung, Doppelpunkte "
        "und Anführungszeichen prüfen.",
        line + 1,
        column + 1,
    )


def _indentation(line: int, column: int) -> Found:
    return (
        "Die Einrückung stimmt nicht: Diese Zeile ist anders eingerückt als die Felder "
        "darüber. Felder desselben Abschnitts müssen genau untereinander stehen.",
        line + 1,
        column + 1,
    )


def _tab(lines: list[str], until: int) -> Found | None:
    """The first line up to the error that is indented with a tab."""
    for number, text in enumerate(lines[: until + 1]):
        indent = text[: len(text) - len(text.lstrip())]
        if "\t" in indent:
            return (
                "Diese Zeile ist mit einem Tabulator eingerückt. Bitte nur Leerzeichen zum "
                "Einrücken verwenden.",
                number + 1,
                indent.index("\t") + 1,
            )
    return None


def _unclosed_quote(lines: list[str], until: int) -> Found | None:
    """The first line up to the error where a quoted value opens and does not close."""
    for number in range(min(until, len(lines) - 1) + 1):
        text = lines[number]
        match = _QUOTED_START.match(text)
        if not match:
            continue
        quote = match.group(1)
        rest = text[match.end() :]
        closed = rest.replace('\\"', "") if quote == '"' else rest.replace("''", "")
        if quote not in closed:
            return (
                f"Das Anführungszeichen ({quote}) am Anfang dieses Werts wird in derselben "
                f"Zeile nicht geschlossen. Bitte am Ende des Texts ein {quote} ergänzen.",
                number + 1,
                match.start(1) + 1,
            )
    return None


def _missing_colon(lines: list[str], line: int) -> Found | None:
    """The nearest line before the error that should be `name: value` but has no colon."""
    for number in range(min(line, len(lines)) - 1, -1, -1):
        text = lines[number].strip()
        if not text or text.startswith(("#", "- ", "---")) or text == "-":
            continue
        if ":" in text:
            return None
        word = text.split()[0]
        return (
            f"Hier fehlt der Doppelpunkt nach dem Feldnamen: »{word}: …«.",
            number + 1,
            len(lines[number]) - len(lines[number].lstrip()) + len(word) + 1,
        )
    return None


def _indented_more(lines: list[str], line: int) -> bool:
    """True when the error's line is a `name:` line indented deeper than the line above."""
    if line >= len(lines) or not _KEY.match(lines[line]):
        return False
    above = next((t for t in reversed(lines[:line]) if t.strip()), "")
    depth = len(lines[line]) - len(lines[line].lstrip())
    return depth > len(above) - len(above.lstrip()) and not above.rstrip().endswith(":")
