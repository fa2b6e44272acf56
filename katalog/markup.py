"""Markdown to safe HTML: Python-Markdown renders, nh3 sanitises with an allowlist."""

from __future__ import annotations

import contextlib
import multiprocessing
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

import nh3
from markupsafe import Markup

from . import converters
from .progress import Advance, unseen
from .workers import available_cores, give_way, worker_count

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "q",
    "abbr",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "sub",
    "sup",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"https", "http", "mailto"}

# Python-Markdown is quadratic or recursive on some shapes that fit the schema's limits; these
# bounds keep every text within a fraction of a second (measured: 10,000 unclosed `[` took
# 39 s, 300 followed by 19,000 characters 2 s; lists nested 300 deep hit RecursionError)
MAX_INDENT = 40  # columns of leading white space: nested lists and quotes recurse
MAX_QUOTE_DEPTH = 10
MAX_BRACKET_SCAN = 1_000_000  # characters scanned for the closing ] of every [
MAX_TAG_STARTS = 1_000  # "<" that may open an HTML tag
MAX_BLOCK_LINES = 1_000  # lines without a blank line between: the block parser is quadratic
BUDGET_SECONDS = 3.0  # the backstop for shapes nobody has found yet
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_QUOTES = re.compile(r"^(?:[ \t]*>)+", re.MULTILINE)


class MarkdownTooComplex(Exception):
    """A Markdown text the renderer cannot finish within its bounds (German message)."""


def complexity_problem(text: str) -> str | None:
    """A German message when `text` has a shape known to make Python-Markdown hang or recurse.

    Each rule is first tried with a count that bounds it (a tab widens to at most 4 columns,
    a block has at most as many lines as the text, ...): the usual text needs no exact
    measure, which was most of the time of the checks."""
    # deeper than MAX_INDENT columns takes more than MAX_INDENT // 4 leading tabs or spaces
    if not re.search(rf"^[ \t]{{{MAX_INDENT // 4 + 1}}}", text, re.MULTILINE):
        indent = 0
    else:
        indent = max(
            (len(line) - len(line.lstrip(" \t")) for line in text.expandtabs(4).split("\n")),
            default=0,
        )
    if indent > MAX_INDENT:
        return (
            f"Eine Zeile ist {indent} Zeichen tief eingerückt; erlaubt sind höchstens "
            f"{MAX_INDENT}. So tief verschachtelte Listen bitte flacher gliedern."
        )
    depth = 0
    if text.count(">") > MAX_QUOTE_DEPTH:
        depth = max((m.group().count(">") for m in _QUOTES.finditer(text)), default=0)
    if depth > MAX_QUOTE_DEPTH:
        return (
            f"Ein Zitat ist {depth}-fach verschachtelt (»>« am Zeilenanfang); erlaubt sind "
            f"höchstens {MAX_QUOTE_DEPTH} Ebenen."
        )
    block = 0
    if text.count("\n") >= MAX_BLOCK_LINES:
        block = max((len(b.split("\n")) for b in re.split(r"\n[ \t]*\n", text)), default=0)
    if block > MAX_BLOCK_LINES:
        return (
            f"Ein Abschnitt hat {_de(block)} Zeilen ohne Leerzeile dazwischen; erlaubt sind "
            f"höchstens {_de(MAX_BLOCK_LINES)}. Bitte Absätze mit Leerzeilen trennen."
        )
    openers = text.count("[") + text.count("(")
    if openers * len(text) > MAX_BRACKET_SCAN and bracket_scan(text) > MAX_BRACKET_SCAN:
        return (
            "Der Text enthält sehr viele Klammern »[« oder »(« ohne passende schließende. Bitte "
            "überflüssige Klammern löschen; ein Link hat die Form [Text](https://…)."
        )
    tags = len(_TAG_START.findall(text)) if text.count("<") > MAX_TAG_STARTS else 0
    if tags > MAX_TAG_STARTS:
        return (
            f"Der Text enthält {_de(tags)}-mal »<« vor einem Buchstaben (wie ein HTML-Befehl); "
            f"erlaubt sind höchstens {_de(MAX_TAG_STARTS)}. HTML wird ohnehin nicht übernommen."
        )
    return None


def _de(number: int) -> str:
    """`170000` → `170.000`, as numbers are written in German."""
    return f"{number:,}".replace(",", ".")


def bracket_scan(text: str) -> int:
    """How many characters Python-Markdown reads looking for the closing bracket of each `[`
    and of each link target `](`: its link rule scans to the matching bracket, or to the end
    of the text when there is none."""
    return _scan(text, "[", "]", lambda _start: True) + _scan(
        text, "(", ")", lambda start: text[start - 1 : start] == "]"
    )


def _scan(text: str, open_: str, close: str, counts: Callable[[int], bool]) -> int:
    total = 0
    opened: list[int] = []
    for match in re.finditer(re.escape(open_) + "|" + re.escape(close), text):
        if match.group() == open_:
            opened.append(match.start())
        elif opened:
            start = opened.pop()
            total += match.start() - start if counts(start) else 0
    return total + sum(len(text) - start for start in opened if counts(start))


@contextlib.contextmanager
def _budget(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (a timer signal; only the main thread gets one).

    The signal's exception may arrive while Python runs a finaliser inside the block (the
    garbage collector's), which swallows it; the block then ends normally, and the expired
    budget is raised after it instead."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    too_long = MarkdownTooComplex(
        f"Der Text ist zu aufwendig: Ihn umzuwandeln dauerte länger als "
        f"{seconds:.0f} Sekunden. Bitte einfacher gliedern (weniger Klammern, Zeichen wie "
        "* _ ` < [ nicht in langen Reihen)."
    )
    expired: list[bool] = []

    def alarm(_signum: int, _frame: object) -> None:
        expired.append(True)
        raise too_long

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:  # the exception was swallowed on its way
        raise too_long


def render_markdown(text: str | None, *, top: int = 2) -> Markup:
    """Render Markdown and sanitise it; raise MarkdownTooComplex for a text beyond its bounds.

    Headings are moved so that the highest one the editor wrote becomes `h{top}`: the page
    title is the only h1, and no level is skipped whether an editor starts with # or ##.
    """
    if not text:
        return Markup("")
    found = _rendered.get((text, top))
    if found is None and _collecting and (text, top) in _collecting[-1].pending:
        _collecting[-1].collect()  # what the workers have done since
        found = _rendered.get((text, top))
    if found is None:
        found = _rendered[(text, top)] = sanitise(_convert(text), top)
    return found


def _convert(text: str) -> str:
    problem = complexity_problem(text)
    if problem:
        raise MarkdownTooComplex(problem)
    if is_plain(text):
        return _plain_html(text)
    try:
        with _budget(BUDGET_SECONDS):
            html: str = converters.for_text(text).convert(text)
    except BaseException as err:
        # an interrupted conversion leaves the parser's state half-done, which reset() does
        # not clear: the next field gets a new instance
        converters.converter.cache_clear()
        if isinstance(err, RecursionError):
            raise MarkdownTooComplex(
                "Der Text ist zu tief verschachtelt (Listen oder Zitate). Bitte flacher gliedern."
            ) from None
        raise
    return html


# not a character with a meaning in Markdown or its "extra" extensions, nor a line break
_PLAIN = re.compile(r"[^\\`*_\[\]<>#&|~=+{}\r]*")
# a line that would start a list, quote, definition or code block, or a setext heading
_BLOCK_START = re.compile(r"^(?:[-:>]|\d+[.)])", re.MULTILINE)


def is_plain(text: str) -> bool:
    """True for text that Python-Markdown turns into nothing but paragraphs: no character
    with a meaning in Markdown, no line that could start a block, and no line with white
    space at either end (indented code, hard breaks, and what Markdown strips)."""
    return (
        _PLAIN.fullmatch(text) is not None
        and not _BLOCK_START.search(text)
        and all(line == line.strip() for line in text.split("\n"))
    )


def _plain_html(text: str) -> str:
    """What Python-Markdown writes for plain text (see is_plain; tests/test_markup.py
    compares both): its paragraphs, separated by blank lines, each in <p>."""
    paragraphs = re.split(r"\n\n+", text.strip("\n"))
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs if paragraph)


# (text, top) -> HTML: a field renders once per process, also across rebuilds of the preview
_rendered: dict[tuple[str, int], Markup] = {}
MIN_FIELDS_PER_WORKER = 1000


BATCH = 250  # texts sent to a worker at once by Prerendering
# the Prerendering whose workers render_markdown collects from (see Prerendering.finish)
_collecting: list[Prerendering] = []


class Prerendering:
    """Markdown rendered in forked workers while the build goes on reading and checking the
    other records, which it does on one core: the texts are sent to the workers in batches
    as their records are read (add). After finish(), render_markdown takes a text from what
    the workers have done or, rather than wait, renders it itself while they go on with the
    rest (the model is built in the order the records were read). Once at least
    MIN_FIELDS_PER_WORKER texts are waiting it starts one worker per core (none for a small
    catalogue, nor beside other threads: see workers.worker_count); texts it has not sent
    are rendered by render_markdown when the model asks for them. The output is the same."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers
        self.waiting: list[tuple[str, int]] = []
        self.seen: set[tuple[str, int]] = set()
        self.pool: ProcessPoolExecutor | None = None
        self.sent: list[tuple[list[tuple[str, int]], Future[list[str | None]]]] = []
        self.pending: set[tuple[str, int]] = set()  # the texts sent, not yet collected
        self.alone = True  # False: no workers (a small catalogue or other threads)
        self.advance: Advance = unseen

    def __enter__(self) -> Prerendering:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self in _collecting:
            _collecting.remove(self)
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def add(self, fields: Iterable[tuple[object, int]]) -> None:
        """Texts (text, top heading level) of a record just read, not yet checked: a value
        that is no text is left to the checks."""
        for text, top in fields:
            field = (text, top)
            if isinstance(text, str) and text and field not in self.seen:
                self.seen.add(field)  # type: ignore[arg-type]
                # plain text too: cheap, but checking and sanitising 11,000 of them took
                # the model 0.3 s at 10,000 projects
                if field not in _rendered:
                    self.waiting.append(field)  # type: ignore[arg-type]
        if self.pool is None and self.alone and len(self.waiting) >= MIN_FIELDS_PER_WORKER:
            count = worker_count(
                MIN_FIELDS_PER_WORKER * available_cores(), MIN_FIELDS_PER_WORKER, self.workers
            )
            if count <= 1:
                self.alone = False
                return
            # the workers give way to this process, which reads on meanwhile: they use
            # the other core, and both once it waits for them (finish)
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(count, mp_context=context, initializer=give_way)
        if self.pool is not None:
            while len(self.waiting) >= BATCH:
                self._send(self.waiting[:BATCH])
                del self.waiting[:BATCH]

    def _send(self, batch: list[tuple[str, int]]) -> None:
        assert self.pool is not None
        self.sent.append((batch, self.pool.submit(_render_share, batch)))
        self.pending.update(batch)

    def finish(self, advance: Advance = unseen) -> None:
        """Send the texts still waiting; from now until the end of the `with` block,
        render_markdown collects what the workers have done (see above). `advance` hears of
        each batch done."""
        if self.pool is None:
            return
        if self.waiting:
            self._send(self.waiting)
            self.waiting = []
        self.advance = advance
        _collecting.append(self)

    def collect(self) -> None:
        """Put the texts of every batch the workers have finished where render_markdown
        finds them (a text rendered here meanwhile keeps its HTML, which is the same)."""
        done = [item for item in self.sent if item[1].done()]
        for batch, future in done:
            for field, html in zip(batch, future.result(), strict=True):
                if html is not None:
                    _rendered.setdefault(field, Markup(html))
            self.pending.difference_update(batch)
            self.advance(len(batch))
        if done:
            collected = {id(future) for _batch, future in done}
            self.sent = [item for item in self.sent if id(item[1]) not in collected]


def _render_share(fields: Sequence[tuple[str, int]]) -> list[str | None]:
    done: list[str | None] = []
    for text, top in fields:
        try:
            done.append(str(render_markdown(text, top=top)))
        except MarkdownTooComplex:
            done.append(None)
    return done


def sanitise(html: str, top: int = 2) -> Markup:
    """Move the headings (see render_markdown) and clean Python-Markdown's HTML."""
    levels = [level for level in range(1, 7) if f"<h{level}>" in html]
    shift = top - levels[0] if levels else 0
    if shift:
        order = range(6, 0, -1) if shift > 0 else range(1, 7)
        for level in order:
            new = min(level + shift, 6)
            html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)
