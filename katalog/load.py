"""Load stage: read content files strictly into raw records with a position map.

YAML is composed (not constructed) so that every value keeps its line and column.
Only `true`/`false`, `null` and plain decimal integers are resolved; everything else
stays a string, so `NO`, `2024-05-01`, `01234` and `12:30` are never turned into
booleans, dates or numbers behind an editor's back. Anchors, aliases, explicit tags,
duplicate keys and multiple documents are rejected.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser  # libyaml, in every PyYAML wheel
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .guards import MAX_DEPTH, control_problems, nesting_problem, outside_problem
from .problems import Problem
from .progress import Advance, unseen
from .yaml_errors import diagnose

MAX_BYTES = 512 * 1024
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_INT_RE = re.compile(r"^-?(0|[1-9][0-9]*)$")
_DEFAULT_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

# A path into a record's data: keys and list indexes.
DataPath = tuple[str | int, ...]
Position = tuple[int, int]


@dataclass(frozen=True)
class RawRecord:
    """One content file as read: its data, Markdown body and where each value stands."""

    kind: str  # "project", "event", "page" or "expert"
    path: str  # as shown to the editor
    file: Path  # on disk
    slug: str
    data: dict[str, Any]
    body: str = ""
    values: dict[DataPath, Position] = field(default_factory=dict)
    keys: dict[DataPath, Position] = field(default_factory=dict)

    def position(self, where: DataPath, *, key: bool = False) -> Position:
        """The position of a value (or its key), falling back to the nearest parent."""
        table = self.keys if key else self.values
        while where:
            if where in table:
                return table[where]
            if where in self.values:
                return self.values[where]
            where = where[:-1]
        return self.values.get((), (1, 1))


@dataclass(frozen=True)
class Loaded:
    records: list[RawRecord]
    problems: list[Problem]


class _Reject(Exception):
    def __init__(self, code: str, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = mark.line + 1 if mark else 1
        self.column = mark.column + 1 if mark else 1


class _Loader(yaml.SafeLoader):
    """Composes nodes without implicit typing and refuses anchors and aliases."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class attribute

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise _Reject(
                "K105",
                "YAML-Anker (&name) und Verweise (*name) sind nicht erlaubt. "
                "Bitte den Inhalt an jeder Stelle ausschreiben.",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def display_path(path: Path) -> str:
    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def load_content(
    content_dir: Path, advance: Advance = unseen, each: Callable[[RawRecord], None] | None = None
) -> Loaded:
    """Read every project, event, page and expert file below `content_dir`; `advance` hears
    of each file read, `each` of each record as soon as it is read (unchecked)."""
    records: list[RawRecord] = []
    problems: list[Problem] = []
    root = content_dir.resolve()
    for kind, folder, pattern in (
        ("project", "projects", "*.y*ml"),
        ("event", "events", "*.md"),
        ("page", "pages", "*.md"),
        ("expert", "experts", "*.y*ml"),
    ):
        linked = (content_dir / folder).is_symlink()
        for file in sorted((content_dir / folder).glob(pattern)):
            shown = display_path(file)
            outside = outside_problem(root, file, shown, linked or file.is_symlink())
            if outside is not None:
                problems.append(outside)
                continue
            record, found = _load_file_again(kind, file, shown)
            problems.extend(found)
            if record is not None:
                records.append(record)
                if each is not None:
                    each(record)
            advance(1)
    return Loaded(records, problems)


# (kind, file) -> (digest of its bytes, what load_file made of them): the preview loads the
# same content after every edit; an unchanged file is not parsed again. Off for one-off
# builds, whose records are not kept once the model is made.
_loaded: dict[tuple[str, str], tuple[bytes, tuple[RawRecord | None, list[Problem]]]] = {}
_remember = [False]


def remember_loaded_files(on: bool = True) -> None:
    _remember[0] = on
    if not on:
        _loaded.clear()


def remembering() -> bool:
    return _remember[0]


def _load_file_again(kind: str, file: Path, shown: str) -> tuple[RawRecord | None, list[Problem]]:
    if not _remember[0]:
        return load_file(kind, file, shown)
    key = (kind, str(file.absolute()))
    try:
        seen = hashlib.blake2b(file.read_bytes(), digest_size=16).digest()
    except OSError:
        return load_file(kind, file, shown)
    found = _loaded.get(key)
    if found is None or found[0] != seen or found[1][0] is None:
        found = _loaded[key] = (seen, load_file(kind, file, shown))
    return found[1][0], list(found[1][1])


def load_file(
    kind: str, file: Path, shown: str | None = None
) -> tuple[RawRecord | None, list[Problem]]:
    """One content file as a record, or the problems that keep it from being one; `shown`:
    its display_path, if the caller has it already (a tenth of the reading time)."""
    path = display_path(file) if shown is None else shown
    problems: list[Problem] = []

    def problem(code: str, message: str, line: int = 1, column: int = 1) -> Problem:
        return Problem(path, line, column, code, message)

    slug = file.stem
    if file.suffix == ".yml":
        problems.append(problem("K108", f"Die Endung ».yml« bitte in ».yaml« ändern: {slug}.yaml"))
    elif not SLUG_RE.match(slug):
        problems.append(
            problem(
                "K108",
                f"Der Dateiname »{file.name}« ist keine gültige Adresse. Erlaubt sind "
                "Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche, z. B. "
                f"»{suggest_slug(slug)}{file.suffix}«.",
            )
        )
    raw = file.read_bytes()
    if len(raw) > MAX_BYTES:
        problems.append(
            problem(
                "K102",
                f"Die Datei ist {len(raw) // 1024} KiB groß; erlaubt sind höchstens "
                f"{MAX_BYTES // 1024} KiB. Große Dokumente bitte als Materialdatei ablegen.",
            )
        )
        return None, problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        problems.append(
            problem(
                "K101",
                "Die Datei ist nicht in UTF-8 gespeichert (ungültiges Byte "
                f"0x{raw[err.start]:02x}). Bitte im Editor als »UTF-8« speichern.",
                line,
                column,
            )
        )
        return None, problems
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    controls = control_problems(path, text)
    if controls:
        problems.extend(controls)
        return None, problems

    body = ""
    if kind in ("project", "expert"):
        yaml_text = text
    else:
        split = split_front_matter(text)
        if split is None:
            problems.append(
                problem(
                    "K107",
                    "Die Datei muss mit einer Zeile »---« beginnen, darauf folgen die "
                    "Kopfdaten (YAML) und wieder eine Zeile »---«; danach der Text.",
                )
            )
            return None, problems
        yaml_text, body = split

    fast = _data_libyaml(yaml_text)
    if isinstance(fast, tuple):
        data, values, keys = fast
        return RawRecord(kind, path, file, slug, data, body, values, keys), problems
    try:
        node = None if fast is None else _compose_python(yaml_text)
    except _Reject as err:
        problems.append(problem(err.code, err.message, err.line, err.column))
        return None, problems
    if node is None or not isinstance(node, yaml.MappingNode):
        line, column = _pos(node) if node is not None else (1, 1)
        problems.append(
            problem(
                "K110",
                "Die Datei enthält keine Felder. Erwartet werden Zeilen der Form "
                "»feld: wert«, beginnend mit »title: …«.",
                line,
                column,
            )
        )
        return None, problems

    values, keys = {}, {}
    data = _construct(node, (), values, keys, problems, problem)
    return (
        RawRecord(kind, path, file, slug, data, body, values, keys),
        problems,
    )


def split_front_matter(text: str) -> tuple[str, str] | None:
    """Split `---\\nYAML\\n---\\nbody`; the YAML keeps the file's line numbers."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n" + "\n".join(lines[1:index]) + "\n"
            return yaml_text, "\n".join(lines[index + 1 :])
    return None


_FALL_BACK: Any = object()
# deeper text takes the Python loader, which refuses it (K112)
_FAST_DEPTH = MAX_DEPTH
_STARTS = (ScalarEvent, MappingStartEvent, SequenceStartEvent)


def _data_libyaml(text: str) -> Any:
    """`(data, values, keys)` made straight from libyaml's events in one pass (five times
    faster than the Python loader, twice as fast as scanning and then composing nodes);
    None for a document without content; _FALL_BACK for anything unusual (an anchor, alias
    or tag, deep nesting, a repeated or complex key, a document that is no mapping, a second
    document, any error), which the Python loader then reads and words."""
    values: dict[DataPath, Position] = {}
    keys: dict[DataPath, Position] = {}
    stack: list[list[Any]] = []  # open collections: [container, its path, key awaited (None)]
    root: Any = None
    parser = CParser(text)  # only its events: no composing, no implicit types
    event: Any  # libyaml's events, of a few kinds with different attributes
    where: DataPath
    try:
        documents = 0
        for event in iter(parser.get_event, None):
            kind = type(event)
            if kind in _STARTS:
                if event.anchor is not None or event.tag is not None:
                    return _FALL_BACK
                mark = event.start_mark
                position = (mark.line + 1, mark.column + 1)
                if not stack:  # the document itself
                    if kind is not MappingStartEvent or root is not None:
                        return _FALL_BACK
                    root, where = {}, ()
                    values[where] = position
                    stack.append([root, where, None])
                    continue
                frame = stack[-1]
                container = frame[0]
                if type(container) is dict:
                    if frame[2] is None:  # the key of the next value
                        if kind is not ScalarEvent or event.value in container:
                            return _FALL_BACK  # a complex or repeated key
                        key = frame[2] = str(event.value)
                        keys[(*frame[1], key)] = position
                        continue
                    where = (*frame[1], frame[2])
                    frame[2] = None
                else:
                    where = (*frame[1], len(container))
                values[where] = position
                if kind is ScalarEvent:
                    value: Any = _scalar_value(event.value, event.style)
                elif len(stack) >= _FAST_DEPTH:
                    return _FALL_BACK
                else:
                    value = {} if kind is MappingStartEvent else []
                    stack.append([value, where, None])
                if type(container) is dict:
                    container[where[-1]] = value
                else:
                    container.append(value)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return _FALL_BACK
            elif kind is AliasEvent:
                return _FALL_BACK
    except yaml.YAMLError:
        return _FALL_BACK
    finally:
        parser.dispose()
    return None if root is None else (root, values, keys)


def _compose_python(text: str) -> yaml.Node | None:
    too_deep = nesting_problem(text)
    if too_deep is not None:
        line, column, message = too_deep
        raise _Reject("K112", message, yaml.Mark("", 0, line - 1, column - 1, "", 0))
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except _Reject:
        raise
    except yaml.composer.ComposerError as err:
        if "expected a single document" in str(err):
            raise _Reject(
                "K106",
                "Die Datei enthält mehr als ein YAML-Dokument (eine weitere Zeile »---«). "
                "Bitte nur einen Eintrag je Datei.",
                err.problem_mark,
            ) from None
        raise _syntax(text, err) from None
    except yaml.MarkedYAMLError as err:
        raise _syntax(text, err) from None
    except yaml.YAMLError as err:  # e.g. the reader's errors, which carry no mark
        raise _Reject("K103", f"Die Datei ist kein gültiges YAML ({err}).", None) from None
    finally:
        loader.dispose()


def _syntax(text: str, err: yaml.MarkedYAMLError) -> _Reject:
    """K103 in German, at the line where the mistake starts (katalog/yaml_errors.py)."""
    message, line, column = diagnose(text, err)
    reject = _Reject("K103", message, None)
    reject.line, reject.column = line, column
    return reject


def _pos(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _construct(
    node: yaml.Node,
    where: DataPath,
    values: dict[DataPath, Position],
    keys: dict[DataPath, Position],
    problems: list[Problem],
    problem: Any,
) -> Any:
    values[where] = _pos(node)
    if node.tag not in _DEFAULT_TAGS:
        problems.append(
            problem(
                "K109",
                f"Die YAML-Typangabe »{node.tag}« ist nicht erlaubt. Bitte entfernen; "
                "Texte bei Bedarf in Anführungszeichen setzen.",
                *_pos(node),
            )
        )
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    problem(
                        "K103",
                        "Ein Feldname muss ein einfacher Text sein.",
                        *_pos(key_node),
                    )
                )
                continue
            key = str(key_node.value)
            if key in seen:
                problems.append(
                    problem(
                        "K104",
                        f"Das Feld »{key}« steht doppelt: schon in Zeile {seen[key]}. "
                        "Bitte eine der beiden Angaben löschen.",
                        *_pos(key_node),
                    )
                )
                continue
            seen[key] = _pos(key_node)[0]
            keys[(*where, key)] = _pos(key_node)
            result[key] = _construct(value_node, (*where, key), values, keys, problems, problem)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, (*where, index), values, keys, problems, problem)
            for index, item in enumerate(node.value)
        ]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(node)


def _scalar(node: yaml.ScalarNode) -> Any:
    return _scalar_value(str(node.value), node.style)


def _scalar_value(value: str, style: str | None) -> Any:
    if style:  # quoted or block scalar: always text (plain: None, or "" from libyaml)
        return value
    if value in ("true", "false"):
        return value == "true"
    if value in ("", "~", "null"):
        return None
    if _INT_RE.match(value):
        return int(value)
    return value


_TRANSLIT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
)


@functools.lru_cache(maxsize=1 << 16)  # model and templates ask for the same slugs again and again
def suggest_slug(text: str) -> str:
    """A URL slug from German text: `Fußball für alle!` → `fussball-fuer-alle`."""
    text = text.translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "eintrag"
