"""The model: derived status, partial dates, German dates, cross links."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import PROJECT, TODAY

from katalog import model
from katalog.config import Config
from katalog.model import PartialDate, german_date, markdown_fields, status
from katalog.pipeline import check, check_content

D = dt.date(2026, 11, 21)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2027", None, "planned"),
        ("2026-12", None, "planned"),
        ("2026-11", None, "running"),
        ("2019", "2026-11", "running"),  # ends this month: still running
        ("2019", "2026-10", "finished"),
        ("2019-05-14", "2026-11-20", "finished"),
        ("2019", "2030", "running"),
    ],
)
def test_status_is_derived_from_the_dates(start: str, end: str | None, expected: str) -> None:
    assert status(PartialDate(start), PartialDate(end) if end else None, D) == expected


def test_partial_dates_know_their_first_and_last_day_and_german_form() -> None:
    assert PartialDate("2024-02").last_day == dt.date(2024, 2, 29)
    assert PartialDate("2024-12").last_day == dt.date(2024, 12, 31)
    assert PartialDate("2019").first_day == dt.date(2019, 1, 1)
    assert [PartialDate(t).german for t in ("2019", "2019-03", "2019-03-07")] == [
        "2019", "März 2019", "7. März 2019",
    ]  # fmt: skip
    assert german_date(dt.date(2013, 7, 11)) == "11. Juli 2013"


def test_example_catalogue_cross_links_events_and_projects() -> None:
    catalogue = check(PROJECT, Config(), TODAY)
    exchange = catalogue.event("2013-01-erfahrungsaustausch-nuernberg")
    assert not exchange.example and not exchange.exact
    assert exchange.german_dates == "Januar 2013"
    assert exchange.published == dt.date(2013, 7, 11)
    assert len(exchange.projects) >= 3
    for slug in exchange.projects:
        assert exchange.slug in catalogue.project(slug).events
    assert all(p.example for p in catalogue.projects)
    assert [p.title.casefold() for p in catalogue.projects] == sorted(
        p.title.casefold() for p in catalogue.projects
    )


def test_example_catalogue_covers_every_enum_value_and_eight_states() -> None:
    catalogue = check(PROJECT, Config(), TODAY)
    vocabulary = catalogue.vocabulary
    used = {
        "activity": {t.value for p in catalogue.projects for t in p.activities},
        "target_group": {t.value for p in catalogue.projects for t in p.target_groups},
        "carrier_type": {c.type.value for p in catalogue.projects for c in p.carriers},
    }
    for enum, values in used.items():
        assert values == set(vocabulary.values(enum)), enum
    states = {t.value for p in catalogue.projects for t in p.states} - {"bundesweit"}
    assert len(states) >= 8
    assert len(catalogue.projects) >= 12


def test_the_model_asks_for_the_markdown_texts_in_the_order_they_were_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Markdown workers render the texts in the order the records are read
    (markup.Prerendering); the model takes them in the same order, or it would render
    itself what the workers have not reached yet (and they again)."""
    found = check_content(PROJECT, Config(), TODAY, strict=False)
    asked: list[tuple[str, int]] = []
    render = model.render_markdown

    def noted(text: str, *, top: int = 2) -> object:
        if text:
            asked.append((text, top))
        return render(text, top=top)

    monkeypatch.setattr(model, "render_markdown", noted)
    model.make_catalogue(found.records, Config(), found.schemas, TODAY)
    read = [field for field in markdown_fields(found.records) if field in set(asked)]
    assert len(asked) > 40
    assert asked[: len(read)] == read
