"""katalog.toml is checked against katalog/config.schema.json like content: every problem at
once as `katalog.toml:line:column: CODE message`, exit code 2, nothing built."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SCHEMAS, TODAY, copy_project, write_tree
from records import tree

from katalog.cli import main
from katalog.config import Config, ConfigError, config_schema, load_config
from katalog.export import metadata_json
from katalog.model import make_catalogue

ALLOWED = (
    "Erlaubt: title, tagline, operator, base_url, repository_url, branch, contact_email, "
    "review_after_days, consent_after_days, data_license, govdata_contributor_id."
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def problems(text: str | bytes) -> list[str]:
    path = Path("katalog.toml")
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.exit_code == 2
    return [str(p) for p in caught.value.problems]


def test_the_dataclass_has_exactly_the_schemas_keys_and_defaults() -> None:
    properties = config_schema()["properties"]
    assert [f.name for f in dataclasses.fields(Config)] == list(properties)
    assert dataclasses.asdict(Config()) == {k: v["default"] for k, v in properties.items()}


def test_the_schema_is_a_valid_draft_2020_12_schema_with_a_german_title_per_key() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(config_schema())
    assert all(prop["title"] for prop in config_schema()["properties"].values())


def test_the_repositorys_own_katalog_toml_is_valid() -> None:
    config = load_config(ROOT / "katalog.toml")
    assert config.data_license == "dl-de/by-2-0"
    assert config.base_url.startswith("https://")


def test_a_missing_file_means_every_default() -> None:
    assert load_config(Path("katalog.toml")) == Config()


def test_k202_unknown_key_with_a_suggestion() -> None:
    assert problems('title = "X"\nreviw_after_days = 30\n') == [
        "katalog.toml:2:1: K202 Unbekanntes Feld »reviw_after_days«. Meinten Sie "
        f"»review_after_days«? {ALLOWED}"
    ]


def test_k203_quoted_number_says_to_drop_the_quotes() -> None:
    assert problems('review_after_days = "730"\n') == [
        "katalog.toml:1:21: K203 »Prüffrist in Tagen« muss ganze Zahl sein, nicht Text. "
        "Bitte ohne Anführungszeichen schreiben: 730."
    ]


def test_k205_addresses_must_be_https() -> None:
    assert problems('base_url = "http://example.org/katalog/"\n') == [
        "katalog.toml:1:12: K205 »http://example.org/katalog/« ist für »Adresse der Website« "
        "nicht gültig. Bitte schreiben Sie eine vollständige Adresse, die mit https:// beginnt, "
        "z. B. https://example.org/katalog/."
    ]


def test_k204_unknown_licence_with_a_suggestion_and_the_german_labels() -> None:
    [message] = problems('data_license = "dl-de/by-2.0"\n')
    assert message.startswith(
        "katalog.toml:1:16: K204 Unbekannter Wert »dl-de/by-2.0« für Lizenz der Daten. "
        "Meinten Sie »dl-de/by-2-0«? Erlaubt: dl-de/by-2-0 (Datenlizenz Deutschland – "
        "Namensnennung – Version 2.0), dl-de/zero-2-0 (Datenlizenz Deutschland – Zero – "
        "Version 2.0), cc-by/4.0 ("
    )


def test_k401_toml_syntax_error_at_its_line_and_column() -> None:
    assert problems('title = "X"\noperator = Clearingstelle\n') == [
        "katalog.toml:2:12: K401 Die Schreibweise ist hier kein gültiges TOML. Jede Einstellung "
        'steht in einer eigenen Zeile als »name = wert«, Text in Anführungszeichen (title = "Mein '
        'Katalog"), Zahlen ohne (review_after_days = 730). Technische Meldung: Invalid value.'
    ]


def test_k101_not_utf8() -> None:
    assert problems('title = "X"\noperator = "B\xfcro"\n'.encode("latin-1")) == [
        "katalog.toml:2:1: K101 Die Datei ist nicht in UTF-8 gespeichert. Bitte im Editor als "
        "UTF-8 speichern."
    ]


def test_a_table_and_a_key_inside_a_multiline_string_are_placed_right() -> None:
    text = 'tagline = """\nbase_url = nicht gemeint\n"""\n\n[extra]\nx = 1\n'
    assert problems(text) == [f"katalog.toml:5:1: K202 Unbekanntes Feld »extra«. {ALLOWED}"]


BAD = """\
title = "Mein Katalog"
reviw_after_days = 30
review_after_days = "730"
repository_url = "ftp://example.org/repo"
contact_email = "kein-at-zeichen"
"""
BAD_LINES = [
    "katalog.toml:2:1: K202 Unbekanntes Feld »reviw_after_days«. Meinten Sie "
    f"»review_after_days«? {ALLOWED}",
    "katalog.toml:3:21: K203 »Prüffrist in Tagen« muss ganze Zahl sein, nicht Text. Bitte ohne "
    "Anführungszeichen schreiben: 730.",
    "katalog.toml:4:18: K205 »ftp://example.org/repo« ist für »Adresse des Repositorys« "
    "nicht gültig. Bitte schreiben Sie eine vollständige Adresse, die mit https:// beginnt, "
    "z. B. https://github.com/organisation/katalog.",
    "katalog.toml:5:17: K205 »kein-at-zeichen« ist für »Kontaktadresse« nicht gültig. Bitte "
    "schreiben Sie eine E-Mail-Adresse wie name@example.org.",
    "4 Probleme in einer Datei. Bitte alle beheben und erneut prüfen.",
]


@pytest.mark.parametrize("command", [["validate"], ["build"], ["check-links"], ["serve"]])
def test_every_command_reports_every_config_problem_at_once_with_exit_2(
    tmp_path: Path, command: list[str]
) -> None:
    copy_project(tmp_path, tree())
    write_tree(tmp_path / "site", {"index.html": "<!doctype html><title>alt</title>"})
    Path("katalog.toml").write_text(BAD, encoding="utf-8")
    result = CliRunner().invoke(main, command, prog_name="katalog")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == BAD_LINES
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["index.html"]


def test_the_licence_is_in_the_footer_and_in_the_metadata(tmp_path: Path) -> None:
    from katalog.load import load_content
    from katalog.render import render_site

    write_tree(tmp_path / "content", tree())
    config = Config(data_license="dl-de/zero-2-0", operator="Musterstelle")
    catalogue = make_catalogue(load_content(tmp_path / "content").records, config, SCHEMAS, TODAY)
    pages = render_site(catalogue, ROOT / "templates")
    start = next(p for p in pages if p.path == "index.html")
    assert (
        '<a href="https://www.govdata.de/dl-de/zero-2-0" rel="license">Datenlizenz Deutschland – '
        "Zero – Version 2.0</a> (dl-de/zero-2-0); Quelle: Musterstelle."
    ) in str(start.content)
    metadata = json.loads(metadata_json(catalogue))
    assert metadata["publisher"] == "Musterstelle"
    assert metadata["license"] == {
        "id": "dl-de/zero-2-0",
        "title": "Datenlizenz Deutschland – Zero – Version 2.0",
        "url": "https://www.govdata.de/dl-de/zero-2-0",
        "dcat_ap_de": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    }
    assert [d["url"] for d in metadata["distributions"]][:2] == [
        "https://example.org/katalog/daten/projekte.json",
        "https://example.org/katalog/daten/projekte.csv",
    ]


@pytest.mark.parametrize("fmt", ["github", "json"])
def test_validate_reports_config_problems_in_the_asked_format(tmp_path: Path, fmt: str) -> None:
    copy_project(tmp_path, tree())
    Path("katalog.toml").write_text('review_after_days = "730"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--format", fmt], prog_name="katalog")
    assert result.exit_code == 2
    message = (
        "»Prüffrist in Tagen« muss ganze Zahl sein, nicht Text. Bitte ohne Anführungszeichen "
        "schreiben: 730."
    )
    if fmt == "github":
        assert result.stdout == (f"::error file=katalog.toml,line=1,col=21,title=K203::{message}\n")
    else:
        assert json.loads(result.stdout) == [
            {"path": "katalog.toml", "line": 1, "column": 21, "code": "K203", "message": message}
        ]
