"""Golden folder: tests/golden/content is built and compared file by file with
tests/golden/expected (Pagefind's hashed bundle and static/ are left out).

To accept an intended change of the output, run:

    KATALOG_ACCEPT_GOLDEN=1 python -m pytest tests/test_golden.py

and review the diff of tests/golden/expected in git before committing.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from conftest import TODAY, project_for

from katalog.config import Config
from katalog.pipeline import build

GOLDEN = Path(__file__).resolve().parent / "golden"
LEFT_OUT = ("pagefind/", "static/")


def files(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and not name.startswith(LEFT_OUT):
            found[name] = path.read_bytes().decode("utf-8", errors="replace")
    return found


def test_golden_site_matches_expected_output(tmp_path: Path) -> None:
    out = tmp_path / "site"
    # a copy outside the repository: dates then never depend on git history (a shallow
    # clone, a new commit); pages built from git are tested in test_history.py
    content = shutil.copytree(GOLDEN / "content", tmp_path / "content")
    build(
        project_for(content),
        out,
        Config(base_url="https://example.org/katalog/"),
        today=TODAY,
    )
    actual = files(out)
    expected_dir = GOLDEN / "expected"
    if os.environ.get("KATALOG_ACCEPT_GOLDEN") == "1":
        shutil.rmtree(expected_dir, ignore_errors=True)
        for name in actual:
            (expected_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / name).write_bytes((out / name).read_bytes())
    expected = files(expected_dir)
    assert sorted(actual) == sorted(expected), "a file was added or removed"
    diffs = []
    for name in sorted(expected):
        if actual[name] != expected[name]:
            diffs.extend(
                difflib.unified_diff(
                    expected[name].splitlines(),
                    actual[name].splitlines(),
                    f"expected/{name}",
                    f"actual/{name}",
                    lineterm="",
                    n=2,
                )
            )
    assert not diffs, "\n".join(diffs[:200]) + (
        "\n\nIf intended: KATALOG_ACCEPT_GOLDEN=1 python -m pytest tests/test_golden.py"
    )
