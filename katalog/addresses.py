"""Who owns which address of the site.

A record's file name is its address, so a page `content/pages/suche.md` or a project
`nach-beginn.yaml` would replace a section of the site. Validation refuses the reserved
names below (a test builds the site and checks the list is complete); before writing,
every output path must be claimed exactly once, and a second claim names both sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .problems import Problem

if TYPE_CHECKING:  # validation uses RESERVED before any model exists
    from .model import Catalogue, Event, Link, Page, Project
    from .network import Expert

# kind -> slugs the site itself uses at that level (pages sit at the top level, projects
# below projekte/, events below veranstaltungen/, experts below expertinnen-und-experten/)
RESERVED: dict[str, frozenset[str]] = {
    "page": frozenset(
        {
            "ansprechpersonen",
            "daten",
            "expertinnen-und-experten",
            "karte",
            "pagefind",
            "partnersuche",
            "projekte",
            "static",
            "statistik",
            "suche",
            "traeger",
            "veranstaltungen",
            "vorschlagen",
        }
    ),
    "project": frozenset(
        {"nach-beginn", "bundesland", "handlungsfeld", "zielgruppe", "traegerart", "status"}
    ),
    "event": frozenset(),
    # the expert facets (German addresses from the schema's titles, see network.py)
    "expert": frozenset({"fachgebiet", "bundesland", "seite", "verfuegbar-fuer"}),
}
# folders written by other steps than the renderer: copy of static/, Pagefind's index
ASSET_FOLDERS = ("static/", "pagefind/")
SITE = "der Website selbst"


def reserved_problem(kind: str, slug: str, path: str) -> Problem | None:
    if slug not in RESERVED.get(kind, frozenset()):
        return None
    return Problem(
        path,
        1,
        1,
        "K211",
        f"Die Adresse »{slug}« gehört schon zu einem Teil der Website und würde ihn "
        f"ersetzen. Bitte die Datei umbenennen, z. B. in »{slug}-info«.",
    )


def origins(catalogue: Catalogue) -> dict[str, str]:
    """Output path -> the source file that asks for it (records and their materials)."""
    found: dict[str, str] = {}
    records: list[Project | Event | Page | Expert] = [*catalogue.projects, *catalogue.events]
    for record in [*records, *catalogue.pages, *catalogue.experts]:
        found[f"{record.url}index.html"] = record.source
    for record in records:  # redirect pages at former addresses
        for old in getattr(record, "former_slugs", ()):
            folder = record.url.split("/", 1)[0]
            found[f"{folder}/{old}/index.html"] = f"{record.source} (frühere Adresse {old})"
    for project in catalogue.projects:
        _add_files(found, (*project.links, *project.materials), project.source)
    for event in catalogue.events:
        _add_files(found, event.documents, event.source)
    return found


def _add_files(found: dict[str, str], links: Iterable[Link], source: str) -> None:
    for link in links:
        if link.file:
            found[link.file] = f"{source} (Material {link.source.name if link.source else ''})"


def claim_problems(catalogue: Catalogue, paths: Iterable[str]) -> list[Problem]:
    """One problem for each output path claimed more than once (case does not count: the
    site may be served from a file system that ignores it)."""
    named = origins(catalogue)
    claimed: dict[str, str] = {}
    problems: list[Problem] = []
    materials = list(dict.fromkeys(link.file for link in _all_files(catalogue) if link.file))
    for path in [*paths, *materials]:
        source = named.get(path, SITE)
        key = path.casefold()
        asset = next((folder for folder in ASSET_FOLDERS if key.startswith(folder)), None)
        if asset is not None:
            first = f"{SITE} ({asset})"
        elif key in claimed:
            first = claimed[key]
        else:
            claimed[key] = source
            continue
        if first == source == SITE:
            continue  # the same generated file listed twice is a fault of the code, not content
        problems.append(
            Problem(
                source.split(" (", 1)[0] if source != SITE else path,
                1,
                1,
                "K309",
                f"Die Datei {path} der Website würde zweimal erzeugt: von {first} und von "
                f"{source}. Bitte eine der beiden Quellen umbenennen.",
            )
        )
    return problems


def _all_files(catalogue: Catalogue) -> list[Link]:
    files: list[Link] = []
    for project in catalogue.projects:
        files += [link for link in (*project.links, *project.materials) if link.source]
    for event in catalogue.events:
        files += [link for link in event.documents if link.source]
    return files
