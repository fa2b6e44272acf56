"""`katalog serve`: build, serve on 127.0.0.1, rebuild on change, reload the browser.

The site is built into a temporary folder. HTML responses get one extra tag,
`<script src="/static/livereload.js" data-version="N">`, which polls
`/__katalog__/version` and reloads the page after a rebuild (no inline script, so the
site's Content Security Policy holds). While the content has problems, every page shows
them (file, line, message) instead; the server keeps running until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import shutil
import signal
import tempfile
import threading
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import watchfiles

from .config import Config
from .pipeline import build
from .problems import ContentError, Problem
from .project import Project

VERSION_PATH = "/__katalog__/version"


class Preview:
    """The state shared by the watcher (writes) and the request handlers (read)."""

    def __init__(self, project: Project, out: Path, config: Config) -> None:
        self.project, self.out, self.config = project, out, config
        self.version = 0
        self.error: str | None = None  # the error page while the site cannot be built

    def rebuild(self) -> str:
        """Build once; return a one-line German report for the terminal."""
        try:
            report = build(self.project, self.out, self.config)
        except ContentError as err:
            self.error = error_page(err.problems, "")
            result = "\n".join([str(p) for p in err.problems] + ["Vorschau zeigt die Probleme."])
        except Exception as err:  # a template or build fault must not stop the preview
            detail = "".join(traceback.format_exception_only(err)).strip()
            self.error = error_page([], detail)
            result = f"Fehler beim Bauen: {detail}"
        else:
            self.error = None
            result = f"Gebaut: {report.projects} Projekte, {report.events} Veranstaltungen."
        self.version += 1
        return result


def error_page(problems: list[Problem], detail: str) -> str:
    items = "\n".join(
        f"<li><code>{html.escape(f'{p.path}:{p.line}:{p.column}')}</code> "
        f"<strong>{html.escape(p.code)}</strong> {html.escape(p.message)}</li>"
        for p in problems
    )
    count = f"{len(problems)} Problem" + ("" if len(problems) == 1 else "e")
    body = f"<p>{count} gefunden:</p>\n<ol>\n{items}\n</ol>" if problems else ""
    if detail:
        body += f"\n<pre>{html.escape(detail)}</pre>"
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
        "script-src 'self'; style-src 'self'; connect-src 'self'\">\n"
        "<title>Fehler in den Inhalten – Vorschau</title>\n"
        '<link rel="stylesheet" href="/static/style.css">\n</head>\n<body>\n<main>\n'
        "<h1>Die Vorschau kann nicht gebaut werden</h1>\n"
        f"{body}\n<p>Bitte die Datei korrigieren und speichern; diese Seite lädt sich dann "
        "von selbst neu.</p>\n</main>\n</body>\n</html>\n"
    )


class Handler(http.server.SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == VERSION_PATH:
            self._send(200, "application/json", json.dumps({"version": self.preview.version}))
            return
        is_page = path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]
        if not is_page:
            super().do_GET()
            return
        if self.preview.error is not None:
            self._send(500, "text/html", self._inject(self.preview.error))
            return
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        status = 200
        if not file.is_file():
            status, file = 404, self.preview.out / "404.html"
        self._send(status, "text/html", self._inject(file.read_text(encoding="utf-8")))

    def _inject(self, page: str) -> str:
        tag = (
            f'<script src="/static/livereload.js" data-version="{self.preview.version}" '
            "defer></script>\n"
        )
        head, found, tail = page.rpartition("</body>")
        return f"{head}{tag}{found}{tail}" if found else page + tag

    def _send(self, status: int, kind: str, text: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


def serve(project: Project, config: Config, port: int, echo: Callable[[str], None] = print) -> None:
    """Run the preview until Ctrl-C or SIGTERM."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    out = Path(tempfile.mkdtemp(prefix="katalog-vorschau-")) / "site"
    handler = functools.partial(Handler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    preview = Preview(project, out, replace(config, base_url=url))
    Handler.preview = preview
    echo(preview.rebuild())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    echo(f"Vorschau: {url} (beenden mit Strg+C)")
    watched = [p for p in project.watched if p.is_dir()]
    try:
        for changes in watchfiles.watch(*watched, stop_event=stop, debounce=400, step=50):
            names = sorted({Path(name).name for _, name in changes})
            echo(f"Geändert: {', '.join(names)}")
            echo(preview.rebuild())
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(out.parent, ignore_errors=True)
    echo("Vorschau beendet.")
