"""The preview's incremental build: after each edit in a sequence (change, add, rename and
delete records; change a content page, a template, the configuration, a schema) the output
equals a cold build byte for byte, and only the pages the edit touches are rendered again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import TODAY, copy_project

from katalog.config import Config, load_config
from katalog.incremental import update
from katalog.pipeline import build
from katalog.problems import ContentError
from katalog.project import Project

FUSSBALL = "content/projects/fussball-verbindet.yaml"
LEIPZIG = "content/events/2025-05-fachtagung-leipzig.md"
UNPRESENTED = "content/projects/podcast-hoer-mal-zu.yaml"  # no event presents it


def every_file(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Preview:
    """A project folder, its incremental output and cache, compared with cold builds."""

    def __init__(self, root: Path) -> None:
        self.root = copy_project(root / "projekt")
        self.project = Project(self.root, self.root / "katalog.toml", self.root / "content")
        self.out, self.cache, self.cold = root / "vorschau", root / "cache", root / "kalt"
        self.config = Config()

    def update(self) -> list[str]:
        self.config = load_config(self.project.config_file)
        return update(self.project, self.out, self.config, TODAY, self.cache)[1]

    def assert_same_as_cold(self) -> None:
        shutil.rmtree(self.cold, ignore_errors=True)
        build(self.project, self.cold, self.config, today=TODAY, search=False)
        cold, warm = every_file(self.cold), every_file(self.out)
        assert sorted(warm) == sorted(cold)
        assert [name for name in cold if warm[name] != cold[name]] == []


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    return Preview(tmp_path)


def test_a_sequence_of_edits_gives_the_bytes_of_a_cold_build(preview: Preview) -> None:
    root = preview.root
    first = preview.update()
    preview.assert_same_as_cold()
    assert "projekte/fussball-verbindet/index.html" in first
    assert preview.update() == [], "nothing changed, nothing rendered"

    # change a record: its page, lists, facet and carrier pages, events presenting it,
    # projects listing it as related; not every page
    edit(root / FUSSBALL, "Fußball verbindet – Polizei", "Fußball verbindet immer – Polizei")
    changed = preview.update()
    preview.assert_same_as_cold()
    assert "projekte/fussball-verbindet/index.html" in changed
    assert "veranstaltungen/2013-01-erfahrungsaustausch-nuernberg/index.html" in changed
    assert "projekte/index.html" in changed
    assert "404.html" not in changed  # reads only the content pages (navigation)
    assert len(changed) < len(first) / 2

    # add a record
    text = (root / UNPRESENTED).read_text(encoding="utf-8")
    (root / "content/projects/podcast-zwei.yaml").write_text(
        text.replace('title: "', 'title: "Zweiter Teil: ', 1), encoding="utf-8"
    )
    assert "projekte/podcast-zwei/index.html" in preview.update()
    preview.assert_same_as_cold()

    # rename a record, delete one
    (root / LEIPZIG).rename(root / "content/events/2025-05-fachtagung-in-leipzig.md")
    preview.update()
    preview.assert_same_as_cold()
    assert not (preview.out / "veranstaltungen/2025-05-fachtagung-leipzig").exists()
    (root / UNPRESENTED).unlink()
    preview.update()
    preview.assert_same_as_cold()

    # a content page (its title is in every page's navigation)
    edit(root / "content/pages/ueber.md", 'title: "Über die', 'title: "Über uns: die')
    preview.update()
    preview.assert_same_as_cold()

    # a template, the configuration, a schema's label
    edit(root / "templates/project.html", "<h2>Beschreibung</h2>", "<h2>Worum es geht</h2>")
    preview.update()
    preview.assert_same_as_cold()
    edit(root / "katalog.toml", 'operator = "', 'operator = "Die ')
    preview.update()
    preview.assert_same_as_cold()
    edit(root / "schemas/project.schema.json", '"sport": "Sport"', '"sport": "Sport und Spiel"')
    preview.update()
    preview.assert_same_as_cold()
    assert "Sport und Spiel" in (preview.out / "projekte/fussball-verbindet/index.html").read_text()


def test_a_content_error_leaves_the_preview_output_as_it_was(preview: Preview) -> None:
    preview.update()
    before = every_file(preview.out)
    edit(preview.root / FUSSBALL, "  - Niedersachsen", "  - Niedersachsn")
    with pytest.raises(ContentError):
        preview.update()
    assert every_file(preview.out) == before
    edit(preview.root / FUSSBALL, "  - Niedersachsn", "  - Niedersachsen")
    assert preview.update() == []


def test_a_lost_or_foreign_cache_means_a_full_render(preview: Preview) -> None:
    first = preview.update()
    (preview.cache / "fingerprints.pickle").write_bytes(b"kein pickle")
    assert sorted(preview.update()) == sorted(first)
    preview.assert_same_as_cold()
