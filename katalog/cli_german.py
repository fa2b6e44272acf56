"""German help screens for the command line, through click's own extension points
(a formatter on the context, and the command and group classes)."""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

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
    """A group with German help and errors; `aliases` maps extra names to commands
    (e.g. `projekt` → `project`)."""

    context_class = GermanContext
    command_class = GermanCommand

    def __init__(self, *args: Any, aliases: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aliases = aliases or {}

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

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, self.aliases.get(cmd_name, cmd_name))

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            names = [*self.list_commands(ctx), *self.aliases]
            raise click.UsageError(
                f"Unbekannter Befehl »{name}«.{_suggest(name, names)} "
                f"Befehle: {', '.join(self.list_commands(ctx))}.",
                ctx,
            )
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """click's main(), with every error shown in German (exit code 2 for usage errors)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as error:
            show_error(error)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Abgebrochen.", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


GermanGroup.group_class = GermanGroup


# Usage errors: click raises them with English text (through gettext, untranslated); the
# group's main() catches every ClickException and shows it in German, with a suggestion.

_VALUE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), german_text)
    for pattern, german_text in (
        (r"^'?(?P<v>.*?)'? is not (?:one of )?'.*\.$", "»{v}« ist nicht erlaubt."),
        (r"^(?P<v>.*) is not in the range .*\.$", "»{v}« liegt nicht im erlaubten Bereich."),
        (r"^'(?P<v>.*)' is not a valid integer(?: range)?\.$", "»{v}« ist keine ganze Zahl."),
        (r"^'(?P<v>.*)' is not a valid float(?: range)?\.$", "»{v}« ist keine Zahl."),
        (r"^(?:Directory|File|Path) '(?P<v>.*)' does not exist\.$", "»{v}« gibt es nicht."),
        (r"^(?:Directory|File|Path) '(?P<v>.*)' is a file\.$", "»{v}« ist eine Datei."),
        (r"^(?:Directory|File|Path) '(?P<v>.*)' is a directory\.$", "»{v}« ist ein Ordner."),
        (
            r"^(?:Directory|File|Path) '(?P<v>.*)' is not (?:readable|writable)\.$",
            "»{v}« ist nicht les- oder schreibbar.",
        ),
    )
)


def _closest(word: str, candidates: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _suggest(word: str, candidates: Iterable[str]) -> str:
    best = _closest(word, candidates)
    return f" Meinten Sie »{best}«?" if best else ""


def _param_name(param: click.Parameter | None, ctx: click.Context | None) -> str:
    if param is None:
        return "?"
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return (param.human_readable_name or "?").upper()


def _allowed(param: click.Parameter | None) -> str:
    kind = param.type if param is not None else None
    if isinstance(kind, click.Choice):
        return " Erlaubt: " + ", ".join(map(str, kind.choices)) + "."
    if isinstance(kind, click.IntRange | click.FloatRange) and None not in (kind.min, kind.max):
        return f" Erlaubt: {kind.min} bis {kind.max}."
    return ""


def _bad_value(error: click.BadParameter) -> str:
    text = error.message
    for pattern, german_text in _VALUE_MESSAGES:
        match = pattern.match(text)
        if match:
            text = german_text.format(v=match["v"])
            break
    text += _allowed(error.param)
    kind = error.param.type if error.param is not None else None
    if isinstance(kind, click.Choice) and "»" in text:
        text += _suggest(text.split("»")[1].split("«")[0], map(str, kind.choices))
    return f"Ungültiger Wert für »{_param_name(error.param, error.ctx)}«: {text}"


def german_message(error: click.ClickException) -> str:
    """The German text of one of click's own usage errors (others are German already)."""
    if isinstance(error, click.NoSuchOption):
        options = error.ctx.command.params if error.ctx else []
        names = [name for p in options for name in getattr(p, "opts", [])]
        return f"Unbekannte Option »{error.option_name}«.{_suggest(error.option_name, names)}"
    if isinstance(error, click.MissingParameter):
        name = _param_name(error.param, error.ctx)
        return f"Die Angabe »{name}« fehlt.{_allowed(error.param)}"
    if isinstance(error, click.BadParameter):
        return _bad_value(error)
    if isinstance(error, click.BadOptionUsage):
        if "requires" in error.message:
            return f"Bei »{error.option_name}« fehlt der Wert dahinter."
        if "does not take a value" in error.message:
            return f"»{error.option_name}« nimmt keinen Wert."
    extra = re.match(r"^Got unexpected extra arguments? \((.*)\)$", error.message)
    if extra:
        return f"Unerwartete Angabe »{extra[1]}«. Optionen beginnen mit »--«."
    if error.message == "Missing command.":
        return "Bitte einen Befehl angeben."
    return error.message


_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())  # click 8.2+


def show_error(error: click.ClickException) -> None:
    """Print an error the way click does, in German. A list of problems (whose lines start
    with `path:line:column`) is printed without a prefix, so tools can read every line."""
    if isinstance(error, _NO_ARGS_IS_HELP):  # `katalog new` alone: its help, as click shows it
        error.show()
        return
    if isinstance(error, click.UsageError) and error.ctx is not None:
        ctx = error.ctx
        click.echo(f"{ctx.get_usage()}\nHilfe: {ctx.command_path} --help\n", err=True)
    if hasattr(error, "problems"):
        click.echo(error.format_message(), err=True)
    else:
        click.echo(f"Fehler: {german_message(error)}", err=True)
