"""The preview's incremental build: after each edit in a sequence (change, add, rename and
delete records; change a content page, a template, the configuration, a schema, a material
file, the date) the output equals a cold build byte for byte, and only the pages the edit
touches are rendered again, those of the edited record first. Like `katalog serve`, the
updates share one Session, so everything it remembers from update to update is checked."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import TODAY, copy_project
from test_history import git

from katalog.config import Config, load_config
from katalog.incremental import Session, update
from katalog.pipeline import build
from katalog.problems import ContentError
from katalog.project import Project

FUSSBALL = "content/projects/fussball-verbindet.yaml"
LEIPZIG = "content/events/2025-05-fachtagung-leipzig.md"
STUTTGART = "content/projects/kontaktbeamte-moscheegemeinden-stuttgart.yaml"
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
        self.today = TODAY
        self.session = Session()
        self.progress = Recorder()

    def update(self) -> list[str]:
        self.config = load_config(self.project.config_file)
        self.progress = Recorder()
        out, cache = self.out, self.cache
        return update(
            self.project, out, self.config, self.today, cache, self.session, self.progress
        )[1]

    def assert_same_as_cold(self) -> None:
        shutil.rmtree(self.cold, ignore_errors=True)
        build(self.project, self.cold, self.config, today=self.today, search=False)
        cold, warm = every_file(self.cold), every_file(self.out)
        assert sorted(warm) == sorted(cold)
        assert [name for name in cold if warm[name] != cold[name]] == []


class Recorder:
    """What an update announced (the paths it will change) and wrote, in order."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []
        self.announced: list[set[str]] = []

    def pending(self, paths: set[str]) -> None:
        self.events += [("pending", path) for path in sorted(paths)]
        self.announced.append(set(paths))

    def written(self, path: str) -> None:
        self.events.append(("written", path))

    @property
    def written_paths(self) -> list[str]:
        return [path for kind, path in self.events if kind == "written"]


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
    edit(root / "templates/project.html", ">Beschreibung</h2>", ">Worum es geht</h2>")
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
    preview.session = Session()  # a new process, which reads the cache from disk
    assert sorted(preview.update()) == sorted(first)
    preview.assert_same_as_cold()


def test_the_edited_record_s_page_is_written_first_and_every_change_announced(
    preview: Preview,
) -> None:
    preview.update()
    edit(preview.root / FUSSBALL, "Fußball verbindet – Polizei", "Fußball verbindet neu – Polizei")
    rendered = preview.update()
    events = preview.progress.events
    own = "projekte/fussball-verbindet/index.html"
    assert rendered[0] == own and len(rendered) > 5
    # the own page is written at once; then every other change is announced before it is made
    assert events[0] == ("written", own)
    announced = {path for kind, path in events if kind == "pending"}
    first_announced = next(i for i, (kind, _) in enumerate(events) if kind == "pending")
    assert events[1:first_announced] == []
    written = preview.progress.written_paths
    assert set(rendered) <= set(written) and set(written[1:]) <= announced
    assert "projekte/fussball-verbindet.json" in written  # its export, also announced
    # the exports are announced all at once, then narrowed to those that changed
    assert "projekte/podcast-hoer-mal-zu.json" not in preview.progress.announced[-1]
    assert "projekte/fussball-verbindet.json" in preview.progress.announced[-1]
    preview.assert_same_as_cold()
    assert preview.update() == [] and preview.progress.written_paths == []


def test_edits_back_and_forth_materials_and_the_date_give_the_bytes_of_a_cold_build(
    preview: Preview,
) -> None:
    root = preview.root
    preview.update()
    for old, new in [("Polizei und", "Polizei sowie"), ("Polizei sowie", "Polizei und")] * 2:
        edit(root / FUSSBALL, f"Fußball verbindet – {old}", f"Fußball verbindet – {new}")
        assert "projekte/fussball-verbindet/index.html" in preview.update()
        preview.assert_same_as_cold()

    # a field that keeps every project's place in the order and who is related to whom (the
    # city, which the pages of related projects show), then a state, which changes that
    edit(root / STUTTGART, 'city: "Stuttgart"', 'city: "Stuttgart-Mitte"')
    changed = preview.update()
    preview.assert_same_as_cold()
    own = "projekte/kontaktbeamte-moscheegemeinden-stuttgart/index.html"
    others = [p for p in changed if p.startswith("projekte/") and p.count("/") == 2]
    assert own in changed and len(others) > 3  # the projects it is related to
    edit(root / FUSSBALL, "states:\n  - Niedersachsen", "states:\n  - Niedersachsen\n  - Bremen")
    preview.update()
    preview.assert_same_as_cold()

    # a material file grows: the page shows its new size, the copy has its new bytes
    flyer = root / "content/projects/materialien/gemeinsam-sicher-leben-flyer.pdf"
    flyer.write_bytes(flyer.read_bytes() + b"%" * 4096)
    assert "projekte/gemeinsam-sicher-leben/index.html" in preview.update()
    preview.assert_same_as_cold()
    flyer.write_bytes(flyer.read_bytes()[:-4096])
    preview.update()
    preview.assert_same_as_cold()

    # another day: a running project has ended, every status and date line follows
    preview.today = dt.date(2027, 7, 15)
    preview.update()
    preview.assert_same_as_cold()
    page = (preview.out / "projekte/gemeinsam-sicher-leben/index.html").read_text()
    assert "Abgeschlossen" in page

    # a label in the vocabulary and back again
    schema = root / "schemas/project.schema.json"
    edit(schema, '"sport": "Sport"', '"sport": "Sport und Bewegung"')
    preview.update()
    preview.assert_same_as_cold()
    edit(schema, '"sport": "Sport und Bewegung"', '"sport": "Sport"')
    preview.update()
    preview.assert_same_as_cold()


def test_a_new_preview_process_starts_from_the_cache_on_disk(preview: Preview) -> None:
    preview.update()
    preview.session = Session()  # what a restarted `katalog serve` has
    assert preview.update() == []
    edit(preview.root / FUSSBALL, "Fußball verbindet – Polizei", "Fußball verbindet! – Polizei")
    assert "projekte/fussball-verbindet/index.html" in preview.update()
    preview.assert_same_as_cold()


def test_a_commit_that_changes_no_bytes_updates_the_dates_shown(preview: Preview) -> None:
    """An edit saved in the preview and then committed: the file's bytes stay, its last
    change (from git) moves, and the pages that show it follow. The project is reached
    through a symbolic link, so record paths and git's paths differ until resolved."""
    link = preview.root.parent / "verweis"
    link.symlink_to(preview.root, target_is_directory=True)
    preview.project = Project(link, link / "katalog.toml", link / "content")
    git(preview.root, "init", "-q")
    git(preview.root, "add", "-A")
    git(preview.root, "commit", "-q", "-m", "Anfang", when="2020-01-02T10:00:00+00:00")
    preview.update()
    edit(preview.root / FUSSBALL, "Fußball", "Fussball")
    preview.update()
    preview.assert_same_as_cold()
    git(preview.root, "commit", "-q", "-am", "Korrektur", when="2021-03-04T10:00:00+00:00")
    preview.update()
    preview.assert_same_as_cold()
