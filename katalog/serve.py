"""`katalog serve`: build, serve on 127.0.0.1, rebuild on change, reload the browser.

The site is built into an on-disk cache in the project folder (`.katalog-cache/`,
git-ignored) and kept up to date incrementally: an edit re-renders only the pages it changes
(katalog/incremental.py), the search index follows in the background. HTML responses get
one extra tag, `<script src="/static/livereload.js" data-version="N">`, which polls
`/__katalog__/version` and reloads the page after a rebuild (no inline script, so the
site's Content Security Policy holds). While the content has problems, every page shows
them (file, line, message) instead; the server keeps running until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import mimetypes
import os
import shutil
import signal
import subprocess
import threading
import traceback
import urllib.parse
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import watchfiles

from .clock import build_date
from .config import Config
from .fingerprints import digest
from .incremental import Session, pause_collector, settle_collector, update
from .index import make_reproducible, pagefind_command
from .problems import BuildError, ContentError, Problem
from .project import Project

VERSION_PATH = "/__katalog__/version"
WAIT = 600  # seconds a request waits at most for a page the running update may change
INTERNAL = (
    "Interner Fehler beim Bauen, kein Fehler in den Inhalten. Bitte mit dieser Meldung an "
    "die Betreuer des Generators wenden:"
)


class Preview:
    """The state shared by the watcher (writes) and the request handlers (read)."""

    def __init__(self, project: Project, cache: Path, config: Config) -> None:
        self.project, self.cache, self.config = project, cache, config
        self.out = cache / "site"
        self.version = 0
        self.error: str | None = None  # the error page while the site cannot be built
        self.indexer = Indexer(self.out, cache)
        self.session = Session()  # what the updates of this process remember
        # while an update runs, the output paths it may still change: None while it does
        # not know yet (or renders everything into a new folder), then those not yet
        # written; and the paths it has written (the edited record's page comes first)
        self._changing = threading.Condition()
        self._updating = False
        self._pending: set[str] | None = None
        self._done: set[str] = set()

    def rebuild(self) -> str:
        """Bring the site up to date (only the pages an edit changes), then refresh the
        search index in the background; return a German report for the terminal."""
        with self._changing:
            self._updating, self._pending, self._done = True, None, set()
        pause_collector()
        try:
            return self._rebuild()
        finally:
            with self._changing:
                self.version += 1  # the browser reloads once every page is written
                self._updating = False
                self._changing.notify_all()
            settle_collector()

    def pending(self, paths: set[str]) -> None:
        with self._changing:
            self._pending = set(paths)
            self._changing.notify_all()

    def written(self, path: str) -> None:
        with self._changing:
            self._done.add(path)
            if self._pending is not None:
                self._pending.discard(path)
            self._changing.notify_all()

    def settled(self, paths: set[str]) -> None:
        """Return once none of `paths` (below the output folder) can still change in the
        running update; at once when there is none, or no site to be stale yet."""
        if not self.out.is_dir():
            return

        def current() -> bool:
            if not self._updating:
                return True
            waiting = paths - self._done
            return not waiting or (self._pending is not None and not self._pending & waiting)

        with self._changing:
            self._changing.wait_for(current, timeout=WAIT)

    def _rebuild(self) -> str:
        try:
            report, rendered = update(
                self.project,
                self.out,
                self.config,
                build_date(self.project.root),
                self.cache,
                self.session,
                self,
            )
        except ContentError as err:
            self.error = error_page(err.problems, "")
            result = "\n".join([str(p) for p in err.problems] + ["Vorschau zeigt die Probleme."])
        except Exception as err:  # a template or build fault must not stop the preview
            detail = "".join(traceback.format_exception_only(err)).strip()
            self.error = error_page([], f"{INTERNAL}\n{detail}")
            result = f"{INTERNAL} {detail}"
        else:
            self.error = None
            self.indexer.request()
            result = (
                f"Gebaut: {report.projects} Projekte, {report.events} Veranstaltungen "
                f"({len(rendered)} Seiten neu, Suchindex folgt)."
            )
        return result


class Indexer:
    """Refreshes the preview's search index in the background after each update.

    Pagefind writes into a new folder in the cache; `out/pagefind` is then switched to it
    with one atomic rename of a symbolic link, so a search never sees half an index. An
    update while Pagefind runs makes it run once more afterwards."""

    def __init__(self, out: Path, cache: Path) -> None:
        self.out, self.cache = out, cache
        self._wanted = threading.Condition()
        self._dirty = False
        self._stopped = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def request(self) -> None:
        with self._wanted:
            self._dirty = True
            self._wanted.notify()

    def stop(self) -> None:
        with self._wanted:
            self._stopped = True
            self._wanted.notify()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        generation = 0
        while True:
            with self._wanted:
                while not self._dirty and not self._stopped:
                    self._wanted.wait()
                if self._stopped:
                    return
                self._dirty = False
            generation += 1
            self._index(self.cache / f"pagefind-{os.getpid()}-{generation}")

    def _index(self, bundle: Path) -> None:
        command = [*pagefind_command(self.out), "--output-path", str(bundle)]
        result = subprocess.run(command, capture_output=True, check=False, timeout=600)
        failed = result.returncode != 0 or not (bundle / "pagefind.js").is_file()
        if not failed:
            try:
                make_reproducible(bundle)  # sort orders in their own files, as the build's
            except BuildError:  # a bundle in a form it does not know
                failed = True
        if failed:
            shutil.rmtree(bundle, ignore_errors=True)
            return  # the next update tries again; the old index stays in place
        link = self.out / "pagefind"
        temporary = self.out / ".pagefind-neu"
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(bundle, target_is_directory=True)
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)
        os.replace(temporary, link)
        for other in self.cache.glob("pagefind-*"):
            if other != bundle:
                shutil.rmtree(other, ignore_errors=True)


BUILDING_PAGE = (
    '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
    "<title>Vorschau wird gebaut</title>\n</head>\n<body>\n<main>\n"
    "<h1>Die Vorschau wird gebaut …</h1>\n<p>Bitte die Seite gleich neu laden.</p>\n"
    "</main>\n</body>\n</html>\n"
)


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
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Fehler in den Inhalten – Vorschau</title>\n"
        '<link rel="stylesheet" href="/static/style.css">\n'
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">\n</head>\n<body>\n'
        '<header class="site-header"><div class="wrap header-top"><p class="site-title">'
        "Vorschau des Katalogs</p></div></header>\n"
        '<main class="wrap">\n'
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
        if "\x00" in urllib.parse.unquote(path):  # os functions refuse a NUL in a path
            self._send(400, "text/plain", "Ungültige Adresse.\n")
            return
        file = Path(self.translate_path(path))
        bare = "." not in path.rsplit("/", 1)[-1]  # /projekte/x is a page unless it is a file
        self.preview.settled({self._output_path(file, path.endswith("/") or bare)})
        is_page = path.endswith(("/", ".html")) or file.is_dir() or (bare and not file.exists())
        if not is_page:  # any other file as it is, also one without an extension
            self._file(path)
            return
        if self.preview.error is not None:
            self._send(500, "text/html", self._inject(self.preview.error))
            return
        if file.is_dir():
            file = file / "index.html"
        status = 200
        if not file.is_file():
            status, file = 404, self.preview.out / "404.html"
            self.preview.settled({"404.html"})
        try:
            page = file.read_text(encoding="utf-8")
        except OSError:  # nothing built yet (the first build runs, or a full one)
            self._send(503, "text/html", self._inject(BUILDING_PAGE))
            return
        self._send(status, "text/html", self._inject(page))

    def _output_path(self, file: Path, folder: bool) -> str:
        """The path below the output folder a request for `file` is answered from."""
        try:
            relative = file.relative_to(self.preview.out).as_posix()
        except ValueError:
            return ""
        if relative == ".":
            return "index.html"
        return f"{relative}/index.html" if folder or file.is_dir() else relative

    def _file(self, path: str) -> None:
        """A file of the built site; the project's own static files (style, icon) also while
        no site could be built yet, and its icon for a browser's /favicon.ico."""
        static = self.preview.project.static
        if path == "/favicon.ico":
            icon = static / "favicon.svg"
            self._send_bytes(200, "image/svg+xml", icon.read_bytes())
            return
        if path.startswith("/static/") and not Path(self.translate_path(path)).is_file():
            name = path.removeprefix("/static/")
            file = (static / name).resolve()
            if file.is_relative_to(static.resolve()) and file.is_file():
                kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                self._send_bytes(200, kind, file.read_bytes())
                return
        super().do_GET()

    def _inject(self, page: str) -> str:
        tag = (
            f'<script src="/static/livereload.js" data-version="{self.preview.version}" '
            "defer></script>\n"
        )
        head, found, tail = page.rpartition("</body>")
        return f"{head}{tag}{found}{tail}" if found else page + tag

    def _send(self, status: int, kind: str, text: str) -> None:
        self._send_bytes(status, f"{kind}; charset=utf-8", text.encode("utf-8"))

    def _send_bytes(self, status: int, kind: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


CACHE = ".katalog-cache"  # in the project folder, git-ignored
KEPT_CACHES = 3


def cache_folder(project: Project) -> Path:
    """The preview's cache for this content folder (output, fingerprints, search index);
    only the most recently used few are kept."""
    caches = project.root / CACHE
    folder = caches / digest(str(project.content.resolve()))[:16]
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)
    others = sorted(caches.iterdir(), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in others[KEPT_CACHES:]:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def serve(project: Project, config: Config, port: int, echo: Callable[[str], None] = print) -> None:
    """Run the preview until Ctrl-C or SIGTERM."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    cache = cache_folder(project)
    handler = functools.partial(Handler, directory=str(cache / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    preview = Preview(project, cache, replace(config, base_url=url))
    Handler.preview = preview
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()  # answers at once, until the first build is done with BUILDING_PAGE
    echo(preview.rebuild())
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
        preview.indexer.stop()
    echo("Vorschau beendet.")
