"""The example site opens in real Chromium, and its search finds a record."""

from __future__ import annotations

from typing import Any


def test_home_page_renders_in_chromium_with_german_language(page: Any, site_url: str) -> None:
    page.goto(site_url)
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").count() == 1
    assert page.guard.console_errors == []


def test_pagefind_search_finds_a_project_in_the_real_index(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}suche/?q=Fu%C3%9Fball")
    first = page.locator(".pagefind-ui__result-link").first
    first.wait_for(timeout=10_000)
    titles = page.locator(".pagefind-ui__result-link").all_inner_texts()
    assert any("Fußball" in t or "Fussball" in t for t in titles), titles
    assert page.guard.console_errors == []
