"""`katalog new`: files generated from the schema pass `katalog validate`, never overwrite."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import copy_project

from katalog import cli, cli_new

PROJECT_OPTIONS = [
    "--title",
    "Fußball für alle!",
    "--summary",
    "Polizei und Moscheegemeinde spielen gemeinsam Fußball mit Jugendlichen.",
    "--description",
    "Ein wöchentliches Training: Polizei und Jugendliche in gemischten Teams.",
    "--carrier",
    "Polizeiinspektion Nord",
    "--carrier-type",
    "police",
    "--carrier",
    "Moscheeverein An-Nur e. V.",
    "--carrier-type",
    "muslim-organisation",
    "--state",
    "Bayern",
    "--state",
    "Thüringen",
    "--start",
    "2024-05",
    "--activity",
    "sport",
    "--target-group",
    "young-people",
]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_project(tmp_path, {})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_today", lambda: dt.date(2026, 11, 21))  # the build clock
    monkeypatch.setattr(cli_new, "_today", lambda: dt.date(2026, 11, 21))  # the editor's date


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli.main, list(args), input=input)


def validate_strict() -> Result:
    """`katalog validate --strict`; an event alone is no catalogue, so a project is added."""
    if not any(Path("content/projects").glob("*.yaml")):
        assert run("new", "project", *PROJECT_OPTIONS).exit_code == 0
    return run("validate", "--strict")


def test_new_project_from_options_writes_a_file_that_validates(tmp_path: Path) -> None:
    result = run("new", "project", *PROJECT_OPTIONS)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Angelegt: content/projects/fussball-fuer-alle.yaml\n")
    text = (tmp_path / "content/projects/fussball-fuer-alle.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=../../schemas/project.schema.json"
    )
    assert 'title: "Fußball für alle!"' in text
    assert "  - Thüringen" in text
    assert 'last_reviewed: "2026-11-21"' in text
    assert "# Erlaubt: für type: police (Polizei), security-authority (Andere" in text
    assert "# city: " in text  # optional fields stay as commented placeholders
    result = validate_strict()
    assert (result.exit_code, result.stdout) == (0, "Keine Probleme gefunden.\n")


def test_uncommented_placeholders_show_the_editor_every_field(tmp_path: Path) -> None:
    run("new", "project", *PROJECT_OPTIONS)
    path = tmp_path / "content/projects/fussball-fuer-alle.yaml"
    text = path.read_text(encoding="utf-8").replace('# city: ""', 'city: "Erfurt"')
    path.write_text(text, encoding="utf-8")
    assert validate_strict().exit_code == 0


def test_the_file_name_is_made_unique_and_nothing_is_overwritten(tmp_path: Path) -> None:
    for _ in range(3):
        assert run("new", "project", *PROJECT_OPTIONS).exit_code == 0
    names = sorted(p.name for p in (tmp_path / "content/projects").iterdir())
    assert names == [
        "fussball-fuer-alle-2.yaml",
        "fussball-fuer-alle-3.yaml",
        "fussball-fuer-alle.yaml",
    ]
    assert validate_strict().exit_code == 0


def test_an_explicit_slug_that_exists_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "content/projects/mein-projekt.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("old", encoding="utf-8")
    result = run("new", "project", "--slug", "mein-projekt", *PROJECT_OPTIONS)
    assert result.exit_code == 1
    assert result.stderr == (
        "Fehler: Die Datei content/projects/mein-projekt.yaml gibt es schon. Sie wird nicht "
        "überschrieben; bitte einen anderen Titel oder mit --slug einen anderen Dateinamen "
        "wählen.\n"
    )
    assert target.read_text(encoding="utf-8") == "old"


def test_new_project_asks_with_the_schemas_allowed_values(tmp_path: Path) -> None:
    answers = [
        "Ab",  # too short: asked again
        "Gemeinsam sicher in Köln",
        "Polizei und Moscheegemeinden in Köln beraten ältere Menschen gemeinsam.",
        "Sprechstunden in Moscheen.",
        "Polizeipräsidium Köln",
        "Moscheeverein Ehrenfeld e. V.",  # a cooperation: the second carrier is asked for
        "",  # no third
        "Polizay",  # not an allowed value: asked again
        "polizei",  # the German label, in any case
        "muslim-organisation",  # or the key
        "Nordrhein-Westfalen",
        "Köln",
        "2019-13",  # invalid month: asked again
        "2019",
        "counselling",
        "parents",
    ]
    result = run("new", "project", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "»Titel« braucht mindestens 3 Zeichen (2 sind es)." in result.output
    assert "»Polizay« ist nicht erlaubt. Meinten Sie »Polizei«? Erlaubt: Polizei, " in result.output
    assert "\n  Polizei\n" in result.output
    assert "\n  Bundesweit\n" in result.output
    assert "ein Jahr (2019), einen Monat (2019-05) oder ein Datum" in result.output
    assert "Error" not in result.output
    text = (tmp_path / "content/projects/gemeinsam-sicher-in-koeln.yaml").read_text("utf-8")
    assert 'city: "Köln"' not in text and "city: Köln" in text
    assert '- name: "Moscheeverein Ehrenfeld e. V."\n    type: muslim-organisation' in text
    assert validate_strict().exit_code == 0


def test_new_project_takes_several_values_and_suggests_the_closest(tmp_path: Path) -> None:
    answers = [
        "Gemeinsam sicher in Hessen",
        "Polizei und Moscheegemeinden in Hessen beraten ältere Menschen gemeinsam.",
        "Sprechstunden in Moscheen.",
        "Polizeipräsidium Frankfurt",
        "",  # only one carrier: allowed (a publication can have one editor)
        "Polizei",
        "hessen, bayrn",  # one wrong value: all asked again
        "hessen, Bayern",
        "",
        "2019-05",
        "Sport, moscheebesuch",
        "jugendliche",
        "Jugendliche und junge Erwachsene, eltern und familien",
    ]
    result = run("new", "project", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Bundesländer – erlaubte Werte (mehrere mit Komma trennen):" in result.output
    assert "Bitte noch einmal: »bayrn« ist nicht erlaubt. Meinten Sie »Bayern«?" in result.output
    assert "»jugendliche« ist nicht erlaubt. Meinten Sie »Jugendliche und junge Erwachsene«?" in (
        result.output
    )
    assert "Error" not in result.output
    text = (tmp_path / "content/projects/gemeinsam-sicher-in-hessen.yaml").read_text("utf-8")
    assert "states:\n  - Hessen\n  - Bayern\n" in text
    assert "activities:\n  - sport\n  - mosque-visit\n" in text
    assert "target_groups:\n  - young-people\n  - parents\n" in text
    assert validate_strict().exit_code == 0


def test_script_options_are_checked_against_the_schema() -> None:
    options = [o if o != "2024-05" else "Mai 2024" for o in PROJECT_OPTIONS]
    result = run("new", "project", *options)
    assert result.exit_code == 2
    assert "»Mai 2024« passt nicht. Bitte schreiben Sie ein Jahr (2019)" in result.stderr


def test_new_event_writes_front_matter_with_the_schema_line_first(tmp_path: Path) -> None:
    result = run(
        "new", "event", "--title", "Erfahrungsaustausch in Köln", "--start", "2027-03-04",
        "--city", "Köln", "--organiser", "Clearingstelle Präventionskooperation",
        "--kind", "exchange",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = tmp_path / "content/events/2027-03-erfahrungsaustausch-in-koeln.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["---", "# yaml-language-server: $schema=../../schemas/event.schema.json"]
    assert 'end: "2027-03-04"' in lines
    assert "## Ausgangslage" in lines
    assert validate_strict().exit_code == 0


def test_new_event_interactively(tmp_path: Path) -> None:
    answers = ["Fachtagung Prävention", "2027-05", "", "Leipzig", "BAMF", "conference"]
    result = run("new", "event", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "content/events/2027-05-fachtagung-praevention.md").is_file()
    assert validate_strict().exit_code == 0


EXPERT_OPTIONS = [
    "--side", "science", "--expertise", "law", "--state", "Sachsen",
    "--available-for", "lecture", "--consent-date", "2026-11-01",
]  # fmt: skip


def test_new_expert_with_consent_to_the_name_is_named_after_the_person(tmp_path: Path) -> None:
    result = run(
        "new", "expert", *EXPERT_OPTIONS, "--consents-to", "name", "--name", "Dr. Erika Beispiel"
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "content/experts/dr-erika-beispiel.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/expert.schema.json")
    assert 'consent:\n  date: "2026-11-01"\n  covers:\n    - name\n' in text
    assert validate_strict().exit_code == 0


def test_new_expert_interactively_asks_what_the_consent_covers(tmp_path: Path) -> None:
    # side, field, state, availability, consent date (Enter = today), then name: no,
    # organisation: yes, contact: no – so only the organisation is asked for
    answers = ["Sicherheitsbehörde", "Polizeiarbeit", "Sachsen", "Vortrag", "", "nein", "ja", ""]
    answers += ["Polizeidirektion Beispiel"]
    result = run("new", "expert", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Name:" not in result.output and "Dienstliche E-Mail" not in result.output
    path = tmp_path / "content/experts/polizeiarbeit-sachsen.yaml"
    text = path.read_text("utf-8")
    assert 'organisation: "Polizeidirektion Beispiel"' in text
    assert 'date: "2026-11-21"' in text and "    - organisation\n" in text
    assert "\nname:" not in text
    assert validate_strict().exit_code == 0


def test_new_expert_refuses_a_detail_without_consent(tmp_path: Path) -> None:
    result = run("new", "expert", *EXPERT_OPTIONS, "--name", "Erika Beispiel")
    assert result.exit_code == 2
    assert (
        "Ohne Einwilligung »name« (--consents-to name) bitte diese Angabe weglassen: Was nicht "
        "veröffentlicht werden darf, gehört nicht in die Datei."
    ) in result.stderr
    assert not (tmp_path / "content/experts").exists()
