"""Docs stay true: CONTRIBUTING.md's generated sections are current, and every CLI command
has help text and a row in the README's command table."""

from __future__ import annotations

import re

import click
from conftest import ROOT, SCHEMAS

from katalog import docs
from katalog.cli import main
from katalog.problems import CODES


def test_contributing_is_current() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert docs.render(text, SCHEMAS) == text, (
        "CONTRIBUTING.md is out of date with the schemas or the code table: "
        "run `python -m katalog.docs` and commit the result"
    )


def test_contributing_explains_every_code_and_every_field() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for code, meaning in CODES.items():
        assert f"| `{code}` | {meaning} |" in text
    for field in ("title", "carriers", "last_reviewed", "organiser", "kind"):
        assert f"| `{field}` |" in text


def test_contributing_describes_the_three_ways() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for heading in (
        "## Weg 1: das Formular „Projekt vorschlagen“",
        "## Weg 2: im Browser auf GitHub",
        "## Weg 3: auf dem eigenen Rechner",
    ):
        assert heading in text


def commands(group: click.Group, prefix: str = "katalog") -> dict[str, click.Command]:
    found: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        found[f"{prefix} {name}"] = command
        if isinstance(command, click.Group):
            found.update(commands(command, f"{prefix} {name}"))
    return found


def test_every_command_has_help_and_a_row_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `katalog")]
    for name, command in commands(main).items():
        assert (command.help or "").strip(), f"{name} has no help text"
        first_cells = [row.split(" | ", 1)[0] for row in rows]
        assert any(re.search(rf"`{name}[` \[]", cell) for cell in first_cells), (
            f"{name} missing in the README's command table"
        )
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts[0]} has no help text"


def test_contributing_lists_every_setting_of_katalog_toml_with_its_default() -> None:
    from katalog.config import config_schema

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for name, prop in config_schema()["properties"].items():
        assert f"| `{name}` | **{prop['title']}**. " in text
    assert '| `"dl-de/by-2-0"` | einer von: `dl-de/by-2-0` (Datenlizenz Deutschland' in text
