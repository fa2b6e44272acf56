# ruff: noqa: E501 - the expected problems are whole lines, compared exactly
"""Hostile content, one case per attack: each ends in exact German problems (validate) and
in a failed build with no traceback, the previous site untouched and no source file written.

The cases come from an attack run against the build (issue 9); run the file alone with
`python -m pytest tests/hostile`.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from cases import PDF, E, P, event_body, files, material, nested_list, nested_yaml, project
from click.testing import CliRunner
from conftest import SCHEMAS, copy_project, write_tree
from records import EVENT, PAGE, PROJECT

from katalog.cli import main
from katalog.load import load_content
from katalog.validate import validate

Tree = dict[str, str | bytes]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths print as editors see them: content/…


def problems(tree: Tree) -> list[str]:
    content = write_tree(Path("content"), tree)
    loaded = load_content(content)
    return sorted(str(p) for p in loaded.problems + validate(loaded.records, SCHEMAS))


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


CASES = [
    pytest.param(
        files(
            project(material("index.html")),
            extra={"projects/index.html": "<script>alert(1)</script>"},
        ),
        [
            f"{P}:22:11: K306 Dateien der Art ».html« werden nicht veröffentlicht. Erlaubt sind .pdf, .png, .jpg, .jpeg, .gif, .webp, .mp4, .docx, .xlsx, .pptx, .doc, .xls, .ppt, .odt, .ods, .odp, .txt, .csv; Webseiten, SVG-Bilder, Skripte und Einträge (.yaml, .md) nicht.",
        ],
        id="index_html",
    ),
    pytest.param(
        files(
            project(material("bild.svg")),
            extra={
                "projects/bild.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
            },
        ),
        [
            f"{P}:22:11: K306 Dateien der Art ».svg« werden nicht veröffentlicht. Erlaubt sind .pdf, .png, .jpg, .jpeg, .gif, .webp, .mp4, .docx, .xlsx, .pptx, .doc, .xls, .ppt, .odt, .ods, .odp, .txt, .csv; Webseiten, SVG-Bilder, Skripte und Einträge (.yaml, .md) nicht.",
        ],
        id="svg",
    ),
    pytest.param(
        files(project(material("x.js")), extra={"projects/x.js": "alert(1)"}),
        [
            f"{P}:22:11: K306 Dateien der Art ».js« werden nicht veröffentlicht. Erlaubt sind .pdf, .png, .jpg, .jpeg, .gif, .webp, .mp4, .docx, .xlsx, .pptx, .doc, .xls, .ppt, .odt, .ods, .odp, .txt, .csv; Webseiten, SVG-Bilder, Skripte und Einträge (.yaml, .md) nicht.",
        ],
        id="js",
    ),
    pytest.param(
        files(project(material("anderes.yaml")), extra={"projects/anderes.yaml": PROJECT}),
        [
            f"{P}:22:11: K306 Dateien der Art ».yaml« werden nicht veröffentlicht. Erlaubt sind .pdf, .png, .jpg, .jpeg, .gif, .webp, .mp4, .docx, .xlsx, .pptx, .doc, .xls, .ppt, .odt, .ods, .odp, .txt, .csv; Webseiten, SVG-Bilder, Skripte und Einträge (.yaml, .md) nicht.",
        ],
        id="record_yaml",
    ),
    pytest.param(
        files(
            project(
                "materials:\n  - title: Flyer A\n    file: a/flyer.pdf\n  - title: Flyer B\n    file: b/Flyer.pdf\n"
            ),
            extra={"projects/a/flyer.pdf": PDF, "projects/b/Flyer.pdf": PDF},
        ),
        [
            f"{P}:24:11: K308 »b/Flyer.pdf« und »a/flyer.pdf« erhielten auf der Website denselben Dateinamen. Bitte eine der beiden Dateien umbenennen.",
        ],
        id="dup",
    ),
    pytest.param(
        files(project(material("CON.pdf")), extra={"projects/CON.pdf": PDF}),
        [
            f"{P}:22:11: K306 »CON.pdf« ist unter Windows ein reservierter Name und lässt sich dort nicht speichern. Bitte die Datei umbenennen.",
        ],
        id="con",
    ),
    pytest.param(
        files(
            project('materials:\n  - title: Flyer\n    file: "flyer.pdf\\n"\n'),
            extra={"projects/flyer.pdf": PDF},
        ),
        [
            f"{P}:22:11: K210 »1. Material → Datei« enthält einen Zeilenumbruch U+000A (ZEILENUMBRUCH) an Stelle 10. Bitte löschen; dieser Wert steht in einer einzigen Zeile.",
        ],
        id="newline",
    ),
    pytest.param(
        files(
            project('materials:\n  - title: Flyer\n    file: "flyer\\0.pdf"\n'),
            extra={"projects/flyer.pdf": PDF},
        ),
        [
            f"{P}:22:11: K205 »flyer\\x00.pdf« ist für »1. Material → Datei« nicht gültig. Bitte schreiben Sie einen relativen Dateipfad aus Buchstaben, Ziffern, Punkt, Bindestrich und Schrägstrich, z. B. materialien/flyer.pdf.",
            f"{P}:22:11: K210 »1. Material → Datei« enthält das Zeichen U+0000 (NUL) an Stelle 6. Bitte löschen; dieser Wert steht in einer einzigen Zeile.",
        ],
        id="nul_name",
    ),
    pytest.param(
        files(
            project(material("flyer.pdf")),
            extra={"projects/flyer.pdf": b"<html><script>alert(1)</script>"},
        ),
        [
            f"{P}:22:11: K306 Die Datei »flyer.pdf« ist laut Endung ein PDF-Dokument, ihr Inhalt ist aber keins. Bitte die richtige Datei ablegen oder die Endung korrigieren.",
        ],
        id="fake_pdf",
    ),
    pytest.param(
        files(extra={"pages/projekte.md": PAGE}),
        [
            "content/pages/projekte.md:1:1: K211 Die Adresse »projekte« gehört schon zu einem Teil der Website und würde ihn ersetzen. Bitte die Datei umbenennen, z. B. in »projekte-info«.",
        ],
        id="page_projekte",
    ),
    pytest.param(
        files(extra={"pages/suche.md": PAGE}),
        [
            "content/pages/suche.md:1:1: K211 Die Adresse »suche« gehört schon zu einem Teil der Website und würde ihn ersetzen. Bitte die Datei umbenennen, z. B. in »suche-info«.",
        ],
        id="page_suche",
    ),
    pytest.param(
        files(extra={"projects/nach-beginn.yaml": PROJECT}),
        [
            "content/projects/nach-beginn.yaml:1:1: K211 Die Adresse »nach-beginn« gehört schon zu einem Teil der Website und würde ihn ersetzen. Bitte die Datei umbenennen, z. B. in »nach-beginn-info«.",
        ],
        id="nach_beginn",
    ),
    pytest.param(
        files(project(**{'start: "2019-05"': 'start: "2024-02-30"'})),
        [
            f"{P}:13:8: K205 »2024-02-30« ist für »Beginn« nicht gültig: Den 30. Tag im Monat 2 des Jahres 2024 gibt es nicht.",
        ],
        id="feb30",
    ),
    pytest.param(
        files(project(**{'start: "2019-05"': 'start: "0000"'})),
        [
            f"{P}:13:8: K205 »0000« ist für »Beginn« nicht gültig: Das Jahr 0 liegt nicht zwischen 1900 und 2100.",
        ],
        id="y0000",
    ),
    pytest.param(
        files(project(**{'start: "2019-05"': 'start: "9999-12"'})),
        [
            f"{P}:13:8: K205 »9999-12« ist für »Beginn« nicht gültig: Das Jahr 9999 liegt nicht zwischen 1900 und 2100.",
        ],
        id="y9999",
    ),
    pytest.param(
        files(
            extra={"events/2013-austausch.md": EVENT.replace("end: 2013-01-16", "end: 9999-12-31")}
        ),
        [
            f"{E}:4:6: K205 »9999-12-31« ist für »Ende« nicht gültig: Das Jahr 9999 liegt nicht zwischen 1900 und 2100.",
        ],
        id="ev9999",
    ),
    pytest.param(
        files(nested_yaml(330)),
        [
            f"{E}:9:5: K302 Ein Projekt »fussball-verbindet« gibt es nicht. Gemeint ist der Dateiname eines Projekts in content/projects/ ohne ».yaml«.",
            f"{P}:20:19: K112 Die Daten sind zu tief verschachtelt (mehr als 12 Ebenen). Bitte Einrückung und Klammern prüfen.",
        ],
        id="deep",
    ),
    pytest.param(
        files(project().replace("Nürnberg", "Nürn\x00berg")),
        [
            f"{E}:9:5: K302 Ein Projekt »fussball-verbindet« gibt es nicht. Gemeint ist der Dateiname eines Projekts in content/projects/ ohne ».yaml«.",
            f"{P}:12:11: K111 Unsichtbares Steuerzeichen U+0000 (NUL) im Text. Bitte löschen (es stammt meist aus einer kopierten Vorlage).",
        ],
        id="nul_raw",
    ),
    pytest.param(
        files(extra={"events/2013-austausch.md": event_body(nested_list(300))}),
        [
            f"{E}:11:1: K212 Eine Zeile ist 1196 Zeichen tief eingerückt; erlaubt sind höchstens 40. So tief verschachtelte Listen bitte flacher gliedern.",
        ],
        id="md_list",
    ),
    pytest.param(
        files(
            project(
                **{
                    "  *Erfundenes Beispiel.* Ein wöchentliches Training.\n": "  "
                    + "[" * 10000
                    + "\n"
                }
            )
        ),
        [
            f"{P}:3:14: K212 Der Text enthält sehr viele Klammern »[« oder »(« ohne passende schließende. Bitte überflüssige Klammern löschen; ein Link hat die Form [Text](https://…).",
        ],
        id="brackets",
    ),
    pytest.param(
        files(extra={"events/2013-austausch.md": event_body("<a " * 170000)}),
        [
            f"{E}:11:1: K212 Der Text enthält 170000-mal »<« vor einem Buchstaben (wie ein HTML-Befehl); erlaubt sind höchstens 1000. HTML wird ohnehin nicht übernommen.",
        ],
        id="a_tags",
    ),
    pytest.param(
        files(project(**{"title: Fußball verbindet": 'title: "   "'})),
        [
            f"{P}:1:8: K209 »Titel« enthält nur Leerzeichen oder unsichtbare Zeichen. Bitte einen Text schreiben oder das Feld löschen.",
        ],
        id="blank_title",
    ),
    pytest.param(
        files(
            project(
                **{
                    "summary: Polizei und Moscheegemeinde spielen gemeinsam Fußball mit Jugendlichen.": 'summary: "'
                    + "\u200b" * 25
                    + '"'
                }
            )
        ),
        [
            f"{P}:2:10: K209 »Kurzbeschreibung« enthält nur Leerzeichen oder unsichtbare Zeichen. Bitte einen Text schreiben oder das Feld löschen.",
        ],
        id="zw_summary",
    ),
    pytest.param(
        files(project('links:\n  - title: Verein\n    url: "https://example.org/\\n"\n')),
        [
            f"{P}:22:10: K210 »1. Link → Adresse (URL)« enthält einen Zeilenumbruch U+000A (ZEILENUMBRUCH) an Stelle 21. Bitte löschen; dieser Wert steht in einer einzigen Zeile.",
        ],
        id="url_nl",
    ),
    pytest.param(
        files(
            project(
                'contacts:\n  - name: Frau A\n    email: "a@example.org\\n"\n    phone: "+49 911 123456\\n"\n    public: true\n'
            )
        ),
        [
            f"{P}:22:12: K210 »1. Ansprechperson → E-Mail« enthält einen Zeilenumbruch U+000A (ZEILENUMBRUCH) an Stelle 14. Bitte löschen; dieser Wert steht in einer einzigen Zeile.",
            f"{P}:23:12: K210 »1. Ansprechperson → Telefon« enthält einen Zeilenumbruch U+000A (ZEILENUMBRUCH) an Stelle 15. Bitte löschen; dieser Wert steht in einer einzigen Zeile.",
        ],
        id="mail_nl",
    ),
    pytest.param(
        files(
            project(
                'contacts:\n  - name: Frau A\n    email: "<script>alert(1)</script>@example.org"\n    public: true\n'
            )
        ),
        [
            f"{P}:22:12: K205 »<script>alert(1)</script>@example.org« ist für »1. Ansprechperson → E-Mail« nicht gültig. Bitte schreiben Sie eine E-Mail-Adresse wie name@example.org.",
        ],
        id="mail_script",
    ),
    pytest.param(
        files(project(**{"title: Fußball verbindet": 'title: "Fußball\\x01\\x0bverbindet"'})),
        [
            f"{P}:1:8: K210 »Titel« enthält das Zeichen U+0001 (Steuerzeichen) an Stelle 8. Bitte löschen.",
        ],
        id="c0",
    ),
    pytest.param(
        files(project(**{"city: Nürnberg": 'city: "\\e]0;gehackt\\aNürnberg"'})),
        [
            f"{P}:12:7: K210 »Ort« enthält das Zeichen U+001B (ESCAPE) an Stelle 1. Bitte löschen.",
        ],
        id="esc",
    ),
    pytest.param(
        files(project('extra: &a ["x", "x"]\nmore: [*a, *a]\n')),
        [
            f"{E}:9:5: K302 Ein Projekt »fussball-verbindet« gibt es nicht. Gemeint ist der Dateiname eines Projekts in content/projects/ ohne ».yaml«.",
            f"{P}:20:8: K105 YAML-Anker (&name) und Verweise (*name) sind nicht erlaubt. Bitte den Inhalt an jeder Stelle ausschreiben.",
        ],
        id="alias_bomb",
    ),
    pytest.param(
        files(project(**{"city: Nürnberg": "city: !!python/object:os.system Nürnberg"})),
        [
            f"{P}:12:7: K109 Die YAML-Typangabe »tag:yaml.org,2002:python/object:os.system« ist nicht erlaubt. Bitte entfernen; Texte bei Bedarf in Anführungszeichen setzen.",
            f"{P}:12:7: K203 »Ort« muss Text sein, nicht leer. Bitte einen Wert eintragen oder das Feld löschen.",
        ],
        id="yaml_tag",
    ),
    pytest.param(
        files(project("title: Nochmal\n")),
        [
            f"{P}:20:1: K104 Das Feld »title« steht doppelt: schon in Zeile 1. Bitte eine der beiden Angaben löschen.",
        ],
        id="duplicate_key",
    ),
    pytest.param(
        files(project('links:\n  - title: Verein\n    url: "javascript:alert(1)"\n')),
        [
            f"{P}:22:10: K205 »javascript:alert(1)« ist für »1. Link → Adresse (URL)« nicht gültig. Bitte schreiben Sie eine vollständige Adresse, die mit https:// beginnt, z. B. https://www.example.org/seite.",
        ],
        id="javascript_url",
    ),
    pytest.param(
        files(
            project(
                **{"    type: police\n": '    type: police\n    website: "JaVaScRiPt:alert(1)"\n'}
            )
        ),
        [
            f"{P}:8:14: K205 »JaVaScRiPt:alert(1)« ist für »1. Träger → Webseite« nicht gültig. Bitte schreiben Sie eine vollständige Adresse, die mit https:// beginnt, z. B. https://www.example.org/seite.",
        ],
        id="javascript_website",
    ),
    pytest.param(
        files(
            project(
                'starting_situation: "'
                + "[" * 19990
                + '"\ngoals: "'
                + "[" * 19990
                + '"\nresults: "'
                + "[" * 19990
                + '"\n',
                **{
                    "  *Erfundenes Beispiel.* Ein wöchentliches Training.\n": "  "
                    + "[" * 19990
                    + "\n"
                },
            )
        ),
        [
            f"{P}:20:21: K212 Der Text enthält sehr viele Klammern »[« oder »(« ohne passende schließende. Bitte überflüssige Klammern löschen; ein Link hat die Form [Text](https://…).",
            f"{P}:21:8: K212 Der Text enthält sehr viele Klammern »[« oder »(« ohne passende schließende. Bitte überflüssige Klammern löschen; ein Link hat die Form [Text](https://…).",
            f"{P}:22:10: K212 Der Text enthält sehr viele Klammern »[« oder »(« ohne passende schließende. Bitte überflüssige Klammern löschen; ein Link hat die Form [Text](https://…).",
            f"{P}:3:14: K212 Der Text enthält sehr viele Klammern »[« oder »(« ohne passende schließende. Bitte überflüssige Klammern löschen; ein Link hat die Form [Text](https://…).",
        ],
        id="four_fields_brackets",
    ),
    pytest.param(
        files(extra={"events/2013-austausch.md": event_body("> " * 300 + "Zitat\n")}),
        [
            f"{E}:11:1: K212 Ein Zitat ist 300-fach verschachtelt (»>« am Zeilenanfang); erlaubt sind höchstens 10 Ebenen.",
        ],
        id="md_quotes",
    ),
    pytest.param(
        files(extra={"pages/ueber.md": PAGE.replace("Text der Seite.", "[a](" * 5000)}),
        [
            "content/pages/ueber.md:5:1: K212 Der Text enthält sehr viele Klammern »[« oder »(« ohne passende schließende. Bitte überflüssige Klammern löschen; ein Link hat die Form [Text](https://…).",
        ],
        id="md_link_targets",
    ),
    pytest.param(
        files(project(**{"  - name: Polizeiinspektion Nord": '  - name: "\\u200b\\u200b\\u200b"'})),
        [
            f"{P}:6:11: K209 »1. Träger → Name« enthält nur Leerzeichen oder unsichtbare Zeichen. Bitte einen Text schreiben oder das Feld löschen.",
        ],
        id="carrier_blank",
    ),
    pytest.param(
        files(project(**{"  *Erfundenes Beispiel.* Ein wöchentliches Training.\n": "  \u3164\n"})),
        [
            f"{P}:3:14: K209 »Beschreibung« enthält nur Leerzeichen oder unsichtbare Zeichen. Bitte einen Text schreiben oder das Feld löschen.",
        ],
        id="description_blank",
    ),
]


@pytest.mark.parametrize(("tree", "expected"), CASES)
def test_hostile_content_is_reported_exactly(tree: Tree, expected: list[str]) -> None:
    assert problems(tree) == expected


@pytest.mark.parametrize(("tree", "expected"), CASES)
def test_hostile_content_fails_the_build_cleanly(tree: Tree, expected: list[str]) -> None:
    copy_project(Path("katalog"), tree)
    os.chdir("katalog")
    content = Path("content")
    site = write_tree(Path("site"), {"index.html": "<p>vorher</p>", "alt.txt": "alt"})
    before, sources = snapshot(site), snapshot(content)
    result = CliRunner().invoke(main, ["build"], prog_name="katalog")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert sorted(line for line in result.stderr.splitlines() if ": K" in line) == expected
    assert snapshot(site) == before
    assert snapshot(content) == sources
    assert [name for name in os.listdir(".") if name.startswith(".")] == []  # no staging left
