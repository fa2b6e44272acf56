"""Markdown is rendered, then sanitised: untrusted text never becomes script."""

from __future__ import annotations

import pytest

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
    from katalog import markup

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
    from katalog import markup

    monkeypatch.setattr(markup, "MAX_INDENT", 100_000)  # let the deep list reach the parser
    deep = "".join("    " * level + "- x\n" for level in range(400))
    with pytest.raises(markup.MarkdownTooComplex, match="zu tief verschachtelt"):
        markup.render_markdown(deep)
    text = "*Neu* im Text mit [Link](https://example.org/neu).\n\n### Abschnitt"
    assert markup.render_markdown(text) == (
        '<p><em>Neu</em> im Text mit <a href="https://example.org/neu" rel="noopener noreferrer">'
        "Link</a>.</p>\n<h2>Abschnitt</h2>"
    )
