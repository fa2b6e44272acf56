"""Link check over a built site: internal links always, external links on request.

External checks are bounded: a timeout per request, a fixed number of worker threads and
a deadline for the whole run; links not checked by then are reported as such.
"""

from __future__ import annotations

import concurrent.futures
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")}
_SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")
USER_AGENT = "katalog-check-links/1 (+Katalog Präventionskooperation)"


@dataclass(frozen=True)
class Broken:
    url: str
    reason: str
    pages: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.pages[:3]) + (" …" if len(self.pages) > 3 else "")
        return f"{self.url} – {self.reason} (auf: {where})"


@dataclass
class Report:
    pages: int = 0
    internal: int = 0
    external: int = 0
    broken: list[Broken] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            if (tag, name) in _ATTRIBUTES:
                self.links.append(value.strip())


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def collect(site: Path, base_url: str) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Map every internal target (site path + fragment) and external URL to the pages using it.

    Absolute links to `base_url` count as internal.
    """
    internal: dict[str, set[str]] = {}
    external: dict[str, set[str]] = {}
    base_path = "/" + base_url.split("://", 1)[-1].partition("/")[2]
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        if name.startswith("pagefind/"):
            continue
        here = "http://site.invalid/" + name
        for link in _parse(page).links:
            if not link or link.startswith(_SKIPPED_SCHEMES):
                continue
            if base_url and link.startswith(base_url):
                link = "/" + link[len(base_url) :]
            elif link.startswith(base_path):  # root-relative, as on the 404 page
                link = "/" + link[len(base_path) :]
            absolute = urljoin(here, link)
            if absolute.startswith("http://site.invalid/"):
                target = absolute.removeprefix("http://site.invalid/").split("?", 1)[0]
                internal.setdefault(target, set()).add(name)
            elif absolute.startswith(("http://", "https://")):
                external.setdefault(absolute.split("#", 1)[0], set()).add(name)
    return internal, external


def check_internal(site: Path, targets: dict[str, set[str]]) -> list[Broken]:
    broken: list[Broken] = []
    ids: dict[Path, set[str]] = {}
    for target, pages in sorted(targets.items()):
        path_part, _, fragment = target.partition("#")
        file = site / unquote(path_part)
        if path_part == "" or path_part.endswith("/") or file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            broken.append(Broken(target, "Datei fehlt", tuple(sorted(pages))))
            continue
        if fragment and file.suffix == ".html":
            if file not in ids:
                ids[file] = _parse(file).ids
            if unquote(fragment) not in ids[file]:
                broken.append(Broken(target, "Sprungmarke fehlt", tuple(sorted(pages))))
    return broken


def fetch_status(url: str, timeout: float) -> str | None:
    """None if the URL answers with success (after redirects), else the reason in German."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read(1024)
                return None
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in (403, 405, 501):
                continue  # some servers refuse HEAD; ask again with GET
            return f"HTTP {err.code}"
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as err:
            reason = getattr(err, "reason", err)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                return f"keine Antwort innerhalb von {timeout:g} s"
            return f"nicht erreichbar ({reason})"
    return "HTTP-Fehler"


def check_external(
    urls: dict[str, set[str]], timeout: float, workers: int, deadline: float
) -> tuple[list[Broken], list[str]]:
    """Check URLs in parallel; return the broken ones and those left when the deadline hit."""
    broken: list[Broken] = []
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers)
    futures = {pool.submit(fetch_status, url, timeout): url for url in sorted(urls)}
    done, pending = concurrent.futures.wait(futures, timeout=max(0.0, deadline - time.monotonic()))
    pool.shutdown(wait=False, cancel_futures=True)
    for future in done:
        url = futures[future]
        reason = future.result()
        if reason is not None:
            broken.append(Broken(url, reason, tuple(sorted(urls[url]))))
    return sorted(broken, key=lambda b: b.url), sorted(futures[f] for f in pending)


def check_links(
    site: Path,
    base_url: str,
    external: bool = False,
    timeout: float = 10.0,
    workers: int = 8,
    max_seconds: float = 300.0,
) -> Report:
    internal_targets, external_urls = collect(site, base_url)
    report = Report(pages=sum(1 for _ in site.rglob("*.html")), internal=len(internal_targets))
    report.broken = check_internal(site, internal_targets)
    if external:
        report.external = len(external_urls)
        deadline = time.monotonic() + max_seconds
        broken, report.unchecked = check_external(external_urls, timeout, workers, deadline)
        report.broken += broken
    return report


def format_report(report: Report, external: bool) -> str:
    lines = [f"FEHLER {b}" for b in report.broken]
    lines += [f"NICHT GEPRÜFT (Zeitlimit) {url}" for url in report.unchecked]
    counted = f"{report.internal} interne Ziele"
    if external:
        counted += f" und {report.external} externe Adressen"
    result = "keine defekten Links" if not report.broken else f"{len(report.broken)} defekt"
    if report.unchecked:
        result += f", {len(report.unchecked)} nicht geprüft"
    lines.append(f"{counted} auf {report.pages} Seiten geprüft: {result}.")
    if not external:
        lines.append("Externe Links wurden nicht geprüft (dafür: --external).")
    return "\n".join(lines)
