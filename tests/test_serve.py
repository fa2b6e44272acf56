"""`katalog serve` for real: a subprocess on 127.0.0.1 against a copy of the content,
followed by urllib and by real Chromium through edits, a content error and its fix."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, ROOT, TODAY, copy_project, project_for

from katalog.config import Config
from katalog.pipeline import build
from katalog.project import Project
from katalog.serve import Handler, Indexer, Preview

DEADLINE = 30.0
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PROJECT = "projects/fussball-verbindet.yaml"
OLD_TITLE = "Fußball verbindet – Polizei und Jugendliche in einer Mannschaft"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def wait_for(what: str, check: Callable[[], bool]) -> None:
    """Poll `check` until it holds; fail after a bounded deadline (never a fixed sleep)."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # not up yet, or busy
            pass
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for: {what}")


class Server:
    def __init__(self, content: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "build.py",
                "serve",
                "--content",
                str(content),
                "--port",
                str(self.port),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_for("the first page", lambda: get(self.url)[0] == 200)

    def version(self) -> int:
        version: int = json.loads(get(self.url + "__katalog__/version")[1])["version"]
        return version

    def stop(self, sig: signal.Signals) -> tuple[int, str, str]:
        self.process.send_signal(sig)
        out, err = self.process.communicate(timeout=DEADLINE)
        return self.process.returncode, out, err


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CONTENT, tmp_path / "content"))


@pytest.fixture
def server(content: Path) -> Iterator[Server]:
    running = Server(content)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.communicate()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_rebuilds_shows_problems_and_stops_cleanly(
    server: Server, content: Path, page: Any
) -> None:
    project_url = server.url + "projekte/fussball-verbindet/"
    status, html = get(project_url)
    assert status == 200 and OLD_TITLE in html
    assert '<script src="/static/livereload.js" data-version="1" defer></script>' in html
    assert get(server.url + "static/livereload.js")[0] == 200

    # the browser page reloads by itself after an edit
    page.goto(project_url)
    assert page.locator("h1").inner_text() == OLD_TITLE
    edit(content / PROJECT, OLD_TITLE, "Fußball verbindet immer")
    page.locator("h1", has_text="Fußball verbindet immer").wait_for(timeout=DEADLINE * 1000)
    assert page.guard.console_errors == []

    # a content error: every page shows the problem with file and line, the server lives on
    edit(content / PROJECT, "  - Niedersachsen", "  - Niedersachsn")
    wait_for("the error page", lambda: get(project_url)[0] == 500)
    status, html = get(server.url)
    assert status == 500
    assert "Die Vorschau kann nicht gebaut werden" in html
    assert "fussball-verbindet.yaml:19:5</code> <strong>K204</strong>" in html
    assert "Unbekannter Wert »Niedersachsn« für Bundesland. Meinten Sie »Niedersachsen«?" in html
    page.locator("h1", has_text="Die Vorschau kann nicht gebaut werden").wait_for(
        timeout=DEADLINE * 1000
    )
    assert page.locator("li", has_text="K204").count() == 1
    # styled like the site, with a margin, and no request of the browser goes unanswered
    assert '<main class="wrap">' in html and 'href="/static/style.css"' in html
    page.wait_for_load_state("load")  # the reloaded page's stylesheet is in
    assert page.evaluate("getComputedStyle(document.querySelector('main')).paddingLeft") != "0px"
    assert get(server.url + "static/style.css")[0] == 200
    with urllib.request.urlopen(server.url + "favicon.ico", timeout=5) as icon:
        assert icon.status == 200 and icon.headers["Content-Type"] == "image/svg+xml"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "serve-error.png"), full_page=True)

    # fixed: the pages come back, in the browser too
    before = server.version()
    edit(content / PROJECT, "  - Niedersachsn", "  - Niedersachsen")
    wait_for("the fixed page", lambda: get(project_url)[0] == 200)
    assert server.version() > before
    page.locator("h1", has_text="Fußball verbindet immer").wait_for(timeout=DEADLINE * 1000)
    # the error page's own status 500 is the only thing the console may mention
    assert [e for e in page.guard.console_errors if "status of 500" not in e] == []
    page.goto("about:blank")  # stop polling before the server goes away

    code, out, err = server.stop(signal.SIGTERM)
    assert code == 0, err
    assert out.splitlines()[-1] == "Vorschau beendet."
    assert f"Vorschau: {server.url} (beenden mit Strg+C)" in out


def test_a_template_change_is_picked_up_and_ctrl_c_stops_cleanly(server: Server) -> None:
    version = server.version()
    template = ROOT / "templates" / "propose.html"
    # touch, not write: the repository's file stays byte-for-byte the same at every moment
    wait_for(
        "a rebuild after touching a template",
        lambda: os.utime(template) or server.version() > version,
    )
    code, out, err = server.stop(signal.SIGINT)
    assert code == 0, err
    assert "Geändert: propose.html" in out
    assert out.splitlines()[-1] == "Vorschau beendet."


class HeldPreview(Preview):
    """A preview whose update stops twice until released: right after writing the edited
    record's page (nothing else announced yet), then once it has announced the other paths
    it will change."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.hold = False
        self.reached = [threading.Event(), threading.Event()]
        self.release = [threading.Event(), threading.Event()]
        self.announced: set[str] = set()

    def _stop(self, number: int) -> None:
        if self.hold and not self.reached[number].is_set():
            self.reached[number].set()
            assert self.release[number].wait(DEADLINE)

    def written(self, path: str) -> None:
        super().written(path)
        if path == "projekte/fussball-verbindet/index.html":
            self._stop(0)

    def pending(self, paths: set[str]) -> None:
        super().pending(paths)
        self.announced |= paths
        self._stop(1)


def answer_later(url: str) -> tuple[threading.Thread, list[tuple[int, str]]]:
    answers: list[tuple[int, str]] = []
    asking = threading.Thread(target=lambda: answers.append(get(url)))
    asking.start()
    asking.join(0.5)
    return asking, answers


def test_no_stale_page_is_served_while_an_update_runs(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "projekt")
    project = Project(root, root / "katalog.toml", root / "content")
    preview = HeldPreview(project, tmp_path / "cache", Config())
    Handler.preview = preview
    handler = functools.partial(Handler, directory=str(preview.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        preview.rebuild()
        version = preview.version
        assert OLD_TITLE in get(url + "projekte/")[1]
        edit(root / "content" / PROJECT, OLD_TITLE, "Fußball verbindet immer")
        preview.hold = True
        update = threading.Thread(target=preview.rebuild)
        update.start()
        assert preview.reached[0].wait(DEADLINE)
        # the edited page is written first and served at once, with the edit; any other
        # page waits while the update does not know yet what else it changes
        status, html = get(url + "projekte/fussball-verbindet/")
        assert status == 200 and "Fußball verbindet immer" in html
        pages = ("impressum/index.html", "datenschutz/index.html", "suche/index.html")
        early = {page: answer_later(url + page.removesuffix("index.html")) for page in pages}
        assert [answers for _, answers in early.values()] == [[]] * len(pages)
        preview.release[0].set()
        assert preview.reached[1].wait(DEADLINE)
        # then a page the update leaves alone is served at once
        untouched = next(page for page in pages if page not in preview.announced)
        asking, answers = early[untouched]
        asking.join(DEADLINE)
        assert answers[0][0] == 200
        # the list still has the old title on disk: its request waits for the update
        assert "projekte/index.html" in preview.announced
        waiting, answers = answer_later(url + "projekte/")
        assert answers == [], "answered while the page could still change"
        preview.release[1].set()
        waiting.join(DEADLINE)
        update.join(DEADLINE)
        status, html = answers[0]
        assert status == 200 and "Fußball verbindet immer" in html and OLD_TITLE not in html
        assert preview.version == version + 1
    finally:
        for release in preview.release:
            release.set()
        server.shutdown()
        server.server_close()
        preview.indexer.stop()


def test_the_previews_search_index_keeps_its_sort_orders_apart_like_the_build(
    tmp_path: Path,
) -> None:
    """The preview's background index gets the same post-processing as a build's
    (katalog.index.make_reproducible): the sort orders in their own files, so the search
    page sorts the same way in the preview and on the published site."""
    out, cache = tmp_path / "site", tmp_path / "cache"
    cache.mkdir()
    build(project_for(CONTENT), out, Config(), today=TODAY, search=False)
    indexer = Indexer(out, cache)
    try:
        indexer.request()
        entry = out / "pagefind" / "pagefind-entry.json"
        deadline = time.monotonic() + 120
        while not entry.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        sorts = json.loads(entry.read_text(encoding="utf-8"))["katalog_sorts"]
    finally:
        indexer.stop()
    assert sorts
    assert (out / "pagefind" / "sort").is_dir()
