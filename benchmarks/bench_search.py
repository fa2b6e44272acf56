"""Search benchmark: build synthetic catalogues and measure Pagefind's index and transfer sizes.

Run on purpose, not by pytest (testpaths = tests):

    python benchmarks/bench_search.py            # 1,000 and 10,000 projects
    python benchmarks/bench_search.py 500 2000   # other sizes

For each size it generates that many fictional projects (valid against the schema), builds the
site with the real pipeline, and prints the seconds per build stage (Pagefind: "indexieren"), the
size of site/pagefind/ on disk, and the bytes the server sends from site/pagefind/ while a real
Chromium opens the search page with a first query (`?q=Polizei`) and shows its first 20 results,
split into the kinds of file. Served uncompressed, as by `python -m http.server`.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import random
import socketserver
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

from katalog.config import Config  # noqa: E402
from katalog.pipeline import build  # noqa: E402
from katalog.project import Project  # noqa: E402
from katalog.schema import load_schemas  # noqa: E402

QUERY = "Polizei"
TODAY = dt.date(2026, 11, 21)
CITIES = [
    "Nordheim", "Südhausen", "Ostfelde", "Westerau", "Bergstadt", "Talheim", "Seeburg",
    "Lindenau", "Eichwalde", "Rosental", "Brückenfeld", "Mühlbach", "Sandkamp", "Hohenwiesen",
]  # fmt: skip
SUBJECTS = [
    "Polizistinnen und Polizisten", "Jugendliche aus dem Stadtteil", "Ehrenamtliche der Gemeinde",
    "Eltern und Lehrkräfte", "Imame und Kontaktbeamte", "Frauen aus der Nachbarschaft",
    "Studierende der Polizeiakademie", "Mitarbeitende des Jugendamts",
]  # fmt: skip
ACTIONS = [
    "trafen sich regelmäßig zu Gesprächsabenden", "spielten gemeinsam in einem Fußballturnier",
    "drehten kurze Filme über ihren Alltag", "besuchten zusammen die Moschee",
    "planten einen Tag der offenen Tür", "übten Gesprächssituationen im Rollenspiel",
    "schrieben eine Handreichung für Beratungsstellen", "kochten an einem Abend im Monat",
]  # fmt: skip
OUTCOMES = [
    "Das gegenseitige Vertrauen wuchs spürbar.", "Vorurteile wurden offen angesprochen.",
    "Aus einzelnen Kontakten entstand ein festes Netzwerk.",
    "Die Gemeinde weiß nun, an wen sie sich wenden kann.",
    "Die Beteiligten wollen das Projekt fortsetzen.",
]  # fmt: skip
TOPICS = [
    "Begegnung", "Vertrauen", "Prävention", "Dialog", "Nachbarschaft", "Sicherheit", "Zivilcourage",
    "Jugendarbeit", "Sportverein", "Filmwerkstatt", "Elterncafé", "Moscheeführung",
]  # fmt: skip


def project(i: int, rng: random.Random, enums: dict[str, list[str]]) -> dict[str, Any]:
    city = f"{rng.choice(CITIES)} {i % 97}"
    sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)}." for _ in range(rng.randint(3, 8))]
    start_year = rng.randint(2008, 2027)
    record: dict[str, Any] = {
        "title": f"{rng.choice(TOPICS)} in {city}: Projekt Nummer {i}",
        "summary": f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} – ein erfundenes Beispiel.",
        "description": "*Erfundenes Beispiel.* " + " ".join(sentences),
        "carriers": [
            {"name": f"Träger {i}-{k} (Beispiel)", "type": rng.choice(enums["carrier_type"])}
            for k in range(rng.randint(1, 3))
        ],
        "states": rng.sample(enums["state"], rng.randint(1, 2)),
        "city": city,
        "start": f"{start_year}-{rng.randint(1, 12):02d}",
        "activities": rng.sample(enums["activity"], rng.randint(1, 3)),
        "target_groups": rng.sample(enums["target_group"], rng.randint(1, 3)),
        "results": " ".join(rng.sample(OUTCOMES, 2)),
        "last_reviewed": "2026-01-15",
        "example": True,
    }
    if start_year < 2024 and rng.random() < 0.6:
        record["end"] = f"{start_year + rng.randint(1, 3)}-{rng.randint(1, 12):02d}"
    return record


def make_content(folder: Path, count: int) -> None:
    rng = random.Random(count)
    vocab = load_schemas(ROOT / "schemas").vocabulary
    enums = {name: list(values) for name, values in vocab.enums.items()}
    projects = folder / "projects"
    projects.mkdir(parents=True)
    for i in range(count):
        text = yaml.safe_dump(project(i, rng, enums), allow_unicode=True, sort_keys=False)
        (projects / f"projekt-{i:05d}.yaml").write_text(text, encoding="utf-8")
    (folder / "events").mkdir()
    (folder / "pages").mkdir()


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
    """Serves the site and counts the bytes of every file sent from pagefind/, whoever asked
    for it (the page, or Pagefind's web worker, whose requests the page does not see)."""

    received: Counter[str]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        super().do_GET()
        path = self.translate_path(self.path)
        if "/pagefind/" in self.path and os.path.isfile(path):
            self.received[kind(self.path)] += os.path.getsize(path)


def transfer(site: Path) -> Counter[str]:
    """Bytes served from pagefind/ while Chromium opens the search page with a first query."""
    from playwright.sync_api import expect, sync_playwright

    received: Counter[str] = Counter()
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
            page.goto(f"{url}suche/?q={QUERY}")
            expect(page.locator("#suche-status")).to_contain_text(f"für „{QUERY}“", timeout=60_000)
            expect(page.locator("#suche-ergebnisse > li").first).to_be_visible()
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return received


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
        received = transfer(out)
    print(f"\n## {count:,} projects".replace(",", "."))
    print(f"generate content        {generated:8.1f} s")
    for stage, seconds in report.seconds.items():
        print(f"build: {stage:<17}{seconds:8.1f} s")
    print(f"index on disk           {size / 1e6:8.1f} MB in {files:,} files")
    print(f"first query “{QUERY}”, bytes received from pagefind/:")
    for name, value in sorted(received.items()):
        print(f"  {name:<24}{value / 1e3:8.1f} kB")
    print(f"  {'total':<24}{sum(received.values()) / 1e3:8.1f} kB")


def main(argv: list[str]) -> None:
    for count in [int(a) for a in argv] or [1_000, 10_000]:
        run(count)


if __name__ == "__main__":
    main(sys.argv[1:])
