"""Markdown is rendered, then sanitised: untrusted text never becomes script."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from katalog import markup
from katalog.markup import render_markdown, sanitise


def test_script_event_handlers_and_javascript_urls_are_removed() -> None:
    html = render_markdown(
        '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n'
        '[a](javascript:alert(3)) <a href="https://example.org" onclick="alert(4)">b</a>\n\n'
        '<iframe src="https://evil.example"></iframe><style>body{}</style>'
    )
    assert "alert" not in html
    for tag in ("<script", "<img", "<iframe", "<style", "onclick", "onerror", "javascript:"):
        assert tag not in html
    assert '<a href="https://example.org" rel="noopener noreferrer">b</a>' in html


def test_markdown_features_survive_sanitising() -> None:
    html = render_markdown(
        "**fett** und *kursiv*\n\n- eins\n- zwei\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<strong>fett</strong>" in html and "<em>kursiv</em>" in html
    assert "<li>eins</li>" in html and "<table>" in html


def test_the_highest_heading_becomes_the_given_level_and_none_is_skipped() -> None:
    assert str(render_markdown("# Titel\n\n## Unter", top=3)) == "<h3>Titel</h3>\n<h4>Unter</h4>"
    assert str(render_markdown("## Titel\n\n### Unter")) == "<h2>Titel</h2>\n<h3>Unter</h3>"
    assert str(render_markdown("# Titel")) == "<h2>Titel</h2>"  # h1 is the page title's
    assert str(render_markdown("#### Tief")) == "<h2>Tief</h2>"


def test_one_reused_markdown_instance_renders_like_a_new_one_per_field() -> None:
    import markdown

    fields = [
        "Text mit Fußnote[^1].\n\n[^1]: Die Fußnote.",
        "Ohne Fußnote, aber BAMF.\n\n*[BAMF]: Bundesamt für Migration und Flüchtlinge",
        "Wieder BAMF, ohne Abkürzungsliste.",
        "Zweite Fußnote[^1].\n\n[^1]: Eine andere.",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "Term\n: Definition",
        "[Verweis][ref]\n\n[ref]: https://example.org",
        "[Verweis][ref] ohne Ziel",
        "1. eins\n2. zwei\n\n* x",
    ]
    for text in fields:
        fresh = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
        assert render_markdown(text) == sanitise(fresh)


def test_fields_rendered_in_worker_processes_equal_those_rendered_here() -> None:
    fields = [
        (f"## Teil {i}\n\nText *{i}* mit [Link](https://example.org/{i}).", 3) for i in range(40)
    ]
    fields += [("Fußnote[^1].\n\n[^1]: Fußnote.", 2), ("<script>x</script> Text", 2)]
    markup._rendered.clear()
    markup.prerender(fields, workers=2)
    from_workers = dict(markup._rendered)
    markup._rendered.clear()
    here = {(text, top): render_markdown(text, top=top) for text, top in fields}
    assert from_workers == here
    assert all(type(html) is type(here[key]) for key, html in from_workers.items())


def test_an_interrupted_conversion_does_not_spoil_the_next_field(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(markup, "MAX_INDENT", 100_000)  # let the deep list reach the parser
    deep = "".join("    " * level + "- x\n" for level in range(400))
    with pytest.raises(markup.MarkdownTooComplex, match="zu tief verschachtelt"):
        markup.render_markdown(deep)
    text = "*Neu* im Text mit [Link](https://example.org/neu).\n\n### Abschnitt"
    assert markup.render_markdown(text) == (
        '<p><em>Neu</em> im Text mit <a href="https://example.org/neu" rel="noopener noreferrer">'
        "Link</a>.</p>\n<h2>Abschnitt</h2>"
    )


def _exact_complexity_problem(text: str) -> tuple[bool, ...]:
    """Every rule of markup.complexity_problem measured exactly, without the bounding counts
    that let the usual text skip a measure."""
    indent = max(
        (len(line) - len(line.lstrip(" \t")) for line in text.expandtabs(4).split("\n")), default=0
    )
    depth = max((m.group().count(">") for m in markup._QUOTES.finditer(text)), default=0)
    block = max((len(b.split("\n")) for b in re.split(r"\n[ \t]*\n", text)), default=0)
    return (
        indent > markup.MAX_INDENT,
        depth > markup.MAX_QUOTE_DEPTH,
        block > markup.MAX_BLOCK_LINES,
        markup.bracket_scan(text) > markup.MAX_BRACKET_SCAN,
        len(markup._TAG_START.findall(text)) > markup.MAX_TAG_STARTS,
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["\t", " " * 10, " ", "\n", "\n\n", "> ", ">", "[", "](", "(", "<a", "x"]),
        max_size=400,
    ),
    st.integers(min_value=1, max_value=60),
)
def test_the_quick_bounds_decide_as_the_exact_measures_do(parts: list[str], limit: int) -> None:
    text = "".join(parts)
    with pytest.MonkeyPatch.context() as patch:  # small limits, so that texts cross them
        patch.setattr(markup, "MAX_INDENT", limit)
        patch.setattr(markup, "MAX_QUOTE_DEPTH", limit // 4 + 1)
        patch.setattr(markup, "MAX_BLOCK_LINES", limit)
        patch.setattr(markup, "MAX_BRACKET_SCAN", limit * 50)
        patch.setattr(markup, "MAX_TAG_STARTS", limit // 2 + 1)
        exact = _exact_complexity_problem(text)
        found = markup.complexity_problem(text)
    first = next((rule for rule, broken in enumerate(exact) if broken), None)
    words = ["eingerückt", "Zitat", "Leerzeile", "Klammern", "HTML"]
    assert (found is None) == (first is None), (text, found, exact)
    if first is not None:
        assert found is not None and words[first] in found


PLAINISH = st.lists(
    st.sampled_from(
        [*"abcXYZäöüß019 .,;:!?'\"„“()/-%$@^", "\n", "\n\n", "\xa0", "\u2028", "\u200b"]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(PLAINISH)
def test_plain_text_gets_exactly_what_python_markdown_writes(text: str) -> None:
    if markup.is_plain(text):
        assert markup._plain_html(text) == markup._converter().reset().convert(text), text


def test_ordinary_sentences_are_plain_and_markdown_is_not() -> None:
    assert markup.is_plain("Seit 2019 treffen sich Polizei und Gemeinde (monatlich).\n\nNeu!")
    for text in ("*Erfunden*", "- Punkt", "1. Punkt", "a  \nb", " eingerückt", "a & b", "> Zitat"):
        assert not markup.is_plain(text), text
