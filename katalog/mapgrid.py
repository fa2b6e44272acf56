"""The tile-grid map: each Bundesland a square in its rough geographic place, shaded by
the number of projects (pure: facet values in, tiles out; templates draw the SVG)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .facets import FacetValue

TILE = 56  # edge of one tile in SVG user units
GAP = 4
LEVELS = 4  # shades for 1 or more projects; level 0 means none

# state value (from the schema) -> (column, row, common abbreviation)
GRID = {
    "Schleswig-Holstein": (2, 0, "SH"),
    "Bremen": (1, 1, "HB"),
    "Hamburg": (2, 1, "HH"),
    "Mecklenburg-Vorpommern": (3, 1, "MV"),
    "Nordrhein-Westfalen": (0, 2, "NW"),
    "Niedersachsen": (1, 2, "NI"),
    "Sachsen-Anhalt": (2, 2, "ST"),
    "Berlin": (3, 2, "BE"),
    "Brandenburg": (4, 2, "BB"),
    "Rheinland-Pfalz": (0, 3, "RP"),
    "Hessen": (1, 3, "HE"),
    "Thüringen": (2, 3, "TH"),
    "Sachsen": (3, 3, "SN"),
    "Saarland": (0, 4, "SL"),
    "Baden-Württemberg": (1, 4, "BW"),
    "Bayern": (2, 4, "BY"),
}


@dataclass(frozen=True)
class Tile:
    value: FacetValue
    abbreviation: str
    x: int
    y: int
    level: int  # 0 (no projects) … LEVELS (most projects)

    @property
    def count(self) -> int:
        return len(self.value.projects)

    @property
    def label(self) -> str:
        """The link's accessible name; it contains the visible text (WCAG 2.5.3 Label in Name)."""
        projects = "Projekt" if self.count == 1 else "Projekte"
        return f"{self.value.term.label}, {self.abbreviation} {self.count} {projects}"

    @property
    def center_x(self) -> int:
        return self.x + TILE // 2

    @property
    def center_y(self) -> int:
        return self.y + TILE // 2


@dataclass(frozen=True)
class TileMap:
    tiles: tuple[Tile, ...]
    nationwide: FacetValue | None  # projects marked "bundesweit", shown beside the map
    width: int
    height: int
    tile: int = TILE


def level(count: int, highest: int) -> int:
    """Shade for `count`: 0 for none, else 1 … LEVELS relative to the highest count."""
    if count <= 0 or highest <= 0:
        return 0
    return max(1, math.ceil(count / highest * LEVELS))


def tile_map(states: tuple[FacetValue, ...]) -> TileMap:
    """Lay out the 16 Bundesländer; states not on the grid (»bundesweit«) go beside it."""
    on_grid = [v for v in states if v.term.value in GRID]
    highest = max((len(v.projects) for v in on_grid), default=0)
    tiles = tuple(
        Tile(
            value,
            GRID[value.term.value][2],
            GRID[value.term.value][0] * (TILE + GAP),
            GRID[value.term.value][1] * (TILE + GAP),
            level(len(value.projects), highest),
        )
        for value in on_grid
    )
    columns = 1 + max(col for col, _, _ in GRID.values())
    rows = 1 + max(row for _, row, _ in GRID.values())
    nationwide = next((v for v in states if v.term.value not in GRID), None)
    return TileMap(tiles, nationwide, columns * (TILE + GAP) - GAP, rows * (TILE + GAP) - GAP)
