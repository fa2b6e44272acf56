"""Strict loading: positions, no implicit typing, and every loader problem code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from records import PROJECT, tree

from katalog.load import load_content, load_file, suggest_slug
from katalog.problems import Problem

Make = Callable[[dict[str, str | bytes]], Path]


def problems_for(make_content: Make, name: str, text: str | bytes) -> list[str]:
    content = make_content({name: text})
    loaded = load_content(content)
    return [
        f"{Path(p.path).name}:{p.line}:{p.column}: {p.code} {p.message}" for p in loaded.problems
    ]


def test_valid_files_load_with_value_and_key_positions(make_content: Make) -> None:
    loaded = load_content(make_content(tree()))
    assert loaded.problems == []
    project = next(r for r in loaded.records if r.kind == "project")
    assert project.slug == "fussball-verbindet"
    assert project.position(("carriers", 1, "type")) == (9, 11)
    assert project.position(("states",), key=True) == (10, 1)
    event = next(r for r in loaded.records if r.kind == "event")
    assert event.position(("projects", 0)) == (9, 5)  # front matter keeps file line numbers
    assert event.body.strip() == "Der Bericht."


def test_no_implicit_booleans_dates_octals_or_sexagesimals(tmp_path: Path) -> None:
    file = tmp_path / "x.yaml"
    file.write_text(
        "a: NO\nb: 2024-05-01\nc: 01234\nd: 12:30\ne: true\nf: 42\ng: ~\nh: 'true'\ni: yes\n",
        encoding="utf-8",
    )
    record, problems = load_file("project", file)
    assert problems == []
    assert record is not None
    assert record.data == {
        "a": "NO", "b": "2024-05-01", "c": "01234", "d": "12:30",
        "e": True, "f": 42, "g": None, "h": "true", "i": "yes",
    }  # fmt: skip


def test_text_is_nfc_normalised_and_crlf_and_bom_are_accepted(tmp_path: Path) -> None:
    file = tmp_path / "x.yaml"
    file.write_bytes("\ufefftitle: Fu\u0308ssball\r\ncity: Nu\u0308rnberg\r\n".encode())
    record, problems = load_file("project", file)
    assert problems == []
    assert record is not None
    assert record.data == {"title": "Füssball", "city": "Nürnberg"}
    assert record.position(("city",)) == (2, 7)


def test_k101_not_utf8(make_content: Make) -> None:
    assert problems_for(
        make_content, "projects/x.yaml", "title: a\ncity: M\xfcnchen\n".encode("latin-1")
    ) == [
        "x.yaml:2:8: K101 Die Datei ist nicht in UTF-8 gespeichert (ungültiges Byte 0xfc). "
        "Bitte im Editor als »UTF-8« speichern."
    ]


def test_k102_file_too_large(make_content: Make) -> None:
    assert problems_for(make_content, "projects/x.yaml", "a: " + "x" * 600_000) == [
        "x.yaml:1:1: K102 Die Datei ist 585 KiB groß; erlaubt sind höchstens 512 KiB. "
        "Große Dokumente bitte als Materialdatei ablegen."
    ]


def test_k103_yaml_syntax_error_in_german(make_content: Make) -> None:
    assert problems_for(make_content, "projects/x.yaml", "title: Polizei: Partner\n") == [
        "x.yaml:1:15: K103 Unerwarteter Doppelpunkt. Enthält ein Text »: «, bitte den ganzen "
        'Text in Anführungszeichen setzen, z. B. title: "Polizei: Partner im Viertel".'
    ]


def test_k103_tabs_are_explained(make_content: Make) -> None:
    assert problems_for(make_content, "projects/x.yaml", "title: a\n\tcity: b\n") == [
        "x.yaml:2:1: K103 Diese Zeile ist mit einem Tabulator eingerückt. Bitte nur "
        "Leerzeichen zum Einrücken verwenden."
    ]


SYNTAX_BASE = """\
title: Fußball verbindet
summary: Polizei und Moscheegemeinde spielen gemeinsam.
carriers:
  - name: Polizei Nord
    type: police
states:
  - Bayern
start: "2019-05"
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (  # a field indented more than the one above
            "summary:",
            "  summary:",
            "x.yaml:2:10: K103 Die Einrückung stimmt nicht: Diese Zeile ist anders eingerückt "
            "als die Felder darüber. Felder desselben Abschnitts müssen genau untereinander "
            "stehen.",
        ),
        (  # within a list entry
            "    type: police",
            "   type: police",
            "x.yaml:5:4: K103 Die Einrückung stimmt nicht: Diese Zeile ist anders eingerückt "
            "als die Felder darüber. Felder desselben Abschnitts müssen genau untereinander "
            "stehen.",
        ),
        (  # PyYAML notices it on the next line
            "summary: Polizei",
            "summary Polizei",
            "x.yaml:2:8: K103 Hier fehlt der Doppelpunkt nach dem Feldnamen: »summary: …«.",
        ),
        (  # PyYAML notices it two lines later
            "states:",
            "states",
            "x.yaml:6:7: K103 Hier fehlt der Doppelpunkt nach dem Feldnamen: »states: …«.",
        ),
        (  # PyYAML notices it seven lines later
            "title: Fußball verbindet",
            'title: "Fußball verbindet',
            'x.yaml:1:8: K103 Das Anführungszeichen (") am Anfang dieses Werts wird in '
            'derselben Zeile nicht geschlossen. Bitte am Ende des Texts ein " ergänzen.',
        ),
        (
            "  - Bayern",
            "\t- Bayern",
            "x.yaml:7:1: K103 Diese Zeile ist mit einem Tabulator eingerückt. Bitte nur "
            "Leerzeichen zum Einrücken verwenden.",
        ),
    ],
    ids=["indent-field", "indent-list-entry", "colon", "colon-before-list", "quote", "tab"],
)
def test_k103_common_mistakes_in_german_at_the_line_they_start(
    make_content: Make, old: str, new: str, expected: str
) -> None:
    text = SYNTAX_BASE.replace(old, new, 1)
    assert problems_for(make_content, "projects/x.yaml", text) == [expected]


def test_k104_duplicate_key_names_both_lines(make_content: Make) -> None:
    assert problems_for(make_content, "projects/x.yaml", "title: a\ncity: b\ntitle: c\n") == [
        "x.yaml:3:1: K104 Das Feld »title« steht doppelt: schon in Zeile 1. "
        "Bitte eine der beiden Angaben löschen."
    ]


def test_k105_anchors_and_aliases_are_rejected(make_content: Make) -> None:
    text = "a: &x [1, 2]\nb: *x\n"
    assert problems_for(make_content, "projects/x.yaml", text) == [
        "x.yaml:1:4: K105 YAML-Anker (&name) und Verweise (*name) sind nicht erlaubt. "
        "Bitte den Inhalt an jeder Stelle ausschreiben."
    ]


def test_k105_billion_laughs_is_rejected_before_expansion(make_content: Make) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    found = problems_for(make_content, "projects/x.yaml", "\n".join(lines) + "\n")
    assert [p.split(" ")[1] for p in found] == ["K105"]


def test_k106_more_than_one_document(make_content: Make) -> None:
    assert problems_for(make_content, "projects/x.yaml", "title: a\n---\ntitle: b\n") == [
        "x.yaml:2:1: K106 Die Datei enthält mehr als ein YAML-Dokument (eine weitere Zeile "
        "»---«). Bitte nur einen Eintrag je Datei."
    ]


def test_k107_event_without_front_matter(make_content: Make) -> None:
    assert problems_for(make_content, "events/x.md", "title: a\n\nText\n") == [
        "x.md:1:1: K107 Die Datei muss mit einer Zeile »---« beginnen, darauf folgen die "
        "Kopfdaten (YAML) und wieder eine Zeile »---«; danach der Text."
    ]


def test_k108_file_name_is_not_a_slug(make_content: Make) -> None:
    found = problems_for(make_content, "projects/Fußball Verbindet.yaml", PROJECT)
    assert found == [
        "Fußball Verbindet.yaml:1:1: K108 Der Dateiname »Fußball Verbindet.yaml« ist keine "
        "gültige Adresse. Erlaubt sind Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche, "
        "z. B. »fussball-verbindet.yaml«."
    ]


def test_k108_yml_extension(make_content: Make) -> None:
    assert problems_for(make_content, "projects/abc.yml", PROJECT) == [
        "abc.yml:1:1: K108 Die Endung ».yml« bitte in ».yaml« ändern: abc.yaml"
    ]


def test_k109_explicit_tags_are_rejected(make_content: Make) -> None:
    assert problems_for(make_content, "projects/x.yaml", "title: !!python/name:os.system a\n") == [
        "x.yaml:1:8: K109 Die YAML-Typangabe »tag:yaml.org,2002:python/name:os.system« ist "
        "nicht erlaubt. Bitte entfernen; Texte bei Bedarf in Anführungszeichen setzen."
    ]


def test_k110_empty_file_or_not_a_mapping(make_content: Make) -> None:
    expected = (
        "K110 Die Datei enthält keine Felder. Erwartet werden Zeilen der Form »feld: wert«, "
        "beginnend mit »title: …«."
    )
    for text in ("", "- a\n- b\n", "just text\n"):
        content = make_content({"projects/x.yaml": text})
        problems = load_content(content).problems
        assert [f"{p.line}:{p.column}: {p.code} {p.message}" for p in problems] == [
            f"1:1: {expected}"
        ], text


def test_problem_prints_as_path_line_column_code_message() -> None:
    problem = Problem("content/projects/a.yaml", 3, 5, "K204", "Text")
    assert str(problem) == "content/projects/a.yaml:3:5: K204 Text"


def test_suggest_slug_transliterates_german() -> None:
    assert suggest_slug("Fußball für Älteste – Übung!") == "fussball-fuer-aelteste-uebung"
