"""Random YAML and Markdown through load → validate → model → render: the outcome is German
problems with known codes or pages, never an exception, never live script (hypothesis, with a
bounded number of examples so the suite stays fast)."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import html5lib
import yaml
from cases import files
from conftest import ROOT, SCHEMAS, TODAY, write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from records import EVENT, PROJECT

from katalog.config import Config
from katalog.load import load_content
from katalog.model import make_catalogue
from katalog.problems import CODES, ContentError, Problem
from katalog.render import render_site
from katalog.validate import validate

SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NASTY = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVa&#x09;Script:alert(1))",
    "<a href='javascript:alert(1)'>a</a>",
    "<svg onload=alert(1)>",
    "</script>",
    "{{ 7 * 7 }}",
    "&#106;",
    "\u202e",
    "\u200b",
    "\x00",
    "\x1b[31m",
]
MARKDOWN_TOKENS = [*NASTY, "*", "_", "`", "[", "]", "(", ")", "\n", "    ", "> ", "- ", "1. "]
MARKDOWN_TOKENS += ["# ", "|", "<", ">", '"', "'", "&", "\\", "Text", "Fußball", "مسجد", " "]
YAML_TOKENS = [":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!!python/x ", "#"]
YAML_TOKENS += ["\n", "  ", "'", '"', "|", ">", "\t", "title", "summary", "carriers", "---", "%"]
YAML_TOKENS += ["\x00", "\x85", "\ufeff", "2024-02-30", "0000", "true", "null", "~", "é", "..."]

markdown_text = st.lists(st.sampled_from(MARKDOWN_TOKENS), max_size=40).map("".join)
yaml_text = st.lists(st.sampled_from(YAML_TOKENS + list(string.ascii_letters)), max_size=60).map(
    "".join
)
field_text = st.one_of(
    st.text(max_size=40), st.sampled_from(NASTY), st.lists(st.sampled_from(NASTY)).map(" ".join)
)


def outcome(content: Path) -> list[Problem] | list[tuple[str, str]]:
    """Problems, or the rendered pages (path, html) when there are none."""
    loaded = load_content(content)
    problems = loaded.problems + validate(loaded.records, SCHEMAS)
    if problems:
        return problems
    try:
        catalogue = make_catalogue(loaded.records, Config(), SCHEMAS, TODAY)
    except ContentError as err:
        return err.problems
    return [(o.path, str(o.content)) for o in render_site(catalogue, ROOT / "templates")]


def assert_german_problems_or_safe_pages(result: list[Any]) -> None:
    if result and isinstance(result[0], Problem):
        for problem in result:
            assert problem.code in CODES and problem.line >= 1 and problem.column >= 1
            assert problem.message and "Traceback" not in problem.message
            assert "\n" not in str(problem) and "\x1b" not in str(problem)
        return
    assert result, "neither problems nor pages"
    for path, html in result:
        if not path.endswith(".html"):
            continue
        for element in html5lib.parse(html, namespaceHTMLElements=False).iter():
            assert not any(name.casefold().startswith("on") for name in element.attrib), path
            href = element.get("href", "").replace("\t", "").strip().casefold()
            assert not href.startswith(("javascript:", "data:", "vbscript:")), path
            if element.tag == "script":
                if element.get("type") == "application/ld+json":
                    json.loads(element.text or "")
                else:
                    assert element.get("src", "").lstrip("./").startswith("static/"), path


@SETTINGS
@given(text=yaml_text)
def test_random_yaml_ends_in_problems_or_pages(tmp_path_factory: Any, text: str) -> None:
    content = write_tree(tmp_path_factory.mktemp("c"), files(PROJECT + text))
    assert_german_problems_or_safe_pages(outcome(content))


@SETTINGS
@given(description=markdown_text, body=markdown_text, title=field_text, city=field_text)
def test_random_markdown_and_text_end_in_problems_or_safe_pages(
    tmp_path_factory: Any, description: str, body: str, title: str, city: str
) -> None:
    data = yaml.safe_load(PROJECT)
    data.update(description=description or "x", title=title, city=city)
    project = yaml.safe_dump(data, allow_unicode=True)
    event = EVENT.replace("Der Bericht.\n", body)
    tree = files(project, {"events/2013-austausch.md": event})
    content = write_tree(tmp_path_factory.mktemp("c"), tree)
    assert_german_problems_or_safe_pages(outcome(content))
