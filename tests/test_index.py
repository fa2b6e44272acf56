"""The index stage's rewrite of Pagefind's bundle (katalog/index.py): sort orders moved out of
the metadata every search loads first, into files of their own, in Pagefind's own order."""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, SCHEMAS, TODAY, project_for
from synthetic import synthetic_content

from katalog import parallel
from katalog.compounds import fold
from katalog.config import Config
from katalog.index import SEARCH_TEXTS, SORTS_ENTRY, Indexing, _read, index_site, pagefind_command
from katalog.model import Catalogue
from katalog.pipeline import build, check
from katalog.searchtext import search_text


def entry(bundle: Path) -> Any:
    return json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))


def meta(bundle: Path) -> Any:
    language = next(iter(entry(bundle)["languages"].values()))
    return _read(bundle / f"pagefind.{language['hash']}.pf_meta")


def urls(bundle: Path) -> dict[str, str]:
    """Page id (as search results carry it) -> the page's URL, from Pagefind's fragments."""
    found = {}
    for file in (bundle / "fragment").iterdir():
        data = gzip.decompress(file.read_bytes()).removeprefix(b"pagefind_dcd")
        found[file.name.removesuffix(".pf_fragment")] = json.loads(data)["url"]
    return found


def test_the_meta_file_holds_no_sort_order_and_each_key_has_a_file(example_site: Path) -> None:
    bundle = example_site / "pagefind"
    assert meta(bundle)[4] == []
    files = entry(bundle)[SORTS_ENTRY]
    assert list(files) == ["de"] and sorted(files["de"]) == ["beginn", "titel"]
    for name in files["de"].values():
        assert name.startswith("sort/")
        assert (bundle / name).is_file()
    assert sorted(p.name for p in (bundle / "sort").iterdir()) == sorted(
        name.removeprefix("sort/") for name in files["de"].values()
    )


def test_the_sort_files_hold_pagefinds_own_order(example_site: Path, tmp_path: Path) -> None:
    """Pagefind run again on the same pages, without our rewrite: its sort orders, as page
    ids, are exactly what the sort files say."""
    raw = tmp_path / "raw"
    searched = [str(p.relative_to(example_site)) for p in example_site.glob("*/*/index.html")]
    command = [*pagefind_command(example_site, searched), "--output-path", str(raw)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    raw_meta = meta(raw)
    pages = [page[0] for page in raw_meta[1]]
    expected = {key: [pages[i] for i in ids] for key, ids in raw_meta[4]}
    files = entry(example_site / "pagefind")[SORTS_ENTRY]["de"]
    actual = {
        key: json.loads((example_site / "pagefind" / name).read_text("utf-8"))
        for key, name in files.items()
    }
    assert actual == expected


def test_the_sort_files_order_the_records_by_start_and_title(example_site: Path) -> None:
    catalogue: Catalogue = check(PROJECT, Config(base_url="http://127.0.0.1/"), TODAY)
    start = {f"/{r.url}": r.start.first_day for r in catalogue.projects}
    start.update({f"/{r.url}": r.start.first_day for r in catalogue.events})
    bundle = example_site / "pagefind"
    files = entry(bundle)[SORTS_ENTRY]["de"]
    url = urls(bundle)
    by_start = [url[i] for i in json.loads((bundle / files["beginn"]).read_text("utf-8"))]
    assert sorted(by_start) == sorted(start)  # every dated record, nothing else
    dates = [start[u] for u in by_start]
    assert dates == sorted(dates)
    by_title = [url[i] for i in json.loads((bundle / files["titel"]).read_text("utf-8"))]
    assert sorted(by_title) == sorted(url.values())  # every page has a title
    titles = {f"/{r.url}": fold(r.title) for r in catalogue.projects}
    titles.update({f"/{r.url}": fold(r.title) for r in catalogue.events})
    titles.update({f"/{x.url}": fold(x.title) for x in catalogue.experts})
    folded = [titles[u] for u in by_title if u in titles]
    assert len(folded) == len(titles) and folded == sorted(folded)


def test_what_every_record_page_repeats_is_not_indexed(example_site: Path) -> None:
    """The provenance line ("Zuletzt geändert …", "Zuletzt geprüft am …"), the calendar note and
    the expert pages' mediation text stand on every such page: indexed, they would match every
    record, weigh in its ranking and cost Pagefind time (data-pagefind-ignore). Checked in what
    Pagefind indexed, not by searching: Pagefind 1.5 also finds a word's beginnings ("zu" in
    "Zuletzt")."""
    bundle = example_site / "pagefind"
    contents = [
        json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["content"]
        for f in (bundle / "fragment").iterdir()
    ]
    assert len(contents) > 20
    for text in ("Zuletzt", "Versionsgeschichte", "Kalenderdatei", "Daten als JSON", "vermitteln"):
        assert not [c for c in contents if text in c], text
    # nor the labels and headings of the fields ("Ziele" would find every project)
    for text in ("Handlungsfelder", "Zielgruppen", "Ausgangssituation", "Mitgewirkt", "Tätig in"):
        assert not [c for c in contents if text in c], text
    words = b"".join(gzip.decompress(f.read_bytes()) for f in (bundle / "index").iterdir())
    assert b"fussball" in words  # the words are there, as Pagefind stores them
    assert b"zuletzt" not in words and b"versionsgeschicht" not in words
    page = (example_site / "projekte/fussball-verbindet/index.html").read_text("utf-8")
    assert "Zuletzt geprüft am" in page  # still shown to readers
    assert ">Ausgangssituation</h2>" in page and ">Zielgruppen</dt>" in page


def test_a_fields_value_is_a_word_of_its_own_in_the_index(example_site: Path) -> None:
    """Pagefind joins the text of a `<dt>` and the `<dd>` after it when nothing stands between
    them: "Ort" and "Hamburg" became the one word "OrtHamburg", so a search for the city, an
    organiser or a language did not find the page by that field. The labels are no longer
    indexed either; each value must still stand as a word of its own."""
    contents = {
        json.loads(data)["url"]: json.loads(data)["content"]
        for data in (
            gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd")
            for f in (example_site / "pagefind/fragment").iterdir()
        )
    }
    pair = re.compile(r"<dt[^>]*>([^<]+)</dt>\s*<dd>([^<]+)")
    checked = set()
    for url, content in contents.items():
        page = (example_site / url.strip("/") / "index.html").read_text("utf-8")
        for label, value in pair.findall(page):
            first = re.match(r"\w+", html.unescape(value))
            assert first, (url, label, value)
            assert re.search(rf"(?<!\w){first.group(0)}(?!\w)", content), (url, label, value)
            checked.add(label)
    assert {"Ort", "Datum", "Veranstalter", "Organisation", "Sprachen"} <= checked


def bundle_files(bundle: Path) -> dict[str, bytes]:
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }


def test_pagefind_reading_only_the_searched_element_makes_the_same_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build hands Pagefind only the element with data-pagefind-body of each page
    (katalog/searchtext.py). Built again with the whole pages handed over instead, the
    bundle is the same byte for byte, and no copy for Pagefind is left in the site."""
    cut = tmp_path / "cut"
    build(PROJECT, cut, Config(base_url="http://127.0.0.1/"), today=TODAY)
    monkeypatch.setattr(parallel, "search_text", lambda page: page)
    whole = tmp_path / "whole"
    build(PROJECT, whole, Config(base_url="http://127.0.0.1/"), today=TODAY)
    cut_files, whole_files = bundle_files(cut / "pagefind"), bundle_files(whole / "pagefind")
    assert len(cut_files) > 20 and any(name.startswith("index/") for name in cut_files)
    assert cut_files == whole_files
    assert not (cut / SEARCH_TEXTS).exists() and not (whole / SEARCH_TEXTS).exists()


def test_only_the_searched_element_reaches_pagefind(example_site: Path) -> None:
    pages = [p.read_text("utf-8") for p in (example_site / "projekte").glob("*/index.html")]
    page = next(page for page in pages if "data-pagefind-body" in page)
    text = search_text(page)
    assert text.count("<article data-pagefind-body") == 1 and text.endswith("</html>\n")
    assert "site-footer" in page and "site-footer" not in text
    assert '<html lang="de">' in text and "Zum Inhalt springen" not in text


def test_a_page_that_cannot_be_cut_safely_reaches_pagefind_whole() -> None:
    body = "<article data-pagefind-body><h1>Titel</h1><article>innen</article></article>"
    page = (
        f'<!DOCTYPE html>\n<html lang="de"><head><title>T</title></head><body>{body}</body></html>'
    )
    assert body in search_text(page) and "<title>" not in search_text(page)
    # a mark in the text, a Pagefind attribute outside, an element that does not end
    for odd in (
        page.replace("innen", "data-pagefind-body"),
        page.replace("<body>", '<body><p data-pagefind-meta="x">y</p>'),
        page.replace("</article></article>", "</article>"),
        page.replace('<html lang="de">', ""),
    ):
        assert search_text(odd) == odd


def test_the_copies_for_pagefind_can_go_once_it_builds_the_index(tmp_path: Path) -> None:
    """Indexing removes the copies as soon as Pagefind says it builds the index, while it
    still writes: removed at that moment, the bundle is the same as with the copies kept."""
    content = project_for(synthetic_content(tmp_path / "content", 400, SCHEMAS))
    site = tmp_path / "site"
    report = build(content, site, Config(base_url="http://127.0.0.1/"), today=TODAY, search=False)
    copies = tmp_path / "copies"
    for path in report.searched:
        (copies / path).parent.mkdir(parents=True, exist_ok=True)
        (copies / path).write_text(search_text((site / path).read_text("utf-8")), "utf-8")
    kept = tmp_path / "kept"
    shutil.copytree(copies, kept)
    index_site(site, report.searched, kept)
    assert not kept.exists()
    reference = bundle_files(site / "pagefind")
    shutil.rmtree(site / "pagefind")
    with Indexing(site, report.searched, source=copies) as indexing:
        while not indexing._past_reading():
            time.sleep(0.001)
        assert indexing.process is not None and indexing.process.poll() is None
        shutil.rmtree(copies)  # as finish() does then
        indexing.source_left = False
        indexing.finish(report.searched)
    assert bundle_files(site / "pagefind") == reference
