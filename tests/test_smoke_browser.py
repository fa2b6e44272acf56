"""The example site opens in real Chromium (its search: tests/test_search_browser.py)."""

from __future__ import annotations

from typing import Any


def test_home_page_renders_in_chromium_with_german_language(page: Any, site_url: str) -> None:
    page.goto(site_url)
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").count() == 1
    assert page.guard.console_errors == []
