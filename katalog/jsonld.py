"""schema.org descriptions (JSON-LD) of projects, carriers, events and experts (pure).

The result goes into a `<script type="application/ld+json">` data block: browsers do not
execute it, so the Content-Security-Policy needs no exception for it.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .config import Config
from .facets import CarrierPage, carrier_url
from .jsontext import compact
from .model import Event, Project
from .network import Expert


def to_script(data: dict[str, Any]) -> Markup:
    """Serialise so that no `</script>` or HTML comment can end the data block early."""
    text = compact(data)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _organisation(name: str, type_label: str, config: Config) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": name,
        "description": type_label,
        "url": config.absolute(carrier_url(name)),
    }


def project(p: Project, config: Config) -> Markup:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": p.title,
        "description": p.summary,
        "url": config.absolute(p.url),
        "foundingDate": p.start.text,
        "areaServed": [s.label for s in p.states],
        "keywords": ", ".join(a.label for a in p.activities),
        "member": [{"@type": "Organization", "name": c.name} for c in p.carriers],
        "dateModified": p.changed_on.isoformat(),
    }
    if p.end:
        data["dissolutionDate"] = p.end.text
    return to_script(data)


def carrier(c: CarrierPage, config: Config) -> Markup:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        **_organisation(c.name, c.type.label, config),
    }
    if c.website:
        data["sameAs"] = c.website
    return to_script(data)


def event(e: Event, config: Config) -> Markup:
    place: dict[str, Any] = {
        "@type": "Place",
        "name": e.venue or e.city,
        "address": {"@type": "PostalAddress", "addressLocality": e.city, "addressCountry": "DE"},
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": e.title,
        "description": e.summary or e.kind.label,
        "url": config.absolute(e.url),
        "startDate": e.start.text,
        "endDate": e.end.text,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "organizer": {"@type": "Organization", "name": e.organiser},
    }
    return to_script(data)


def expert(e: Expert, config: Config) -> Markup:
    """Only what the consent covers is in the model; without the name there is no Person."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person" if e.name else "Thing",
        "name": e.title,
        "url": config.absolute(e.url),
        "knowsAbout": [t.label for t in e.expertise],
    }
    if e.languages:
        data["knowsLanguage"] = list(e.languages)
    if e.name and e.organisation:
        data["worksFor"] = {"@type": "Organization", "name": e.organisation}
    return to_script(data)
