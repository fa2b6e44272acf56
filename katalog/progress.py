"""Progress of a long run, stage by stage, on stderr: what is done, how fast, how long still.

The pipeline opens a stage (»Seiten schreiben«, 15.000 Seiten) and calls `advance` as
records or pages are done; it never knows how, or whether, that is shown:

- `Progress` shows nothing: the library, the preview, the benchmarks and machine-readable
  output (`--format json`) use it.
- `Lines` writes a few plain lines per stage (start, now and then a count, done with count
  and seconds): for CI logs, pipes and files, with no carriage returns or colours.
- `Bars` draws live bars with rate and time left in an interactive terminal (rich).

Both show something only once the run is older than `delay` seconds, so that a small build
stays as quiet as before. Nothing here starts a thread: the render stage forks worker
processes, which a running thread would forbid (workers.worker_count).
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import rich.progress

Advance = Callable[[int], None]  # records or pages just done; a stage counting nothing: alive
Unit = tuple[str, str]  # what a stage counts: singular and plural (»Seite«, »Seiten«)
DELAY_SECONDS = 2.0  # a run shorter than this shows no progress
DELAY_VARIABLE = "KATALOG_PROGRESS_DELAY"  # seconds, to change that (0 in the tests)
RATE_SECONDS = 10.0


def unseen(count: int) -> None:
    """The `advance` of a stage nobody watches."""


class Progress:
    """Shows nothing."""

    @contextmanager
    def stage(
        self, name: str, total: int | None = None, unit: Unit | None = None
    ) -> Iterator[Advance]:
        """A stage named for editors; `total` items of `unit` if it counts any."""
        yield unseen

    def close(self) -> None:
        """Leave the display as it is (call before printing anything else)."""


QUIET = Progress()


def german(number: float, digits: int = 0) -> str:
    """12345.6 → »12.346«, with `digits` 1 → »12.345,6«."""
    return f"{number:,.{digits}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")


def clock_time(seconds: float) -> str:
    """95 → »1:35«."""
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


@dataclass
class Stage:
    """What is known about one stage; times from the progress' clock."""

    name: str
    total: int | None
    unit: Unit | None
    started: float
    done: int = 0
    ended: float | None = None
    failed: bool = False
    announced: bool = False  # Lines: its first line is out
    told: float = 0.0  # Lines: when its last line was written
    # (time, done) from about RATE_SECONDS ago on: the rate of the last seconds, not of the
    # slow start (the first pages also compile the templates)
    samples: deque[tuple[float, int]] = field(default_factory=deque)

    def advance(self, count: int, now: float) -> None:
        self.done += count
        if not self.samples:
            self.samples.append((self.started, 0))
        self.samples.append((now, self.done))
        while len(self.samples) > 2 and self.samples[1][0] <= now - RATE_SECONDS:
            self.samples.popleft()

    def rate(self, now: float) -> float | None:
        """Items per second over the last RATE_SECONDS or so."""
        if not self.samples:
            return None
        since, then = self.samples[0]
        seconds = (self.ended or now) - since
        return (self.done - then) / seconds if self.done > then and seconds > 0 else None

    def left(self, now: float) -> float | None:
        """Seconds still to go at the rate so far."""
        rate = self.rate(now)
        return (self.total - self.done) / rate if rate and self.total is not None else None

    def count(self, whole: bool = True) -> str:
        """»5.120 von 15.000 Seiten« (without `whole`: »5.120 Seiten«), »« when not counted."""
        if self.unit is None:
            return ""
        if whole and self.total is not None:
            return f"{german(self.done)} von {german(self.total)} {self.units(self.total)}"
        return f"{german(self.done)} {self.units(self.done)}"

    def units(self, number: int) -> str:
        assert self.unit is not None
        return self.unit[0] if number == 1 else self.unit[1]

    def running(self, now: float, short: bool = False) -> str:
        """»5.120 von 15.000 Seiten, 512 Seiten/s, noch 0:20« (`short`: »5.120/15.000 Seiten,
        512/s, noch 0:20«); if nothing is counted »läuft seit 0:12« (»läuft« until a first
        sign of life)."""
        if self.unit is None:
            return f"läuft seit {clock_time(now - self.started)}" if self.samples else "läuft"
        if short and self.total is not None:
            parts = [f"{german(self.done)}/{german(self.total)} {self.units(self.total)}"]
        else:
            parts = [self.count()]
        rate, left = self.rate(now), self.left(now)
        if rate is not None:
            parts.append(f"{german(rate)}/s" if short else f"{german(rate)} {self.unit[1]}/s")
        if left is not None:
            parts.append(f"noch {clock_time(left)}")
        return ", ".join(parts)

    def summary(self, now: float) -> str:
        """»15.000 Seiten in 30,2 s«, »fertig in 3,1 s« or »abgebrochen nach 3,1 s«."""
        seconds = german((self.ended or now) - self.started, 1)
        if self.failed:
            return f"abgebrochen nach {seconds} s"
        return f"{self.count(False)} in {seconds} s" if self.unit else f"fertig in {seconds} s"


class Shown(Progress):
    """Keeps the stages and tells `show` about every change once the run is `delay` old."""

    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.delay, self.clock = delay, clock
        self.began = clock()
        self.stages: list[Stage] = []

    @contextmanager
    def stage(
        self, name: str, total: int | None = None, unit: Unit | None = None
    ) -> Iterator[Advance]:
        current = Stage(name, total, unit, self.clock())
        self.stages.append(current)
        self._changed(current)

        def advance(count: int) -> None:
            current.advance(count, self.clock())
            self._changed(current)

        try:
            yield advance
        except BaseException:
            current.failed = True
            raise
        finally:
            current.ended = self.clock()
            self._changed(current)

    def _changed(self, stage: Stage) -> None:
        now = self.clock()
        if now - self.began >= self.delay:
            self.show(stage, now)

    def show(self, stage: Stage, now: float) -> None:
        raise NotImplementedError


class Lines(Shown):
    """Plain lines on `stream`: a stage's start, its count every `every` seconds, its end."""

    def __init__(
        self,
        stream: TextIO,
        delay: float,
        clock: Callable[[], float] = time.monotonic,
        every: float = 15.0,
    ) -> None:
        super().__init__(delay, clock)
        self.stream, self.every = stream, every

    def show(self, stage: Stage, now: float) -> None:
        if stage.ended is not None:
            self._line(stage, f"{stage.name}: {stage.summary(now)}", now)
        elif not stage.announced:
            stage.announced = True
            self._line(stage, f"{stage.name} …", now)
        elif now - stage.told >= self.every:
            self._line(stage, f"{stage.name}: {stage.running(now)}", now)

    def _line(self, stage: Stage, text: str, now: float) -> None:
        stage.told = now
        self.stream.write(text + "\n")
        self.stream.flush()


class Bars(Shown):
    """Live bars on stderr (rich), drawn again when a stage starts or ends, when another
    percent of it is done, else at most every `interval` seconds."""

    def __init__(
        self,
        delay: float,
        clock: Callable[[], float] = time.monotonic,
        interval: float = 0.1,
        stream: TextIO | None = None,
    ) -> None:
        super().__init__(delay, clock)
        self.interval, self.stream = interval, stream  # stream: stderr if None
        self.drawn = -interval
        self.bars: rich.progress.Progress | None = None
        self.tasks: dict[int, Any] = {}  # id(stage) -> its rich task
        self.percent: dict[int, int] = {}  # id(stage) -> the percent done when last drawn

    def show(self, stage: Stage, now: float) -> None:
        if self.bars is None:
            self.bars = _bars(self.clock, self.stream)
            self.bars.start()
        for each in self.stages:  # the stages before the delay, then each new one
            if id(each) not in self.tasks:
                total, done = _bar(each)
                self.tasks[id(each)] = self.bars.add_task(
                    each.name, total=total, completed=done, stage=each
                )
        total, done = _bar(stage)
        self.bars.update(self.tasks[id(stage)], total=total, completed=done)
        percent = 100 * done // total if total else 0
        if (
            stage.ended is not None
            or percent != self.percent.setdefault(id(stage), -1)
            or now - self.drawn >= self.interval
        ):
            self.drawn, self.percent[id(stage)] = now, percent
            self.bars.refresh()

    def close(self) -> None:
        if self.bars is not None:
            self.bars.stop()
            self.bars = None


def _bar(stage: Stage) -> tuple[int | None, int]:
    """The length of a stage's bar (None: not known) and how much of it is done."""
    if stage.ended is not None and not stage.failed:
        return max(stage.done, 1), max(stage.done, 1)  # a full bar
    return stage.total, stage.done


def _bars(clock: Callable[[], float], stream: TextIO | None) -> rich.progress.Progress:
    """rich's live display: name, bar (in a terminal wide enough for it), count, rate and time
    left, in 80 columns; no refresh thread."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn
    from rich.text import Text

    class Detail(ProgressColumn):
        def render(self, task: Task) -> Text:
            stage: Stage = task.fields["stage"]
            now = clock()
            ended = stage.ended is not None
            return Text(stage.summary(now) if ended else stage.running(now, short=True))

    console = Console(stderr=True) if stream is None else Console(file=stream)
    bar = [BarColumn(bar_width=20)] if console.width >= 100 else []
    return Progress(
        TextColumn("{task.description}"),
        *bar,
        Detail(),
        console=console,
        auto_refresh=False,
        redirect_stdout=False,
        redirect_stderr=False,
    )


def for_terminal(environ: Mapping[str, str] = os.environ) -> Progress:
    """Bars in an interactive terminal; plain lines in CI (CI=true), in a pipe or a file."""
    try:
        delay = float(environ.get(DELAY_VARIABLE, DELAY_SECONDS))
    except ValueError:
        delay = DELAY_SECONDS
    ci = environ.get("CI", "").lower() not in ("", "0", "false", "no")
    terminal = sys.stdout.isatty() and sys.stderr.isatty() and environ.get("TERM") != "dumb"
    return Bars(delay) if terminal and not ci else Lines(sys.stderr, delay)
