"""Markdown to safe HTML: Python-Markdown renders, nh3 sanitises with an allowlist."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import markdown
import nh3
from markupsafe import Markup

from .workers import fork_map, worker_count

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
    found = _rendered.get((text, top))
    if found is None:
        found = _rendered[(text, top)] = sanitise(_converter().reset().convert(text), top)
    return found


# (text, top) -> HTML: a field renders once per process, also across rebuilds of the preview
_rendered: dict[tuple[str, int], Markup] = {}
MIN_FIELDS_PER_WORKER = 1000


def prerender(fields: Sequence[tuple[str, int]], workers: int | None = None) -> None:
    """Render many (text, top) fields at once, shared out to one process per core, so that
    render_markdown finds them done. The output is the same as rendering one by one."""
    todo = list(dict.fromkeys(f for f in fields if f[0] and f not in _rendered))
    count = worker_count(len(todo), MIN_FIELDS_PER_WORKER, workers)
    if count > 1:
        for field, html in zip(todo, fork_map(_render_share, todo, count), strict=True):
            _rendered[field] = Markup(html)


def _render_share(fields: Sequence[tuple[str, int]]) -> list[str]:
    return [str(render_markdown(text, top=top)) for text, top in fields]


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
