"""The Erklärung zur Barrierefreiheit (BITV 2.0, § 12b BGG): written out, with the date of the
assessment taken from the build and the feedback contact from katalog.toml."""

from __future__ import annotations

import datetime as dt
import re

from conftest import PROJECT

from katalog.config import Config
from katalog.pipeline import check
from katalog.render import render_site


def statement(config: Config, today: dt.date) -> str:
    outputs = render_site(check(PROJECT, config, today), PROJECT.templates)
    page = next(o for o in outputs if o.path == "barrierefreiheit/index.html")
    assert isinstance(page.content, str)
    return page.content


def test_statement_has_every_part_the_law_asks_for() -> None:
    html = statement(Config(), dt.date(2026, 11, 21))
    text = re.sub(r"<[^>]+>", "", html)
    assert "Platzhalter" not in text
    assert "teilweise vereinbar" in text  # state of compliance
    assert "Was noch nicht barrierefrei ist" in text and "Gebärdensprache" in text
    for check_name in ("axe-core", "Nu Html Checker", "Linkprüfung", "Tastatur", "375"):
        assert check_name in text, check_name
    assert "Selbstbewertung" in text
    link = '<a href="https://www.schlichtungsstelle-bgg.de/">Schlichtungsstelle nach § 16 BGG</a>'
    assert link in html


def test_assessment_date_and_contact_come_from_the_build_and_the_configuration() -> None:
    config = Config(operator="Referat Beispiel", contact_email="barrieren@example.org")
    html = statement(config, dt.date(2027, 2, 3))
    assert "am 3. Februar 2027 mit der Veröffentlichung" in html
    assert "Referat Beispiel" in html
    assert '<a href="mailto:barrieren@example.org">barrieren@example.org</a>' in html
    assert "21. November 2026" not in html
