"""Speed never changes the output: pages rendered in several processes are byte-identical to
those rendered in one, and `--no-search` builds the same HTML without the search index."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONTENT, SCHEMAS, TODAY, copy_project, project_for
from synthetic import synthetic_content

from katalog import markup
from katalog.cli import main
from katalog.config import Config
from katalog.index import pagefind_command, pagefind_executable
from katalog.model import make_catalogue
from katalog.parallel import render_to
from katalog.pipeline import build
from katalog.project import Project
from katalog.render import Output
from katalog.workers import YIELDING

CONFIG = Config(base_url="https://example.org/katalog/")


def every_file(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_parallel_rendering_writes_the_same_bytes_as_serial(tmp_path: Path) -> None:
    content = project_for(synthetic_content(tmp_path / "content", 60, SCHEMAS))
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    build(content, serial, CONFIG, today=TODAY, search=False, workers=1)
    build(content, parallel, CONFIG, today=TODAY, search=False, workers=3)
    expected, actual = every_file(serial), every_file(parallel)
    assert len(expected) > 100
    assert sorted(actual) == sorted(expected)
    assert [name for name in expected if actual[name] != expected[name]] == []


def test_markdown_rendered_while_records_are_read_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """markup.Prerendering, which a large catalogue uses, on a small one."""
    content = project_for(synthetic_content(tmp_path / "content", 60, SCHEMAS))
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    build(content, serial, CONFIG, today=TODAY, search=False, workers=1)
    markup._rendered.clear()
    monkeypatch.setattr(markup, "MIN_FIELDS_PER_WORKER", 5)
    monkeypatch.setattr(markup, "BATCH", 4)
    sent: list[int] = []
    real_send = markup.Prerendering._send

    def send(self: markup.Prerendering, batch: list[tuple[str, int]]) -> None:
        sent.append(len(batch))
        real_send(self, batch)

    monkeypatch.setattr(markup.Prerendering, "_send", send)
    build(content, parallel, CONFIG, today=TODAY, search=False, workers=2)
    assert len(sent) > 10
    expected, actual = every_file(serial), every_file(parallel)
    assert sorted(actual) == sorted(expected)
    assert [name for name in expected if actual[name] != expected[name]] == []


def test_example_with_and_without_search_differs_only_by_the_index(tmp_path: Path) -> None:
    full, html, cli = tmp_path / "full", tmp_path / "html", tmp_path / "cli"
    build(project_for(CONTENT), full, CONFIG, today=TODAY, workers=2)
    build(project_for(CONTENT), html, CONFIG, today=TODAY, search=False)
    with_index = {k: v for k, v in every_file(full).items() if not k.startswith("pagefind/")}
    assert every_file(html) == with_index
    assert (full / "pagefind" / "pagefind.js").is_file()
    result = CliRunner().invoke(
        main, ["build", "--content", str(CONTENT), "--out", str(cli), "--no-search"]
    )
    assert result.exit_code == 0, result.output
    assert (cli / "projekte" / "fussball-verbindet" / "index.html").is_file()
    assert not (cli / "pagefind").exists()


def test_pagefind_limited_to_searched_pages_indexes_the_same_pages(tmp_path: Path) -> None:
    """Pagefind's own output is not byte-stable (its chunk hashes vary from run to run), but it
    writes one fragment file per indexed page, named by the page's content: the same pages
    give the same fragment files."""
    out = tmp_path / "site"
    report = build(project_for(CONTENT), out, CONFIG, today=TODAY, search=False)
    assert "--glob" in pagefind_command(out, report.searched)
    fragments = {}
    for name, command in (
        ("limited", pagefind_command(out, report.searched)),
        ("whole site", [str(pagefind_executable()), "--site", str(out), "--force-language", "de"]),
    ):
        shutil.rmtree(out / "pagefind", ignore_errors=True)
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        fragments[name] = sorted(p.name for p in (out / "pagefind" / "fragment").iterdir())
    assert len(fragments["limited"]) == len(report.searched)
    assert fragments["limited"] == fragments["whole site"]


def test_pages_marked_for_search_through_an_include_are_indexed_too(tmp_path: Path) -> None:
    """The index starts once the pages whose templates carry the search mark are written
    (parallel.searched_first). A template that gets the mark from an include is found only
    when its pages are rendered; the build then indexes again, with them."""
    folder = copy_project(tmp_path / "project")
    (folder / "templates" / "partials" / "marked.html").write_text(
        "<div data-pagefind-body><p>Zusatztext Wolkenkratzerfenster</p></div>\n"
    )
    template = folder / "templates" / "page.html"
    include = '{% include "partials/page-"'
    text = template.read_text()
    assert include in text
    template.write_text(text.replace(include, '{% include "partials/marked.html" %}\n' + include))
    pages = {f"{p.stem}/index.html" for p in (folder / "content" / "pages").glob("*.md")}
    assert pages
    out = tmp_path / "site"
    project = Project(folder, folder / "katalog.toml", folder / "content")
    report = build(project, out, CONFIG, today=TODAY)
    assert pages <= set(report.searched)
    fragments = list((out / "pagefind" / "fragment").iterdir())
    assert len(fragments) == len(report.searched)


def test_a_template_changed_between_two_builds_in_one_process_is_used(tmp_path: Path) -> None:
    """Rendering does not look at the template files for every page (parallel.render_to):
    a template changed since the last build must still be read again, also one that is only
    extended or included."""
    folder = copy_project(tmp_path / "project")
    project = Project(folder, folder / "katalog.toml", folder / "content")
    build(project, tmp_path / "one", CONFIG, today=TODAY, search=False)
    base = folder / "templates" / "base.html"
    base.write_text(base.read_text().replace("</body>", "<!-- Zweiter Stand -->\n</body>", 1))
    later = base.stat().st_mtime + 10
    os.utime(base, (later, later))
    build(project, tmp_path / "two", CONFIG, today=TODAY, search=False)
    page = tmp_path / "two" / "projekte" / "fussball-verbindet" / "index.html"
    assert "<!-- Zweiter Stand -->" in page.read_text()
    assert "Zweiter Stand" not in (tmp_path / "one" / "index.html").read_text()


def test_workers_that_give_way_to_the_search_index_run_at_a_lower_priority(
    tmp_path: Path,
) -> None:
    """While Pagefind indexes, the workers writing the other pages run niced (it keeps its
    core); the main process never is, also when it does the work itself (one worker)."""

    def niceness() -> str:
        return str(os.getpriority(os.PRIO_PROCESS, 0))

    before = niceness()
    catalogue = make_catalogue([], CONFIG, SCHEMAS, TODAY)
    exports = [Output(f"nice-{n}.txt", niceness) for n in range(400)]
    templates = project_for(CONTENT).templates
    for workers, yielding in ((2, True), (1, True), (2, False)):
        out = tmp_path / f"{workers}-{yielding}"
        render_to(out, catalogue, {}, [], templates, workers, exports, yielding=yielding)
        seen = {(out / o.path).read_text() for o in exports}
        expected = str(max(int(before), YIELDING)) if workers > 1 and yielding else before
        assert seen == {expected}, (workers, yielding)
    assert niceness() == before


def test_a_folder_another_worker_makes_meanwhile_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers may make a page's folder at the same moment: the one that loses the race
    writes its file into the folder the other made."""
    from katalog import write

    real_mkdir = os.mkdir

    def made_meanwhile(path: str, *args: object) -> None:
        real_mkdir(path)
        raise FileExistsError(path)

    monkeypatch.setattr(write.os, "mkdir", made_meanwhile)
    outputs = [Output("a/index.html", "<p>ä</p>"), Output("b/c/d.json", b"{}")]
    assert write.write_outputs(tmp_path, outputs) == 2
    assert (tmp_path / "a/index.html").read_text("utf-8") == "<p>ä</p>"
    assert (tmp_path / "b/c/d.json").read_bytes() == b"{}"
