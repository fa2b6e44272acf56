"""Model stage: turn validated raw records into a complete, immutable Catalogue (pure)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import mimetypes
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from anyascii import anyascii
from markupsafe import Markup

from .config import Config
from .history import NO_HISTORY, History, Revision
from .load import RawRecord, suggest_slug
from .markup import MarkdownTooComplex, render_markdown
from .memo import Memo, remembered_joint
from .network import Expert, expert_links, make_expert
from .problems import ContentError, Problem
from .progress import Advance, unseen
from .schema import Schemas, Vocabulary

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
T = TypeVar("T")
MAX_SLOW_RECORDS = 3  # records whose Markdown exceeded its budget before the model stops
STATUS_LABELS = {"planned": "Geplant", "running": "Laufend", "finished": "Abgeschlossen"}


@dataclass(frozen=True)
class Term:
    """One value of an enumerated field, with its German label and URL slug."""

    enum: str
    value: str
    label: str

    @property
    def slug(self) -> str:
        """From the German label (`Moscheebesuch` → `moscheebesuch`), never the schema key:
        it appears in addresses and anchors readers see."""
        return suggest_slug(self.label)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A year, year-month or full date, as editors write it ("2019", "2019-05")."""

    text: str

    @property
    def first_day(self) -> dt.date:
        parts = [int(p) for p in self.text.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    @property
    def last_day(self) -> dt.date:
        parts = [int(p) for p in self.text.split("-")]
        if len(parts) == 3:
            return dt.date(*parts)
        if len(parts) == 2:
            following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(parts[0], 12, 31)

    @property
    def year(self) -> int:
        return int(self.text[:4])

    @property
    def german(self) -> str:
        parts = [int(p) for p in self.text.split("-")]
        if len(parts) == 1:
            return str(parts[0])
        if len(parts) == 2:
            return f"{MONTHS[parts[1] - 1]} {parts[0]}"
        return german_date(dt.date(*parts))


def german_date(day: dt.date) -> str:
    """`2013-07-11` → `11. Juli 2013`, without depending on the system locale."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Carrier:
    name: str
    type: Term
    website: str | None

    @property
    def slug(self) -> str:
        return name_slug(self.name)


@functools.lru_cache(maxsize=1 << 16)  # carriers repeat across thousands of records
def name_slug(name: str) -> str:
    """An address for a name in any script, stable and distinct for distinct names.

    German letters follow German rules (ä → ae) and other Latin letters lose their accents,
    so spelling variants of one name (`e. V.`/`e.V.`, `Müller`/`Mueller`) share an address.
    Other scripts are transliterated (anyascii) and, since a transliteration may merge
    different words (北京/背景 → `beijing`), get a short hash of the name:
    `مسجد النور` → `msjd-lnwr-…`. A name with nothing to transliterate is only a hash.
    """
    text = "".join(char if char in "äöüÄÖÜß" else anyascii(_unmarked(char)) for char in name)
    if not re.search(r"[A-Za-z0-9]", text):
        return "name-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    slug = suggest_slug(text)
    if any(char.isalpha() and not unicodedata.name(char, "").startswith("LATIN") for char in name):
        slug += "-" + _name_hash(name)[:6]
    return slug


def _unmarked(text: str) -> str:
    """Without combining marks (accents, Arabic vowel signs): `é` → `e`, `مَسْجِد` → `مسجد`."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _name_hash(name: str) -> str:
    """A hash of the name's letters and digits (case, spacing, punctuation and marks ignored)."""
    core = "".join(c for c in _unmarked(name).casefold() if c.isalnum())
    return hashlib.sha256(core.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Contact:
    name: str
    role: str | None
    organisation: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class Link:
    """A link or material: either an external https URL or a file beside the record."""

    title: str
    url: str | None
    file: str | None  # site-relative output path of a copied file
    source: Path | None  # the file on disk to copy
    file_type: str | None
    size: int | None


@dataclass(frozen=True)
class Project:
    slug: str
    title: str
    summary: str
    description: Markup
    carriers: tuple[Carrier, ...]
    states: tuple[Term, ...]
    city: str | None
    start: PartialDate
    end: PartialDate | None
    status: Term
    activities: tuple[Term, ...]
    target_groups: tuple[Term, ...]
    starting_situation: Markup
    goals: Markup
    results: Markup
    contacts: tuple[Contact, ...]  # only those with public consent
    links: tuple[Link, ...]
    materials: tuple[Link, ...]
    looking_for_partners: bool
    partner_text: str | None
    last_reviewed: dt.date
    example: bool
    source: str  # repository-relative path of the record
    events: tuple[str, ...]  # slugs of events where it was presented
    revision: Revision | None = None  # first and last commit of the source file
    former_slugs: tuple[str, ...] = ()
    experts: tuple[str, ...] = ()  # slugs of experts who worked with it

    @property
    def url(self) -> str:
        return f"projekte/{self.slug}/"

    @property
    def changed_on(self) -> dt.date:
        """Last commit of the source file; without git history, when it was last reviewed."""
        return self.revision.changed.date() if self.revision else self.last_reviewed


@dataclass(frozen=True)
class Event:
    slug: str
    title: str
    summary: str | None
    start: PartialDate  # a day, or only the month where the days are not known
    end: PartialDate
    city: str
    venue: str | None
    organiser: str
    kind: Term
    projects: tuple[str, ...]
    participants: int | None
    published: dt.date | None
    documents: tuple[Link, ...]
    body: Markup
    example: bool
    source: str
    revision: Revision | None = None
    former_slugs: tuple[str, ...] = ()
    experts: tuple[str, ...] = ()  # slugs of experts who spoke

    @property
    def url(self) -> str:
        return f"veranstaltungen/{self.slug}/"

    @property
    def changed_on(self) -> dt.date:
        """Last commit of the source file; without git history, publication or last day."""
        return (
            self.revision.changed.date() if self.revision else self.published or self.end.last_day
        )

    @property
    def exact(self) -> bool:
        """True when the days are known (not only the month)."""
        return len(self.start.text) == 10 and len(self.end.text) == 10

    def upcoming(self, today: dt.date) -> bool:
        return self.end.last_day >= today

    @property
    def german_dates(self) -> str:
        start, end = self.start, self.end
        if start == end or not self.exact:
            return start.german if start == end else f"{start.german} – {end.german}"
        first, last = start.first_day, end.first_day
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day}.–{german_date(last)}"
        if first.year == last.year:
            return f"{first.day}. {MONTHS[first.month - 1]} – {german_date(last)}"
        return f"{german_date(first)} – {german_date(last)}"


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    description: str | None
    nav: int | None
    body: Markup
    source: str

    @property
    def url(self) -> str:
        return f"{self.slug}/"


@dataclass(frozen=True)
class Catalogue:
    config: Config
    schemas: Schemas
    today: dt.date
    projects: tuple[Project, ...]  # sorted by title
    events: tuple[Event, ...]  # newest first
    pages: tuple[Page, ...]
    experts: tuple[Expert, ...] = ()  # sorted by title
    history: History = NO_HISTORY

    @property
    def vocabulary(self) -> Vocabulary:
        return self.schemas.vocabulary

    def project(self, slug: str) -> Project:
        return next(p for p in self.projects if p.slug == slug)

    def expert(self, slug: str) -> Expert:
        return next(e for e in self.experts if e.slug == slug)

    def event(self, slug: str) -> Event:
        return next(e for e in self.events if e.slug == slug)

    def terms(self, enum: str) -> tuple[Term, ...]:
        return tuple(
            Term(enum, value, label) for value, label in self.vocabulary.enums[enum].items()
        )


def make_catalogue(
    records: list[RawRecord],
    config: Config,
    schemas: Schemas,
    today: dt.date,
    history: History = NO_HISTORY,
    advance: Advance = unseen,
    memo: Memo | None = None,
) -> Catalogue:
    """Build the whole model; records must already be valid. `advance` hears of the Markdown
    texts and then the records done (a sign of life: the two are not one count). The preview
    passes a `memo` that hands back the object made from the same unchanged record before.

    Raises ContentError when a Markdown text cannot be rendered within its bounds (the last
    guard: validation already refuses the shapes known to be too costly)."""
    problems: list[Problem] = []
    _real_folder.cache_clear()  # folders and files resolved afresh for each model (the preview's)
    _real.cache_clear()

    def made(
        kind: str, make: Callable[[RawRecord], T], extra: Callable[[RawRecord], Any] = _nothing
    ) -> list[T]:
        result = []
        for record in (r for r in records if r.kind == kind):
            if len(problems) >= MAX_SLOW_RECORDS:
                break  # the build fails anyway; each further slow text would add seconds
            try:
                if memo is None:
                    result.append(make(record))
                else:  # besides the record, the model object depends on `extra` and its files
                    revision = history.of(_real(record.file)) if history.revisions else None
                    inputs = (kind, revision, _file_sizes(record), extra(record))
                    result.append(memo.get(record, inputs, functools.partial(make, record)))
                advance(1)
            except _TooComplex as err:
                line, column = record.position(err.where)
                problems.append(Problem(record.path, line, column, "K212", err.message))
        return result

    vocabulary = schemas.vocabulary
    # in the order the records were read, in which the Markdown workers render their texts
    # (markup.Prerendering): the projects first, which are most of them
    presented = presentations(records)
    projects = sorted(
        made(
            "project",
            lambda r: _project(r, vocabulary, today, presented.get(r.slug, ()), history),
            lambda r: presented.get(r.slug, ()),
        ),
        key=lambda p: (p.title.casefold(), p.slug),
    )
    events = sorted(
        made("event", lambda r: _event(r, vocabulary, history)),
        key=lambda e: (e.start.first_day, e.slug),
        reverse=True,
    )
    pages = sorted(made("page", _page), key=lambda p: (p.nav or 100, p.title))
    links = expert_links(records)

    def terms(enum: str, values: list[str]) -> tuple[Term, ...]:
        return _terms(vocabulary, enum, values)

    experts = sorted(
        made(
            "expert",
            lambda r: make_expert(
                r,
                terms,
                schemas.consent_fields("expert"),
                _markdown(r, "profile", top=3),
                _source(r),
                links["events"].get(r.slug, ()),
                links["projects"].get(r.slug, ()),
                history.of(_real(r.file)),
            ),
            lambda r: (links["events"].get(r.slug, ()), links["projects"].get(r.slug, ())),
        ),
        key=lambda e: (e.title.casefold(), e.slug),
    )
    if problems:
        raise ContentError(problems)
    catalogue = functools.partial(
        Catalogue,
        config,
        schemas,
        today,
        tuple(projects),
        tuple(events),
        tuple(pages),
        tuple(experts),
        history,
    )
    # the same objects give the same catalogue (config, schemas and date: see katalog/memo.py)
    parts = (*projects, *events, *pages, *experts)
    return remembered_joint(memo, parts, (history.available, history.shallow), catalogue)


# the Markdown fields of each kind of record, and the level of their highest heading
MARKDOWN = {"project": (("description", "starting_situation", "goals", "results"), 3)}


def markdown_fields(records: list[RawRecord]) -> list[tuple[str, int]]:
    """Every Markdown text the model will render, as (text, top heading level)."""
    fields = []
    for record in records:
        if record.kind == "project":
            names, top = MARKDOWN["project"]
            fields += [(record.data[name], top) for name in names if record.data.get(name)]
        else:
            fields.append((record.body, 2))
    return fields


def presentations(records: list[RawRecord]) -> dict[str, tuple[str, ...]]:
    """The events that present each project, newest first as make_catalogue orders the
    events: read from the event records, so that the projects can be made before the events."""
    events = sorted(
        (
            (PartialDate(r.data["start"]).first_day, r.slug, r.data.get("projects") or ())
            for r in records
            if r.kind == "event"
        ),
        reverse=True,
    )
    presented: dict[str, list[str]] = {}
    for _day, event, projects in events:
        for slug in projects:
            presented.setdefault(slug, []).append(event)
    return {slug: tuple(slugs) for slug, slugs in presented.items()}


def _nothing(record: RawRecord) -> tuple[()]:
    return ()


class _TooComplex(Exception):
    def __init__(self, where: tuple[str, ...], message: str) -> None:
        super().__init__(message)
        self.where, self.message = where, message


def _markdown(record: RawRecord, name: str | None, top: int = 2) -> Markup:
    """Render a field (or, for None, the body) of `record`; name the field when it fails."""
    text = record.body if name is None else record.data.get(name)
    try:
        return render_markdown(text, top=top)
    except MarkdownTooComplex as err:
        raise _TooComplex(() if name is None else (name,), str(err)) from None


def _terms(vocabulary: Vocabulary, enum: str, values: list[str]) -> tuple[Term, ...]:
    return tuple(_term(enum, v, vocabulary.label(enum, v)) for v in values)


# the same few dozen terms stand in thousands of records: made once (a frozen dataclass is
# slow to make), equal either way
_term = functools.lru_cache(maxsize=4096)(Term)


def status(start: PartialDate, end: PartialDate | None, today: dt.date) -> str:
    if start.first_day > today:
        return "planned"
    if end is not None and end.last_day < today:
        return "finished"
    return "running"


def _links(record: RawRecord, items: list[dict[str, Any]] | None, folder: str) -> tuple[Link, ...]:
    links = []
    for item in items or []:
        if item.get("file"):
            source = record.file.parent / item["file"]
            name = item["file"].rsplit("/", 1)[-1]
            mime = mimetypes.guess_type(name)[0]
            links.append(
                Link(
                    title=item["title"],
                    url=None,
                    file=f"{folder}/{record.slug}/{name}",
                    source=source,
                    file_type=_file_type(name, mime),
                    size=source.stat().st_size,
                )
            )
        else:
            links.append(Link(item["title"], item["url"], None, None, None, None))
    return tuple(links)


def _file_sizes(record: RawRecord) -> tuple[int | None, ...]:
    """The sizes of the files a record links to (a model object shows them)."""
    sizes = []
    for name in ("links", "materials", "documents"):
        for item in record.data.get(name) or ():
            if isinstance(item, dict) and item.get("file"):
                try:
                    sizes.append((record.file.parent / item["file"]).stat().st_size)
                except OSError:
                    sizes.append(None)
    return tuple(sizes)


def _file_type(name: str, mime: str | None) -> str:
    suffix = name.rsplit(".", 1)[-1].upper() if "." in name else ""
    return suffix or (mime or "Datei")


def _project(
    record: RawRecord,
    vocabulary: Vocabulary,
    today: dt.date,
    events: tuple[str, ...],
    history: History,
) -> Project:
    d = record.data
    start = PartialDate(d["start"])
    end = PartialDate(d["end"]) if d.get("end") else None
    state = status(start, end, today)
    return Project(
        slug=record.slug,
        title=d["title"],
        summary=d["summary"],
        description=_markdown(record, "description", top=3),
        carriers=tuple(
            Carrier(
                c["name"],
                _term("carrier_type", c["type"], vocabulary.label("carrier_type", c["type"])),
                c.get("website"),
            )
            for c in d["carriers"]
        ),
        states=_terms(vocabulary, "state", d["states"]),
        city=d.get("city"),
        start=start,
        end=end,
        status=_term("status", state, STATUS_LABELS[state]),
        activities=_terms(vocabulary, "activity", d["activities"]),
        target_groups=_terms(vocabulary, "target_group", d["target_groups"]),
        starting_situation=_markdown(record, "starting_situation", top=3),
        goals=_markdown(record, "goals", top=3),
        results=_markdown(record, "results", top=3),
        contacts=tuple(
            Contact(c["name"], c.get("role"), c.get("organisation"), c.get("email"), c.get("phone"))
            for c in d.get("contacts") or []
            if c.get("public") is True
        ),
        links=_links(record, d.get("links"), "projekte"),
        materials=_links(record, d.get("materials"), "projekte"),
        looking_for_partners=bool(d.get("looking_for_partners")),
        partner_text=d.get("partner_text"),
        last_reviewed=dt.date.fromisoformat(d["last_reviewed"]),
        example=bool(d.get("example")),
        source=_source(record),
        events=events,
        revision=history.of(_real(record.file)),
        former_slugs=tuple(d.get("former_slugs") or ()),
        experts=tuple(d.get("experts") or ()),
    )


def _event(record: RawRecord, vocabulary: Vocabulary, history: History) -> Event:
    d = record.data
    return Event(
        slug=record.slug,
        title=d["title"],
        summary=d.get("summary"),
        start=PartialDate(d["start"]),
        end=PartialDate(d["end"]),
        city=d["city"],
        venue=d.get("venue"),
        organiser=d["organiser"],
        kind=Term("event_kind", d["kind"], vocabulary.label("event_kind", d["kind"])),
        projects=tuple(d.get("projects") or ()),
        participants=d.get("participants"),
        published=dt.date.fromisoformat(d["published"]) if d.get("published") else None,
        documents=_links(record, d.get("documents"), "veranstaltungen"),
        body=_markdown(record, None),
        example=bool(d.get("example")),
        source=_source(record),
        revision=history.of(_real(record.file)),
        former_slugs=tuple(d.get("former_slugs") or ()),
        experts=tuple(d.get("experts") or ()),
    )


def _page(record: RawRecord) -> Page:
    d = record.data
    return Page(
        slug=record.slug,
        title=d["title"],
        description=d.get("description"),
        nav=d.get("nav"),
        body=_markdown(record, None),
        source=_source(record),
    )


@functools.cache  # asked twice per record (history, source link)
def _real(file: Path) -> Path:
    """`file.resolve()`, resolving each folder once (make_catalogue forgets them first)."""
    return file.resolve() if file.is_symlink() else _real_folder(file.parent) / file.name


_real_folder = functools.lru_cache(maxsize=64)(Path.resolve)


def _source(record: RawRecord) -> str:
    """The record's path inside the repository, for "suggest a correction" links."""
    parts = _real(record.file).parts
    if "content" in parts:
        return "/".join(parts[len(parts) - parts[::-1].index("content") - 1 :])
    return record.path
