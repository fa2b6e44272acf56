"""JSON text as the exports write it, made by orjson (eight times faster than the standard
library's indenting encoder, which runs in pure Python) with the standard library's bytes:
two-space indent, `": "` and `,` separators, UTF-8 characters unescaped. Values orjson does
not take (integers beyond 64 bits) go to the standard library, which writes the same text.
tests/test_jsontext.py compares both on generated values."""

from __future__ import annotations

import json
from typing import Any

import orjson


def pretty(data: Any) -> str:
    """Indented JSON with a final line break (files others read and diff)."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def compact(data: Any) -> str:
    """JSON without any spaces (embedded in pages)."""
    try:
        return orjson.dumps(data).decode()
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
