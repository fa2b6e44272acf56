"""Preview benchmark: from a saved edit to the edited page written, with the incremental build.

Run on purpose, not by pytest:

    python benchmarks/bench_preview.py                 # 1,000 and 10,000 projects
    python benchmarks/bench_preview.py --sizes 1000 --rounds 5

For each size it generates the catalogue (benchmarks/generate.py) into a project folder on
tmpfs, fills the preview cache once (a cold update), then per round edits one project's city
and times `katalog.incremental.update` until the edited page is on disk, and times an update
with nothing changed. `katalog serve` adds its watcher's debounce (0.4 s) before the update
starts; the search index is refreshed afterwards in the background and is timed apart.
Medians (min–max).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from generate import records, write_ours  # noqa: E402

from katalog.config import Config  # noqa: E402
from katalog.incremental import update  # noqa: E402
from katalog.index import pagefind_command  # noqa: E402
from katalog.project import Project  # noqa: E402
from katalog.schema import load_schemas  # noqa: E402

TODAY = dt.date(2026, 11, 21)
DEBOUNCE = 0.4  # watchfiles.watch(debounce=400) in katalog/serve.py


def run_size(count: int, rounds: int, work: Path) -> None:
    root = work / f"projekt-{count}"
    for folder in ("templates", "static", "schemas"):
        shutil.copytree(ROOT.parent / folder, root / folder)
    shutil.copy(ROOT.parent / "katalog.toml", root / "katalog.toml")
    enums = load_schemas(root / "schemas").vocabulary.enums
    write_ours(root / "content", records(count, {k: list(v) for k, v in enums.items()}))
    project = Project(root, root / "katalog.toml", root / "content")
    out, cache, config = work / f"site-{count}", work / f"cache-{count}", Config()
    started = time.perf_counter()
    _, rendered = update(project, out, config, TODAY, cache)
    cold = time.perf_counter() - started
    edits, unchanged, pages = [], [], []
    target = root / "content" / "projects" / "projekt-00007.yaml"
    for index in range(rounds):
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("city: ", f"city: Runde {index} ", 1), encoding="utf-8")
        started = time.perf_counter()
        _, changed = update(project, out, config, TODAY, cache)
        edits.append(time.perf_counter() - started)
        pages.append(len(changed))
        assert f"Runde {index} " in (out / "projekte/projekt-00007/index.html").read_text()
        started = time.perf_counter()
        update(project, out, config, TODAY, cache)
        unchanged.append(time.perf_counter() - started)
    started = time.perf_counter()
    subprocess.run(pagefind_command(out), check=True, capture_output=True)
    index = time.perf_counter() - started

    def show(values: list[float]) -> str:
        return f"{statistics.median(values):6.2f} s ({min(values):.2f}–{max(values):.2f})"

    print(f"\n## {count:_} projects; load average {os.getloadavg()[0]:.1f}".replace("_", "."))
    print(f"cold update (fills the cache)     {cold:6.2f} s, {len(rendered)} pages")
    print(f"edit one city → page written    {show(edits)}, {statistics.median(pages):.0f} pages")
    print(f"  + watcher debounce              {statistics.median(edits) + DEBOUNCE:6.2f} s")
    print(f"nothing changed                 {show(unchanged)}")
    print(f"search index (background)         {index:6.2f} s")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    shm = Path("/dev/shm")
    work = Path(tempfile.mkdtemp(prefix="katalog-preview-", dir=shm if shm.is_dir() else None))
    try:
        for count in args.sizes:
            run_size(count, args.rounds, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
