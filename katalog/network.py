"""The network: experts (content/experts/) and the contact persons of projects (pure).

Privacy is decided here, once: an Expert holds only what the person's consent covers, so
no template, search index or export can publish anything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .load import RawRecord, suggest_slug

if TYPE_CHECKING:
    from .history import Revision
    from .model import Catalogue, Contact, Project, Term

EXPERTS_PATH = "expertinnen-und-experten/"
CONTACTS_PATH = "ansprechpersonen/"
# enum name in the schema -> the Expert attribute holding its terms, in facet order
EXPERT_FACETS = {
    "expertise": "expertise",
    "state": "states",
    "side": "sides",
    "availability": "available_for",
}


@dataclass(frozen=True)
class Expert:
    """An expert as published: fields without consent are None (or empty) here."""

    slug: str
    name: str | None
    organisation: str | None
    side: Term
    expertise: tuple[Term, ...]
    states: tuple[Term, ...]
    languages: tuple[str, ...]
    available_for: tuple[Term, ...]
    profile: Markup
    email: str | None
    phone: str | None
    website: str | None
    consent_date: dt.date
    example: bool
    source: str
    events: tuple[str, ...] = ()  # slugs of events where the expert spoke
    projects: tuple[str, ...] = ()  # slugs of projects the expert worked with
    revision: Revision | None = None  # first and last commit of the source file

    @property
    def url(self) -> str:
        return f"{EXPERTS_PATH}{self.slug}/"

    @property
    def changed_on(self) -> dt.date:
        """Last commit of the source file; without git history, the date of the consent."""
        return self.revision.changed.date() if self.revision else self.consent_date

    @property
    def sides(self) -> tuple[Term, ...]:
        return (self.side,)

    @property
    def title(self) -> str:
        """The name, or a description of the person when the name is not to be published."""
        if self.name:
            return self.name
        return f"Fachperson für {self.expertise[0].label} (Name nicht veröffentlicht)"

    @property
    def has_contact(self) -> bool:
        return bool(self.email or self.phone or self.website)


def consented(data: dict[str, Any], consent_fields: dict[str, str]) -> dict[str, Any]:
    """The record without the fields its consent does not cover (`consent_fields`: field ->
    the `covers` value it needs, from the schema's `x-consent`)."""
    covers = set(data["consent"].get("covers") or ())
    return {k: v for k, v in data.items() if k not in consent_fields or consent_fields[k] in covers}


def withheld(data: dict[str, Any], consent_fields: dict[str, str]) -> list[str]:
    """The fields given in the record that its consent does not cover."""
    return [k for k in data if k not in consented(data, consent_fields)]


def make_expert(
    record: RawRecord,
    terms: Callable[[str, list[str]], tuple[Term, ...]],
    consent_fields: dict[str, str],
    profile: Markup,
    source: str,
    events: tuple[str, ...],
    projects: tuple[str, ...],
    revision: Revision | None = None,
) -> Expert:
    """`terms(enum, values)` turns enum values into Terms with their German labels; `profile`
    is the rendered profile. Only consented fields are read: the rest never enters the model."""
    d = consented(record.data, consent_fields)
    return Expert(
        slug=record.slug,
        name=d.get("name"),
        organisation=d.get("organisation"),
        side=terms("side", [d["side"]])[0],
        expertise=terms("expertise", d["expertise"]),
        states=terms("state", d["states"]),
        languages=tuple(d.get("languages") or ()),
        available_for=terms("availability", d["available_for"]),
        profile=profile,
        email=d.get("email"),
        phone=d.get("phone"),
        website=d.get("website"),
        consent_date=dt.date.fromisoformat(d["consent"]["date"]),
        example=bool(d.get("example")),
        source=source,
        events=events,
        projects=projects,
        revision=revision,
    )


def expert_links(records: list[RawRecord]) -> dict[str, dict[str, tuple[str, ...]]]:
    """Which events and projects name each expert: {"events"|"projects": {expert: slugs}}."""
    found: dict[str, dict[str, list[str]]] = {"events": {}, "projects": {}}
    for record in records:
        if record.kind in ("event", "project"):
            for slug in record.data.get("experts") or ():
                found[record.kind + "s"].setdefault(slug, []).append(record.slug)
    return {kind: {k: tuple(sorted(v)) for k, v in table.items()} for kind, table in found.items()}


@dataclass(frozen=True)
class ExpertFacet:
    name: str  # the enum name in the schema
    title: str  # its German title, from the schema

    @property
    def path(self) -> str:
        return suggest_slug(self.title)  # the facet's German title, like the project facets'


@dataclass(frozen=True)
class ExpertFacetValue:
    facet: ExpertFacet
    term: Term
    experts: tuple[Expert, ...]

    @property
    def url(self) -> str:
        return f"{EXPERTS_PATH}{self.facet.path}/{self.term.slug}/"


def expert_facets(
    catalogue: Catalogue,
) -> tuple[tuple[ExpertFacet, tuple[ExpertFacetValue, ...]], ...]:
    """Every expert facet with every value, in schema order; titles and labels from the schema."""
    result = []
    for enum, attribute in EXPERT_FACETS.items():
        facet = ExpertFacet(enum, catalogue.vocabulary.titles[enum])
        values = tuple(
            ExpertFacetValue(
                facet,
                term,
                tuple(
                    e
                    for e in catalogue.experts
                    if term.value in {t.value for t in getattr(e, attribute)}
                ),
            )
            for term in catalogue.terms(enum)
        )
        result.append((facet, values))
    return tuple(result)


def facet_urls(
    facets: tuple[tuple[ExpertFacet, tuple[ExpertFacetValue, ...]], ...],
) -> dict[tuple[str, str], str]:
    """(enum, value) -> the facet page, for linking an expert's terms."""
    return {(v.term.enum, v.term.value): v.url for _, values in facets for v in values}


@dataclass(frozen=True)
class ContactEntry:
    """A consented contact person of a project, as listed in the directory."""

    contact: Contact
    project: Project
    side: Term  # the type of the carrier the person works for


def contact_side(contact: Contact, project: Project) -> Term:
    """The carrier type of the contact's organisation: the carrier of that name, else the
    project's only carrier, else the first carrier's type."""
    for carrier in project.carriers:
        if contact.organisation and carrier.name.casefold() == contact.organisation.casefold():
            return carrier.type
    return project.carriers[0].type


def contact_directory(
    catalogue: Catalogue,
) -> tuple[tuple[Term, tuple[tuple[Term, tuple[ContactEntry, ...]], ...]], ...]:
    """Consented contacts grouped by Bundesland (schema order) and carrier type."""
    entries = [
        ContactEntry(contact, project, contact_side(contact, project))
        for project in catalogue.projects
        for contact in project.contacts
    ]
    groups = []
    for state in catalogue.terms("state"):
        in_state = [e for e in entries if state.value in {s.value for s in e.project.states}]
        sides = tuple(
            (side, tuple(e for e in in_state if e.side.value == side.value))
            for side in catalogue.terms("carrier_type")
        )
        sides = tuple((side, group) for side, group in sides if group)
        if sides:
            groups.append((state, sides))
    return tuple(groups)


def contact_url(state: Term) -> str:
    """The page of one Bundesland in the contact directory, e.g. `ansprechpersonen/sachsen/`."""
    return f"{CONTACTS_PATH}{state.slug}/"
