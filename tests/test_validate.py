"""Validation: every schema and cross-record problem code, with exact German message and
position, all collected at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SCHEMAS
from records import EVENT, PROJECT, tree

from katalog.load import load_content
from katalog.validate import validate

Make = Callable[[dict[str, str | bytes]], Path]
P = "content/projects/fussball-verbindet.yaml"


@pytest.fixture(autouse=True)
def _relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths then print as editors see them: content/…


def check(make_content: Make, **files: str) -> list[str]:
    content = make_content(tree(**files))
    loaded = load_content(content)
    return [str(p) for p in loaded.problems + validate(loaded.records, SCHEMAS)]


def project(make_content: Make, text: str) -> list[str]:
    return check(make_content, projects__fussball_verbindet__yaml=text)


def test_the_minimal_tree_is_valid(make_content: Make) -> None:
    assert check(make_content) == []


def test_k201_missing_required_field_points_at_the_mapping(make_content: Make) -> None:
    assert project(make_content, PROJECT.replace("title: Fußball verbindet\n", "")) == [
        f"{P}:1:1: K201 Pflichtfeld »Titel« (title) fehlt. Bitte ergänzen: Name des Projekts, "
        "wie er auf der Seite erscheint."
    ]


def test_k201_missing_nested_field_names_the_list_entry(make_content: Make) -> None:
    text = PROJECT.replace("    type: police\n", "")
    assert project(make_content, text) == [
        f"{P}:6:5: K201 Pflichtfeld »Art des Trägers« (type) fehlt in »1. Träger«. "
        "Bitte ergänzen: Welche Art von Organisation der Träger ist."
    ]


def test_k202_unknown_field_points_at_the_key_and_suggests(make_content: Make) -> None:
    assert project(make_content, PROJECT.replace("city: Nürnberg", "stadt: Nürnberg")) == [
        f"{P}:12:1: K202 Unbekanntes Feld »stadt«. Meinten Sie »start«? Erlaubt: title, "
        "summary, description, carriers, states, city, start, end, activities, target_groups, "
        "starting_situation, goals, results, contacts, experts, links, materials, "
        "looking_for_partners, partner_text, last_reviewed, example, former_slugs."
    ]


def test_k203_unquoted_year_is_explained(make_content: Make) -> None:
    assert project(make_content, PROJECT.replace('start: "2019-05"', "start: 2019")) == [
        f"{P}:13:8: K203 »Beginn« muss Text sein, nicht ganze Zahl. Bitte in Anführungszeichen "
        'schreiben: "2019".'
    ]


def test_k203_single_value_where_a_list_is_needed(make_content: Make) -> None:
    assert project(make_content, PROJECT.replace("states:\n  - Bayern", "states: Bayern")) == [
        f"{P}:10:9: K203 »Bundesländer« muss Liste (Zeilen mit »- …«) sein, nicht Text. "
        "Schreiben Sie z. B. »states: [Bayern]« oder jeden Eintrag in eine eigene Zeile, "
        "die mit »- « beginnt."
    ]


def test_k203_yes_is_not_a_boolean(make_content: Make) -> None:
    assert project(make_content, PROJECT.replace("example: true", "example: ja")) == [
        f"{P}:19:10: K203 »Beispiel« muss true oder false sein, nicht Text. Bitte klein »true« "
        "(ja) oder »false« (nein) schreiben."
    ]


def test_k204_unknown_state_lists_the_allowed_ones(make_content: Make) -> None:
    assert project(make_content, PROJECT.replace("- Bayern", "- Bayren")) == [
        f"{P}:11:5: K204 Unbekannter Wert »Bayren« für Bundesland. Meinten Sie »Bayern«? "
        "Erlaubt: Baden-Württemberg, Bayern, Berlin, Brandenburg, Bremen, Hamburg, Hessen, "
        "Mecklenburg-Vorpommern, Niedersachsen, Nordrhein-Westfalen, Rheinland-Pfalz, Saarland, "
        "Sachsen, Sachsen-Anhalt, Schleswig-Holstein, Thüringen, bundesweit."
    ]


def test_k204_unknown_carrier_type_shows_values_with_labels(make_content: Make) -> None:
    assert project(make_content, PROJECT.replace("type: police", "type: polizei")) == [
        f"{P}:7:11: K204 Unbekannter Wert »polizei« für Art des Trägers. Meinten Sie »police«? "
        "Erlaubt: police (Polizei), security-authority (Andere Sicherheitsbehörde), "
        "muslim-organisation (Muslimische Organisation / Moscheegemeinde), municipality "
        "(Kommune), civil-society (Zivilgesellschaft / Verein), research (Forschung / "
        "Hochschule), other (Sonstige)."
    ]


def test_k205_partial_date_pattern(make_content: Make) -> None:
    assert project(make_content, PROJECT.replace('"2019-05"', '"Mai 2019"')) == [
        f"{P}:13:8: K205 »Mai 2019« ist für »Beginn« nicht gültig. Bitte schreiben Sie ein Jahr "
        "(2019), einen Monat (2019-05) oder ein Datum (2019-05-14)."
    ]


def test_k205_impossible_date_fails_the_format_checker(make_content: Make) -> None:
    assert project(make_content, PROJECT.replace("2026-03-01", "2026-02-30")) == [
        f"{P}:18:16: K205 »2026-02-30« ist für »Zuletzt geprüft« nicht gültig. Bitte schreiben Sie "
        "ein Datum in der Form JJJJ-MM-TT, z. B. 2024-03-15."
    ]


def test_k205_javascript_url_is_rejected(make_content: Make) -> None:
    text = PROJECT + "links:\n  - title: Böse\n    url: javascript:alert(1)\n"
    assert project(make_content, text) == [
        f"{P}:22:10: K205 »javascript:alert(1)« ist für »1. Link → Adresse (URL)« nicht "
        "gültig. Bitte schreiben Sie eine vollständige Adresse, die mit https:// beginnt, z. B. "
        "https://www.example.org/seite."
    ]


def test_k205_email_reported_once(make_content: Make) -> None:
    text = PROJECT + "contacts:\n  - name: Anna\n    email: anna-at-example.org\n    public: true\n"
    assert project(make_content, text) == [
        f"{P}:22:12: K205 »anna-at-example.org« ist für »1. Ansprechperson → E-Mail« nicht "
        "gültig. Bitte schreiben Sie eine E-Mail-Adresse wie name@example.org."
    ]


def test_k206_text_too_short_and_number_too_small(make_content: Make) -> None:
    short = PROJECT.replace(
        "summary: Polizei und Moscheegemeinde spielen gemeinsam Fußball mit Jugendlichen.",
        "summary: Kurz.",
    )
    assert project(make_content, short) == [
        f"{P}:2:10: K206 »Kurzbeschreibung« ist zu kurz (5 Zeichen); bitte mindestens 20 "
        "Zeichen schreiben."
    ]
    event = EVENT.replace("kind: exchange", "kind: exchange\nparticipants: 0")
    assert check(make_content, events__2013_austausch__md=event) == [
        "content/events/2013-austausch.md:8:15: K206 »Teilnehmende« ist 0; erlaubt ist "
        "mindestens 1."
    ]


def test_k207_empty_list_and_duplicate_entry(make_content: Make) -> None:
    empty = PROJECT.replace("activities:\n  - sport", "activities: []")
    assert project(make_content, empty) == [
        f"{P}:14:13: K207 »Handlungsfelder« braucht mindestens 1 Eintrag."
    ]
    twice = PROJECT.replace("activities:\n  - sport", "activities:\n  - sport\n  - sport")
    assert project(make_content, twice) == [
        f"{P}:16:5: K207 »sport« steht doppelt in »Handlungsfelder«; bitte nur einmal nennen."
    ]


def test_k208_link_with_url_and_file(make_content: Make) -> None:
    text = PROJECT + "links:\n  - title: Beides\n    url: https://example.org/\n    file: a.pdf\n"
    found = project(make_content, text)
    assert found[0] == (
        f"{P}:21:5: K208 Jeder Link braucht genau eines von beiden: »url« (eine Webadresse) "
        "oder »file« (eine Datei neben dem Eintrag)."
    )


def test_k208_partner_text_without_flag(make_content: Make) -> None:
    assert project(make_content, PROJECT + "partner_text: Wir suchen eine Schule.\n") == [
        f"{P}:20:1: K208 »partner_text« ist nur zusammen mit »looking_for_partners« sinnvoll; "
        "bitte »looking_for_partners: true« ergänzen oder »partner_text« löschen."
    ]


def test_k301_duplicate_slug_ignoring_case(make_content: Make) -> None:
    found = check(make_content, projects__Fussball_Verbindet__yaml=PROJECT)
    assert (
        f"{P}:1:1: K301 Die Adresse »fussball-verbindet« ist schon vergeben an "
        "content/projects/Fussball_Verbindet.yaml (Groß-/Kleinschreibung zählt nicht). "
        "Bitte die Datei umbenennen." not in found
    )  # underscores differ: not the same slug
    content = make_content({**tree(), "projects/Fussball-Verbindet.yaml": PROJECT})
    loaded = load_content(content)
    messages = [str(p) for p in loaded.problems + validate(loaded.records, SCHEMAS)]
    assert (
        f"{P}:1:1: K301 Die Adresse »fussball-verbindet« ist schon vergeben an "
        "content/projects/Fussball-Verbindet.yaml (Groß-/Kleinschreibung zählt nicht). "
        "Bitte die Datei umbenennen." in messages
    )


def test_k302_event_names_unknown_project(make_content: Make) -> None:
    event = EVENT.replace("  - fussball-verbindet", "  - fussball")
    assert check(make_content, events__2013_austausch__md=event) == [
        "content/events/2013-austausch.md:9:5: K302 Ein Projekt »fussball« gibt es nicht. "
        "Gemeint ist der Dateiname eines Projekts in content/projects/ ohne ».yaml«."
    ]


def test_k303_end_before_start_compares_at_coarser_precision(make_content: Make) -> None:
    assert project(make_content, PROJECT + 'end: "2018"\n') == [
        f"{P}:20:6: K303 Das Ende (2018) liegt vor dem Beginn (2019-05)."
    ]
    assert project(make_content, PROJECT + 'end: "2019"\n') == []


def test_k304_missing_material_file(make_content: Make) -> None:
    text = PROJECT + "materials:\n  - title: Flyer\n    file: flyer.pdf\n"
    assert project(make_content, text) == [
        f"{P}:22:11: K304 Die Datei »flyer.pdf« gibt es nicht (gesucht in content/projects/). "
        "Bitte Dateinamen und Groß-/Kleinschreibung prüfen."
    ]


def test_k305_material_outside_the_record_folder(make_content: Make) -> None:
    text = PROJECT + "materials:\n  - title: Flyer\n    file: materialien/../../geheim.pdf\n"
    assert project(make_content, text) == [
        f"{P}:22:11: K305 Die Datei »materialien/../../geheim.pdf« liegt außerhalb des Ordners "
        "content/projects/. Bitte die Datei dort ablegen und den Pfad relativ angeben."
    ]


def test_all_problems_of_all_files_are_collected_at_once(make_content: Make) -> None:
    broken = PROJECT.replace("- Bayern", "- Bayren").replace("example: true", "example: ja")
    event = EVENT.replace("  - fussball-verbindet", "  - fussball")
    found = check(
        make_content,
        projects__fussball_verbindet__yaml=broken,
        events__2013_austausch__md=event,
        projects__kaputt__yaml=PROJECT + "city: Fürth\n",
    )
    assert [line.split(" ")[:2] for line in sorted(found)] == [
        ["content/events/2013-austausch.md:9:5:", "K302"],
        [f"{P}:11:5:", "K204"],
        [f"{P}:19:10:", "K203"],
        ["content/projects/kaputt.yaml:20:1:", "K104"],
    ]


def test_every_code_in_the_table_has_a_test() -> None:
    from katalog.problems import CODES

    tests = "".join(p.read_text() for p in Path(__file__).parent.rglob("test_*.py"))
    untested = [code for code in CODES if f"def test_{code.lower()}_" not in tests]
    assert untested == []


def test_messages_name_fields_by_german_title_and_position(make_content: Make) -> None:
    text = PROJECT.replace(
        "  - name: Moscheeverein An-Nur e. V.\n    type: muslim-organisation\n",
        "  - name: Moscheeverein An-Nur e. V.\n    type: muslim-organisation\n"
        "  - name: Dritter Träger\n    type: other\n    website: www.example.org\n",
    )
    messages = project(make_content, text)
    assert len(messages) == 1
    assert "ist für »3. Träger → Webseite« nicht gültig." in messages[0]
    assert "carriers" not in messages[0] and "website" not in messages[0]
