"""Python-Markdown instances for the Markdown fields, each without the processors that cannot
act on the text at hand.

Python-Markdown tries every preprocessor, block processor and inline pattern of its "extra"
extensions on every text, and most of them on every block and piece of text, although a
usual field has no table, footnote, link, heading or HTML. Each of them first needs some
character in the text (the regular expression in its `test` or `run`, in markdown/ and
markdown/extensions/): a link needs "[", a heading "#", indented code four spaces. A text
that has none of those is converted by an instance with that processor deregistered, which
gives the same HTML in about half the time (tests/test_markup.py compares both on random
Markdown-heavy texts). A processor missing from NEEDS is always kept.
"""

from __future__ import annotations

from functools import cache

import markdown

EXTENSIONS = ["extra", "sane_lists"]
DIGITS = tuple("0123456789")
INDENT = ("    ", "\t")  # Markdown widens a tab to four spaces

# registry -> processor name -> what it needs in the text (any one of them)
NEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "preprocessors": {
        "fenced_code_block": ("`", "~"),
        "html_block": ("<", "&"),  # an HTML parser over the whole text
    },
    "blockprocessors": {
        "markdown_block": ("<",),  # HTML blocks the html_block preprocessor stashed
        "indent": INDENT,
        "defindent": INDENT,
        "code": INDENT,
        "table": ("|",),
        "hashheader": ("#",),
        "setextheader": ("=", "-"),
        "hr": ("-", "*", "_"),
        "olist": DIGITS,
        "deflist": (":",),
        "quote": (">",),
        "footnote": ("[",),
        "abbr": ("[",),
        "reference": ("[",),
        "ulist": ("-", "*", "+"),
    },
    "inlinePatterns": {
        "backtick": ("`",),
        "escape": ("\\",),
        "footnote": ("[",),
        "reference": ("[",),
        "link": ("[",),
        "image_link": ("[",),
        "image_reference": ("[",),
        "short_reference": ("[",),
        "short_image_ref": ("[",),
        "autolink": ("<",),
        "automail": ("<",),
        "html": ("<",),
        # two spaces before a line break; a tab or a lone \r becomes white space or one
        "linebreak": (" \n", "\t", "\r"),
        "entity": ("&",),
        "em_strong": ("*", "_"),
    },
}
_ALL_NEEDS = tuple({n: None for table in NEEDS.values() for ns in table.values() for n in ns})


def for_text(text: str) -> markdown.Markdown:
    """The converter for `text`, reset (see converter)."""
    probe = text + "\n"  # Markdown ends the text with a line break
    present = frozenset(n for n in _ALL_NEEDS if n in probe)
    return converter(_kept(present)).reset()


@cache
def _kept(present: frozenset[str]) -> frozenset[tuple[str, str]]:
    """The processors, as (registry, name), that can act on a text in which the needs
    `present` occur."""
    return frozenset(
        (registry, name)
        for registry, table in NEEDS.items()
        for name, needs in table.items()
        if not present.isdisjoint(needs)
    )


@cache
def converter(kept: frozenset[tuple[str, str]] | None = None) -> markdown.Markdown:
    """One Markdown instance per set of `kept` processors (None: all of them), used for every
    field that needs those: building one loads and registers all the extensions again,
    which was most of the model stage. `reset()` clears its state (footnotes,
    abbreviations) between fields, so the output is what a new instance gives."""
    instance = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    if kept is not None:
        for registry, table in NEEDS.items():
            for name in table:
                if (registry, name) not in kept:
                    registry_of(instance, registry).deregister(name)
    return instance


def registry_of(instance: markdown.Markdown, registry: str) -> markdown.util.Registry[object]:
    """`instance`'s registry of that name (the block processors belong to its parser)."""
    owner = instance.parser if registry == "blockprocessors" else instance
    found: markdown.util.Registry[object] = getattr(owner, registry)
    return found
