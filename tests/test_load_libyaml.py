"""The libyaml fast path of the load stage composes exactly the nodes the Python loader does,
and hands everything unusual (anchors, tags, deep nesting, errors) to the Python loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from katalog.load import _FALL_BACK, _compose, _compose_libyaml, _compose_python, split_front_matter

ROOT = Path(__file__).resolve().parent.parent
TRICKY = [
    "title: NO\nstart: 2024-05-01\nzip: 01234\ntime: 12:30\nn: -7\nz: 0\nbig: 10000000000000\n",
    "a: ~\nb: null\nc:\nd: ''\ne: \"\"\nf: true\ng: True\nh: false\n",
    "text: |\n  Zeile eins\n\n  Zeile zwei\nfolded: >-\n  eins\n  zwei\n",
    'liste: [a, \'b\', "c"]\nkarte: {x: 1, y: "zwei"}\nleer: []\n',
    "umlaute: „Grüße“ aus Köln – ß\nää: [ö, ü, 'ß']\n",
    "  eingerückt: ja\n  zweites: feld\n",
    "- nur\n- eine\n- liste\n",
    "nur ein Text\n",
    "",
    "# nur ein Kommentar\n",
    "key: 'it''s'\nother: \"esc \\u00e4 \\n\"\n",
    "schlüssel mit leerzeichen: wert # kommentar\n? komplex\n: wert\n",
]
REFUSED = [
    "a: &anker 1\nb: *anker\n",
    "a: !!int 3\n",
    "a: !eigen x\n",
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "a: 1\n\tb: 2\n",
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, 30)),
]


def shape(node: Any) -> Any:
    """Everything of a node the load stage reads: tag, value, plain or not, positions."""
    if node is None:
        return None
    where = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, bool(node.style), node.style or None, where)
    items: Any
    if isinstance(node, yaml.MappingNode):
        items = [(shape(k), shape(v)) for k, v in node.value]
    else:
        items = [shape(item) for item in node.value]
    return (type(node).__name__, node.tag, items, where)


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
def test_libyaml_composes_the_same_nodes_and_positions(name: str, text: str) -> None:
    fast = _compose_libyaml(text)
    assert fast is not _FALL_BACK, f"{name} should take the fast path"
    assert shape(fast) == shape(_compose_python(text))


@pytest.mark.parametrize("text", REFUSED)
def test_anything_unusual_falls_back_to_the_python_loader(text: str) -> None:
    assert _compose_libyaml(text) is _FALL_BACK
    try:
        expected: Any = shape(_compose_python(text))
    except Exception as err:  # the Python loader's refusal, worded for editors
        expected = (type(err).__name__, str(err))
    try:
        actual: Any = shape(_compose(text))
    except Exception as err:
        actual = (type(err).__name__, str(err))
    assert actual == expected
