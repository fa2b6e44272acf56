"""The Statistik page's figures: counts per facet value, start year and event year, with
the geometry of a horizontal bar chart drawn as SVG at build time (pure, no JavaScript)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .facets import facet_url, facets
from .model import Catalogue

ROW = 42  # height of one row (a label line above its bar) in CSS pixels


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    url: str | None  # the facet page listing these projects
    y: int
    percent: float  # of the chart's width: the SVG is as wide as the page, text stays legible


@dataclass(frozen=True)
class Chart:
    slug: str  # id on the page
    dimension: str  # what the bars stand for ("Bundesland")
    unit: str  # what is counted, plural ("Projekte")
    bars: tuple[Bar, ...]

    @property
    def title(self) -> str:
        return f"{self.unit} nach {self.dimension}"

    @property
    def height(self) -> int:
        return ROW * len(self.bars)

    @property
    def text(self) -> str:
        """The text alternative: every value with its count."""
        return "; ".join(f"{bar.label}: {bar.count}" for bar in self.bars) + "."


def _chart(
    slug: str, dimension: str, unit: str, rows: Sequence[tuple[str, int, str | None]]
) -> Chart:
    top = max((count for _, count, _ in rows), default=0) or 1
    bars = tuple(
        Bar(label, count, url, index * ROW, round(100 * count / top, 1))
        for index, (label, count, url) in enumerate(rows)
    )
    return Chart(slug, dimension, unit, bars)


def charts(catalogue: Catalogue) -> tuple[Chart, ...]:
    """Projects by every facet (in schema order), by start year, and events by year."""
    result = []
    for facet, values in facets(catalogue):
        rows = [(v.term.label, len(v.projects), facet_url(v.term)) for v in values]
        result.append(_chart(facet.name, facet.title, "Projekte", rows))
    years = Counter(p.start.year for p in catalogue.projects)
    result.append(
        _chart(
            "start",
            "Jahr des Beginns",
            "Projekte",
            [(str(year), years[year], None) for year in sorted(years)],
        )
    )
    event_years = Counter(e.start.year for e in catalogue.events)
    result.append(
        _chart(
            "events",
            "Jahr",
            "Veranstaltungen",
            [(str(year), event_years[year], None) for year in sorted(event_years)],
        )
    )
    return tuple(result)
