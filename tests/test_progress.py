"""Progress of long runs (katalog/progress.py): live bars in a real pseudo-terminal, plain
lines in CI and pipes, nothing beside machine-readable output, nothing before the delay.

The delay is set through KATALOG_PROGRESS_DELAY (0 here) and the plain lines are checked
against a clock the test moves, so no test depends on how fast the machine is."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SCHEMAS, copy_project
from synthetic import synthetic_content

from katalog.cli import main
from katalog.load import load_content
from katalog.progress import DELAY_VARIABLE, Bars, Lines, german
from katalog.workers import fork_map, shares_for

STAGES = [
    "Einträge laden",
    "Einträge prüfen",
    "Katalog aufbauen",
    "Seiten planen",
    "Seiten für die Suche schreiben",
    "Übrige Seiten und Exporte schreiben",
    "Suchindex erstellen",
]
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
FILES, PAGES = ("Datei", "Dateien"), ("Seite", "Seiten")


class Clock:
    """Time as the test says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def records(project: Path) -> int:
    """How many content files (records) the project has."""
    loaded = load_content(project / "content")
    assert loaded.problems == []
    return len(loaded.records)


def searched_pages(site: Path) -> int:
    """How many written pages carry text for the search index."""
    return sum("data-pagefind-body" in page.read_text("utf-8") for page in site.rglob("*.html"))


def in_terminal(args: Sequence[str], cwd: Path, columns: int = 120, **env: str) -> str:
    """Run `katalog ARGS` in a pseudo-terminal `columns` wide; all it wrote, as written (the
    terminal does not turn "\\n" into "\\r\\n"). Fails on a non-zero exit."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    attributes = termios.tcgetattr(slave)
    attributes[1] &= ~termios.OPOST
    termios.tcsetattr(slave, termios.TCSANOW, attributes)
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "COLUMNS", "LINES")}
    environ |= {"TERM": "xterm-256color", DELAY_VARIABLE: "0", **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "katalog", *args],
        cwd=cwd,
        env=environ,
        stdin=slave,
        stdout=slave,
        stderr=slave,
    )
    os.close(slave)
    written = bytearray()
    try:
        while select.select([master], [], [], 300)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the command has ended and the terminal is closed
                break
            if not chunk:
                break
            written += chunk
    finally:
        os.close(master)
    assert process.wait(timeout=60) == 0, written.decode(errors="replace")
    return written.decode()


def test_a_long_build_in_a_terminal_shows_each_stage_with_counts(tmp_path: Path) -> None:
    # enough pages that each write stage sends its work out in several shares
    project = copy_project(tmp_path, {})
    synthetic_content(project / "content", 300, SCHEMAS)
    written = in_terminal(["build", "--base-url", "https://example.org/"], project)
    assert "\x1b[?25l" in written and "\x1b[?25h" in written  # a live display, cursor back
    screen = ESCAPE.sub("", written)
    for stage in STAGES:
        assert stage in screen
    files = german(records(project))
    assert f"{files} Dateien in " in screen and f"{files} Einträge in " in screen
    assert f"{german(searched_pages(project / 'site'))} Seiten in " in screen
    for unit in ("Seiten", "Dateien"):  # the two write stages: »done/total unit«
        (total,) = set(re.findall(rf"[\d.]+/([\d.]+) {unit}", screen))
        assert f"{total} {unit} in " in screen  # reached its total
        whole = int(total.replace(".", ""))
        shown = [int(n.replace(".", "")) for n in re.findall(rf"([\d.]+)/{total} {unit}", screen)]
        between = [n for n in shown if 0 < n < whole]
        assert len(set(between)) >= 2, shown  # counted as the shares came back
        assert between == sorted(between)
    assert re.search(r"Dateien, [\d.]+/s, noch \d+:\d\d", screen)  # rate and time left
    summary = screen.split("Fertig: ", 1)[1]  # after the bars, as before
    assert summary.startswith("300 Projekte, 30 Veranstaltungen, ")
    assert "laden+prüfen" in summary and "indexieren" in summary


def test_an_80_column_terminal_gets_every_stage_in_full_without_bars(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    written = in_terminal(["build"], project, columns=80)
    lines = {line.rstrip() for line in ESCAPE.sub("\n", written).splitlines()}
    assert "━" not in written
    for stage in STAGES:
        done = rf"{stage} +(\d+ [A-Za-zä]+|fertig) in \d+,\d s"
        assert any(re.fullmatch(done, line) for line in lines), stage
    assert max(len(line) for line in lines if line.startswith(tuple(STAGES))) <= 80


def test_ci_gets_plain_lines_without_carriage_returns(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    written = in_terminal(["build"], project, CI="true")
    assert "\r" not in written and "\x1b" not in written
    lines = written.splitlines()
    starts, ends = lines[0:14:2], lines[1:14:2]
    assert starts == [f"{stage} …" for stage in STAGES]
    assert [line.split(": ", 1)[0] for line in ends] == STAGES
    counted = [line.split(": ", 1)[1].rsplit(" in ", 1)[0] for line in ends]
    files, searched = records(project), searched_pages(project / "site")
    assert counted[:2] == [f"{files} Dateien", f"{files} Einträge"]
    assert counted[2:4] == ["fertig", "fertig"]
    assert counted[4] == f"{searched} Seiten"
    assert re.fullmatch(r"\d+ Dateien", counted[5]) and counted[6] == "fertig"
    assert all(re.fullmatch(r"\d+,\d s", line.rsplit(" in ", 1)[1]) for line in ends)
    assert lines[-2].startswith("Fertig: 16 Projekte, 3 Veranstaltungen, ")


def test_validate_as_json_or_annotations_shows_no_progress_even_in_a_terminal(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path)
    problems = json.loads(in_terminal(["validate", "--format", "json"], project))
    assert problems and {problem["code"] for problem in problems} == {"W101"}  # stale reviews
    annotations = in_terminal(["validate", "--format", "github"], project).splitlines()
    assert all(line.startswith("::warning ") for line in annotations[:-1]), annotations
    assert annotations[-1] == "Keine Probleme gefunden."


def test_validate_as_text_in_a_terminal_shows_its_two_stages(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    files = records(project)
    screen = ESCAPE.sub("", in_terminal(["validate"], project))
    assert "Einträge laden" in screen and f"{files} Dateien in " in screen
    assert "Einträge prüfen" in screen and f"{files} Einträge in " in screen
    assert "Katalog aufbauen" not in screen
    assert "Keine Probleme gefunden." in screen


def test_a_pipe_gets_plain_lines_on_stderr_and_stdout_stays_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DELAY_VARIABLE, "0")
    result = CliRunner().invoke(main, ["build", "--no-search"], prog_name="katalog")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Fertig: 16 Projekte, 3 Veranstaltungen, ")
    assert result.stdout.count("\n") == 2
    assert "Übrige Seiten und Exporte schreiben …\nÜbrige Seiten und Exporte schreiben: " in (
        result.stderr
    )
    assert "Suchindex" not in result.stderr  # --no-search: no such stage
    assert "\r" not in result.stderr


def test_a_failed_build_reports_every_problem_after_the_stages_that_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DELAY_VARIABLE, "0")
    broken = Path("content/projects/fussball-verbindet.yaml")
    broken.write_text(broken.read_text(encoding="utf-8").replace("start:", "begin:"), "utf-8")
    result = CliRunner().invoke(main, ["build"], prog_name="katalog")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[:3] == ["Einträge laden …", lines[1], "Einträge prüfen …"]
    assert lines[3].startswith("Einträge prüfen: 30 Einträge in ")
    assert [line.split(": ", 1)[1][:4] for line in lines[4:6]] == ["K201", "K202"]
    assert "Katalog aufbauen" not in result.stderr and "Traceback" not in result.output


def test_a_build_shorter_than_the_delay_shows_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DELAY_VARIABLE, "600")
    result = CliRunner().invoke(main, ["build"], prog_name="katalog")
    assert result.exit_code == 0, result.output
    *warnings, summary = result.stderr.splitlines()
    assert warnings and all(": W101 " in line for line in warnings)
    assert re.fullmatch(r"\d+ Warnungen \(kein Fehler; mit --strict wären es Fehler\)\.", summary)


def test_plain_lines_start_after_the_delay_and_tell_rate_and_time_left_every_15_s() -> None:
    clock, out = Clock(), io.StringIO()
    progress = Lines(out, delay=2, clock=clock)
    with progress.stage("Einträge laden", unit=FILES) as advance:
        clock.now += 1.5
        advance(1)  # before the delay: nothing yet
        assert out.getvalue() == ""
        clock.now += 1.0
        advance(29_999)
    with progress.stage("Seiten schreiben", 1000, PAGES) as advance:
        for _ in range(10):
            clock.now += 5
            advance(100)
    with pytest.raises(KeyboardInterrupt), progress.stage("Suchindex erstellen") as advance:
        for _ in range(4):
            clock.now += 5
            advance(0)  # a sign of life
        raise KeyboardInterrupt
    assert out.getvalue().splitlines() == [
        "Einträge laden …",
        "Einträge laden: 30.000 Dateien in 2,5 s",
        "Seiten schreiben …",
        # every 15 s; the rate of the last 10 s
        "Seiten schreiben: 300 von 1.000 Seiten, 20 Seiten/s, noch 0:35",
        "Seiten schreiben: 600 von 1.000 Seiten, 20 Seiten/s, noch 0:20",
        "Seiten schreiben: 900 von 1.000 Seiten, 20 Seiten/s, noch 0:05",
        "Seiten schreiben: 1.000 Seiten in 50,0 s",
        "Suchindex erstellen …",
        "Suchindex erstellen: läuft seit 0:15",
        "Suchindex erstellen: abgebrochen nach 20,0 s",
    ]


def test_bars_that_appear_late_show_the_stages_before_them_in_full() -> None:
    clock, out = Clock(), io.StringIO()  # a file: rich draws the final state only, at the end
    progress = Bars(delay=2, clock=clock, stream=out)
    with progress.stage("Einträge laden", unit=FILES) as advance:
        clock.now += 1
        advance(500)
    with progress.stage("Katalog aufbauen"):
        clock.now += 0.5
    assert progress.bars is None  # not yet 2 s
    with progress.stage("Seiten schreiben", 1000, PAGES) as advance:
        clock.now += 1
        advance(400)
        assert progress.bars is not None
        assert [(t.description, t.total, t.completed) for t in progress.bars.tasks] == [
            ("Einträge laden", 500, 500),
            ("Katalog aufbauen", 1, 1),
            ("Seiten schreiben", 1000, 400),
        ]
        clock.now += 1
        advance(600)
    progress.close()
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    expected = [  # 80 columns: no bars
        ("Einträge laden", "500 Dateien in 1,0 s"),
        ("Katalog aufbauen", "fertig in 0,5 s"),
        ("Seiten schreiben", "1.000 Seiten in 2,0 s"),
    ]
    assert len(lines) == len(expected)
    for line, (name, summary) in zip(lines, expected, strict=True):
        assert line.startswith(name) and line.endswith(summary), line
        assert not line[len(name) : -len(summary)].strip()


def test_one_of_a_kind_is_counted_in_the_singular() -> None:
    clock, out = Clock(), io.StringIO()
    with Lines(out, delay=0, clock=clock).stage("Einträge prüfen", 1, ("Eintrag", "Einträge")) as a:
        a(1)
    assert out.getvalue().splitlines()[-1] == "Einträge prüfen: 1 Eintrag in 0,0 s"


def test_numbers_are_written_the_german_way() -> None:
    assert (german(12_345.6), german(1_234.56, 1), german(7)) == ("12.346", "1.234,6", "7")


def squares(share: Sequence[int]) -> list[int]:
    return [n * n for n in share]


@pytest.mark.parametrize("workers", [1, 2])
def test_forked_shares_are_counted_as_they_come_back_in_order(workers: int) -> None:
    heard: list[int] = []
    assert fork_map(squares, range(1000), workers, heard.append) == [n * n for n in range(1000)]
    assert len(heard) == shares_for(1000, workers) > workers and sum(heard) == 1000
