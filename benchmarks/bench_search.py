"""Search benchmark: build synthetic catalogues and measure Pagefind's index and transfer sizes.

Run on purpose, not by pytest (testpaths = tests):

    python benchmarks/bench_search.py            # 1,000 and 10,000 projects
    python benchmarks/bench_search.py 500 2000   # other sizes

For each size it generates that many fictional projects and a tenth as many events
(benchmarks/generate.py), builds the site with the real pipeline, and prints the seconds per
build stage (Pagefind: "indexieren"), the size of site/pagefind/ on disk, and the bytes the
server sends from site/pagefind/ while a real Chromium opens the search page with a first query
(`?q=Polizei`): those asked for before the first 20 results showed (search.js renders them at
once) and all until the network is idle, split into the kinds of file. Sizes are counted as
GitHub Pages serves them: text files (JS, JSON) gzip-compressed, Pagefind's index, metadata,
filter and WebAssembly files (already compressed) as they are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import os
import socketserver
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

sys.path.insert(0, str(ROOT / "benchmarks"))

from conftest import CHROMIUM, CHROMIUM_ARGS  # type: ignore[import-not-found]  # noqa: E402
from generate import records, write_ours  # noqa: E402

from katalog.config import Config  # noqa: E402
from katalog.pipeline import build  # noqa: E402
from katalog.project import Project  # noqa: E402
from katalog.schema import load_schemas  # noqa: E402

QUERY = "Polizei"
TODAY = dt.date(2026, 11, 21)
# served as GitHub Pages serves them: text compressed with gzip, Pagefind's own (already
# compressed) index, metadata, filter and WebAssembly files as they are
GZIPPED = (".js", ".json", ".css", ".html")
FIRST_RESULT_CLOCK = """
new MutationObserver(function (changes, observer) {
  var list = document.getElementById("suche-ergebnisse");
  if (list && list.children.length) { window.firstResultAt = Date.now(); observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });
"""


def make_content(folder: Path, count: int) -> None:
    enums = load_schemas(ROOT / "schemas").vocabulary.enums
    write_ours(folder, records(count, {k: list(v) for k, v in enums.items()}))


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def kind(url: str) -> str:
    name = url.split("?")[0].rsplit("/", 1)[-1]
    if "/fragment/" in url:
        return "fragments (results)"
    if "/index/" in url:
        return "index chunks"
    if "/filter/" in url:
        return "filter chunks"
    if name.endswith(".pf_meta") or name.endswith(".json"):
        return "metadata"
    return "code (JS, WebAssembly)"


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and notes the time and served size of every file sent from
    pagefind/, whoever asked for it (the page, or Pagefind's web worker, whose requests the
    page does not see)."""

    received: list[tuple[float, str, int]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        asked = time.time() * 1000
        super().do_GET()
        path = self.translate_path(self.path)
        if "/pagefind/" in self.path and os.path.isfile(path):
            data = Path(path).read_bytes()
            size = len(gzip.compress(data)) if path.endswith(GZIPPED) else len(data)
            self.received.append((asked, kind(self.path), size))


def transfer(site: Path) -> tuple[Counter[str], Counter[str]]:
    """Bytes served from pagefind/ while Chromium opens the search page with a first query:
    those asked for before the first results showed, and all until the network is idle."""
    from playwright.sync_api import expect, sync_playwright

    received: list[tuple[float, str, int]] = []
    handler = functools.partial(
        type("Handler", (_CountingHandler,), {"received": received}), directory=str(site)
    )
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.add_init_script(FIRST_RESULT_CLOCK)
            page.goto(f"{url}suche/?q={QUERY}")
            expect(page.locator("#suche-status")).to_contain_text(f"für „{QUERY}“", timeout=60_000)
            expect(page.locator("#suche-ergebnisse > li").first).to_be_visible()
            page.wait_for_load_state("networkidle")
            first = page.evaluate("window.firstResultAt")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    before: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for asked, name, size in received:
        total[name] += size
        if asked <= first:
            before[name] += size
    return before, total


def run(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content, out = Path(tmp) / "content", Path(tmp) / "site"
        started = time.perf_counter()
        make_content(content, count)
        generated = time.perf_counter() - started
        report = build(
            Project(ROOT, ROOT / "katalog.toml", content),
            out,
            Config(base_url="http://127.0.0.1/"),
            today=TODAY,
        )
        size, files = folder_size(out / "pagefind")
        before, total = transfer(out)
    print(f"\n## {count:_} projects".replace("_", "."))
    print(f"generate content        {generated:8.1f} s")
    for stage, seconds in report.seconds.items():
        print(f"build: {stage:<17}{seconds:8.1f} s")
    print(f"index on disk           {size / 1e6:8.1f} MB in {files:,} files")
    print(f"first query “{QUERY}”, kB from pagefind/ as GitHub Pages serves them:")
    print(f"  {'':<24}{'before results':>15}{'all':>8}")
    for name in sorted(total):
        print(f"  {name:<24}{before[name] / 1e3:15.1f}{total[name] / 1e3:8.1f}")
    print(f"  {'total':<24}{sum(before.values()) / 1e3:15.1f}{sum(total.values()) / 1e3:8.1f}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[1_000, 10_000])
    for count in parser.parse_args(argv).sizes:
        run(count)


if __name__ == "__main__":
    main(sys.argv[1:])
