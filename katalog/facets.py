"""Browsing without JavaScript: facet values with their projects, derived carriers and
related projects (pure: Catalogue in, frozen dataclasses out)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import Carrier, Catalogue, Event, Project, Term

STATUS_ORDER = ("running", "planned", "finished")


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet and the projects that have it (sorted by title)."""

    facet: Facet
    term: Term
    projects: tuple[Project, ...]

    @property
    def url(self) -> str:
        return f"projekte/{self.facet.path}/{self.term.slug}/"

    @property
    def heading(self) -> str:
        return self.facet.heading_prefix + self.term.label


@dataclass(frozen=True)
class Facet:
    """A way to browse projects, e.g. by Bundesland."""

    name: str  # the enum name in the schema, e.g. "state"
    title: str  # German title of the enum, from the schema
    path: str  # URL segment below projekte/
    heading_prefix: str


# enum name -> (URL segment, h1 prefix of a facet page); titles and labels come from the schema
FACETS = {
    "state": ("bundesland", "Projekte in: "),
    "activity": ("handlungsfeld", "Projekte im Handlungsfeld: "),
    "target_group": ("zielgruppe", "Projekte für die Zielgruppe: "),
    "carrier_type": ("traegerart", "Projekte mit Träger der Art: "),
    "status": ("status", "Projekte mit Status: "),
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
    for enum, (path, prefix) in FACETS.items():
        title = "Status" if enum == "status" else catalogue.vocabulary.titles[enum]
        facet = Facet(enum, title, path, prefix)
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
    """The facet page of a term, as linked from project pages."""
    return f"projekte/{FACETS[term.enum][0]}/{term.slug}/"


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
    """Every distinct carrier (by address), sorted by name; type and website as first given."""
    found: dict[str, tuple[Carrier, list[Project]]] = {}
    for project in catalogue.projects:
        for carrier in project.carriers:
            entry = found.setdefault(carrier.slug, (carrier, []))
            if project not in entry[1]:
                entry[1].append(project)
    pages = (
        CarrierPage(c.name, c.type, c.website or _website(c.slug, catalogue), tuple(projects))
        for c, projects in found.values()
    )
    return tuple(sorted(pages, key=lambda c: (c.name.casefold(), c.slug)))


def _website(slug: str, catalogue: Catalogue) -> str | None:
    return next(
        (c.website for p in catalogue.projects for c in p.carriers if c.slug == slug and c.website),
        None,
    )


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
    own_carriers = {c.slug for c in project.carriers}
    own_states = {s.value for s in project.states}
    own_activities = {a.value for a in project.activities}

    def score(other: Project) -> int:
        return (
            3 * len(own_carriers & {c.slug for c in other.carriers})
            + 2 * len(own_states & {s.value for s in other.states})
            + len(own_activities & {a.value for a in other.activities})
        )

    scored = [(score(p), p) for p in catalogue.projects if p.slug != project.slug]
    ranked = sorted((item for item in scored if item[0] > 0), key=lambda item: -item[0])
    return tuple(p for _, p in ranked[:limit])


def events_by_year(
    catalogue: Catalogue,
) -> tuple[tuple[Event, ...], tuple[tuple[int, tuple[Event, ...]], ...]]:
    """Upcoming events (soonest first) and past events grouped by year (newest first)."""
    upcoming = tuple(reversed([e for e in catalogue.events if e.upcoming(catalogue.today)]))
    past = [e for e in catalogue.events if not e.upcoming(catalogue.today)]
    years = sorted({e.start.year for e in past}, reverse=True)
    return upcoming, tuple((y, tuple(e for e in past if e.start.year == y)) for y in years)
