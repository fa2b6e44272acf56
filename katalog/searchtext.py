"""What Pagefind reads of a page: the element that carries `data-pagefind-body`, alone.

Pagefind parses every byte of each page it indexes, also the head, menu, related projects
and footer it then ignores (at 10,000 projects a third of its reading, 10.5 s against 9.3 s
in all, measured on the same pages). The build therefore
hands it a copy of each searched page that holds only the page's `<html>` tag and that
element; the index is the same byte for byte (tests/test_index.py builds it both ways). Any
page this cannot cut safely is handed over whole.
"""

from __future__ import annotations

import re

SEARCHED_MARK = "data-pagefind-body"
PAGEFIND_ATTRIBUTE = "data-pagefind-"
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b")


def search_text(page: str) -> str:
    """The page as Pagefind needs it (see above); the whole page unless it has exactly one
    element with the mark, every Pagefind attribute inside it, and that element ends."""
    if page.count(SEARCHED_MARK) != 1:
        return page
    start = page.rfind("<", 0, page.index(SEARCHED_MARK))
    name = _TAG_NAME.match(page, start)
    html = _HTML_TAG.search(page, 0, start)
    end = _element_end(page, start, name.group(1)) if name and html else None
    if end is None or page.count(PAGEFIND_ATTRIBUTE, start, end) != page.count(PAGEFIND_ATTRIBUTE):
        return page
    assert html is not None
    return (
        f'<!DOCTYPE html>\n{html.group(0)}\n<head><meta charset="utf-8"></head>\n<body>\n'
        f"{page[start:end]}\n</body>\n</html>\n"
    )


def _element_end(page: str, start: int, name: str) -> int | None:
    """Where the element opened at `start` ends, counting elements of the same name nested
    in it (text cannot hold a "<": the templates and the sanitiser escape it)."""
    depth = 0
    for tag in re.compile(rf"<(/?){re.escape(name)}\b[^>]*>", re.IGNORECASE).finditer(page, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return None
