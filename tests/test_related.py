"""Related projects: the bitset scoring gives exactly what scoring every candidate pair does."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONTENT, SCHEMAS, TODAY, project_for
from synthetic import synthetic_content

from katalog.config import Config
from katalog.facets import related_all
from katalog.model import Catalogue, Project
from katalog.pipeline import check


def reference(catalogue: Catalogue, limit: int = 3) -> dict[str, tuple[Project, ...]]:
    """The plain definition: candidates share a carrier or a state (or, if fewer than `limit`
    do, an activity); 3 per shared carrier, 2 per state, 1 per activity; ties in catalogue
    order."""
    projects = catalogue.projects

    def keys(p: Project) -> tuple[set[str], set[str], set[str]]:
        return (
            {c.slug for c in p.carriers},
            {s.value for s in p.states},
            {a.value for a in p.activities},
        )

    result = {}
    for p in projects:
        c1, s1, a1 = keys(p)
        scored = []
        for position, other in enumerate(projects):
            if other is p:
                continue
            c2, s2, a2 = keys(other)
            scored.append((3 * len(c1 & c2) + 2 * len(s1 & s2) + len(a1 & a2), position, other))
        near = [x for x in scored if keys(x[2])[0] & c1 or keys(x[2])[1] & s1]
        if len(near) < limit:
            near = [x for x in scored if x[0] > 0]
        near.sort(key=lambda x: (-x[0], x[1]))
        result[p.slug] = tuple(x[2] for x in near[:limit])
    return result


@pytest.mark.parametrize("count", [12, 40, 300])
def test_related_projects_match_the_plain_definition(tmp_path: Path, count: int) -> None:
    content = synthetic_content(tmp_path / "content", count, SCHEMAS)
    catalogue = check(project_for(content), Config(), TODAY)
    expected = reference(catalogue)
    assert related_all(catalogue) == expected
    assert any(len(found) == 3 for found in expected.values())


def test_projects_with_few_candidates_also_get_those_sharing_an_activity() -> None:
    catalogue = check(
        project_for(CONTENT), Config(), TODAY
    )  # the example: most states have one project

    def near(p: Project, o: Project) -> bool:
        return bool(
            {s.value for s in p.states} & {s.value for s in o.states}
            or {c.slug for c in p.carriers} & {c.slug for c in o.carriers}
        )

    lonely = [
        p
        for p in catalogue.projects
        if sum(near(p, o) for o in catalogue.projects if o is not p) < 3
    ]
    assert len(lonely) > 5
    found, expected = related_all(catalogue), reference(catalogue)
    for p in lonely:
        assert found[p.slug] == expected[p.slug]
        assert any(not near(p, o) for o in found[p.slug])
