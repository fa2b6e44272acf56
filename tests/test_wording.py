"""The German wording of project facts (katalog/wording.py): one time span, one place line and
one heading per facet value, used on every page, in the search index and in feeds."""

from __future__ import annotations

import pytest
from conftest import PROJECT, TODAY

from katalog.config import Config
from katalog.facets import facet_url, facets
from katalog.model import Catalogue, PartialDate, Term
from katalog.pipeline import check
from katalog.wording import facet_count, facet_heading, phone, phone_uri, place, time_span


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return check(PROJECT, Config(), TODAY)


@pytest.mark.parametrize(
    ("start", "end", "status", "expected"),
    [
        ("2017-03", "2020-03", "finished", "März 2017 – März 2020"),
        ("2017-03", None, "running", "seit März 2017"),
        ("2027-03", None, "planned", "ab März 2027"),
        ("2027-01", "2027-12", "planned", "Januar 2027 – Dezember 2027"),
        ("2009", None, "running", "seit 2009"),
        ("2024-03-01", "2027-06-30", "running", "1. März 2024 – 30. Juni 2027"),
        ("2026-12-05", None, "planned", "ab 5. Dezember 2026"),
        ("2019-05", "2019-05", "finished", "Mai 2019"),
    ],
)
def test_time_span_reads_the_same_everywhere(
    start: str, end: str | None, status: str, expected: str
) -> None:
    assert time_span(PartialDate(start), PartialDate(end) if end else None, status) == expected


def test_finished_project_shows_its_end_not_seit(catalogue: Catalogue) -> None:
    project = catalogue.project("elterncafe-sicherheit")
    assert project.status.value == "finished"
    assert time_span(project.start, project.end, project.status.value) == "März 2017 – März 2020"


def test_place_names_a_city_state_once(catalogue: Catalogue) -> None:
    assert place(catalogue.project("elterncafe-sicherheit")) == "Hamburg"
    assert place(catalogue.project("frauen-im-dialog")) == "Bremen"
    assert place(catalogue.project("fussball-verbindet")) == "Niedersachsen · Hannover"
    many = place(catalogue.project("gemeinsam-sicher-leben"))
    assert many.startswith("Berlin, Brandenburg, Hamburg")
    assert many.endswith(" · Rostock, Potsdam, Leipzig und weitere Orte")


@pytest.mark.parametrize(
    ("enum", "value", "label", "heading", "one", "three"),
    [
        ("state", "Bayern", "Bayern", "Projekte in Bayern", "1 Projekt in Bayern.", None),
        (
            "state",
            "bundesweit",
            "Bundesweit",
            "Bundesweite Projekte",
            "1 bundesweites Projekt.",
            "3 bundesweite Projekte.",
        ),
        ("status", "running", "Laufend", "Laufende Projekte", None, "3 laufende Projekte."),
        (
            "carrier_type",
            "police",
            "Polizei",
            "Projekte mit der Polizei als Träger",
            "1 Projekt mit der Polizei als Träger.",
            None,
        ),
        (
            "activity",
            "mosque-visit",
            "Moscheebesuch",
            "Projekte im Handlungsfeld Moscheebesuch",
            None,
            "3 Projekte im Handlungsfeld Moscheebesuch.",
        ),
        ("target_group", "women", "Frauen", "Projekte für Frauen", "1 Projekt für Frauen.", None),
        (
            "target_group",
            "public",
            "Allgemeine Öffentlichkeit",
            "Projekte für die allgemeine Öffentlichkeit",
            None,
            None,
        ),
    ],
)
def test_facet_headings_and_counts_are_plain_german(
    enum: str, value: str, label: str, heading: str, one: str | None, three: str | None
) -> None:
    term = Term(enum, value, label)
    assert facet_heading(term) == heading
    if one:
        assert facet_count(term, 1) == one
    if three:
        assert facet_count(term, 3) == three
    assert facet_count(term, 0).startswith("Zurzeit enthält der Katalog kein")


def test_every_facet_value_has_a_heading_without_colons_or_quotes(catalogue: Catalogue) -> None:
    for _facet, values in facets(catalogue):
        for value in values:
            assert ":" not in value.heading and "»" not in value.heading, value.heading
            assert not value.count_sentence.startswith("Zurzeit") or not value.projects


# Published addresses: a change here breaks links from outside. Change a label only together
# with this list (and think about a redirect).
ADDRESSES = {
    "state": [
        "baden-wuerttemberg", "bayern", "berlin", "brandenburg", "bremen", "hamburg", "hessen",
        "mecklenburg-vorpommern", "niedersachsen", "nordrhein-westfalen", "rheinland-pfalz",
        "saarland", "sachsen", "sachsen-anhalt", "schleswig-holstein", "thueringen", "bundesweit",
    ],
    "activity": [
        "informationsangebot", "gemeinsame-freizeitaktivitaet", "sport", "film-und-medienprojekt",
        "interkulturelles-training", "dialogveranstaltung", "moscheebesuch", "schulprojekt",
        "beratung", "veroeffentlichung", "sonstiges",
    ],
    "target_group": [
        "jugendliche-und-junge-erwachsene", "polizeibeschaeftigte", "moscheegemeinden",
        "eltern-und-familien", "frauen", "multiplikatorinnen-und-multiplikatoren",
        "schuelerinnen-und-schueler", "imame-und-religionsbeauftragte",
        "allgemeine-oeffentlichkeit", "sonstige",
    ],
    "carrier_type": [
        "polizei", "andere-sicherheitsbehoerde", "muslimische-organisation-moscheegemeinde",
        "kommune", "zivilgesellschaft-verein", "forschung-hochschule", "sonstige",
    ],
    "status": ["laufend", "geplant", "abgeschlossen"],
}  # fmt: skip


def test_facet_addresses_are_german_and_stable(catalogue: Catalogue) -> None:
    segment = {
        "state": "bundesland",
        "activity": "handlungsfeld",
        "target_group": "zielgruppe",
        "carrier_type": "traegerart",
        "status": "status",
    }
    for facet, values in facets(catalogue):
        slugs = [v.url.removeprefix(f"projekte/{segment[facet.name]}/").strip("/") for v in values]
        assert slugs == ADDRESSES[facet.name]
        assert [v.url for v in values] == [facet_url(v.term) for v in values]
    assert facet_url(Term("activity", "mosque-visit", "Moscheebesuch")) == (
        "projekte/handlungsfeld/moscheebesuch/"
    )


@pytest.mark.parametrize(
    ("written", "shown", "uri"),
    [
        ("+49 911 123456", "+49 911 123456", "tel:+49911123456"),
        ("+49 (000) 000-607", "+49 000 000607", "tel:+49000000607"),
        ("0911/123 45-6", "+49 911 123456", "tel:+49911123456"),
        ("(0911) 123456", "+49 911 123456", "tel:+49911123456"),
        ("+43 1 5880", "+43 1 5880", "tel:+4315880"),
    ],
)
def test_phone_numbers_are_shown_one_way_and_dialled_in_e164(
    written: str, shown: str, uri: str
) -> None:
    assert phone(written) == shown
    assert phone_uri(written) == uri
