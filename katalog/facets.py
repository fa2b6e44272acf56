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
        values = tuple(
            FacetValue(
                facet,
                term,
                tuple(
                    p
                    for p in catalogue.projects
                    if term.value in {t.value for t in _values(p, enum)}
                ),
            )
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

    Score: 3 per shared carrier, 2 per shared state, 1 per shared activity. Candidates are
    found through an index of carriers and states (activities are shared too widely to index
    usefully); only a project with fewer than `limit` such candidates also looks at projects
    sharing activities. This keeps a 10,000-record build far from quadratic.
    """
    keys = {
        p.slug: (
            {c.slug for c in p.carriers},
            {s.value for s in p.states},
            {a.value for a in p.activities},
        )
        for p in catalogue.projects
    }
    index: dict[tuple[str, str], list[Project]] = {}
    for p in catalogue.projects:
        own_carriers, own_states, _ = keys[p.slug]
        for key in [("c", c) for c in own_carriers] + [("s", s) for s in own_states]:
            index.setdefault(key, []).append(p)

    def score(a: str, b: str) -> int:
        (c1, s1, a1), (c2, s2, a2) = keys[a], keys[b]
        return 3 * len(c1 & c2) + 2 * len(s1 & s2) + len(a1 & a2)

    position = {p.slug: i for i, p in enumerate(catalogue.projects)}
    result: dict[str, tuple[Project, ...]] = {}
    for p in catalogue.projects:
        own_carriers, own_states, _ = keys[p.slug]
        candidates = {
            other.slug: other
            for key in [("c", c) for c in own_carriers] + [("s", s) for s in own_states]
            for other in index[key]
            if other.slug != p.slug
        }
        if len(candidates) < limit:
            candidates.update(
                (other.slug, other)
                for other in catalogue.projects
                if other.slug != p.slug and keys[p.slug][2] & keys[other.slug][2]
            )
        ranked = sorted(
            candidates.values(), key=lambda o: (-score(p.slug, o.slug), position[o.slug])
        )
        result[p.slug] = tuple(ranked[:limit])
    return result


def events_by_year(
    catalogue: Catalogue,
) -> tuple[tuple[Event, ...], tuple[tuple[int, tuple[Event, ...]], ...]]:
    """Upcoming events (soonest first) and past events grouped by year (newest first)."""
    upcoming = tuple(reversed([e for e in catalogue.events if e.upcoming(catalogue.today)]))
    past = [e for e in catalogue.events if not e.upcoming(catalogue.today)]
    years = sorted({e.start.year for e in past}, reverse=True)
    return upcoming, tuple((y, tuple(e for e in past if e.start.year == y)) for y in years)
