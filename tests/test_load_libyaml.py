"""The libyaml fast path of the load stage makes exactly the data and positions the Python
loader does, and hands everything unusual (anchors, tags, deep nesting, errors, repeated keys,
a document that is no mapping) to the Python loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from katalog.load import _FALL_BACK, _compose_python, _construct, _data_libyaml, split_front_matter

ROOT = Path(__file__).resolve().parent.parent
TRICKY = [
    "title: NO\nstart: 2024-05-01\nzip: 01234\ntime: 12:30\nn: -7\nz: 0\nbig: 10000000000000\n",
    "a: ~\nb: null\nc:\nd: ''\ne: \"\"\nf: true\ng: True\nh: false\n",
    "text: |\n  Zeile eins\n\n  Zeile zwei\nfolded: >-\n  eins\n  zwei\n",
    'liste: [a, \'b\', "c"]\nkarte: {x: 1, y: "zwei"}\nleer: []\n',
    "umlaute: „Grüße“ aus Köln – ß\nää: [ö, ü, 'ß']\n",
    "  eingerückt: ja\n  zweites: feld\n",
    "",
    "# nur ein Kommentar\n",
    "key: 'it''s'\nother: \"esc \\u00e4 \\n\"\n",
    "schlüssel mit leerzeichen: wert # kommentar\n? komplex\n: wert\n",
]
REFUSED = [
    "- nur\n- eine\n- liste\n",
    "nur ein Text\n",
    "a: 1\na: 2\n",
    "? [a, b]\n: c\n",
    "~\n",
    "a: &anker 1\nb: *anker\n",
    "a: !!int 3\n",
    "a: !eigen x\n",
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "a: 1\n\tb: 2\n",
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, 30)),
]


def python_data(text: str) -> Any:
    """What the Python loader makes of `text`: (data, values, keys), or None."""
    node = _compose_python(text)
    if node is None:
        return None
    values: dict[Any, Any] = {}
    keys: dict[Any, Any] = {}
    problems: list[Any] = []
    data = _construct(node, (), values, keys, problems, lambda *args: args)
    assert problems == []
    return data, values, keys


def yaml_texts() -> list[tuple[str, str]]:
    texts = [(f"tricky-{i}", text) for i, text in enumerate(TRICKY)]
    for folder in (ROOT / "content", ROOT / "tests" / "golden" / "content"):
        for file in sorted(folder.rglob("*.y*ml")):
            texts.append((file.name, file.read_text(encoding="utf-8")))
        for file in sorted(folder.rglob("*.md")):
            split = split_front_matter(file.read_text(encoding="utf-8"))
            if split is not None:
                texts.append((file.name, split[0]))
    return texts


@pytest.mark.parametrize(("name", "text"), yaml_texts(), ids=[n for n, _ in yaml_texts()])
def test_libyaml_makes_the_same_data_and_positions(name: str, text: str) -> None:
    fast = _data_libyaml(text)
    assert fast is not _FALL_BACK, f"{name} should take the fast path"
    assert fast == python_data(text)


def test_the_positions_are_those_of_every_value_and_key() -> None:
    data, values, keys = _data_libyaml("a: 1\nb:\n  - x\n  - {c: d}\n")
    assert data == {"a": 1, "b": ["x", {"c": "d"}]}
    assert values == {(): (1, 1), ("a",): (1, 4), ("b",): (3, 3), ("b", 0): (3, 5),
                      ("b", 1): (4, 5), ("b", 1, "c"): (4, 9)}  # fmt: skip
    assert keys == {("a",): (1, 1), ("b",): (2, 1), ("b", 1, "c"): (4, 6)}


@pytest.mark.parametrize("text", REFUSED)
def test_anything_unusual_falls_back_to_the_python_loader(text: str) -> None:
    assert _data_libyaml(text) is _FALL_BACK
