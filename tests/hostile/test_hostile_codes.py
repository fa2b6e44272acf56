"""One test per problem code added for hostile input (the code table test looks for them),
and the cases that need more than a content tree: links, huge files, colliding outputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cases import PDF, P, files, material, project
from conftest import ROOT, SCHEMAS, TODAY, write_tree
from records import PAGE

from katalog.addresses import RESERVED, claim_problems
from katalog.config import Config
from katalog.load import load_content
from katalog.materials import MAX_BYTES
from katalog.model import make_catalogue
from katalog.render import render_site
from katalog.validate import validate

Tree = dict[str, str | bytes]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def problems(tree: Tree) -> list[str]:
    content = write_tree(Path("content"), tree)
    loaded = load_content(content)
    return sorted(str(p) for p in loaded.problems + validate(loaded.records, SCHEMAS))


def codes(tree: Tree) -> list[str]:
    return [line.split(" ")[1] for line in problems(tree)]


def test_k111_control_character_in_the_file_names_it() -> None:
    tree = files(project().replace("city: Nürnberg", "city: Nürn\x1b[31mberg"))
    assert (
        f"{P}:12:11: K111 Unsichtbares Steuerzeichen U+001B (ESCAPE) im Text. Bitte löschen "
        "(es stammt meist aus einer kopierten Vorlage)."
    ) in problems(tree)


def test_k112_deep_yaml_is_refused_before_it_recurses() -> None:
    deep = project("extra:\n" + "".join("  " * i + "- \n" for i in range(1, 400)))
    assert "K112" in codes(files(deep))


def test_k113_a_record_linked_from_outside_content_is_refused(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "elsewhere", {"geheim.yaml": project()})
    content = write_tree(Path("content"), files())
    os.symlink(outside / "geheim.yaml", content / "projects/geheim.yaml")
    loaded = load_content(content)
    assert [str(p) for p in loaded.problems] == [
        "content/projects/geheim.yaml:1:1: K113 Die Datei ist ein Verweis (Link) auf eine Datei "
        "außerhalb von content/ oder keine gewöhnliche Datei. Bitte den Inhalt als echte Datei "
        "in content/ ablegen."
    ]
    assert [r.slug for r in loaded.records if r.kind == "project"] == ["fussball-verbindet"]


def test_k113_a_folder_named_like_a_record_is_no_crash() -> None:
    tree = files(extra={"projects/ordner.yaml/x.txt": "x"})
    assert codes(tree) == ["K113"]


def test_k209_zero_width_title() -> None:
    tree = files(project(**{"title: Fußball verbindet": 'title: "\\u200b\\u200c\\u2060"'}))
    assert codes(tree) == ["K209"]


def test_k210_line_break_in_a_phone_number() -> None:
    contact = '  - name: Frau A\n    phone: "+49 911 12345\\n"\n    public: true\n'
    assert codes(files(project("contacts:\n" + contact))) == ["K210"]


def test_k211_every_reserved_page_name_is_refused() -> None:
    extra: Tree = {f"pages/{slug}.md": PAGE for slug in RESERVED["page"]}
    assert codes(files(extra=extra)) == ["K211"] * len(RESERVED["page"])


def test_k212_markdown_too_deep_for_the_renderer() -> None:
    body = "".join("    " * level + "- x\n" for level in range(60))
    tree = files(
        project(
            **{
                "example: true": "example: true\ngoals: |\n"
                + "".join("  " + line + "\n" for line in body.splitlines())
            }
        )
    )
    assert codes(tree) == ["K212"]


def test_k306_a_pdf_that_is_html_inside() -> None:
    tree = files(project(material("flyer.pdf")), {"projects/flyer.pdf": b"<!doctype html><script>"})
    assert codes(tree) == ["K306"]


def test_k306_office_files_and_images_are_checked_by_content() -> None:
    tree = files(
        project(
            "materials:\n"
            + "".join(
                f"  - title: Datei {n}\n    file: m/{n}\n" for n in ("a.png", "b.docx", "c.jpg")
            )
        ),
        {
            "projects/m/a.png": PDF,
            "projects/m/b.docx": b"PK\x03\x04kaputt",
            "projects/m/c.jpg": PDF,
        },
    )
    assert codes(tree) == ["K306", "K306", "K306"]


def test_k307_a_material_above_the_size_cap() -> None:
    content = write_tree(Path("content"), files(project(material("film.mp4"))))
    with (content / "projects/film.mp4").open("wb") as handle:
        handle.write(b"\x00\x00\x00\x18ftypmp42")
        handle.truncate(MAX_BYTES + 1)  # sparse: no 20 MB written
    loaded = load_content(content)
    assert [p.code for p in validate(loaded.records, SCHEMAS)] == ["K307"]


def test_k308_same_output_name_from_two_folders() -> None:
    materials = (
        "materials:\n  - title: Flyer A\n    file: a/flyer.pdf\n"
        "  - title: Flyer B\n    file: b/flyer.pdf\n"
    )
    tree = files(project(materials), {"projects/a/flyer.pdf": PDF, "projects/b/flyer.pdf": PDF})
    assert problems(tree) == [
        f"{P}:24:11: K308 »b/flyer.pdf« und »a/flyer.pdf« erhielten auf der Website denselben "
        "Dateinamen. Bitte eine der beiden Dateien umbenennen."
    ]


def test_the_same_material_twice_is_no_clash() -> None:
    materials = (
        "materials:\n  - title: Flyer A\n    file: flyer.pdf\n"
        "  - title: Flyer B\n    file: flyer.pdf\n"
    )
    assert problems(files(project(materials), {"projects/flyer.pdf": PDF})) == []


def test_k309_a_path_claimed_twice_names_both_sources() -> None:
    catalogue = make_catalogue(
        load_content(write_tree(Path("content"), files())).records, Config(), SCHEMAS, TODAY
    )
    paths = [o.path for o in render_site(catalogue, ROOT / "templates")]
    clash = [*paths, "projekte/fussball-verbindet/index.html", "static/style.css"]
    assert [str(p) for p in claim_problems(catalogue, clash)] == [
        "content/projects/fussball-verbindet.yaml:1:1: K309 Die Datei "
        "projekte/fussball-verbindet/index.html der Website würde zweimal erzeugt: von "
        "content/projects/fussball-verbindet.yaml und von "
        "content/projects/fussball-verbindet.yaml. "
        "Bitte eine der beiden Quellen umbenennen.",
        "static/style.css:1:1: K309 Die Datei static/style.css der Website würde zweimal "
        "erzeugt: von der Website selbst (static/) und von der Website selbst. Bitte eine der "
        "beiden Quellen umbenennen.",
    ]
    assert claim_problems(catalogue, paths) == []


def test_reserved_names_cover_every_section_of_the_built_site() -> None:
    catalogue = make_catalogue(
        load_content(write_tree(Path("content"), files())).records, Config(), SCHEMAS, TODAY
    )
    paths = [o.path for o in render_site(catalogue, ROOT / "templates")]
    pages = {p.slug for p in catalogue.pages}
    projects = {p.slug for p in catalogue.projects}
    top = {p.split("/")[0] for p in paths if "/" in p} - pages
    below = {p.split("/")[1] for p in paths if p.startswith("projekte/") and p.count("/") > 1}
    assert top <= RESERVED["page"]
    assert below - projects <= RESERVED["project"]
    experts = {e.slug for e in catalogue.experts}
    facets = {
        p.split("/")[1]
        for p in paths
        if p.startswith("expertinnen-und-experten/") and p.count("/") > 1
    }
    assert facets - experts == RESERVED["expert"]
