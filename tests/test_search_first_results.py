"""The first search results never wait for the filter values: Pagefind's filter files (which
grow with the catalogue) are fetched only after the first results show, then the counts
appear. Real Chromium, real Pagefind index of the example, a server that notes when each file
was asked for."""

from __future__ import annotations

import contextlib
import functools
import re
import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from conftest import _QuietHandler
from playwright.sync_api import expect

from katalog.compounds import fold

FIRST_RESULT_CLOCK = """
new MutationObserver(function (changes, observer) {
  var list = document.getElementById("suche-ergebnisse");
  if (list && list.children.length) { window.firstResultAt = Date.now(); observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });
"""


@contextlib.contextmanager
def noting_server(site: Path) -> Iterator[tuple[str, list[tuple[float, str]]]]:
    """Serves `site` on 127.0.0.1; yields its URL and the (time, path) of every request."""
    asked: list[tuple[float, str]] = []

    class Noting(_QuietHandler):
        def do_GET(self) -> None:
            asked.append((time.time() * 1000, self.path))
            super().do_GET()

    handler = functools.partial(Noting, directory=str(site))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", asked
    finally:
        server.shutdown()
        server.server_close()


def test_first_results_show_before_any_filter_file_is_fetched(
    example_site: Path, page: Any
) -> None:
    with noting_server(example_site) as (url, asked):
        page.add_init_script(FIRST_RESULT_CLOCK)
        page.goto(f"{url}suche/?q=Polizei")
        expect(page.locator("#suche-ergebnisse > li").first).to_be_visible()
        group = page.get_by_role("group", name="Bundesland")
        expect(group.get_by_role("checkbox").first).to_have_accessible_name(re.compile(r"\(\d+\)$"))
        first_result = page.evaluate("window.firstResultAt")
    filters = [when for when, path in asked if "/pagefind/filter/" in path]
    assert filters, "the filter values were never loaded"
    assert min(filters) >= first_result
    assert any("/pagefind/fragment/" in path and when <= first_result for when, path in asked)
    assert page.guard.console_errors == []


def test_a_sort_order_is_fetched_only_when_the_reader_sorts(example_site: Path, page: Any) -> None:
    """The orders live in files of their own (katalog/index.py), not in the metadata every
    search loads: a search by relevance never fetches one."""
    with noting_server(example_site) as (url, asked):
        page.goto(f"{url}suche/?q=Dialog")
        group = page.get_by_role("group", name="Bundesland")
        expect(group.get_by_role("checkbox").first).to_have_accessible_name(re.compile(r"\(\d+\)$"))
        assert [path for _, path in asked if "/pagefind/sort/" in path] == []
        before = page.locator("#suche-ergebnisse h3").all_inner_texts()
        assert 5 < len(before) < 20 and before != sorted(before, key=fold)  # all on one page
        page.get_by_label("Sortierung").select_option("titel-asc")
        expect(page.locator("#suche-ergebnisse h3")).to_have_text(sorted(before, key=fold))
        sorts = [path for _, path in asked if "/pagefind/sort/" in path]
        assert len(sorts) == 1 and sorts[0].startswith("/pagefind/sort/titel."), sorts
    assert page.guard.console_errors == []
