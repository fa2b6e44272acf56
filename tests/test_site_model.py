"""The pure parts behind the reader's site: facets, carriers, related projects, events by
year, the tile-grid map and the JSON-LD serialiser."""

from __future__ import annotations

import json

import pytest
from conftest import PROJECT, TODAY

from katalog.config import Config
from katalog.facets import carriers, carriers_by_type, events_by_year, facet_url, facets, related
from katalog.jsonld import to_script
from katalog.mapgrid import GRID, LEVELS, level, tile_map
from katalog.model import Catalogue
from katalog.pipeline import check


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return check(PROJECT, Config(), TODAY)


def test_every_facet_value_counts_the_projects_that_have_it(catalogue: Catalogue) -> None:
    by_name = {facet.name: values for facet, values in facets(catalogue)}
    assert list(by_name) == ["state", "activity", "target_group", "carrier_type", "status"]
    bavaria = next(v for v in by_name["state"] if v.term.value == "Bayern")
    assert bavaria.url == "projekte/bundesland/bayern/"
    assert all("Bayern" in {s.value for s in p.states} for p in bavaria.projects)
    statuses = sum(len(v.projects) for v in by_name["status"])
    assert statuses == len(catalogue.projects)


def test_facet_url_of_a_term_matches_its_facet_page(catalogue: Catalogue) -> None:
    for _facet, values in facets(catalogue):
        for value in values:
            assert facet_url(value.term) == value.url


def test_carriers_are_derived_once_per_name_and_grouped_by_type(catalogue: Catalogue) -> None:
    pages = carriers(catalogue)
    assert len({c.slug for c in pages}) == len(pages)
    named = {c.name for p in catalogue.projects for c in p.carriers}
    assert {c.name for c in pages} == named
    groups = carriers_by_type(catalogue, pages)
    assert sum(len(group) for _, group in groups) == len(pages)
    assert all(c.type.value == term.value for term, group in groups for c in group)


def test_related_projects_share_something_and_exclude_the_project_itself(
    catalogue: Catalogue,
) -> None:
    project = catalogue.project("gemeinsam-sicher-leben")
    found = related(project, catalogue)
    assert 0 < len(found) <= 3 and project not in found
    own = {a.value for a in project.activities} | {s.value for s in project.states}
    for other in found:
        assert own & ({a.value for a in other.activities} | {s.value for s in other.states})


def test_events_split_into_upcoming_and_past_years(catalogue: Catalogue) -> None:
    upcoming, years = events_by_year(catalogue)
    assert all(e.upcoming(TODAY) for e in upcoming)
    assert [y for y, _ in years] == sorted({y for y, _ in years}, reverse=True)
    assert 2013 in dict(years)
    assert len(upcoming) + sum(len(es) for _, es in years) == len(catalogue.events)


def test_tile_map_places_all_sixteen_states_without_overlap(catalogue: Catalogue) -> None:
    states = next(values for facet, values in facets(catalogue) if facet.name == "state")
    grid = tile_map(states)
    assert len(grid.tiles) == 16 == len(GRID)
    assert len({(t.x, t.y) for t in grid.tiles}) == 16
    assert grid.nationwide is not None and grid.nationwide.term.value == "bundesweit"
    assert all(0 <= t.x < grid.width and 0 <= t.y < grid.height for t in grid.tiles)
    bavaria = next(t for t in grid.tiles if t.abbreviation == "BY")
    assert bavaria.label.startswith("Bayern, BY 1 Projekt")


@pytest.mark.parametrize(
    ("count", "highest", "shade"),
    [(0, 5, 0), (1, 5, 1), (3, 5, 3), (5, 5, LEVELS), (0, 0, 0), (1, 1, LEVELS)],
)
def test_shade_grows_with_the_project_count(count: int, highest: int, shade: int) -> None:
    assert level(count, highest) == shade


def test_json_ld_cannot_end_its_script_element_early() -> None:
    text = str(to_script({"name": "</script><!-- & -->"}))
    assert "</script>" not in text and "<!--" not in text
    assert json.loads(text) == {"name": "</script><!-- & -->"}
