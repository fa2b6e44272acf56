"""Browsing without JavaScript: facet values with their projects, derived carriers and
related projects (pure: Catalogue in, frozen dataclasses out)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import Carrier, Catalogue, Event, Project, Term
from .wording import facet_count, facet_heading

STATUS_ORDER = ("running", "planned", "finished")


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet and the projects that have it (sorted by title)."""

    facet: Facet
    term: Term
    projects: tuple[Project, ...]

    @property
    def url(self) -> str:
        return facet_url(self.term)

    @property
    def heading(self) -> str:
        return facet_heading(self.term)

    @property
    def count_sentence(self) -> str:
        return facet_count(self.term, len(self.projects))


@dataclass(frozen=True)
class Facet:
    """A way to browse projects, e.g. by Bundesland."""

    name: str  # the enum name in the schema, e.g. "state"
    title: str  # German title of the enum, from the schema
    path: str  # URL segment below projekte/


# enum name -> URL segment below projekte/; titles and labels come from the schema, headings
# from katalog.wording
FACETS = {
    "state": "bundesland",
    "activity": "handlungsfeld",
    "target_group": "zielgruppe",
    "carrier_type": "traegerart",
    "status": "status",
}


def _values(project: Project, enum: str) -> tuple[Term, ...]:
    getters: dict[str, Callable[[Project], tuple[Term, ...]]] = {
        "state": lambda p: p.states,
        "activity": lambda p: p.activities,
        "target_group": lambda p: p.target_groups,
        "carrier_type": lambda p: tuple(c.type for c in p.carriers),
        "status": lambda p: (p.status,),
    }
    return getters[enum](project)


def _terms(catalogue: Catalogue, enum: str) -> tuple[Term, ...]:
    if enum == "status":
        found = {p.status.value: p.status for p in catalogue.projects}
        return tuple(found[v] for v in STATUS_ORDER if v in found)
    return catalogue.terms(enum)


def facets(catalogue: Catalogue) -> tuple[tuple[Facet, tuple[FacetValue, ...]], ...]:
    """Every facet with every value (also those without projects), in schema order."""
    result = []
    for enum, path in FACETS.items():
        title = "Status" if enum == "status" else catalogue.vocabulary.titles[enum]
        facet = Facet(enum, title, path)
        having: dict[str, dict[str, Project]] = {}  # term value -> projects, in order
        for p in catalogue.projects:
            for t in _values(p, enum):
                having.setdefault(t.value, {})[p.slug] = p
        values = tuple(
            FacetValue(facet, term, tuple(having.get(term.value, {}).values()))
            for term in _terms(catalogue, enum)
        )
        result.append((facet, values))
    return tuple(result)


def facet_url(term: Term) -> str:
    """The address of a term's facet page, relative to the site root: the one place facet
    addresses are made. Both segments are German: the facet's (`bundesland`, `handlungsfeld`)
    and the slug of the term's German label from the schema's `x-labels` (`mosque-visit` →
    `projekte/handlungsfeld/moscheebesuch/`). A changed label changes the address, which the
    test of all addresses makes visible."""
    return f"projekte/{FACETS[term.enum]}/{term.slug}/"


@dataclass(frozen=True)
class CarrierPage:
    """An organisation, derived from the carriers of all projects."""

    name: str
    type: Term
    website: str | None
    projects: tuple[Project, ...]

    @property
    def slug(self) -> str:
        return carrier_slug(self.name)

    @property
    def url(self) -> str:
        return carrier_url(self.name)


def carrier_slug(name: str) -> str:
    return Carrier(name, Term("carrier_type", "", ""), None).slug


def carrier_url(name: str) -> str:
    return f"traeger/{carrier_slug(name)}/"


def carriers(catalogue: Catalogue) -> tuple[CarrierPage, ...]:
    """Every distinct carrier (by address), sorted by name; type as first given, website from
    the first record that names one. One pass over the records."""
    first: dict[str, Carrier] = {}
    websites: dict[str, str] = {}
    projects: dict[str, dict[str, Project]] = {}
    for project in catalogue.projects:
        for carrier in project.carriers:
            first.setdefault(carrier.slug, carrier)
            if carrier.website:
                websites.setdefault(carrier.slug, carrier.website)
            projects.setdefault(carrier.slug, {})[project.slug] = project
    pages = (
        CarrierPage(c.name, c.type, websites.get(slug), tuple(projects[slug].values()))
        for slug, c in first.items()
    )
    return tuple(sorted(pages, key=lambda c: (c.name.casefold(), c.slug)))


def carriers_by_type(
    catalogue: Catalogue, pages: tuple[CarrierPage, ...]
) -> tuple[tuple[Term, tuple[CarrierPage, ...]], ...]:
    groups = (
        (term, tuple(c for c in pages if c.type.value == term.value))
        for term in catalogue.terms("carrier_type")
    )
    return tuple((term, group) for term, group in groups if group)


def related(project: Project, catalogue: Catalogue, limit: int = 3) -> tuple[Project, ...]:
    """Projects sharing carriers (weighted most), states or activities with `project`."""
    return related_all(catalogue, limit)[project.slug]


def related_all(catalogue: Catalogue, limit: int = 3) -> dict[str, tuple[Project, ...]]:
    """Related projects for every project at once.

    Score: 3 per shared carrier, 2 per shared state, 1 per shared activity; ties go to the
    earlier project in catalogue order. Candidates are the projects sharing a carrier or a
    state; only a project with fewer than `limit` of them also looks at projects sharing an
    activity. Each carrier, state and activity is a bitset over the catalogue's positions and
    the scores of all candidates are added up at once in bit-sliced counters (bit j of every
    project's score in one integer), so a project costs a few dozen operations on integers
    of N bits instead of N comparisons.
    """
    projects = catalogue.projects
    keys = [
        (
            {c.slug for c in p.carriers},
            {s.value for s in p.states},
            {a.value for a in p.activities},
        )
        for p in projects
    ]
    members: list[dict[str, list[int]]] = [{}, {}, {}]
    for position, groups in enumerate(keys):
        for table, group in zip(members, groups, strict=True):
            for key in group:
                table.setdefault(key, []).append(position)
    bits = [{key: sum(1 << i for i in found) for key, found in t.items()} for t in members]
    result: dict[str, tuple[Project, ...]] = {}
    for position, (own_carriers, own_states, own_activities) in enumerate(keys):
        weighted = (
            [(bits[0][c], 3) for c in own_carriers]
            + [(bits[1][s], 2) for s in own_states]
            + [(bits[2][a], 1) for a in own_activities]
        )
        others = ~(1 << position)
        candidates = 0
        for bitset, weight in weighted:
            if weight > 1:
                candidates |= bitset
        candidates &= others
        if candidates.bit_count() < limit:
            for bitset, _ in weighted:
                candidates |= bitset
            candidates &= others
        result[projects[position].slug] = tuple(
            projects[i] for i in _best(weighted, candidates, limit)
        )
    return result


def _best(weighted: list[tuple[int, int]], candidates: int, limit: int) -> list[int]:
    """Positions of the `limit` candidates with the highest summed weight, earliest first."""
    slices: list[int] = []  # slices[j]: bit j of every project's score
    for bitset, weight in weighted:
        for shift in range(weight.bit_length()):
            if weight >> shift & 1:
                carry, j = bitset & candidates, shift
                while carry:
                    while len(slices) <= j:
                        slices.append(0)
                    slices[j], carry = slices[j] ^ carry, slices[j] & carry
                    j += 1
    found: list[int] = []
    for score in range(sum(weight for _, weight in weighted), 0, -1):
        if score >> len(slices):
            continue
        mask = candidates
        for j, bits in enumerate(slices):
            mask &= bits if score >> j & 1 else ~bits
            if not mask:
                break
        while mask and len(found) < limit:
            lowest = mask & -mask
            found.append(lowest.bit_length() - 1)
            mask ^= lowest
        if len(found) == limit:
            break
    return found


def events_by_year(
    catalogue: Catalogue,
) -> tuple[tuple[Event, ...], tuple[tuple[int, tuple[Event, ...]], ...]]:
    """Upcoming events (soonest first) and past events grouped by year (newest first)."""
    upcoming = tuple(reversed([e for e in catalogue.events if e.upcoming(catalogue.today)]))
    past = [e for e in catalogue.events if not e.upcoming(catalogue.today)]
    years = sorted({e.start.year for e in past}, reverse=True)
    return upcoming, tuple((y, tuple(e for e in past if e.start.year == y)) for y in years)
