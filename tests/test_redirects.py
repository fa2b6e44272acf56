"""Stable addresses: a renamed record lists its former slugs, the build writes a redirect
page at each, refuses a former slug that is still live, and Chromium follows it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SCHEMAS, TODAY, project_for, serve
from records import PROJECT, tree

from katalog.config import Config
from katalog.load import load_content
from katalog.pipeline import build
from katalog.validate import validate

Make = Callable[[dict[str, str | bytes]], Path]
RENAMED = PROJECT + "former_slugs:\n  - fussball-am-abend\n  - kicken\n"


def renamed_tree() -> dict[str, str | bytes]:
    """The project renamed from fussball-am-abend.yaml (and earlier kicken.yaml)."""
    files = tree()
    files["projects/fussball-verbindet.yaml"] = RENAMED
    return files


@pytest.fixture(autouse=True)
def _relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths then print as editors see them: content/…


def problems(content: Path) -> list[str]:
    return [str(p) for p in validate(load_content(content).records, SCHEMAS)]


def test_k312_former_slug_that_is_still_a_live_address(make_content: Make) -> None:
    files = renamed_tree()
    files["projects/kicken.yaml"] = PROJECT.replace("Fußball verbindet", "Kicken")
    assert problems(make_content(files)) == [
        "content/projects/fussball-verbindet.yaml:22:5: K312 Die frühere Adresse »kicken« ist "
        "noch vergeben (an content/projects/kicken.yaml). Unter einer früheren Adresse steht "
        "eine Weiterleitung; sie darf nicht zugleich eine lebende Adresse oder die frühere "
        "Adresse eines anderen Eintrags sein."
    ]


def test_k312_former_slug_claimed_by_two_records_or_the_record_itself(make_content: Make) -> None:
    files = renamed_tree()
    files["projects/zweites.yaml"] = PROJECT + "former_slugs:\n  - kicken\n  - zweites\n"
    found = problems(make_content(files))
    assert [line.split(" ")[:2] for line in found] == [
        ["content/projects/zweites.yaml:21:5:", "K312"],
        ["content/projects/zweites.yaml:22:5:", "K312"],
    ]
    assert "(an content/projects/fussball-verbindet.yaml)" in found[0]
    assert "(an diesem Eintrag)" in found[1]


def test_k312_former_slug_that_is_a_section_of_the_site(make_content: Make) -> None:
    files = renamed_tree()
    files["projects/fussball-verbindet.yaml"] = PROJECT + "former_slugs:\n  - bundesland\n"
    (found,) = problems(make_content(files))
    assert found.startswith(
        "content/projects/fussball-verbindet.yaml:21:5: K312 Die frühere Adresse »bundesland« "
        "ist noch vergeben (an der Website selbst)."
    )


def test_a_former_slug_of_another_record_type_is_no_collision(make_content: Make) -> None:
    files = renamed_tree()
    files["events/2013-austausch.md"] = files["events/2013-austausch.md"].replace(  # type: ignore[union-attr]
        "kind: exchange\n", "kind: exchange\nformer_slugs:\n  - fussball-verbindet\n"
    )
    assert problems(make_content(files)) == []


def build_renamed(tmp_path: Path, make_content: Make) -> Path:
    out = tmp_path / "site"
    content = make_content(renamed_tree())
    build(project_for(content), out, Config(base_url="http://127.0.0.1/"), today=TODAY)
    return out


def test_redirect_pages_point_to_the_new_address_without_script(
    tmp_path: Path, make_content: Make
) -> None:
    out = build_renamed(tmp_path, make_content)
    for old in ("fussball-am-abend", "kicken"):
        html = (out / f"projekte/{old}/index.html").read_text(encoding="utf-8")
        assert '<link rel="canonical" href="http://127.0.0.1/projekte/fussball-verbindet/">' in html
        assert (
            '<meta http-equiv="refresh" content="0; url=../../projekte/fussball-verbindet/">'
            in html
        )
        assert "<script" not in html
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "fussball-am-abend" not in sitemap  # only live addresses


def test_chromium_follows_the_old_address_to_the_renamed_record(
    tmp_path: Path, make_content: Make, page: Any
) -> None:
    out = build_renamed(tmp_path, make_content)
    url, stop = serve(out)
    try:
        page.goto(url + "projekte/fussball-am-abend/")
        page.wait_for_url(url + "projekte/fussball-verbindet/")
        assert page.locator("h1").inner_text() == "Fußball verbindet"
        assert page.guard.console_errors == []
    finally:
        stop()
