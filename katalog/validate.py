"""Validate stage: schema and cross-record checks. Never raises; returns problems."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from .addresses import RESERVED, reserved_problem
from .load import RawRecord, display_path, remembering, suggest_slug
from .materials import material_problem, output_name
from .problems import Problem
from .progress import Advance, unseen
from .schema import Schemas, field_name, resolve
from .textcheck import TextChecks

_FORMAT_HINTS = {
    "email": "eine E-Mail-Adresse wie name@example.org",
    "date": "ein gültiges Datum in der Form JJJJ-MM-TT, z. B. 2024-03-15",
    "uri": "eine vollständige Adresse, die mit https:// beginnt",
}


# id(record) -> (record, schema, its schema problems): the preview validates the records it
# did not have to load again only once (the record object is kept, so its id stays its own);
# only while load remembers files
_checked: dict[int, tuple[RawRecord, dict[str, Any], list[Problem]]] = {}


class RecordValidator:
    """A record's schema problems, worded for editors.

    The Rust validator (jsonschema-rs, ~30× faster) only answers whether a record is valid;
    it checks the same schema with formats on and is at least as strict as the Python
    validator here (its `$` does not match before a final line break, its `email` and `uri`
    formats follow the RFCs; tests/test_validate_fast.py compares both on hostile values).
    Only a record it rejects is walked by the Python validator, whose errors name fields and
    positions; a record both accept has no schema problems.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self._fast = jsonschema_rs.validator_for(schema, validate_formats=True)
        self._full = Draft202012Validator(schema, format_checker=FormatChecker())

    def problems(self, record: RawRecord) -> list[Problem]:
        if self._fast.is_valid(record.data):
            return []
        return [
            p
            for error in self._full.iter_errors(record.data)
            for p in _schema_problems(record, self.schema, error)
        ]


def validate(
    records: list[RawRecord], schemas: Schemas, advance: Advance = unseen
) -> list[Problem]:
    """Every problem of `records` against `schemas` and each other; `advance` hears of each
    record checked against its schema."""
    problems: list[Problem] = []
    kinds = {r.kind for r in records}
    validators = {kind: RecordValidator(schemas[kind]) for kind in kinds}
    text_checks = {kind: TextChecks(schemas[kind]) for kind in kinds}
    for record in records:
        schema = schemas[record.kind]
        known = _checked.get(id(record))
        if known is not None and known[0] is record and known[1] == schema:
            problems.extend(known[2])  # the same loaded record (see load), the same schema
            advance(1)
            continue
        found = validators[record.kind].problems(record)
        found.extend(text_checks[record.kind].problems(record))
        if remembering():
            _checked[id(record)] = (record, schema, found)
        problems.extend(found)
        advance(1)
    problems.extend(check_cross_records(records))
    problems.extend(check_former_slugs(records))
    return list(dict.fromkeys(problems))  # pattern and format may report the same thing


def schema_problems(record: RawRecord, schema: dict[str, Any]) -> list[Problem]:
    """The problems of one record against `schema` (also used for katalog.toml)."""
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    found = [
        p for e in validator.iter_errors(record.data) for p in _schema_problems(record, schema, e)
    ]
    return list(dict.fromkeys(found))


def _schema_problems(
    record: RawRecord, schema: dict[str, Any], error: ValidationError
) -> Iterable[Problem]:
    where = tuple(error.absolute_path)
    name = field_name(schema, where)
    sub: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    keyword = error.validator
    value = error.instance

    def at(code: str, message: str, position: tuple[int, int] | None = None) -> Problem:
        line, column = position or record.position(where)
        return Problem(record.path, line, column, code, message)

    if keyword == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        props = resolve(schema, sub).get("properties", {})
        if not where:  # a conditional rule (if/then) names fields of the whole record
            props = {**schema["properties"], **props}
        for key in missing:
            title = resolve(schema, props.get(key, {})).get("title")
            label = f"»{title}« ({key})" if title else f"»{key}«"
            hint = _required_hint(schema, props.get(key, {}))
            yield at("K201", f"Pflichtfeld {label} fehlt{_in(name)}.{hint}")
        return
    if keyword == "additionalProperties":
        allowed = list(resolve(schema, sub).get("properties", {}))
        for key in sorted(set(value) - set(allowed)):
            suggestion = _closest(key, allowed)
            hint = f" Meinten Sie »{suggestion}«?" if suggestion else ""
            yield at(
                "K202",
                f"Unbekanntes Feld »{key}«{_in(name)}.{hint} Erlaubt: {', '.join(allowed)}.",
                record.position((*where, key), key=True),
            )
        return
    if keyword == "enum":
        labels = sub.get("x-labels", {})
        title = sub.get("title", name)
        allowed_text = ", ".join(
            f"{v} ({labels[v]})" if labels.get(v, v).casefold() != str(v).casefold() else str(v)
            for v in error.validator_value
        )
        suggestion = _closest(str(value), [str(v) for v in error.validator_value])
        hint = f" Meinten Sie »{suggestion}«?" if suggestion else ""
        yield at("K204", f"Unbekannter Wert »{value}« für {title}.{hint} Erlaubt: {allowed_text}.")
        return
    if keyword == "type":
        key = next((str(p) for p in reversed(where) if isinstance(p, str)), "feld")
        yield at("K203", _type_message(name, key, value, error.validator_value))
        return
    if keyword in ("pattern", "format"):
        hint = sub.get("x-hint") or _FORMAT_HINTS.get(str(error.validator_value), "")
        yield at(
            "K205",
            f"»{value}« ist für »{name}« nicht gültig. Bitte schreiben Sie {hint}.",
        )
        return
    if keyword in ("minLength", "maxLength"):
        limit = error.validator_value
        length = len(value)
        if keyword == "minLength":
            text = "leer" if length == 0 else f"zu kurz ({length} Zeichen)"
            msg = f"»{name}« ist {text}; bitte mindestens {limit} Zeichen schreiben."
        else:
            msg = f"»{name}« ist zu lang ({length} Zeichen); erlaubt sind höchstens {limit}."
        yield at("K206", msg)
        return
    if keyword in ("minimum", "maximum"):
        rule = "mindestens" if keyword == "minimum" else "höchstens"
        yield at("K206", f"»{name}« ist {value}; erlaubt ist {rule} {error.validator_value}.")
        return
    if keyword in ("minItems", "maxItems"):
        limit = error.validator_value
        if keyword == "minItems":
            msg = f"»{name}« braucht mindestens {limit} Eintrag" + ("" if limit == 1 else "e")
        else:
            msg = f"»{name}« hat {len(value)} Einträge; erlaubt sind höchstens {limit}"
        yield at("K207", msg + ".")
        return
    if keyword == "uniqueItems":
        seen: set[str] = set()
        for index, item in enumerate(value):
            key = repr(item)
            if key in seen:
                yield at(
                    "K207",
                    f"»{item}« steht doppelt in »{name}«; bitte nur einmal nennen.",
                    record.position((*where, index)),
                )
            seen.add(key)
        return
    if keyword == "oneOf" and "x-oneof-hint" in sub:
        yield at("K208", str(sub["x-oneof-hint"]))
        return
    if keyword == "dependentRequired":
        for key, needs in error.validator_value.items():
            if key in value:
                for other in needs:
                    if other not in value:
                        yield at(
                            "K208",
                            f"»{key}« ist nur zusammen mit »{other}« sinnvoll; "
                            f"bitte »{other}: true« ergänzen oder »{key}« löschen.",
                            record.position((*where, key), key=True),
                        )
        return
    yield at("K208", f"»{name}« ist ungültig ({error.message}).")


def _in(name: str) -> str:
    return "" if name == "Datei" else f" in »{name}«"


def _required_hint(schema: dict[str, Any], prop: dict[str, Any]) -> str:
    prop = resolve(schema, prop)
    description = prop.get("description")
    return f" Bitte ergänzen: {description}" if description else " Bitte ergänzen."


_TYPE_NAMES = {
    "string": "Text",
    "integer": "ganze Zahl",
    "number": "Zahl",
    "boolean": "true oder false",
    "array": "Liste (Zeilen mit »- …«)",
    "object": "Abschnitt mit eigenen Feldern",
    "null": "leer",
}


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def _type_message(name: str, key: str, value: Any, expected: Any) -> str:
    wanted = expected if isinstance(expected, str) else expected[0]
    got = _TYPE_NAMES[_type_of(value)]
    message = f"»{name}« muss {_TYPE_NAMES.get(wanted, wanted)} sein, nicht {got}."
    if wanted == "string" and isinstance(value, int | bool):
        message += f' Bitte in Anführungszeichen schreiben: "{str(value).lower()}".'
    elif wanted == "string" and value is None:
        message += " Bitte einen Wert eintragen oder das Feld löschen."
    elif wanted == "integer" and isinstance(value, str) and value.strip().isdigit():
        message += f" Bitte ohne Anführungszeichen schreiben: {value.strip()}."
    elif wanted == "boolean" and isinstance(value, str):
        message += " Bitte klein »true« (ja) oder »false« (nein) schreiben."
    elif wanted == "array" and not isinstance(value, list):
        message += (
            f" Schreiben Sie z. B. »{key}: [{value}]« oder jeden Eintrag "
            "in eine eigene Zeile, die mit »- « beginnt."
        )
    return message


def _closest(value: str, candidates: list[str]) -> str | None:
    import difflib

    lowered = {c.casefold(): c for c in candidates}
    match = difflib.get_close_matches(value.casefold(), list(lowered), n=1, cutoff=0.7)
    return lowered[match[0]] if match else None


def check_cross_records(records: list[RawRecord]) -> list[Problem]:
    """Checks that need more than one record, or the file system."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], RawRecord] = {}
    for record in records:
        reserved = reserved_problem(record.kind, record.slug.casefold(), record.path)
        if reserved:
            problems.append(reserved)
        key = (record.kind, record.slug.casefold())
        if key in seen:
            first = seen[key]
            problems.append(
                Problem(
                    record.path,
                    1,
                    1,
                    "K301",
                    f"Die Adresse »{record.slug}« ist schon vergeben an {first.path} "
                    "(Groß-/Kleinschreibung zählt nicht). Bitte die Datei umbenennen.",
                )
            )
        else:
            seen[key] = record
    projects = {r.slug for r in records if r.kind == "project"}
    experts = {r.slug for r in records if r.kind == "expert"}
    for record in records:
        data = record.data
        if record.kind in ("event", "project"):
            problems.extend(_unknown_experts(record, experts))
        if record.kind == "expert":
            problems.extend(_name_in_slug(record))
        if record.kind == "event":
            for index, slug in enumerate(data.get("projects") or []):
                if isinstance(slug, str) and slug not in projects:
                    line, column = record.position(("projects", index))
                    problems.append(
                        Problem(
                            record.path,
                            line,
                            column,
                            "K302",
                            f"Ein Projekt »{slug}« gibt es nicht. Gemeint ist der Dateiname "
                            "eines Projekts in content/projects/ ohne ».yaml«.",
                        )
                    )
        start, end = data.get("start"), data.get("end")
        if isinstance(start, str) and isinstance(end, str) and _before(end, start):
            line, column = record.position(("end",))
            problems.append(
                Problem(
                    record.path,
                    line,
                    column,
                    "K303",
                    f"Das Ende ({end}) liegt vor dem Beginn ({start}).",
                )
            )
        names: dict[str, str] = {}  # output name (any case) -> the first file with it
        for field in ("materials", "links", "documents"):
            for index, item in enumerate(data.get(field) or []):
                if isinstance(item, dict) and isinstance(item.get("file"), str):
                    name = item["file"]
                    problem = _check_file(record, (field, index, "file"), name)
                    earlier = names.setdefault(output_name(name).casefold(), name)
                    if problem is None and earlier != name:
                        line, column = record.position((field, index, "file"))
                        problem = Problem(
                            record.path,
                            line,
                            column,
                            "K308",
                            f"»{name}« und »{earlier}« erhielten auf der Website denselben "
                            "Dateinamen. Bitte eine der beiden Dateien umbenennen.",
                        )
                    if problem:
                        problems.append(problem)
    return problems


def _before(end: str, start: str) -> bool:
    """Compare partial dates at the coarser precision: "2019" is not before "2019-05"."""
    size = min(len(end), len(start))
    return end[:size] < start[:size]


def _check_file(record: RawRecord, where: tuple[str | int, ...], name: str) -> Problem | None:
    folder = record.file.parent
    found = material_problem(folder, display_path(folder), name)
    if found is None:
        return None
    line, column = record.position(where)
    return Problem(record.path, line, column, *found)


def check_former_slugs(records: list[RawRecord]) -> list[Problem]:
    """A former address gets a redirect page, so it must not be live or claimed twice."""
    problems: list[Problem] = []
    live = {(r.kind, r.slug): r for r in records}
    claimed: dict[tuple[str, str], RawRecord] = {}
    for record in records:
        former = record.data.get("former_slugs")
        for index, slug in enumerate(former if isinstance(former, list) else []):
            if not isinstance(slug, str):
                continue
            other = live.get((record.kind, slug)) or claimed.get((record.kind, slug))
            site = slug in RESERVED.get(record.kind, frozenset())
            if other is None and not site:
                claimed[(record.kind, slug)] = record
                continue
            line, column = record.position(("former_slugs", index))
            owner = (
                "der Website selbst"
                if other is None
                else "diesem Eintrag"
                if other is record
                else other.path
            )
            problems.append(
                Problem(
                    record.path,
                    line,
                    column,
                    "K312",
                    f"Die frühere Adresse »{slug}« ist noch vergeben (an {owner}). Unter einer "
                    "früheren Adresse steht eine Weiterleitung; sie darf nicht zugleich eine "
                    "lebende Adresse oder die frühere Adresse eines anderen Eintrags sein.",
                )
            )
    return problems


def _unknown_experts(record: RawRecord, experts: set[str]) -> Iterable[Problem]:
    for index, slug in enumerate(record.data.get("experts") or []):
        if isinstance(slug, str) and slug not in experts:
            line, column = record.position(("experts", index))
            yield Problem(
                record.path,
                line,
                column,
                "K310",
                f"Eine Expertin oder einen Experten »{slug}« gibt es nicht. Gemeint ist der "
                "Dateiname in content/experts/ ohne ».yaml«.",
            )


def _name_in_slug(record: RawRecord) -> Iterable[Problem]:
    """Without consent to the name, the file name (the page's address) must not reveal it."""
    consent = record.data.get("consent")
    covers = consent.get("covers") if isinstance(consent, dict) else None
    name = record.data.get("name")
    if not isinstance(covers, list) or "name" in covers or not isinstance(name, str):
        return
    words = {w for w in suggest_slug(name).split("-") if len(w) >= 3}
    if words & set(record.slug.split("-")):
        yield Problem(
            record.path,
            1,
            1,
            "K311",
            f"Der Dateiname »{record.slug}« enthält den Namen, dessen Veröffentlichung die "
            "Person nicht zugestimmt hat (»name« fehlt unter »consent: covers«). Bitte die "
            "Datei nach dem Fachgebiet benennen, z. B. »polizeiarbeit-sachsen.yaml«.",
        )
