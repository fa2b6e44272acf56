"""The Hugo side of the build benchmark: the same records as a Hugo site with a minimal theme.

The theme is written here, not downloaded: a base layout, a project page (with Pagefind
filters and metadata inside `data-pagefind-body`, like ours), an event page listing the
presented projects, section lists, taxonomy term pages for Bundesland, Handlungsfeld,
Zielgruppe, Trägerart and Träger (our facet and carrier pages). Output: HTML for every page,
RSS for the home page, a sitemap.

Deliberately without Hugo's related content (`.Site.RegularPages.Related`), although our pages
list three related projects: Hugo ranks every candidate sharing a Bundesland, which grows with
the square of the catalogue (3,000 projects: 16.5 s CPU with it, 5.1 s without), so with it the
comparison would flatter us. This is the leaner Hugo a user would start from. For the same
reason the carriers on a project page are linked from the front matter (`urlize`), not through
`.GetTerms "traeger"`, which in Hugo 0.111 costs more the more carriers there are (10,000
projects: 91 s of template time with it, 19 s without).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generate import Record

from katalog.compounds import compound_parts

CONFIG = """\
baseURL = "http://127.0.0.1/"
languageCode = "de"
title = "Katalog Präventionskooperation (Hugo-Vergleich)"
disableKinds = []
buildFuture = true
[taxonomies]
bundesland = "bundesland"
handlungsfeld = "handlungsfeld"
zielgruppe = "zielgruppe"
traegerart = "traegerart"
traeger = "traeger"
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
"""

LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ end }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "" | relURL }}">{{ site.Title }}</a>
<nav><ul>
<li><a href="{{ "projekte/" | relURL }}">Projekte</a></li>
<li><a href="{{ "veranstaltungen/" | relURL }}">Veranstaltungen</a></li>
<li><a href="{{ "traeger/" | relURL }}">Träger</a></li>
<li><a href="{{ "bundesland/" | relURL }}">Bundesländer</a></li>
</ul></nav></header>
<main id="inhalt">
{{ block "main" . }}{{ end }}
</main>
<footer><p>Alle Einträge sind erfundene Beispiele.</p></footer>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article data-pagefind-body>
<data data-pagefind-filter="typ[value]" value="Projekt"></data>
{{ range .Params.bundesland }}<data data-pagefind-filter="bundesland[value]" value="{{ . }}"></data>
{{ end }}{{ range .Params.handlungsfeld }}<data data-pagefind-filter="handlungsfeld[value]" value="{{ . }}"></data>
{{ end }}{{ range .Params.zielgruppe }}<data data-pagefind-filter="zielgruppe[value]" value="{{ . }}"></data>
{{ end }}{{ range .Params.traegerart }}<data data-pagefind-filter="traegerart[value]" value="{{ . }}"></data>
{{ end }}<data data-pagefind-filter="jahr[value]" value="{{ .Params.year }}"></data>
<data data-pagefind-sort="beginn[value]" value="{{ .Params.start }}"></data>
<data data-pagefind-meta="summary[value]" value="{{ .Params.summary }}"></data>
{{ with .Params.parts }}<p hidden data-pagefind-weight="0.5">{{ . }}</p>
{{ end }}<h1>{{ .Title }}</h1>
<p class="lead">{{ .Params.summary }}</p>
<dl class="facts">
<dt>Träger</dt><dd><ul>{{ range .Params.traeger }}<li><a href="{{ printf "/traeger/%s/" (urlize .) | relURL }}">{{ . }}</a></li>{{ end }}</ul></dd>
<dt>Bundesland</dt><dd><ul>{{ range .GetTerms "bundesland" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>
<dt>Ort</dt><dd>{{ .Params.city }}</dd>
<dt>Zeitraum</dt><dd>{{ .Params.start }}{{ with .Params.end }} bis {{ . }}{{ end }}</dd>
<dt>Handlungsfelder</dt><dd><ul>{{ range .GetTerms "handlungsfeld" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>
<dt>Zielgruppen</dt><dd><ul>{{ range .GetTerms "zielgruppe" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>
</dl>
{{ .Content }}
</article>
{{ end }}
""",
    "veranstaltungen/single.html": """\
{{ define "main" }}
<article data-pagefind-body>
<data data-pagefind-filter="typ[value]" value="Veranstaltung"></data>
<data data-pagefind-meta="summary[value]" value="{{ .Params.summary }}"></data>
{{ with .Params.parts }}<p hidden data-pagefind-weight="0.5">{{ . }}</p>
{{ end }}<h1>{{ .Title }}</h1>
<p class="lead">{{ .Params.summary }}</p>
<p>{{ .Params.start }} in {{ .Params.city }} · {{ .Params.organiser }}</p>
{{ .Content }}
</article>
<h2>Vorgestellte Projekte</h2>
<ul>
{{ range .Params.projects }}{{ with site.GetPage (printf "/projekte/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><br>{{ .Params.summary }}</li>{{ end }}
{{ end }}
</ul>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><br>{{ .Params.summary }}</li>
{{ end }}
</ul>
{{ end }}
""",
    "_default/taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
""",
    "_default/term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><br>{{ .Params.summary }}</li>
{{ end }}
</ul>
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
<h2>Neueste Projekte</h2>
<ul>
{{ range first 4 (where site.RegularPages.ByDate.Reverse "Section" "projekte") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ul>
{{ end }}
""",
}


def write_hugo(
    folder: Path, items: list[Record], labels: dict[str, dict[str, str]], parts: bool = False
) -> None:
    """Write a Hugo site (config, theme layouts, content) holding the same records; with
    `parts`, each page also carries the hidden paragraph of compound-word parts that our
    pages carry (katalog/compounds.py, from the same texts), so that Pagefind indexes as much
    on both sides."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (folder / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "layouts" / name).write_text(text, encoding="utf-8")
    (folder / "static").mkdir(exist_ok=True)
    (folder / "static" / "style.css").write_text("body{font-family:sans-serif}\n")
    for section, title in (("projekte", "Projekte"), ("veranstaltungen", "Veranstaltungen")):
        (folder / "content" / section).mkdir(parents=True, exist_ok=True)
        index = json.dumps({"title": title}, ensure_ascii=False)
        (folder / "content" / section / "_index.md").write_text(index + "\n", encoding="utf-8")
    for record in items:
        d = record.data
        front: dict[str, Any]
        if record.kind == "project":
            front = {
                "title": d["title"],
                "date": d["start"] + "-01",
                "summary": d["summary"],
                "city": d["city"],
                "start": d["start"],
                "end": d.get("end"),
                "year": d["start"][:4],
                "bundesland": d["states"],
                "handlungsfeld": [labels["activity"][a] for a in d["activities"]],
                "zielgruppe": [labels["target_group"][t] for t in d["target_groups"]],
                "traegerart": sorted({labels["carrier_type"][c["type"]] for c in d["carriers"]}),
                "traeger": [c["name"] for c in d["carriers"]],
            }
            body = "\n\n".join(
                [
                    "## Beschreibung",
                    d["description"],
                    "## Ausgangssituation",
                    d["starting_situation"],
                    "## Ziele",
                    d["goals"],
                    "## Ergebnisse",
                    d["results"],
                ]
            )
            path = folder / "content" / "projekte" / f"{record.slug}.md"
        else:
            front = {k: d[k] for k in ("title", "summary", "start", "city", "organiser")}
            front["date"] = d["start"] + "-01"
            front["projects"] = d["projects"]
            body = record.body
            path = folder / "content" / "veranstaltungen" / f"{record.slug}.md"
        if parts:
            front["parts"] = compound_parts(_searched_texts(record))
        text = json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + body + "\n"
        path.write_text(text, encoding="utf-8")


def _searched_texts(record: Record) -> list[str | None]:
    """The texts our templates split into compound parts (templates/partials/pagefind_*.html),
    as Markdown rather than rendered: the words are the same."""
    d = record.data
    if record.kind == "project":
        fields: tuple[str, ...] = ("title", "summary", "description", "starting_situation")
        fields += ("goals", "results")
        texts = [d.get(f) for f in fields] + [d.get("partner_text"), d.get("city")]
        return texts + [c["name"] for c in d["carriers"]]
    fields = ("title", "summary")
    return [d.get(f) for f in fields] + [
        record.body,
        d.get("venue"),
        d.get("organiser"),
        d.get("city"),
    ]
