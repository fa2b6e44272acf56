"""How to cite a record: a German citation line, BibTeX, RIS and CSL-JSON (pure).

The date cited is the record's last change (from git, else its review or report date),
never the build's clock, so the files stay the same between builds of the same content.
"""

from __future__ import annotations

import re
from typing import Any

from .jsontext import pretty
from .model import Catalogue, Event, Project, german_date

FORMATS = {  # file suffix → German name on the page
    "bib": "BibTeX",
    "ris": "RIS",
    "csl.json": "CSL-JSON",
}


def line(record: Project | Event, catalogue: Catalogue) -> str:
    """`Herausgeber (Hrsg.): „Titel“. In: Katalog. Stand: 21. November 2026. URL`"""
    config = catalogue.config
    title = record.title.replace("„", "‚").replace("“", "‘")  # quotes inside quotes
    return (
        f"{config.operator} (Hrsg.): „{title}“. In: {config.title}. "
        f"Stand: {german_date(record.changed_on)}. {config.absolute(record.url)}"
    )


def file(suffix: str, record: Project | Event, catalogue: Catalogue) -> str:
    """The citation file with `suffix` (a key of FORMATS)."""
    make = {"bib": bibtex, "ris": ris, "csl.json": csl_json}[suffix]
    return make(record, catalogue)


_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_BIBTEX_REPLACE = {
    "\\": r"\textbackslash{}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def _tex(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        char = match.group(1)
        return _BIBTEX_REPLACE.get(char, "\\" + char)

    return _BIBTEX_SPECIAL.sub(escape, text)


def bibtex(record: Project | Event, catalogue: Catalogue) -> str:
    config = catalogue.config
    day = record.changed_on
    kind = "projekt" if isinstance(record, Project) else "veranstaltung"
    fields = {
        "author": "{" + _tex(config.operator) + "}",  # a body, not a person: keep it whole
        "title": _tex(record.title),
        "howpublished": _tex(config.title),
        "year": str(day.year),
        "month": str(day.month),
        "date": day.isoformat(),
        "url": config.absolute(record.url),
        "note": _tex(f"Stand: {german_date(day)}"),
        "language": "german",
    }
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items())
    return f"@misc{{{kind}-{record.slug},\n{body}\n}}\n"


def ris(record: Project | Event, catalogue: Catalogue) -> str:
    config = catalogue.config
    day = record.changed_on
    tags = [
        ("TY", "ELEC"),
        ("AU", config.operator),
        ("TI", record.title),
        ("T2", config.title),
        ("PB", config.operator),
        ("PY", str(day.year)),
        ("DA", day.strftime("%Y/%m/%d")),
        ("UR", config.absolute(record.url)),
        ("LA", "de"),
        ("ER", ""),
    ]
    # RIS is line-based: a line break inside a value would start a new tag
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in tags)


def csl_json(record: Project | Event, catalogue: Catalogue) -> str:
    config = catalogue.config
    day = record.changed_on
    item: dict[str, Any] = {
        "id": f"{catalogue.config.base_url}{record.url}",
        "type": "webpage",
        "title": record.title,
        "author": [{"literal": config.operator}],
        "publisher": config.operator,
        "container-title": config.title,
        "issued": {"date-parts": [[day.year, day.month, day.day]]},
        "URL": config.absolute(record.url),
        "language": "de-DE",
    }
    return pretty([item])
