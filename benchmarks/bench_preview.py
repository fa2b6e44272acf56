"""Preview benchmark: from a saved edit to the edited page written, with the incremental build.

Run on purpose, not by pytest:

    python benchmarks/bench_preview.py                 # 1,000 and 10,000 projects
    python benchmarks/bench_preview.py --sizes 1000 --rounds 5 --no-hugo

For each size it generates the catalogue (benchmarks/generate.py) into a project folder on
tmpfs and keeps one preview `Session` for all updates, as `katalog serve` does (also its
garbage collector policy: none during an update, one pass and a freeze after it, not timed).
A cold update fills the cache; then per round it edits one project's city and times
`katalog.incremental.update` until the edited page is on disk and until every changed page
is written, then an update with nothing changed, and, alternating with ours, a cold Hugo
build of the same records (HTML only, benchmarks/hugo.py) as the yardstick of issue 11
(nothing changed ≤ 0.25× Hugo's cold HTML). `katalog serve` adds its watcher's latency
before the update starts (watchfiles yields 50 ms after the last change, at most 400 ms).
The search index is refreshed afterwards in the background and is timed apart. Medians
(min–max) side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from generate import records, write_ours  # noqa: E402
from hugo import write_hugo  # noqa: E402

from katalog.config import Config  # noqa: E402
from katalog.incremental import (  # noqa: E402
    Session,
    pause_collector,
    settle_collector,
    update,
)
from katalog.index import pagefind_command  # noqa: E402
from katalog.project import Project  # noqa: E402
from katalog.schema import load_schemas  # noqa: E402

TODAY = dt.date(2026, 11, 21)
EDITED = "projekte/projekt-00007/index.html"
ROWS = (
    ("cold update (fills the cache)", "cold"),
    ("edit one city → edited page on disk", "page"),
    ("edit one city → all pages written", "all"),
    ("pages rendered after the edit", "pages"),
    ("update with nothing changed", "same"),
    ("search index (background)", "index"),
    ("`katalog serve`: save → edited page served", "served"),
    ("`katalog serve`: save → browser reload signal", "reload"),
    ("Hugo cold build, HTML only", "hugo"),
    ("nothing changed / Hugo cold HTML", "ratio"),
)


class Clock:
    """The preview's progress: when the edited page was written."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.page = 0.0

    def pending(self, paths: set[str]) -> None:
        pass

    def written(self, path: str) -> None:
        if path == EDITED and not self.page:
            self.page = time.perf_counter() - self.started


def run_size(count: int, rounds: int, work: Path, hugo: bool, serving: bool) -> dict[str, str]:
    root = work / f"projekt-{count}"
    for folder in ("templates", "static", "schemas"):
        shutil.copytree(ROOT.parent / folder, root / folder)
    shutil.copy(ROOT.parent / "katalog.toml", root / "katalog.toml")
    enums = load_schemas(root / "schemas").vocabulary.enums
    items = records(count, {k: list(v) for k, v in enums.items()})
    write_ours(root / "content", items)
    if hugo:
        write_hugo(work / f"hugo-{count}", items, enums)
    project = Project(root, root / "katalog.toml", root / "content")
    out, cache, config = work / f"site-{count}", work / f"cache-{count}", Config()
    session = Session()
    figures: dict[str, list[float]] = {key: [] for _, key in ROWS}
    started = time.perf_counter()
    pause_collector()
    update(project, out, config, TODAY, cache, session)
    figures["cold"].append(time.perf_counter() - started)
    settle_collector()
    target = root / "content" / "projects" / "projekt-00007.yaml"
    for index in range(rounds):
        if hugo and index % 2 == 0:
            figures["hugo"].append(hugo_build(work, count))
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("city: ", f"city: Runde {index} ", 1), encoding="utf-8")
        pause_collector()
        clock = Clock()
        _, changed = update(project, out, config, TODAY, cache, session, clock)
        figures["all"].append(time.perf_counter() - clock.started)
        figures["page"].append(clock.page)
        figures["pages"].append(len(changed))
        settle_collector()
        assert f"Runde {index} " in (out / EDITED).read_text(encoding="utf-8")
        pause_collector()
        started = time.perf_counter()
        update(project, out, config, TODAY, cache, session)
        figures["same"].append(time.perf_counter() - started)
        settle_collector()
        if hugo and index % 2 == 1:
            figures["hugo"].append(hugo_build(work, count))
    started = time.perf_counter()
    subprocess.run(pagefind_command(out), check=True, capture_output=True)
    figures["index"].append(time.perf_counter() - started)
    if serving:
        shutil.rmtree(out)
        del session  # this process's memo is not needed for the server's rounds
        served(root, target, rounds, figures)
    if figures["hugo"]:
        figures["ratio"].append(
            statistics.median(figures["same"]) / statistics.median(figures["hugo"])
        )
    shutil.rmtree(work / f"hugo-{count}-site", ignore_errors=True)
    return {key: show(key, values) for key, values in figures.items()}


def served(root: Path, target: Path, rounds: int, figures: dict[str, list[float]]) -> None:
    """The real thing: `katalog serve` in its own process, the edit saved, the edited page
    asked for over HTTP until it shows the edit (the server answers a page the running
    update may still change only once it is written), then the reload signal. Between
    rounds the background search index is left to finish."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    page = url + EDITED.removesuffix("index.html")
    command = [sys.executable, "-m", "katalog", "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        poll(lambda: version(url) >= 1, 600)
        for index in range(rounds):
            indexed(root, index + 1)
            before = version(url)
            text = target.read_text(encoding="utf-8")
            marker = f"Server {index} "
            saved = time.perf_counter()
            target.write_text(text.replace("city: ", f"city: {marker}", 1), encoding="utf-8")
            poll(functools.partial(shows, page, marker), 120)
            figures["served"].append(time.perf_counter() - saved)
            poll(functools.partial(newer, url, before), 120)
            figures["reload"].append(time.perf_counter() - saved)
    finally:
        server.terminate()
        server.wait(60)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            text: str = response.read().decode("utf-8")
            return text
    except (OSError, urllib.error.URLError):
        return ""


def shows(url: str, text: str) -> bool:
    return text in fetch(url)


def newer(url: str, seen: int) -> bool:
    return version(url) > seen


def version(url: str) -> int:
    text = fetch(url + "__katalog__/version")
    return int(json.loads(text)["version"]) if text else 0


def poll(check: Callable[[], bool], limit: float) -> None:
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit("Zeitüberschreitung beim Warten auf die Vorschau")
        time.sleep(0.005)


def indexed(root: Path, generation: int) -> None:
    """Wait for the server's background search index of the given update."""
    poll(lambda: any(root.glob(f".katalog-cache/*/pagefind-*-{generation}/pagefind.js")), 600)


def hugo_build(work: Path, count: int) -> float:
    site, destination = work / f"hugo-{count}", work / f"hugo-{count}-site"
    shutil.rmtree(destination, ignore_errors=True)
    started = time.perf_counter()
    command = ["hugo", "--source", str(site), "--destination", str(destination), "--quiet"]
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def show(key: str, values: list[float]) -> str:
    if not values:
        return "–"
    if key == "pages":
        return f"{statistics.median(values):.0f}"
    if key == "ratio":
        return f"{values[0]:.2f}×"
    median = statistics.median(values)
    return f"{median:.2f} s" + (
        f" ({min(values):.2f}–{max(values):.2f})" if len(values) > 1 else ""
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true", help="without the Hugo yardstick")
    parser.add_argument("--no-serve", action="store_true", help="without `katalog serve`")
    args = parser.parse_args(argv)
    hugo = not args.no_hugo and shutil.which("hugo") is not None
    shm = Path("/dev/shm")
    work = Path(tempfile.mkdtemp(prefix="katalog-preview-", dir=shm if shm.is_dir() else None))
    columns: dict[int, dict[str, str]] = {}
    loads = []
    try:
        for count in args.sizes:
            columns[count] = run_size(count, args.rounds, work, hugo, not args.no_serve)
            loads.append(os.getloadavg()[0])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sizes = " | ".join(f"{count:,} projects".replace(",", ".") for count in columns)
    print(
        f"\n{args.rounds} rounds, medians (min–max); load average after each size: "
        + ", ".join(f"{load:.1f}" for load in loads)
    )
    print(f"| preview | {sizes} |")
    print("| --- |" + " ---: |" * len(columns))
    for label, key in ROWS:
        print(f"| {label} | " + " | ".join(columns[c][key] for c in columns) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
