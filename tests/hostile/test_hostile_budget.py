"""The backstop behind the static Markdown checks: a time budget per text, a recursion guard,
and a model stage that stops after a few slow records instead of adding minutes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cases import files, project
from conftest import SCHEMAS, TODAY, write_tree

from katalog import markup
from katalog.config import Config
from katalog.load import load_content
from katalog.markup import MarkdownTooComplex, render_markdown
from katalog.model import MAX_SLOW_RECORDS, make_catalogue
from katalog.problems import ContentError

LONG_LIST = "\n".join(f"- Punkt {i} mit *etwas* Text" for i in range(900))


def test_a_text_over_its_time_budget_becomes_a_german_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(markup, "BUDGET_SECONDS", 0.01)
    with pytest.raises(MarkdownTooComplex, match="dauerte länger als 0 Sekunden"):
        render_markdown(LONG_LIST)


def test_recursion_inside_python_markdown_becomes_a_german_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(markup, "MAX_INDENT", 100_000)  # let the deep list past the check
    monkeypatch.setattr(markup, "BUDGET_SECONDS", 120.0)  # and test the guard, not the timer
    deep = "".join("    " * level + "- x\n" for level in range(400))
    with pytest.raises(MarkdownTooComplex, match="zu tief verschachtelt"):
        render_markdown(deep)


def test_the_model_stops_after_a_few_slow_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(markup, "BUDGET_SECONDS", 0.01)
    tree = files(
        project(
            **{
                "example: true": "example: true\ngoals: |\n"
                + "".join("  " + line + "\n" for line in LONG_LIST.splitlines())
            }
        )
    )
    for number in range(8):
        tree[f"projects/kopie-{number}.yaml"] = tree["projects/fussball-verbindet.yaml"]
    loaded = load_content(write_tree(tmp_path / "content", tree))
    started = time.perf_counter()
    with pytest.raises(ContentError) as caught:
        make_catalogue(loaded.records, Config(), SCHEMAS, TODAY)
    assert [p.code for p in caught.value.problems] == ["K212"] * MAX_SLOW_RECORDS
    assert time.perf_counter() - started < 20


# Python reports the exception the finaliser dropped: that is the case under test
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_expired_budget_counts_even_when_a_finaliser_swallows_the_signal() -> None:
    """The timer's exception raised inside a finaliser (e.g. during garbage collection) is
    printed and dropped by Python; the budget must still fail the text."""

    class Slow:
        def __del__(self) -> None:
            until = time.perf_counter() + 0.2
            while time.perf_counter() < until:  # the timer goes off in here
                pass

    expected = pytest.raises(MarkdownTooComplex, match="dauerte länger als 0 Sekunden")
    with expected, markup._budget(0.01):
        slow = Slow()
        del slow  # runs __del__, which swallows the timer's exception
