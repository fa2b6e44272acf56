"""The workflows' own `run:` steps, executed in order with bash on a fresh copy of the
repository, as a local stand-in for the GitHub runner: the deploy job's build and the
pull-request fast path. The artifact folder is then checked the way Pages serves it, below
/katalog/ on 127.0.0.1.

One virtual environment (the lock file installed with hashes) is shared by both jobs; each
job's own install step then runs in it, so `pip install --no-deps .` installs the generator
as it ships (not editable)."""

from __future__ import annotations

import html.parser
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import yaml
from conftest import ROOT, fresh_copy, serve

from katalog.config import load_config

PAGES_URL = "https://example.github.io/katalog"  # what configure-pages gives a project site
EXPRESSIONS = {"steps.pages.outputs.base_url": PAGES_URL}
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def substitute(text: str) -> str:
    """Fill the `${{ … }}` expressions a runner would; an unknown one fails the test."""

    def value(match: re.Match[str]) -> str:
        if match[1] not in EXPRESSIONS:
            pytest.fail(f"no stand-in for the expression ${{{{ {match[1]} }}}}", pytrace=False)
        return EXPRESSIONS[match[1]]

    return EXPRESSION.sub(value, text)


@pytest.fixture(scope="session")
def runner_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with requirements/publish.txt installed (hashes checked):
    what setup-python and the pip cache give the runner before the job's install step."""
    venv = tmp_path_factory.mktemp("runner") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    installed = subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "install", "-q", "--require-hashes", "-r",
         str(ROOT / "requirements/publish.txt")],
        capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return venv


def run_job(workflow: str, job: str, venv: Path, workspace: Path) -> dict[str, Any]:
    """Run the job's `run:` steps in order, like the runner's `bash -e -o pipefail`."""
    spec = yaml.safe_load((ROOT / ".github/workflows" / workflow).read_text(encoding="utf-8"))
    steps: list[dict[str, Any]] = spec["jobs"][job]["steps"]
    repo = fresh_copy(workspace / "repo")
    runner = workspace / "runner"
    runner.mkdir()
    base_env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", str(workspace)),
        "LANG": "C.UTF-8",
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_OUTPUT": str(runner / "output"),
        "GITHUB_ENV": str(runner / "env"),
        "GITHUB_STEP_SUMMARY": str(runner / "summary"),
    }
    ran = []
    for step in steps:
        if "run" not in step:
            continue
        env = base_env | {k: substitute(str(v)) for k, v in (step.get("env") or {}).items()}
        script = substitute(step["run"])
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script],
            cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=600,
        )  # fmt: skip
        assert result.returncode == 0, f"{step.get('name')}:\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stdout + result.stderr
        ran.append(step.get("name") or step["run"])
    uploads = [s for s in steps if "upload" in s.get("uses", "")]
    assert len(uploads) == 1
    return {"repo": repo, "ran": ran, "artifact": repo / uploads[0]["with"]["path"]}


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.canonical: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "canonical" and values.get("href"):
            self.canonical.append(values["href"] or "")
        for name in ("href", "src", "action"):
            if values.get(name):
                self.links.append(values[name] or "")


def check_artifact(site: Path, base_url: str) -> int:
    """index.html, the Pagefind index, no symlinks, sitemap and canonical links under
    `base_url`, and every internal link answered with 200 when served below /katalog/.
    Returns how many distinct internal addresses were fetched."""
    assert base_url.endswith("/katalog/")
    assert (site / "index.html").is_file()
    assert (site / "pagefind/pagefind.js").is_file()
    assert any((site / "pagefind").glob("index/*.pf_index"))
    assert [p for p in site.rglob("*") if p.is_symlink()] == []

    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locs = [e.text or "" for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) > 20
    assert [loc for loc in locs if not loc.startswith(base_url)] == []
    assert f"Sitemap: {base_url}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")

    served = site.parent / "served"
    served.mkdir()
    (served / "katalog").symlink_to(site.resolve(), target_is_directory=True)
    root, stop = serve(served)
    local = root + "katalog/"
    try:
        targets: dict[str, str] = {}
        pages = sorted(site.rglob("*.html"))
        for page in pages:
            relative = page.relative_to(site).as_posix()
            address = local + relative.removesuffix("index.html")
            parser = _Links()
            parser.feed(page.read_text(encoding="utf-8"))
            if relative != "404.html":
                assert parser.canonical == [base_url + relative.removesuffix("index.html")]
            for link in parser.links:
                if link.startswith(base_url):
                    link = local + link.removeprefix(base_url)
                target = urldefrag(urljoin(address, link))[0]
                if urlsplit(target).netloc == urlsplit(local).netloc:
                    targets.setdefault(target, relative)
        broken = {}
        for target, found_on in sorted(targets.items()):
            try:
                with urllib.request.urlopen(target, timeout=10) as answer:
                    status = answer.status
            except urllib.error.HTTPError as error:
                status = error.code
            if status != 200 or not target.startswith(local):
                broken[target] = f"{status} (auf {found_on})"
        assert broken == {}, broken
    finally:
        stop()
    return len(targets)


def test_deploy_build_job_steps_produce_a_publishable_artifact(
    runner_venv: Path, tmp_path: Path
) -> None:
    job = run_job("deploy.yml", "build", runner_venv, tmp_path)
    assert job["ran"] == ["Installieren", "Inhalte prüfen", "Website bauen", "Interne Links prüfen"]
    assert check_artifact(job["artifact"], PAGES_URL + "/") > 100
    pip = [str(runner_venv / "bin/python"), "-m", "pip"]
    installed = subprocess.run(
        [*pip, "show", "-f", "katalog-praeventionskooperation"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Editable project location" not in installed  # the package as it ships
    assert "katalog/config.schema.json" in installed


def test_pull_request_fast_path_steps_produce_a_checked_preview(
    runner_venv: Path, tmp_path: Path
) -> None:
    job = run_job("pull-request.yml", "content", runner_venv, tmp_path)
    assert job["ran"] == ["Installieren", "Inhalte prüfen", "Website bauen", "Interne Links prüfen"]
    base_url = load_config(ROOT / "katalog.toml").base_url  # no --base-url in a pull request
    assert check_artifact(job["artifact"], base_url) > 100
