"""Markdown is rendered, then sanitised: untrusted text never becomes script."""

from __future__ import annotations

import os
import re
import time

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from katalog import converters, markup
from katalog.markup import render_markdown, sanitise
from katalog.workers import YIELDING


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


def test_fields_rendered_in_worker_processes_equal_those_rendered_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fields = [
        (f"## Teil {i}\n\nText *{i}* mit [Link](https://example.org/{i}).", 3) for i in range(40)
    ]
    fields += [("Fußnote[^1].\n\n[^1]: Fußnote.", 2), ("<script>x</script> Text", 2)]
    markup._rendered.clear()
    monkeypatch.setattr(markup, "MIN_FIELDS_PER_WORKER", 10)
    with markup.Prerendering(workers=2) as prerendering:
        prerendering.add(fields)
        prerendering.finish()
        for _batch, future in prerendering.sent:
            future.result()
        prerendering.collect()
    from_workers = dict(markup._rendered)
    markup._rendered.clear()
    here = {(text, top): render_markdown(text, top=top) for text, top in fields}
    assert from_workers == here
    assert all(type(html) is type(here[key]) for key, html in from_workers.items())


def test_texts_sent_while_records_are_read_render_as_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Prerendering: texts added as records are read go to worker processes in batches; the
    result equals rendering here. Values that are no text and texts the workers cannot
    render (too complex) are left to render_markdown, which words the error."""
    monkeypatch.setattr(markup, "MIN_FIELDS_PER_WORKER", 10)
    monkeypatch.setattr(markup, "BATCH", 7)
    fields = [(f"Text *{i}* mit [Link](https://example.org/{i}).", 2 + i % 2) for i in range(40)]
    deep = ">" * (markup.MAX_QUOTE_DEPTH + 1) + " x"
    odd = [(["eine", "Liste"], 2), ("", 2), ("Nur Text.", 2), (deep, 2)]
    markup._rendered.clear()
    with markup.Prerendering(workers=2) as prerendering:
        for start in range(0, len(fields), 3):  # as the records come in
            prerendering.add(fields[start : start + 3])
        prerendering.add(odd)
        assert prerendering.pool is not None and prerendering.sent
        done: list[int] = []
        prerendering.finish(done.append)
        for _batch, future in prerendering.sent:
            future.result()
        prerendering.collect()
        assert not prerendering.sent
    assert sum(done) == len(fields) + 2  # the plain and the too complex text went too
    from_workers = dict(markup._rendered)
    assert set(from_workers) == {*fields, ("Nur Text.", 2)}
    markup._rendered.clear()
    expected = [*fields, ("Nur Text.", 2)]
    assert from_workers == {(text, top): render_markdown(text, top=top) for text, top in expected}
    with pytest.raises(markup.MarkdownTooComplex, match="verschachtelt"):
        render_markdown(deep)


def slow_share(fields: list[tuple[str, int]]) -> list[str | None]:
    time.sleep(2)
    return ["<p>aus dem Arbeitsprozess</p>" for _ in fields]


def test_after_finish_a_text_the_workers_have_not_done_is_rendered_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The model does not wait for the workers: a text they have not returned yet is
    rendered by render_markdown itself, one they have returned is taken from them."""
    monkeypatch.setattr(markup, "MIN_FIELDS_PER_WORKER", 2)
    monkeypatch.setattr(markup, "BATCH", 2)
    monkeypatch.setattr(markup, "_render_share", slow_share)  # before the workers fork
    markup._rendered.clear()
    with markup.Prerendering(workers=2) as prerendering:
        prerendering.add([("Text *a*", 2), ("Text *b*", 2)])
        prerendering.finish()
        assert render_markdown("Text *a*") == Markup("<p>Text <em>a</em></p>")
        assert prerendering.sent and not prerendering.sent[0][1].done()  # did not wait
        prerendering.sent[0][1].result()
        assert render_markdown("Text *b*") == Markup("<p>aus dem Arbeitsprozess</p>")
    assert not markup._collecting


def test_no_worker_starts_for_a_few_texts() -> None:
    with markup.Prerendering() as prerendering:
        prerendering.add([(f"Text *{i}*", 2) for i in range(20)])
        prerendering.finish()
        assert prerendering.pool is None and not prerendering.sent


def test_markdown_workers_give_way_to_the_process_that_reads_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(markup, "MIN_FIELDS_PER_WORKER", 1)
    monkeypatch.setattr(markup, "BATCH", 1)
    before = os.getpriority(os.PRIO_PROCESS, 0)
    with markup.Prerendering(workers=2) as prerendering:
        prerendering.add([("*x*", 2)])
        assert prerendering.pool is not None
        nice = prerendering.pool.submit(os.getpriority, os.PRIO_PROCESS, 0).result()
        prerendering.finish()
    assert nice == max(before, YIELDING) and os.getpriority(os.PRIO_PROCESS, 0) == before


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
        assert markup._plain_html(text) == converters.converter().reset().convert(text), text


def test_ordinary_sentences_are_plain_and_markdown_is_not() -> None:
    assert markup.is_plain("Seit 2019 treffen sich Polizei und Gemeinde (monatlich).\n\nNeu!")
    for text in ("*Erfunden*", "- Punkt", "1. Punkt", "a  \nb", " eingerückt", "a & b", "> Zitat"):
        assert not markup.is_plain(text), text


def _names(instance: markdown.Markdown, registry: str) -> set[str]:
    """The names registered in `instance`'s registry (converters.registry_of)."""
    return {item.name for item in converters.registry_of(instance, registry)._priority}


def test_every_processor_left_out_is_one_python_markdown_has() -> None:
    """NEEDS names processors of this Python-Markdown; one it drops or renames is named
    here (a processor NEEDS does not know is always kept)."""
    full = converters.converter()
    for registry, table in converters.NEEDS.items():
        assert set(table) <= _names(full, registry), registry
    assert set(converters.NEEDS["inlinePatterns"]) == _names(full, "inlinePatterns")


MARKDOWNISH = st.lists(
    st.sampled_from(
        [
            *"aZß09 .,:!?()-+#>|=~{}^\"'",
            *"*_`[]<>&\\",
            "\n",
            "\n\n",
            "\t",
            "\r",
            "  \n",
            " ",
            "    ",
            "- ",
            "1. ",
            "2) ",
            "* ",
            "+ ",
            "> ",
            "    - ",
            "\t* ",
            "[a](https://example.org)",
            "[a]",
            "[a]: https://example.org",
            "![b](c.png)",
            "<https://example.org>",
            "<a@example.org>",
            "<b>",
            "</b>",
            '<div markdown="1">',
            "</div>",
            "<!-- c -->",
            "&amp;",
            "&#169;",
            "&x",
            "**",
            "__",
            "`code`",
            "```",
            "~~~",
            "[^1]",
            "[^1]: Note",
            "*[BAMF]: Bundesamt",
            "BAMF",
            "{: .c }",
            "Term\n: Def",
            "| a | b |\n|---|---|",
            "# ",
            "## ",
            "\\*",
            "---",
            "===",
            "***",
            "___",
            "\xa0",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=4000, deadline=None)
@given(MARKDOWNISH)
def test_leaving_out_processors_a_text_cannot_use_changes_nothing(text: str) -> None:
    full = converters.converter().reset().convert(text)
    assert converters.for_text(text).convert(text) == full, text


@pytest.mark.parametrize(
    "text",
    [
        "- a\n\n\tb", "- a\n\n    b", "1. a\n\n\tb", "\tcode", "    code", "9. neun",
        "10. zehn\n11. elf", "Term\n: Def", "Term\n:   Def\n\n\tmehr", "a\n---", "a\n===",
        "___", "***", "- - -", "# H", "###### H ##", "> q", "> - a\n> - b",
        "| a | b |\n| - | - |\n| 1 | 2 |", "a | b\n--|--\n1 | 2", "Text[^1]\n\n[^1]: x",
        "*[ABC]: Alpha\n\nABC", "[r]\n\n[r]: https://example.org", "![i][r]\n\n[r]: /x.png",
        '<div markdown="1">*a*</div>', "<div>\n*a*\n</div>", "a &amp; b", "a & b", "&copy; x",
        "```\ncode\n```", "~~~\ncode\n~~~", "a  \nb", "a\t\nb", "a\rb", "a \rb", "`c`",
        "\\*x\\*", "<b>x</b>", "<https://example.org>", "<a@example.org>", "_a_", "*a*",
        "**a**", "+ a\n+ b", "* a", "a\n{: #id }", "# T {: .c }", "a\xa0b", "<!-- c -->",
    ],
)  # fmt: skip
def test_each_processor_still_acts_where_it_is_needed(text: str) -> None:
    """Texts that make each processor in NEEDS act (the random texts above rarely do)."""
    full = converters.converter().reset().convert(text)
    assert converters.for_text(text).convert(text) == full


def test_the_usual_field_is_converted_by_few_processors() -> None:
    def left_out(text: str) -> set[str]:
        instance = converters.for_text(text)
        return {
            name
            for registry, table in converters.NEEDS.items()
            for name in table
            if name not in _names(instance, registry)
        }

    usual = "*Erfunden.* Ein Satz, noch einer."
    assert {"link", "html", "table", "hashheader", "reference", "html_block"} <= left_out(usual)
    assert "em_strong" not in left_out(usual)
    assert "ulist" not in left_out("- eins\n- zwei")
    assert "linebreak" not in left_out("Zeile  \nnächste")
    assert "linebreak" not in left_out("Zeile\t\nnächste")
    assert "linebreak" not in left_out("Ende ")
    assert "indent" not in left_out("- a\n\n    b")
    assert left_out("[a](b) <c> & `d` \\e _f_ # | 1. > : = + ~    x\t") == set()
