"""The "Projekt vorschlagen" page: generated from the schema, works without JavaScript
(template and steps), and in real Chromium produces YAML that `katalog validate` accepts."""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, TODAY, copy_project

from katalog import cli
from katalog.load import load_file

REPO = "https://github.com/example/katalog-praeventionskooperation"


def validate_file(tmp_path: Path, name: str, text: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_today", lambda: TODAY)  # the example site's build date
    copy_project(tmp_path, {f"projects/{name}": text})
    result = CliRunner().invoke(cli.main, ["validate", "--strict"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_without_javascript_the_page_shows_steps_and_a_valid_template(
    example_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (example_site / "vorschlagen/index.html").read_text(encoding="utf-8")
    assert re.search(r'<form id="vorschlag" class="propose-form" hidden', page)
    assert "Ohne Formular: die Vorlage" in page
    assert f"{REPO}/new/main?filename=content/projects/neues-projekt.yaml" in page
    template = html.unescape(re.search(r"<pre><code>(.*?)</code></pre>", page, re.S)[1])
    assert template.startswith("# yaml-language-server: $schema=../../schemas/project.schema.json")
    assert validate_file(tmp_path, "vorlage.yaml", template, monkeypatch).startswith(
        "Keine Probleme gefunden."
    )


def test_the_page_has_no_inline_script_or_style_and_is_linked(example_site: Path) -> None:
    page = (example_site / "vorschlagen/index.html").read_text(encoding="utf-8")
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", page) == []
    assert " style=" not in page and "<style" not in page
    assert 'href="../vorschlagen/">Projekt vorschlagen</a>' in (
        example_site / "projekte/index.html"
    ).read_text(encoding="utf-8")


def test_the_site_carries_the_same_schema_the_build_uses(example_site: Path) -> None:
    published = json.loads((example_site / "schemas/project.schema.json").read_text("utf-8"))
    assert published == json.loads((ROOT / "schemas/project.schema.json").read_text("utf-8"))
    assert (example_site / "static/vendor/cfworker-json-schema/LICENSE").is_file()


def test_the_form_is_generated_from_the_schema(example_site: Path) -> None:
    page = (example_site / "vorschlagen/index.html").read_text(encoding="utf-8")
    for label in ("Kurzbeschreibung", "Projektträger", "Art des Trägers", "Zielgruppen"):
        assert label in page
    assert '<option value="muslim-organisation">Muslimische Organisation / Moscheegemeinde' in page
    assert 'value="Thüringen"> Thüringen</label>' in page
    assert 'name="example"' not in page


def open_form(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}vorschlagen/")
    page.locator("#vorschlag[data-ready]").wait_for(timeout=10_000)


def test_an_empty_form_lists_german_problems(page: Any, site_url: str) -> None:
    open_form(page, site_url)
    page.get_by_role("button", name="Prüfen und Datei erzeugen").click()
    problems = page.locator("#fehlerliste li").all_inner_texts()
    assert "»Titel« fehlt." in problems
    assert "»Bundesländer« fehlt." in problems
    assert page.locator("#datei").is_hidden()
    page.fill("#f-start", "Mai 2019")
    page.get_by_role("button", name="Prüfen und Datei erzeugen").click()
    assert (
        "»Beginn« hat nicht die richtige Form. Bitte schreiben Sie ein Jahr (2019), einen "
        "Monat (2019-05) oder ein Datum (2019-05-14)."
    ) in page.locator("#fehlerliste li").all_inner_texts()
    assert page.locator("#f-start").get_attribute("aria-invalid") == "true"
    assert page.guard.console_errors == []


def test_a_filled_form_gives_yaml_that_katalog_validate_accepts(
    page: Any, site_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_form(page, site_url)
    page.fill("#f-title", "Gemeinsam stark in Köln: Polizei & Moschee")
    page.fill("#f-summary", "Polizei und Moscheegemeinden in Köln beraten ältere Menschen.")
    page.fill("#f-description", "Erster Absatz.\n\n- Punkt eins\n- Punkt zwei")
    page.fill("#f-carriers-0-name", "Polizeipräsidium Köln")
    page.select_option("#f-carriers-0-type", "police")
    page.locator("#f-carriers").get_by_role("button", name="Weiteren Eintrag hinzufügen").click()
    page.fill("#f-carriers-1-name", "Moscheeverein Ehrenfeld e. V.")
    page.select_option("#f-carriers-1-type", "muslim-organisation")
    page.fill("#f-carriers-1-website", "https://www.example.org/verein")
    page.get_by_label("Nordrhein-Westfalen").check()
    page.get_by_label("Thüringen").check()
    page.fill("#f-city", "Köln")
    page.fill("#f-start", "2019-05")
    page.get_by_label("Beratung", exact=True).check()
    page.get_by_label("Eltern und Familien").check()
    page.fill("#f-contacts-0-name", "Erika Muster")
    page.fill("#f-contacts-0-email", "erika@example.org")
    page.fill("#f-links-0-title", "Webseite des Projekts")
    page.fill("#f-links-0-url", "https://www.example.org/projekt")
    page.check("#f-looking_for_partners")
    page.fill("#f-partner_text", "Weitere Moscheegemeinden im Stadtgebiet.")
    page.get_by_role("button", name="Prüfen und Datei erzeugen").click()

    page.locator("#datei").wait_for(state="visible")
    assert page.locator("#fehler").is_hidden()
    name = "gemeinsam-stark-in-koeln-polizei-moschee.yaml"
    assert page.locator("#dateiname").inner_text() == f"content/projects/{name}"
    yaml = page.locator("#yaml").inner_text()
    assert yaml.splitlines()[0] == (
        "# yaml-language-server: $schema=../../schemas/project.schema.json"
    )
    assert "  - Thüringen" in yaml and "description: |" in yaml

    href = page.locator("#github-link").get_attribute("href")
    prefix = f"{REPO}/new/main?filename=content/projects/{name}&value="
    assert href.startswith(prefix)
    assert urllib.parse.unquote(href.removeprefix(prefix)) == yaml
    mail = page.locator("#mail-link").get_attribute("href")
    assert mail.startswith("mailto:clearingstelle@example.org?subject=Projektvorschlag%3A%20")
    page.get_by_role("button", name="In die Zwischenablage kopieren").click()
    page.locator("#kopieren-status:not(:empty)").wait_for()
    assert page.guard.console_errors == []

    assert validate_file(tmp_path, name, yaml, monkeypatch) == "Keine Probleme gefunden.\n"
    record, problems = load_file("project", tmp_path / "content/projects" / name)
    assert problems == [] and record is not None
    assert record.data["carriers"][1] == {
        "name": "Moscheeverein Ehrenfeld e. V.",
        "type": "muslim-organisation",
        "website": "https://www.example.org/verein",
    }
    assert record.data["contacts"] == [
        {"name": "Erika Muster", "email": "erika@example.org", "public": False}
    ]
    assert record.data["description"] == "Erster Absatz.\n\n- Punkt eins\n- Punkt zwei\n"
    assert record.data["looking_for_partners"] is True


def test_every_project_and_event_page_links_to_editing_its_source(example_site: Path) -> None:
    for folder, source in (
        ("projekte/fussball-verbindet", "content/projects/fussball-verbindet.yaml"),
        (
            "veranstaltungen/2013-01-erfahrungsaustausch-nuernberg",
            "content/events/2013-01-erfahrungsaustausch-nuernberg.md",
        ),
    ):
        page = (example_site / folder / "index.html").read_text(encoding="utf-8")
        assert f'<a href="{REPO}/edit/main/{source}">Eintrag korrigieren</a>' in page
