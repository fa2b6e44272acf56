"""Index stage: run the real Pagefind binary (from the pagefind[bin] package) over the site."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cbor2

from .problems import BuildError


def pagefind_executable() -> Path:
    try:
        import pagefind_bin
    except ImportError as err:  # pragma: no cover - a packaging fault, not content
        raise BuildError("Pagefind fehlt. Bitte installieren: pip install 'pagefind[bin]'") from err
    path: Path = pagefind_bin.get_executable()
    return path


def searched_glob(searched: list[str] | None) -> str | None:
    """A Pagefind --glob for the pages that carry `data-pagefind-body` (e.g. project and event
    pages: `{projekte,veranstaltungen}/*/index.html`), so that Pagefind does not parse every
    other page only to skip it (half its time and memory at 10,000 projects). Other pages the
    glob matches are skipped by Pagefind as before. None (all pages) when they do not share
    that shape."""
    if not searched:
        return None
    parts = [path.split("/") for path in searched]
    if any(len(p) != 3 or p[2] != "index.html" or "{" in p[0] or "," in p[0] for p in parts):
        return None
    folders = sorted({p[0] for p in parts})
    return ("{" + ",".join(folders) + "}" if len(folders) > 1 else folders[0]) + "/*/index.html"


def pagefind_command(
    site: Path, searched: list[str] | None = None, source: Path | None = None
) -> list[str]:
    """Pagefind in German over `site`, or over `source` with the bundle written to
    `site/pagefind`; only over the `searched` pages' folders if given."""
    glob = searched_glob(searched)
    return [
        str(pagefind_executable()),
        *("--site", str(source or site), "--force-language", "de"),
        *(("--output-path", str(site / "pagefind")) if source else ()),
        *(("--glob", glob) if glob else ()),
    ]


def index_site(site: Path, searched: list[str] | None = None, source: Path | None = None) -> str:
    """Index `site` (or `source`, see pagefind_command) in German; return Pagefind's own
    summary. Fails the build on error."""
    with Indexing(site, searched, source=source) as indexing:
        return indexing.finish(searched)


# the folder in the site being built where the build writes what Pagefind reads of each
# searched page (searchtext.py); Indexing removes it when Pagefind is done
SEARCH_TEXTS = ".suchtexte"


class Indexing:
    """Pagefind indexing `site` in the background, started as soon as the pages with text
    for the search index are written; the build writes the other pages and the exports
    meanwhile (Pagefind mostly uses one core). Pagefind reads only the `searched` pages'
    folders, in `source` if given (removed once Pagefind has read it); pages written there
    meanwhile carry no text for the index, and if some do after all (see
    parallel.searched_first), finish() indexes again with them."""

    def __init__(
        self,
        site: Path,
        searched: list[str] | None = None,
        on: bool = True,
        source: Path | None = None,
    ) -> None:
        self.site, self.searched = site, list(searched or [])  # (the caller extends its list)
        self.source = source
        self.source_left = source is not None and source != site  # to remove at the end
        self.process: subprocess.Popen[str] | None = None
        if not on:  # a build without search index (--no-search)
            return
        command = pagefind_command(site, searched, source)
        # files, not pipes: a pipe nobody reads while the build goes on could fill and stall it
        self.output = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (__exit__)
        try:
            self.process = subprocess.Popen(
                command, stdout=self.output, stderr=subprocess.STDOUT, text=True
            )
        except OSError as err:
            self.output.close()
            raise BuildError(f"Pagefind konnte nicht ausgeführt werden: {err}") from err

    def __enter__(self) -> Indexing:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._remove_source()
        if self.process is None:
            return
        if self.process.poll() is None:  # the build failed meanwhile
            self.process.kill()
            self.process.wait()
        self.output.close()

    def finish(self, searched: list[str] | None, waiting: Callable[[], None] | None = None) -> str:
        """Wait for Pagefind, calling `waiting` about every 0.2 s meanwhile (a sign of life
        for the progress display); return its summary. Fails the build on error."""
        if self.process is None:
            return ""

        again = sorted(searched or []) != sorted(self.searched)  # see the end

        def meanwhile() -> None:
            (waiting or (lambda: None))()
            # the copies are read: removed while Pagefind writes, unless needed again
            if not again and self.source_left and self._past_reading():
                self._remove_source()

        try:
            code = _wait(self.process, 600, meanwhile)
        except subprocess.TimeoutExpired as err:
            raise BuildError(f"Pagefind konnte nicht ausgeführt werden: {err}") from err
        self.output.seek(0)
        summary = self.output.read()
        if code != 0 or not (self.site / "pagefind" / "pagefind.js").is_file():
            detail = summary.strip()[-2000:]
            raise BuildError(f"Pagefind ist fehlgeschlagen (Exit-Code {code}):\n{detail}")
        if again:
            shutil.rmtree(self.site / "pagefind")
            return index_site(self.site, searched, self.source)
        make_reproducible(self.site / "pagefind")
        return summary

    def _past_reading(self) -> bool:
        """Whether Pagefind has read every page: it says so by starting to build the index,
        which it does from what it holds in memory (tests/test_index.py checks that the
        copies can go then). Read without moving the position Pagefind writes at."""
        said = os.pread(self.output.fileno(), 1 << 16, 0)
        return BUILDING.encode() in said

    def _remove_source(self) -> None:
        if self.source_left:
            shutil.rmtree(self.source, ignore_errors=True)  # type: ignore[arg-type]
            self.source_left = False


BUILDING = "[Building search indexes]"  # what Pagefind prints when it has read every page


def _wait(process: subprocess.Popen[str], seconds: float, waiting: Callable[[], None]) -> int:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return process.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(process.args, seconds) from None
            waiting()


SIGNATURE = b"pagefind_dcd"


def make_reproducible(bundle: Path) -> None:
    """Rewrite Pagefind's filter and meta files in a fixed order; move the sort orders out.

    Pagefind writes them in hash-map order, which changes on every run (Pagefind issue #638;
    its Python API with sorted input does the same, measured). Their content is CBOR in gzip:
    filter values are sorted by name, the meta file's filter list by name, and every
    rewritten file gets a name from its new content, as Pagefind names them. The sort orders
    (`data-pagefind-sort`) leave the meta file, which every search loads first, for one file
    per sort key that static/search.js loads only when a reader sorts (`_move_sorts`). A bundle
    in a layout this code does not know is left as Pagefind wrote it.
    """
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    sorts: dict[str, dict[str, str]] = {}
    for code, language in entry["languages"].items():
        old_meta = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(old_meta)
        if not _known_meta(meta):
            continue
        renamed: dict[str, str] = {}
        for _filter, old_hash in meta[3]:
            old_file = bundle / "filter" / f"{old_hash}.pf_filter"
            filter_name, values = _read(old_file)
            data = _write_bytes([filter_name, sorted(values, key=lambda pair: pair[0])])
            renamed[old_hash] = _name(old_hash, data)
            old_file.unlink()
            (bundle / "filter" / f"{renamed[old_hash]}.pf_filter").write_bytes(data)
        meta[3] = sorted([name, renamed[h]] for name, h in meta[3])
        meta[4] = sorted(meta[4], key=lambda pair: pair[0])
        if moved := _move_sorts(bundle, language["hash"], meta):
            sorts[code] = moved
        data = _write_bytes(meta)
        new_hash = _name(language["hash"], data)
        old_meta.unlink()
        (bundle / f"pagefind.{new_hash}.pf_meta").write_bytes(data)
        language["hash"] = new_hash
    if sorts:
        entry[SORTS_ENTRY] = sorts
    # as compact as Pagefind writes it
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    entry_file.write_text(text, encoding="utf-8")


SORTS_ENTRY = "katalog_sorts"  # in pagefind-entry.json: {language: {sort key: file}}
SORT_KEY = re.compile(r"[a-z][a-z0-9_-]*")


def _move_sorts(bundle: Path, language_hash: str, meta: list[Any]) -> dict[str, str]:
    """Move the sort orders out of the meta file: each becomes `sort/<key>.<hash>.json`, a
    JSON list of the page hashes (the ids search results carry) in ascending order. Pagefind
    keeps them as page numbers in the meta file, 40 % of it at 10,000 projects, fetched before
    any result; only a reader who sorts needs one. Returns {key: file} for the entry file;
    nothing is moved if the orders are not in the shape this code knows."""
    pages = [page[0] if isinstance(page, list) and page else None for page in meta[1]]
    known = all(isinstance(page, str) for page in pages) and all(
        isinstance(key, str)
        and SORT_KEY.fullmatch(key)
        and all(isinstance(i, int) and 0 <= i < len(pages) for i in ids)
        for key, ids in meta[4]
    )
    if not known:
        return {}
    files = {}
    for key, ids in meta[4]:
        data = json.dumps([pages[i] for i in ids], separators=(",", ":")).encode()
        files[key] = f"sort/{key}.{_name(language_hash, data)}.json"
        (bundle / "sort").mkdir(exist_ok=True)
        (bundle / files[key]).write_bytes(data)
    meta[4] = []
    return files


def _known_meta(meta: Any) -> bool:
    """Pagefind 1.x meta: [version, pages, index chunks, [[filter, hash]], [[sort, ids]], …]."""
    return (
        isinstance(meta, list)
        and len(meta) >= 5
        and str(meta[0]).startswith("1.")
        and all(isinstance(item, list) and len(item) == 2 for item in meta[3] + meta[4])
    )


def _read(file: Path) -> Any:
    data = gzip.decompress(file.read_bytes())
    if not data.startswith(SIGNATURE):
        raise BuildError(f"Unbekanntes Format einer Pagefind-Datei: {file.name}")
    return cbor2.loads(data[len(SIGNATURE) :])


def _write_bytes(value: Any) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def _name(old: str, data: bytes) -> str:
    """A content hash in the form of `old` (language prefix, same number of hex digits)."""
    prefix, _, digits = old.rpartition("_")
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[: len(digits)]}"
