"""The "Projekt vorschlagen" page: generated from the schema, works without JavaScript
(template and steps), and in real Chromium produces YAML that `katalog validate` accepts."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, TODAY, copy_project
from forms import open_form, submit_filled
from records import tree

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


def visible_text(page_html: str) -> str:
    form = re.search(r'<form id="vorschlag".*?</form>', page_html, re.S)
    assert form is not None
    return html.unescape(re.sub(r"<[^>]+>", " ", form[0]))


def test_the_form_speaks_plain_german_to_visitors(example_site: Path) -> None:
    page = (example_site / "vorschlagen/index.html").read_text(encoding="utf-8")
    text = visible_text(page)
    for schema_talk in ("true", "false", "public:", "JJJJ", "Anführungszeichen", "Pfad", '"'):
        assert schema_talk not in text, schema_talk
    assert "Zuletzt geprüft" not in text and 'type="file"' not in page
    assert 'name="file"' not in page  # materials are links; files come later by e-mail
    descriptions = re.findall(r'<p class="meta" id="[^"]+-hilfe">(.*?)</p>', page, re.S)
    assert descriptions and all(d.rstrip().endswith((".", "«.")) for d in descriptions)
    buttons = re.findall(r"<button type=\"button\" data-add-row>(.*?)</button>", page)
    assert buttons == [
        "Weiteren Träger hinzufügen",
        "Weitere Ansprechperson hinzufügen",
        "Weiteren Link hinzufügen",
        "Weiteres Material hinzufügen",
    ]
    assert '<input type="month" id="f-start"' in page and '<input type="month" id="f-end"' in page
    assert "Ist die Person einverstanden, dass ihr Name und ihre Kontaktdaten" in text
    assert (
        '<input type="radio" name="f-contacts-0-public" id="f-contacts-0-public-ja" value="ja">'
        in page
    )
    assert 'value="nein" checked> Nein' in page  # Nein unless the visitor says Ja
    assert 'type="checkbox" id=' not in page  # yes/no questions are Ja/Nein choices


def test_an_empty_form_lists_german_problems(page: Any, site_url: str) -> None:
    open_form(page, site_url)
    page.get_by_role("button", name="Prüfen und Datei erzeugen").click()
    problems = page.locator("#fehlerliste li").all_inner_texts()
    assert "»Titel« fehlt." in problems
    assert "»Bundesländer« fehlt." in problems
    assert page.locator("#datei").is_hidden()
    page.fill("#f-carriers-0-website", "www.example.org")
    page.get_by_role("button", name="Prüfen und Datei erzeugen").click()
    assert (
        "»Webseite« hat nicht die richtige Form. Bitte schreiben Sie eine vollständige Adresse, "
        "die mit https:// beginnt, z. B. https://www.example.org/seite."
    ) in page.locator("#fehlerliste li").all_inner_texts()
    assert page.locator("#f-carriers-0-website").get_attribute("aria-invalid") == "true"
    assert page.guard.console_errors == []


def test_a_filled_form_gives_yaml_that_katalog_validate_accepts(
    page: Any, site_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit_filled(page, site_url)
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
        {"name": "Erika Muster", "email": "erika@example.org", "public": False},
        {"name": "Max Beispiel", "public": True},
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


# --- "Als Expertin oder Experte melden" ----------------------------------------------------


def validate_expert(tmp_path: Path, name: str, text: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_today", lambda: TODAY)
    copy_project(tmp_path, {**tree(), f"experts/{name}": text})
    result = CliRunner().invoke(cli.main, ["validate", "--strict"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_expert_form_without_javascript_offers_a_valid_template(
    example_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (example_site / "vorschlagen/experte/index.html").read_text(encoding="utf-8")
    assert "Ihre Einwilligung" in page and "jederzeit ohne Angabe von Gründen widerrufen" in page
    assert 'data-schema="../../schemas/expert.schema.json" data-kind="expert"' in page
    template = html.unescape(re.search(r"<pre><code>(.*?)</code></pre>", page, re.S)[1])
    assert template.startswith("# yaml-language-server: $schema=../../schemas/expert.schema.json")
    assert validate_expert(tmp_path, "vorlage.yaml", template, monkeypatch).startswith(
        "Keine Probleme gefunden."
    )
    proposal = (example_site / "vorschlagen/index.html").read_text(encoding="utf-8")
    assert '<h2 id="experte-titel">Als Expertin oder Experte melden</h2>' in proposal


def test_the_published_expert_schema_is_self_contained(example_site: Path) -> None:
    text = (example_site / "schemas/expert.schema.json").read_text("utf-8")
    published = json.loads(text)
    assert re.findall(r'"\$ref": "(?!#)', text) == []
    assert "Thüringen" in published["$defs"]["state"]["enum"]


def test_a_filled_expert_form_gives_yaml_that_validate_strict_accepts(
    page: Any, site_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.goto(f"{site_url}vorschlagen/experte/")
    page.locator("#vorschlag[data-ready]").wait_for(timeout=10_000)
    page.get_by_role("button", name="Prüfen und Datei erzeugen").click()
    assert page.locator("#fehlerliste li").all_inner_texts() == [
        "»Seite« fehlt.",
        "»Fachgebiete« fehlt.",
        "»Bundesländer« fehlt.",
        "»Verfügbar für« fehlt.",
    ]
    page.fill("#f-name", "Erika Musterfrau")
    page.fill("#f-organisation", "Polizeipräsidium Köln (Beispiel)")
    page.select_option("#f-side", "security-authority")
    page.locator("#f-expertise").get_by_label("Polizeiarbeit").check()
    page.locator("#f-states").get_by_label("Nordrhein-Westfalen").check()
    page.fill("#f-languages", "Deutsch, Türkisch")
    page.locator("#f-available_for").get_by_label("Vortrag").check()
    page.fill("#f-profile", "Seit zehn Jahren Kontaktbeamtin.\n\nSpricht gern in Moscheen.")
    page.fill("#f-email", "erika@example.org")
    page.fill("#f-phone", "+49 221 4710 123")
    page.locator("#f-consent-covers").get_by_label("Name").check()
    page.get_by_role("button", name="Prüfen und Datei erzeugen").click()

    page.locator("#datei").wait_for(state="visible")
    name = "erika-musterfrau.yaml"
    assert page.locator("#dateiname").inner_text() == f"content/experts/{name}"
    yaml = page.locator("#yaml").inner_text()
    # organisation and contact details are not covered by the consent: left out of the file
    assert "Polizeipräsidium" not in yaml and "erika@example.org" not in yaml
    mail = page.locator("#mail-link").get_attribute("href")
    assert mail.startswith(
        "mailto:clearingstelle@example.org?subject=Meldung%20als%20Expertin%20oder%20Experte"
    )
    shots = ROOT / "tests" / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "expert-form.png"), full_page=True)
    assert page.guard.console_errors == []

    assert validate_expert(tmp_path, name, yaml, monkeypatch) == "Keine Probleme gefunden.\n"
    record, problems = load_file("expert", tmp_path / "content/experts" / name)
    assert problems == [] and record is not None
    assert record.data["languages"] == ["Deutsch", "Türkisch"]
    # the form fills in the reader's today as the date of consent
    assert record.data["consent"] == {"date": dt.date.today().isoformat(), "covers": ["name"]}
    assert "email" not in record.data and "organisation" not in record.data
