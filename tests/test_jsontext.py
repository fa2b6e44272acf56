"""orjson writes the exports' JSON with the standard library's bytes (katalog/jsontext.py)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from katalog.jsontext import compact, pretty

# what the exports hold: text in any script (control characters and line separators too),
# integers (also beyond 64 bits), truth values, null, and coordinates-like decimals
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).filter(
        lambda f: f == 0 or abs(f) >= 1e-4
    ),
    st.text(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(), inner)),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(values)
def test_the_same_bytes_as_the_standard_library(value: Any) -> None:
    assert pretty(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    assert compact(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_decimal_reads_back_as_the_same_number(value: float) -> None:
    # very small or large decimals may be spelled differently (1e-7 for 1e-07), never valued so
    assert json.loads(pretty({"x": value})) == {"x": value}


def test_the_examples_spell_the_known_cases() -> None:
    assert pretty({"ä": [1, "„x“\n\u2028"], "b": {}}) == (
        '{\n  "ä": [\n    1,\n    "„x“\\n\u2028"\n  ],\n  "b": {}\n}\n'
    )
    assert compact({"big": 2**80}) == '{"big":1208925819614629174706176}'
