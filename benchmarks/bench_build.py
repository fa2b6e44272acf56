"""Build benchmark: our generator against Hugo, both indexed by the same Pagefind binary.

Run on purpose, not by pytest (testpaths = tests):

    python benchmarks/bench_build.py                     # 1,000 and 10,000 projects, 3 rounds
    python benchmarks/bench_build.py --sizes 1000 --rounds 5
    python benchmarks/bench_build.py --example           # also the 16-record example in content/

For each size it generates that many fictional projects plus a tenth as many events
(benchmarks/generate.py), writes them once in our format and once as a Hugo site with a
minimal theme written by benchmarks/hugo.py, then builds both side by side, alternating which
goes first in each round, into tmpfs (/dev/shm). Each side's search index is made by the same
Pagefind binary with the same options (katalog.index.pagefind_command). Every program runs
as its own child process, so its wall time and peak memory (ru_maxrss from wait4) are its own:
our build process (its render workers reported apart), Hugo, and Pagefind on either output.
Printed: the median per stage and per program, and the ratios against Hugo. Beside the
reference, "hugo+parts" is the same Hugo site whose pages also carry the hidden paragraph of
compound-word parts that ours carry for the German search (katalog/compounds.py): Pagefind
then indexes as much on both sides.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from generate import records, write_ours  # noqa: E402
from hugo import write_hugo  # noqa: E402

from katalog.index import pagefind_command, searched_glob  # noqa: E402
from katalog.schema import load_schemas  # noqa: E402

TODAY = dt.date(2026, 11, 21)
TMPFS = Path("/dev/shm")


def measure(command: list[str]) -> tuple[float, float, str]:
    """Run `command`; return wall seconds, peak memory in MiB and its standard output."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.PIPE)
        assert process.stderr is not None
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        output.seek(0)
        text = output.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors.decode()[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, text


def ours_child(content: Path, out: Path, search: bool) -> None:
    """In the child process: our build; print stage seconds and memory."""
    import katalog.cli  # noqa: F401  (the process then ends as `katalog build` does)
    from katalog.config import Config
    from katalog.pipeline import build
    from katalog.project import Project

    project = Project(ROOT.parent, ROOT.parent / "katalog.toml", content.resolve())
    config = Config(base_url="http://127.0.0.1/")
    report = build(project, out, config, today=TODAY, search=search)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    glob = searched_glob(report.searched)
    print(json.dumps({"seconds": report.seconds, "own": own, "workers": children, "glob": glob}))


# the --glob our build chose (from the pages that carry data-pagefind-body); Hugo's pages
# have the same paths, so both sides run the same Pagefind command
SEARCHED_GLOB: list[str | None] = [None]


def pagefind(site: Path) -> list[str]:
    command = pagefind_command(site)
    return command + (["--glob", SEARCHED_GLOB[0]] if SEARCHED_GLOB[0] else [])


def round_ours(content: Path, out: Path, figures: dict[str, list[float]]) -> None:
    """Our build twice: HTML only (its stages and memory, then Pagefind alone on it, for
    Pagefind's time and memory), and with search as `katalog build` runs it, where Pagefind
    runs while the build writes the pages that are not searched and the exports."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, __file__, "--child", str(content), str(out)]
    wall, _, text = measure([*command, "html"])
    child = json.loads(text.strip().splitlines()[-1])
    figures["ours: build (HTML only)"].append(wall)
    for stage, seconds in child["seconds"].items():
        figures[f"ours:   {stage}"].append(seconds)
    figures["ours: MiB main process"].append(child["own"])
    figures["ours: MiB per render worker"].append(child["workers"])
    SEARCHED_GLOB[0] = child["glob"]
    wall, memory, _ = measure(pagefind(out))
    figures["ours: Pagefind alone"].append(wall)
    figures["ours: MiB Pagefind"].append(memory)
    shutil.rmtree(out, ignore_errors=True)
    wall, _, text = measure([*command, "search"])
    figures["ours: total with search"].append(wall)


def round_hugo(site: Path, out: Path, figures: dict[str, list[float]], side: str = "hugo") -> None:
    shutil.rmtree(out, ignore_errors=True)
    wall, memory, _ = measure(["hugo", "--source", str(site), "--destination", str(out), "--quiet"])
    figures[f"{side}: build (HTML only)"].append(wall)
    figures[f"{side}: MiB"].append(memory)
    wall, memory, _ = measure(pagefind(out))
    figures[f"{side}: Pagefind"].append(wall)
    figures[f"{side}: MiB Pagefind"].append(memory)
    figures[f"{side}: total with search"].append(
        figures[f"{side}: build (HTML only)"][-1] + figures[f"{side}: Pagefind"][-1]
    )


def count_files(folder: Path, pattern: str = "*.html") -> int:
    return sum(1 for _ in folder.rglob(pattern))


def run_size(count: int, rounds: int, work: Path) -> None:
    folder = work / str(count)
    enums = load_schemas(ROOT.parent / "schemas").vocabulary.enums
    items = records(count, {k: list(v) for k, v in enums.items()})
    write_ours(folder / "content", items)
    write_hugo(folder / "hugo", items, enums)
    # the same Hugo site, its pages carrying our hidden compound-word paragraph ("hugo+parts"):
    # reported beside the reference, not instead of it
    write_hugo(folder / "hugo-parts", items, enums, parts=True)
    figures: dict[str, list[float]] = defaultdict(list)
    for index in range(rounds):
        sides: list[Callable[[], None]] = [
            lambda: round_ours(folder / "content", folder / "site", figures),
            lambda: round_hugo(folder / "hugo", folder / "hugo-site", figures),
            lambda: round_hugo(
                folder / "hugo-parts", folder / "hugo-parts-site", figures, "hugo+parts"
            ),
        ]
        for side in sides if index % 2 == 0 else reversed(sides):
            side()
    projects = sum(1 for r in items if r.kind == "project")
    print(f"\n## {projects:_} projects, {len(items) - projects:_} events".replace("_", "."))
    print(
        f"HTML files: ours {count_files(folder / 'site'):,}, "
        f"Hugo {count_files(folder / 'hugo-site'):,}; {rounds} rounds, medians "
        f"(min–max); load average now {os.getloadavg()[0]:.1f}"
    )
    for name, values in figures.items():
        unit = "MiB" if "MiB" in name else "s"
        print(
            f"{name:<34}{statistics.median(values):9.2f} {unit:<4}"
            f"({min(values):.2f}–{max(values):.2f})"
        )
    median = {name: statistics.median(values) for name, values in figures.items()}
    for label, ours, hugo in (
        ("with search", "ours: total with search", "hugo: total with search"),
        ("HTML only", "ours: build (HTML only)", "hugo: build (HTML only)"),
        ("Pagefind alone", "ours: Pagefind alone", "hugo: Pagefind"),
        ("with search, hugo+parts", "ours: total with search", "hugo+parts: total with search"),
    ):
        print(f"ratio ours/Hugo, {label:<24}{median[ours] / median[hugo]:6.2f}×")


def run_example(rounds: int, work: Path) -> None:
    """The 16-record example, cold, with search, through the real command line."""
    content = ROOT.parent / "content"
    times = []
    for _ in range(rounds):
        out = work / "example-site"
        shutil.rmtree(out, ignore_errors=True)
        command = [
            sys.executable,
            str(ROOT.parent / "build.py"),
            "build",
            "--content",
            str(content),
        ]
        wall, memory, _ = measure([*command, "--out", str(out)])
        times.append((wall, memory))
    print("\n## the example in content/, `katalog build` with search, cold")
    walls = [t for t, _ in times]
    print(f"wall {statistics.median(walls):.2f} s ({min(walls):.2f}–{max(walls):.2f}), "
          f"peak {statistics.median(m for _, m in times):.0f} MiB")  # fmt: skip


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--example", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        content, out, mode = args.child
        ours_child(Path(content), Path(out), mode == "search")
        return
    if shutil.which("hugo") is None:
        raise SystemExit("Hugo fehlt: apt-get install hugo")
    print(f"load average at start {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=True)
    print(hugo.stdout.strip())
    work = Path(tempfile.mkdtemp(prefix="katalog-bench-", dir=TMPFS if TMPFS.is_dir() else None))
    try:
        if args.example:
            run_example(args.rounds, work)
        for count in args.sizes:
            run_size(count, args.rounds, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
