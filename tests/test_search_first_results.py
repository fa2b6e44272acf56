"""The first search results never wait for the filter values: Pagefind's filter files (which
grow with the catalogue) are fetched only after the first results show, then the counts
appear. Real Chromium, real Pagefind index of the example, a server that notes when each file
was asked for."""

from __future__ import annotations

import functools
import re
import socketserver
import threading
import time
from pathlib import Path
from typing import Any

from conftest import _QuietHandler
from playwright.sync_api import expect

FIRST_RESULT_CLOCK = """
new MutationObserver(function (changes, observer) {
  var list = document.getElementById("suche-ergebnisse");
  if (list && list.children.length) { window.firstResultAt = Date.now(); observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });
"""


def test_first_results_show_before_any_filter_file_is_fetched(
    example_site: Path, page: Any
) -> None:
    asked: list[tuple[float, str]] = []

    class Noting(_QuietHandler):
        def do_GET(self) -> None:
            asked.append((time.time() * 1000, self.path))
            super().do_GET()

    handler = functools.partial(Noting, directory=str(example_site))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.add_init_script(FIRST_RESULT_CLOCK)
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/suche/?q=Polizei")
        expect(page.locator("#suche-ergebnisse > li").first).to_be_visible()
        group = page.get_by_role("group", name="Bundesland")
        expect(group.get_by_role("checkbox").first).to_have_accessible_name(re.compile(r"\(\d+\)$"))
        first_result = page.evaluate("window.firstResultAt")
    finally:
        server.shutdown()
        server.server_close()
    filters = [when for when, path in asked if "/pagefind/filter/" in path]
    assert filters, "the filter values were never loaded"
    assert min(filters) >= first_result
    assert any("/pagefind/fragment/" in path and when <= first_result for when, path in asked)
    assert page.guard.console_errors == []
