"""German help screens for the command line, through click's own extension points
(a formatter on the context, and the command and group classes)."""

from __future__ import annotations

from collections.abc import Iterable

import click

HEADINGS = {"Options": "Optionen", "Commands": "Befehle", "Arguments": "Argumente"}
WORDS = (
    ("[OPTIONS]", "[OPTIONEN]"),
    ("COMMAND [ARGS]...", "BEFEHL [ARGUMENTE]..."),
    ("[default: ", "[Standard: "),
    ("[required]", "[Pflichtangabe]"),
    ("DIRECTORY", "ORDNER"),
    ("FILE", "DATEI"),
    ("INTEGER RANGE", "ZAHL"),
    ("INTEGER", "ZAHL"),
    ("FLOAT", "ZAHL"),
    ("TEXT", "TEXT"),
)
HELP_TEXT = "Diese Hilfe anzeigen und beenden."


def german(text: str) -> str:
    for english, translated in WORDS:
        text = text.replace(english, translated)
    return text


class GermanFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, german(args), prefix="Aufruf: ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl([(german(a), german(b)) for a, b in rows], col_max, col_spacing)


class GermanContext(click.Context):
    formatter_class = GermanFormatter


def _german_help(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = HELP_TEXT
    return option


class GermanCommand(click.Command):
    context_class = GermanContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _german_help(super().get_help_option(ctx))


class GermanGroup(click.Group):
    context_class = GermanContext
    command_class = GermanCommand

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _german_help(super().get_help_option(ctx))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its whole first sentence (click cuts it off with »...«)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=300)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


GermanGroup.group_class = GermanGroup
