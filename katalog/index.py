"""Index stage: run the real Pagefind binary (from the pagefind[bin] package) over the site."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .problems import BuildError


def pagefind_executable() -> Path:
    try:
        import pagefind_bin
    except ImportError as err:  # pragma: no cover - a packaging fault, not content
        raise BuildError("Pagefind fehlt. Bitte installieren: pip install 'pagefind[bin]'") from err
    path: Path = pagefind_bin.get_executable()
    return path


# Only project and event pages carry `data-pagefind-body`; Pagefind would parse every other
# page just to skip it (half its time and memory at 10,000 projects).
SEARCHED_PAGES = "{projekte,veranstaltungen}/*/index.html"


def pagefind_command(site: Path) -> list[str]:
    return [
        str(pagefind_executable()),
        *("--site", str(site), "--force-language", "de", "--glob", SEARCHED_PAGES),
    ]


def index_site(site: Path) -> str:
    """Index `site` in German; return Pagefind's own summary. Fails the build on error."""
    command = pagefind_command(site)
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise BuildError(f"Pagefind konnte nicht ausgeführt werden: {err}") from err
    if result.returncode != 0 or not (site / "pagefind" / "pagefind.js").is_file():
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BuildError(f"Pagefind ist fehlgeschlagen (Exit-Code {result.returncode}):\n{detail}")
    return result.stdout
