"""Checks of every text value the schema cannot express (part of the validate stage).

- no control characters (a YAML escape such as "\\x01" or "\\0" gets past the file check),
- no text made only of white space or invisible characters,
- no line break in a field with a pattern or format (URL, e-mail, phone, date, file):
  JSON Schema's `$` also matches before a final line break,
- dates that exist, in a sensible range of years,
- Markdown without the shapes that make the renderer hang or recurse.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from .load import DataPath, RawRecord
from .markup import complexity_problem
from .problems import Problem, char_name
from .schema import field_name, resolve

FIRST_YEAR, LAST_YEAR = 1900, 2100
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x85\u2028\u2029]")
# characters that show nothing, beyond white space and format characters (category Cf)
_BLANK_LETTERS = {"\u115f", "\u1160", "\u2800", "\u3164", "\uffa0"}
_DATE_PATTERN = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


class TextChecks:
    """The checks above for the records of one schema; it remembers what each node of the
    schema needs, as the same few nodes come up for every value of every record."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        # id of a node of `schema` (alive as long as it) -> (the node resolved, whether its
        # values get more checks than the usual value: Markdown, dates)
        self.nodes: dict[int, tuple[dict[str, Any], bool]] = {}

    def problems(self, record: RawRecord) -> list[Problem]:
        problems: list[Problem] = []
        for where, value, prop, special in self._strings(self.schema, record.data, (), []):
            if not special and _plain_value(value):
                continue  # the usual value: nothing below could object to it
            name_of = partial(field_name, self.schema, where)
            found = list(_value_problems(name_of, value, prop))
            if found:  # the field's name and place only for a message (once per value is slow)
                line, column = record.position(where)
                problems += [Problem(record.path, line, column, code, text) for code, text in found]
        if record.kind != "project" and record.body:
            complex_body = complexity_problem(record.body)
            if complex_body:
                problems.append(Problem(record.path, _body_line(record), 1, "K212", complex_body))
        return problems

    def _strings(
        self,
        node: dict[str, Any],
        value: Any,
        where: DataPath,
        found: list[tuple[DataPath, str, dict[str, Any], bool]],
    ) -> list[tuple[DataPath, str, dict[str, Any], bool]]:
        """Every string in `value` with its path, (resolved) schema and whether it gets more
        checks, added to `found` (not a generator: nested generators were slow)."""
        known = self.nodes.get(id(node))
        if known is None:
            resolved = resolve(self.schema, node)
            special = bool(resolved.get("x-markdown")) or _is_date_field(resolved)
            known = self.nodes[id(node)] = (resolved, special)
        node = known[0]
        if isinstance(value, str):
            found.append((where, value, node, known[1]))
        elif isinstance(value, dict):
            props = node.get("properties", {})
            for key, item in value.items():
                if key in props:
                    self._strings(props[key], item, (*where, key), found)
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            for index, item in enumerate(value):
                self._strings(node["items"], item, (*where, index), found)
        return found


def _body_line(record: RawRecord) -> int:
    """The line where the Markdown text below the front matter begins."""
    try:
        lines = record.file.read_text(encoding="utf-8-sig").replace("\r\n", "\n").count("\n")
    except (OSError, UnicodeDecodeError):
        return 1
    return max(1, lines - record.body.count("\n") + 1)


def _plain_value(value: str) -> bool:
    """True for the usual value, which none of the checks below can object to: no control
    character or line break, and a first character that shows (a letter or digit)."""
    return (
        value[:1].isalnum()
        and value[0] not in _BLANK_LETTERS
        and not _CONTROL.search(value)
        and not _LINE_BREAK.search(value)
    )


def _value_problems(
    name_of: Callable[[], str], value: str, prop: dict[str, Any]
) -> Iterator[tuple[str, str]]:
    one_line = "pattern" in prop or "format" in prop
    control = (_LINE_BREAK.search(value) if one_line else None) or _CONTROL.search(value)
    if control:
        what = "einen Zeilenumbruch" if _LINE_BREAK.match(control.group()) else "das Zeichen"
        yield (
            "K210",
            f"»{name_of()}« enthält {what} {char_name(control.group())} an Stelle "
            f"{control.start() + 1}. Bitte löschen"
            + ("; dieser Wert steht in einer einzigen Zeile." if one_line else "."),
        )
        return
    if value and not any(_shows(char) for char in value):
        yield (
            "K209",
            f"»{name_of()}« enthält nur Leerzeichen oder unsichtbare Zeichen. Bitte einen Text "
            "schreiben oder das Feld löschen.",
        )
        return
    if prop.get("x-markdown"):
        found = complexity_problem(value)
        if found:
            yield "K212", found
    if _is_date_field(prop) and _DATE_PATTERN.fullmatch(value):
        # a full date with format "date" is checked by the schema's format checker already
        found = _date_problem(value, check_day=prop.get("format") != "date")
        if found:
            yield "K205", f"»{value}« ist für »{name_of()}« nicht gültig: {found}"


def _shows(char: str) -> bool:
    category = unicodedata.category(char)
    return not (
        char.isspace() or category in ("Cf", "Cc", "Zs", "Mn", "Me") or char in _BLANK_LETTERS
    )


def _is_date_field(prop: dict[str, Any]) -> bool:
    return prop.get("format") == "date" or str(prop.get("pattern", "")).startswith("^[0-9]{4}")


def _date_problem(text: str, check_day: bool) -> str | None:
    parts = [int(p) for p in text.split("-")]
    if not FIRST_YEAR <= parts[0] <= LAST_YEAR:
        return f"Das Jahr {parts[0]} liegt nicht zwischen {FIRST_YEAR} und {LAST_YEAR}."
    if len(parts) == 3 and check_day:
        try:
            dt.date(*parts)
        except ValueError:
            return f"Den {parts[2]}. Tag im Monat {parts[1]} des Jahres {parts[0]} gibt es nicht."
    return None
