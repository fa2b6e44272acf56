"""Render the network pages: the experts directory, its facet pages, one page per expert,
and the directory of contact persons (pure: Catalogue in, outputs out)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import jsonld
from .model import Catalogue
from .network import (
    CONTACTS_PATH,
    EXPERTS_PATH,
    contact_directory,
    contact_url,
    expert_facets,
    facet_urls,
)

PageMaker = Callable[..., Any]  # render: one Output, or the job to render one


def network_pages(catalogue: Catalogue, page: PageMaker) -> list[Any]:
    """`page(path, template, **context)` renders one template into one output (or notes it)."""
    facets = expert_facets(catalogue)
    shared: dict[str, Any] = {"expert_facets": facets, "expert_urls": facet_urls(facets)}
    groups = contact_directory(catalogue)
    contact_urls = {state.value: contact_url(state) for state, _ in groups}
    outputs = [
        page(f"{EXPERTS_PATH}index.html", "experts.html", experts=catalogue.experts, **shared),
        page(
            f"{CONTACTS_PATH}index.html", "contacts.html", groups=groups, contact_urls=contact_urls
        ),
    ]
    for group in groups:
        state = group[0]
        outputs.append(
            page(
                f"{contact_urls[state.value]}index.html",
                "contacts_state.html",
                group=group,
                state=state,
            )
        )
    for _facet, values in facets:
        for value in values:
            outputs.append(
                page(f"{value.url}index.html", "expert_facet.html", value=value, **shared)
            )
    for expert in catalogue.experts:
        outputs.append(
            page(
                f"{expert.url}index.html",
                "expert.html",
                expert=expert,
                events=[catalogue.event(slug) for slug in expert.events],
                projects=[catalogue.project(slug) for slug in expert.projects],
                jsonld=jsonld.expert(expert, catalogue.config),
                **shared,
            )
        )
    return outputs
