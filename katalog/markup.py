"""Markdown to safe HTML: Python-Markdown renders, nh3 sanitises with an allowlist."""

from __future__ import annotations

from functools import cache

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "q",
    "abbr",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "sub",
    "sup",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"https", "http", "mailto"}


@cache
def _converter() -> markdown.Markdown:
    """One Markdown instance for every field: building one loads and registers all the
    extensions again, which was most of the model stage. `reset()` clears its state (e.g.
    footnotes, abbreviations) between fields, so the output is what a new instance gives."""
    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def render_markdown(text: str | None, *, top: int = 2) -> Markup:
    """Render Markdown and sanitise it.

    Headings are moved so that the highest one the editor wrote becomes `h{top}`: the page
    title is the only h1, and no level is skipped whether an editor starts with # or ##.
    """
    if not text:
        return Markup("")
    return sanitise(_converter().reset().convert(text), top)


def sanitise(html: str, top: int = 2) -> Markup:
    """Move the headings (see render_markdown) and clean Python-Markdown's HTML."""
    levels = [level for level in range(1, 7) if f"<h{level}>" in html]
    shift = top - levels[0] if levels else 0
    if shift:
        order = range(6, 0, -1) if shift > 0 else range(1, 7)
        for level in order:
            new = min(level + shift, 6)
            html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)
