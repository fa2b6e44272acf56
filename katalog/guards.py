"""Checks of a content file before YAML reads it (part of the load stage).

Kept apart from the YAML loading itself, so that either can change alone: a record file
must be a regular file inside content/, hold no control characters, and nest its data no
deeper than the composer can recurse.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .problems import Problem, char_name

MAX_DEPTH = 12  # nesting levels of YAML; the schemas need 3, PyYAML's composer recurses
# characters no editor means to write: C0 controls except tab and line breaks, DEL, C1
# controls, non-characters (they also make feed.xml and the calendar unreadable)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def outside_problem(root: Path, file: Path, shown: str, linked: bool) -> Problem | None:
    """A record file that is (or lies in a folder that is) a link to a place outside `root`
    (content/, resolved), or no regular file at all (a folder or a pipe named like a record)."""
    if (not linked or file.resolve().is_relative_to(root)) and file.is_file():
        return None
    return Problem(
        shown,
        1,
        1,
        "K113",
        "Die Datei ist ein Verweis (Link) auf eine Datei außerhalb von content/ oder keine "
        "gewöhnliche Datei. Bitte den Inhalt als echte Datei in content/ ablegen.",
    )


def control_problems(path: str, text: str, first_line: int = 1) -> list[Problem]:
    """One problem per line holding a control character (NUL, ESC …), naming the character."""
    problems: list[Problem] = []
    if not CONTROL_RE.search(text):  # the usual case: one search, not one per line
        return problems
    for number, line in enumerate(text.split("\n"), start=first_line):
        found = CONTROL_RE.search(line)
        if found:
            problems.append(
                Problem(
                    path,
                    number,
                    found.start() + 1,
                    "K111",
                    f"Unsichtbares Steuerzeichen {char_name(found.group())} im Text. Bitte "
                    "löschen (es stammt meist aus einer kopierten Vorlage).",
                )
            )
    return problems[:20]


def nesting_problem(text: str) -> tuple[int, int, str] | None:
    """(line, column, German message) where YAML nests deeper than MAX_DEPTH, else None.

    Reads only the parser's events (libyaml's C parser where available), so it stays cheap
    and independent of how the document is composed afterwards; syntax errors are left to
    that step.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    return (
                        line,
                        column,
                        f"Die Daten sind zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen). "
                        "Bitte Einrückung und Klammern prüfen.",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None
