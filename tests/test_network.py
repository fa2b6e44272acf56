"""The network: expert records and their consent (exact messages and positions), the consent
warning, and the privacy guarantee: nothing the consent does not cover appears in any file of
the built site, Pagefind's compressed index included."""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SCHEMAS, project_for
from records import PROJECT, tree

from katalog import cli
from katalog.config import Config
from katalog.load import load_content
from katalog.pipeline import build
from katalog.review import review_warnings
from katalog.validate import validate

Make = Callable[[dict[str, str | bytes]], Path]
X = "content/experts/polizeiarbeit-sachsen.yaml"

EXPERT = """\
name: Tobias Beispielmann
organisation: Polizeidirektion Ost (Beispiel)
side: security-authority
expertise:
  - police-work
states:
  - Sachsen
languages:
  - Deutsch
available_for:
  - dialogue-event
profile: Erfundenes Beispiel. Kommt gern in Moscheegemeinden.
email: t.beispielmann@example.org
phone: "+49 30 23125 102"
consent:
  date: "2026-05-19"
  covers:
    - name
    - organisation
    - contact
example: true
"""


@pytest.fixture(autouse=True)
def _relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths then print as editors see them: content/…


def problems(make_content: Make, expert: str, **files: str) -> list[str]:
    content = make_content(tree(experts__polizeiarbeit_sachsen__yaml=expert, **files))
    loaded = load_content(content)
    return [str(p) for p in loaded.problems + validate(loaded.records, SCHEMAS)]


def test_a_complete_expert_record_is_valid(make_content: Make) -> None:
    assert problems(make_content, EXPERT) == []


def test_k201_an_expert_without_consent_is_refused(make_content: Make) -> None:
    text = EXPERT.split("consent:")[0] + "example: true\n"
    assert problems(make_content, text) == [
        f"{X}:1:1: K201 Pflichtfeld »Einwilligung« (consent) fehlt. Bitte ergänzen: Wann die "
        "Person schriftlich in die Veröffentlichung eingewilligt hat und was die Einwilligung "
        "umfasst. Ohne Einwilligung darf kein Eintrag veröffentlicht werden."
    ]


def test_k201_consent_without_a_date_is_refused(make_content: Make) -> None:
    text = EXPERT.replace('  date: "2026-05-19"\n', "")
    assert problems(make_content, text) == [
        f"{X}:16:3: K201 Pflichtfeld »Datum der Einwilligung« (date) fehlt in »Einwilligung«. "
        "Bitte ergänzen: Der Tag, an dem die Person eingewilligt hat (JJJJ-MM-TT, in "
        "Anführungszeichen)."
    ]


def test_k205_a_consent_date_must_be_a_date(make_content: Make) -> None:
    text = EXPERT.replace('date: "2026-05-19"', 'date: "im Mai"')
    assert problems(make_content, text) == [
        f"{X}:16:9: K205 »im Mai« ist für »Einwilligung → Datum der Einwilligung« nicht "
        "gültig. Bitte schreiben Sie ein Datum in der Form JJJJ-MM-TT, z. B. 2024-03-15."
    ]


def test_k204_consent_covers_only_the_listed_details(make_content: Make) -> None:
    text = EXPERT.replace("    - contact\n", "    - photo\n")
    assert problems(make_content, text) == [
        f"{X}:20:7: K204 Unbekannter Wert »photo« für Einwilligung für. Erlaubt: name, "
        "organisation, contact (Kontaktdaten: E-Mail, Telefon, Webseite)."
    ]


def test_k201_a_name_is_needed_when_the_consent_covers_it(make_content: Make) -> None:
    text = EXPERT.replace("name: Tobias Beispielmann\n", "")
    assert problems(make_content, text) == [
        f"{X}:1:1: K201 Pflichtfeld »Name« (name) fehlt. Bitte ergänzen: Vor- und Nachname, wie "
        "er erscheinen soll, gegebenenfalls mit Titel. Nur nötig und nur veröffentlicht, wenn "
        "die Einwilligung »name« umfasst; ohne diese Einwilligung den Namen bitte gar nicht "
        "eintragen."
    ]


def test_k310_events_and_projects_may_only_name_existing_experts(make_content: Make) -> None:
    event = (
        "---\ntitle: Dialogabend\nstart: 2027-04-15\nend: 2027-04-15\ncity: Mainz\n"
        "organiser: Clearingstelle\nkind: dialogue-event\nexperts:\n  - polizeiarbeit-sachsen\n"
        "  - niemand-bekannt\n---\nText.\n"
    )
    project = PROJECT.replace(
        "last_reviewed:", "experts:\n  - polizeiarbeit-sachen\nlast_reviewed:"
    )
    found = problems(
        make_content,
        EXPERT,
        events__2027_dialog__md=event,
        projects__fussball_verbindet__yaml=project,
    )
    assert found == [
        "content/projects/fussball-verbindet.yaml:19:5: K310 Eine Expertin oder einen Experten "
        "»polizeiarbeit-sachen« gibt es nicht. Gemeint ist der Dateiname in content/experts/ "
        "ohne ».yaml«.",
        "content/events/2027-dialog.md:10:5: K310 Eine Expertin oder einen Experten "
        "»niemand-bekannt« gibt es nicht. Gemeint ist der Dateiname in content/experts/ ohne "
        "».yaml«.",
    ]


def test_k311_the_file_name_must_not_reveal_an_unconsented_name(make_content: Make) -> None:
    text = EXPERT.replace("    - name\n", "")
    content = make_content(tree(experts__tobias_beispielmann__yaml=text))
    loaded = load_content(content)
    assert [str(p) for p in validate(loaded.records, SCHEMAS)] == [
        "content/experts/tobias-beispielmann.yaml:1:1: K311 Der Dateiname »tobias-beispielmann« "
        "enthält den Namen, dessen Veröffentlichung die Person nicht zugestimmt hat (»name« "
        "fehlt unter »consent: covers«). Bitte die Datei nach dem Fachgebiet benennen, z. B. "
        "»polizeiarbeit-sachsen.yaml«."
    ]


def test_w102_old_consent_is_a_warning_after_the_configured_days(make_content: Make) -> None:
    content = make_content(tree(experts__polizeiarbeit_sachsen__yaml=EXPERT))
    records = load_content(content).records
    assert review_warnings(records, 10_000, dt.date(2027, 5, 19), consent_days=365) == []
    assert [str(w) for w in review_warnings(records, 10_000, dt.date(2027, 5, 20), 365)] == [
        f"{X}:16:9: W102 Die Einwilligung stammt vom 19. Mai 2026, vor 366 Tagen (Grenze: 365 "
        "Tage). Bitte die Person fragen, ob die Angaben noch stimmen und sie weiter "
        "einverstanden ist, und dann »consent: date« auf den Tag ihrer Bestätigung setzen."
    ]


def test_w103_a_detail_without_consent_in_the_file_is_a_warning(make_content: Make) -> None:
    text = EXPERT.replace("    - organisation\n    - contact\n", "")
    content = make_content(tree(experts__polizeiarbeit_sachsen__yaml=text))
    records = load_content(content).records
    found = review_warnings(
        records, 10_000, dt.date(2026, 6, 1), 730, SCHEMAS.consent_fields("expert")
    )
    assert [str(w) for w in found] == [
        f"{X}:{line}:1: W103 »{field}« ist nicht von der Einwilligung gedeckt (»{needed}« fehlt "
        "unter »consent: covers«). Die Angabe erscheint nicht auf der Website, steht aber im "
        f"öffentlichen Quelltext. Bitte löschen – oder »{needed}« ergänzen, wenn die Person "
        "zugestimmt hat."
        for field, needed, line in (
            ("organisation", "organisation", 2),
            ("email", "contact", 13),
            ("phone", "contact", 14),
        )
    ]


def test_strict_validation_turns_old_consent_into_an_error(
    make_content: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_content(tree(experts__polizeiarbeit_sachsen__yaml=EXPERT))
    (tmp_path / "katalog.toml").write_text(
        "consent_after_days = 100\nreview_after_days = 3650\n", encoding="utf-8"
    )
    monkeypatch.setattr(cli, "_today", lambda: dt.date(2026, 11, 21))
    relaxed = CliRunner().invoke(cli.main, ["validate"])
    strict = CliRunner().invoke(cli.main, ["validate", "--strict"])
    assert relaxed.exit_code == 0 and "W102" in relaxed.stdout
    assert strict.exit_code == 1 and f"{X}:16:9: W102 Die Einwilligung stammt" in strict.stdout


# --- the privacy guarantee --------------------------------------------------------------

SECRETS = {
    "name": "Quirinella Zwetschkenbaum",
    "organisation": "Verborgenhausen Qxv e. V.",
    "email": "geheimqxv@example.org",
    "phone": "+49 30 23125 977",
    "website": "https://www.example.org/geheimqxv",
}
VISIBLE = "Sichtbarqxv"  # a consented detail: proves the scan reaches every file kind


def _secret_expert() -> str:
    return f"""\
name: "{SECRETS["name"]}"
organisation: "{SECRETS["organisation"]}"
side: civil-society
expertise:
  - youth-work
states:
  - Sachsen
available_for:
  - advice
profile: "{VISIBLE} berät Fachkräfte in der Jugendarbeit."
email: "{SECRETS["email"]}"
phone: "{SECRETS["phone"]}"
website: "{SECRETS["website"]}"
consent:
  date: "2026-05-19"
  covers: []
example: true
"""


def _every_file(site: Path) -> dict[str, bytes]:
    """Every output file's bytes; gzip files (Pagefind's index, filters, fragments) unpacked."""
    found = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            found[path.relative_to(site).as_posix()] = data
    return found


def test_nothing_without_consent_appears_in_any_output_file(make_content: Make) -> None:
    event = (
        "---\ntitle: Dialogabend in Dresden\nstart: 2026-04-15\nend: 2026-04-15\n"
        "city: Dresden\norganiser: Clearingstelle\nkind: dialogue-event\n"
        "experts:\n  - jugendarbeit-sachsen\n---\nText.\n"
    )
    project = PROJECT.replace(
        "last_reviewed:",
        "experts:\n  - jugendarbeit-sachsen\ncontacts:\n"
        '  - name: "Hinterwaldqxv Privat"\n    email: "privatqxv@example.org"\n'
        "    public: false\nlast_reviewed:",
    )
    content = make_content(
        tree(
            experts__jugendarbeit_sachsen__yaml=_secret_expert(),
            events__2026_dialog__md=event,
            projects__fussball_verbindet__yaml=project,
        )
    )
    site = content.parent / "site"
    config = Config(base_url="https://example.org/katalog/")
    build(project_for(content), site, config, dt.date(2026, 11, 21))
    files = _every_file(site)
    fragments = [name for name in files if name.startswith("pagefind/fragment/")]
    assert fragments and all(files[name].startswith(b"pagefind_dcd") for name in fragments)
    # the expert is published (under a description, not the name) and found by the search
    assert "expertinnen-und-experten/jugendarbeit-sachsen/index.html" in files
    assert any(VISIBLE.encode() in files[name] for name in fragments)
    assert VISIBLE.lower().encode() in b"".join(files[n] for n in files if "pf_index" in n)
    words = ["quirinella", "zwetschkenbaum", "verborgenhausen", "geheimqxv", "hinterwaldqxv"]
    leaks = [
        (secret, name)
        for secret in [*SECRETS.values(), *words, "privatqxv@example.org"]
        for variant in {secret, secret.lower()}
        for name, data in files.items()
        if variant.encode() in data.lower()
    ]
    assert leaks == []


# --- the example site's network pages ----------------------------------------------------


def test_expert_pages_link_facets_events_and_explain_withdrawal(example_site: Path) -> None:
    page = (example_site / "expertinnen-und-experten/tobias-arndtmeyer/index.html").read_text(
        "utf-8"
    )
    for href in (
        "../../expertinnen-und-experten/fachgebiet/polizeiarbeit/",
        "../../expertinnen-und-experten/bundesland/sachsen/",
        "../../expertinnen-und-experten/seite/sicherheitsbehoerde/",
        "../../expertinnen-und-experten/verfuegbar-fuer/dialogveranstaltung/",
        "../../veranstaltungen/2025-05-fachtagung-leipzig/",
        "/edit/main/content/experts/tobias-arndtmeyer.yaml",
    ):
        assert href in page, href
    assert "Erfundenes Beispiel" in page
    # no link to earlier versions, which may hold details whose consent was withdrawn
    assert "/commits/" not in page and "Änderungsverlauf" not in page
    # consented contacts are tappable, like every published contact (see test_site_html)
    assert '<a href="mailto:t.arndtmeyer@example.org">t.arndtmeyer@example.org</a>' in page
    assert (
        'href="mailto:clearingstelle@example.org?subject=Widerruf%20der%20Einwilligung%3A%20'
        "http%3A//127.0.0.1/expertinnen-und-experten/tobias-arndtmeyer/&amp;body="
    ) in page
    directory = (example_site / "expertinnen-und-experten/index.html").read_text("utf-8")
    assert (
        "Einwilligung widerrufen" in directory and "mailto:clearingstelle@example.org" in directory
    )


def test_an_expert_without_consent_to_name_and_contact_is_listed_without_them(
    example_site: Path,
) -> None:
    page = (
        example_site / "expertinnen-und-experten/jugendarbeit-nordrhein-westfalen/index.html"
    ).read_text("utf-8")
    assert "<h1>Fachperson für Jugendarbeit (Name nicht veröffentlicht)</h1>" in page
    assert "Die Kontaktdaten werden nicht veröffentlicht." in page
    assert '"@type":"Thing"' in page and '"@type":"Person"' not in page


def test_events_and_projects_list_their_experts(example_site: Path) -> None:
    event = (example_site / "veranstaltungen/2027-04-dialogabend-mainz/index.html").read_text(
        "utf-8"
    )
    assert '<a href="../../expertinnen-und-experten/hatice-doenmez-quast/">' in event
    project = (
        example_site / "projekte/interkulturelles-training-polizeiausbildung/index.html"
    ).read_text("utf-8")
    assert '<a href="../../expertinnen-und-experten/prof-arne-solberg-haddad/">' in project


def test_start_page_and_navigation_link_both_directories(example_site: Path) -> None:
    home = (example_site / "index.html").read_text("utf-8")
    nav = home.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    for href in ('href="expertinnen-und-experten/"', 'href="ansprechpersonen/"'):
        assert href in nav and home.count(href) >= 2, href


def test_contact_directory_groups_public_contacts_by_state_and_carrier_type(
    example_site: Path,
) -> None:
    sachsen = (example_site / "ansprechpersonen/sachsen/index.html").read_text("utf-8")
    heading = "Muslimische Organisation / Moscheegemeinde"
    assert f'<h2 id="muslimische-organisation-moscheegemeinde">{heading}</h2>' in sachsen
    assert "Fatma Lindqvist" in sachsen
    assert '<a href="mailto:gemeinden@example.com">gemeinden@example.com</a>' in sachsen
    assert '<data data-pagefind-filter="typ[value]" value="Ansprechpersonen">' in sachsen
    everywhere = "".join(
        p.read_text("utf-8") for p in (example_site / "ansprechpersonen").rglob("*.html")
    )
    assert "Brinkhaus" not in everywhere  # a contact without public: true


def test_k211_an_expert_file_may_not_take_a_facet_address(make_content: Make) -> None:
    content = make_content(tree(experts__seite__yaml=EXPERT.replace("    - name\n", "")))
    loaded = load_content(content)
    assert [str(p) for p in validate(loaded.records, SCHEMAS)] == [
        "content/experts/seite.yaml:1:1: K211 Die Adresse »seite« gehört schon zu einem Teil "
        "der Website und würde ihn ersetzen. Bitte die Datei umbenennen, z. B. in »seite-info«."
    ]
