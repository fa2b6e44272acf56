"""`katalog check-links`: internal links over a built site; external ones only on request,
bounded in time and concurrency, against a server on 127.0.0.1."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import write_tree

from katalog import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, ["check-links", *args])


def html(body: str) -> str:
    return f'<!DOCTYPE html><html lang="de"><head><title>t</title></head><body>{body}</body></html>'


def test_the_example_site_has_no_broken_internal_links(example_site: Path) -> None:
    result = run("--site", str(example_site), "--base-url", "http://127.0.0.1/")
    assert result.exit_code == 0, result.output
    assert "keine defekten Links" in result.stdout
    assert "Externe Links wurden nicht geprüft (dafür: --external)." in result.stdout


def test_broken_files_and_fragments_are_reported_with_their_pages(tmp_path: Path) -> None:
    site = write_tree(
        tmp_path / "site",
        {
            "index.html": html(
                '<a href="projekte/">ok</a> <a href="fehlt/">x</a> <a href="#oben">x</a>'
                ' <a href="projekte/#teil">ok</a> <a href="mailto:a@example.org">m</a>'
                ' <a href="/katalog/static/style.css">root-relative</a>'
                ' <a href="https://example.org/katalog/projekte/">absolute own</a>'
                ' <a href="https://example.org/other/">external</a>'
            ),
            "projekte/index.html": html('<h2 id="teil">T</h2><img src="../bild.png" alt="">'),
            "static/style.css": "",
        },
    )
    result = run("--site", str(site), "--base-url", "https://example.org/katalog/")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "FEHLER bild.png – Datei fehlt (auf: projekte/index.html)",
        "FEHLER fehlt/ – Datei fehlt (auf: index.html)",
        "FEHLER index.html#oben – Sprungmarke fehlt (auf: index.html)",
        "6 interne Ziele auf 2 Seiten geprüft: 3 defekt.",
        "Externe Links wurden nicht geprüft (dafür: --external).",
    ]


def test_a_missing_site_asks_for_a_build_first(tmp_path: Path) -> None:
    result = run("--site", str(tmp_path / "nix"))
    assert result.exit_code == 1
    assert "Bitte zuerst »katalog build« ausführen." in result.stderr


class _Handler(http.server.BaseHTTPRequestHandler):
    arrived = 0
    lock = threading.Lock()
    release = threading.Event()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        cls = type(self)
        with cls.lock:
            cls.arrived += 1
        try:
            if self.path.startswith("/slow"):
                cls.release.wait(5)
            status = {"/ok": 200, "/missing": 404, "/no-head": 200}.get(self.path, 200)
            if self.path == "/no-head" and self.command == "HEAD":
                status = 405
            if self.path == "/missing":
                status = 404
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
        except OSError:
            pass

    do_HEAD = _answer
    do_GET = _answer


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.arrived = 0
    _Handler.release.clear()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    _Handler.release.set()
    httpd.shutdown()
    httpd.server_close()


def test_external_links_are_checked_only_on_request(tmp_path: Path, server: str) -> None:
    links = " ".join(f'<a href="{server}/{p}">x</a>' for p in ("ok", "missing", "no-head"))
    site = write_tree(tmp_path / "site", {"index.html": html(links)})
    assert run("--site", str(site)).exit_code == 0
    result = run("--site", str(site), "--external", "--timeout", "2")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"FEHLER {server}/missing – HTTP 404 (auf: index.html)",
        "0 interne Ziele und 3 externe Adressen auf 1 Seiten geprüft: 1 defekt.",
    ]


def test_external_checks_are_bounded_in_time_and_concurrency(tmp_path: Path, server: str) -> None:
    links = " ".join(f'<a href="{server}/slow{n}">x</a>' for n in range(6))
    site = write_tree(tmp_path / "site", {"index.html": html(links)})
    result = run(
        "--site", str(site), "--external", "--timeout", "0.5", "--workers", "2",
        "--max-time", "0.8",
    )  # fmt: skip
    # two requests time out at 0.5 s, two more start then and are cut off by the deadline
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    timed_out = [line for line in lines if "keine Antwort innerhalb von 0.5 s" in line]
    unchecked = [line for line in lines if line.startswith("NICHT GEPRÜFT (Zeitlimit)")]
    assert len(timed_out) == 2 and len(unchecked) == 4, lines
    assert _Handler.arrived == 4  # never more than two at a time
    assert lines[-1].endswith("2 defekt, 4 nicht geprüft.")
