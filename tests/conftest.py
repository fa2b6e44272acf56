"""Shared fixtures: temporary content trees, the built example site served on
127.0.0.1, and a real headless Chromium driven by Playwright."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import socketserver
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from katalog.config import Config
from katalog.pipeline import build
from katalog.project import Project
from katalog.schema import load_schemas

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SCHEMAS = load_schemas(ROOT / "schemas")


def project_for(content: Path) -> Project:
    """The repository's project folder (templates, static, schemas) with other content."""
    return Project(ROOT, ROOT / "katalog.toml", content)


PROJECT = project_for(CONTENT)
TODAY = dt.date(2026, 11, 21)  # fixed so derived status and golden output never drift
CHROMIUM = os.environ.get("KATALOG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def write_tree(base: Path, files: dict[str, str | bytes]) -> Path:
    """Create files below `base` from a {relative path: content} dict."""
    for name, content in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return base


def copy_project(target: Path, content: dict[str, str | bytes] | None = None) -> Path:
    """A project folder at `target`: this repository's katalog.toml, templates, static
    files and schemas, with the given content files (or a copy of the example content)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "katalog.toml", target / "katalog.toml")
    for folder in ("templates", "static", "schemas"):
        shutil.copytree(ROOT / folder, target / folder)
    if content is None:
        shutil.copytree(CONTENT, target / "content")
    else:
        (target / "content").mkdir()
        write_tree(target / "content", content)
    return target


@pytest.fixture(autouse=True)
def _progress_never_by_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build shows progress once it is older than a delay (katalog/progress.py): without
    this, what a test sees on stderr would depend on how busy the machine is. Tests of the
    progress itself set the delay to 0 (tests/test_progress.py)."""
    monkeypatch.setenv("KATALOG_PROGRESS_DELAY", "3600")


@pytest.fixture
def make_content(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Content files in a project folder at tmp_path (see copy_project); returns content/."""

    def make(files: dict[str, str | bytes]) -> Path:
        if not (tmp_path / "katalog.toml").exists():
            copy_project(tmp_path, {})
        return write_tree(tmp_path / "content", files)

    return make


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded example catalogue, built once per test session."""
    out = tmp_path_factory.mktemp("example") / "site"
    build(PROJECT, out, Config(base_url="http://127.0.0.1/"), today=TODAY)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(directory: Path) -> tuple[str, Callable[[], None]]:
    """Serve `directory` on 127.0.0.1 (a free port); return the base URL and a stop function."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}/", stop


@pytest.fixture(scope="session")
def site_url(example_site: Path) -> Iterator[str]:
    url, stop = serve(example_site)
    yield url
    stop()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A real headless Debian Chromium. Missing Chromium is a failure, never a skip."""
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium "
            "(apt-get install chromium) or set KATALOG_CHROMIUM",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            locale="de-DE",
        )
        yield context
        context.close()


class PageGuard:
    """Records console errors and every request that leaves 127.0.0.1."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.console_errors.append(str(err)))
        page.route("**/*", self._route)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort()


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    """A fresh tab with a route guard; the test fails on any request off 127.0.0.1."""
    tab = browser_context.new_page()
    guard = PageGuard(tab)
    tab.guard = guard
    yield tab
    tab.close()
    assert guard.foreign_requests == [], f"requests left 127.0.0.1: {guard.foreign_requests}"


def source_files() -> list[str]:
    """The repository's files as a fresh clone would have them (tracked and new, not ignored)."""
    import subprocess

    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return sorted(name for name in listed.split("\0") if name and (ROOT / name).is_file())


def fresh_copy(target: Path) -> Path:
    """A copy of the repository as a fresh clone would have it (no site/, no caches)."""
    for name in source_files():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination)
    return target


@pytest.fixture(scope="session")
def installed_katalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a fresh virtual environment's scripts, with the wheel built from a fresh
    copy of the repository installed (not editable): the package as it ships."""
    import subprocess
    import sys

    base = tmp_path_factory.mktemp("wheel")
    source = fresh_copy(base / "source")
    quiet = {"capture_output": True, "text": True, "check": False}
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"),
         str(source)],
        **quiet,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (base / "dist").glob("*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    installed = subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "install", "-q", str(wheel)], **quiet
    )
    assert installed.returncode == 0, installed.stderr
    shutil.rmtree(source)  # the installed command must not need the source tree
    return venv / "bin"
