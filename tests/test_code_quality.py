"""ruff and mypy are part of the test suite, so CI fails on a lint or type error."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_finds_no_lint_problems() -> None:
    result = run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied() -> None:
    result = run("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes_on_the_package() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes_on_the_benchmarks() -> None:
    """The benchmarks import each other as top-level modules (they run as scripts)."""
    benchmarks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "benchmarks").glob("*.py"))
    assert "benchmarks/bench_build.py" in benchmarks
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", *benchmarks],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": str(ROOT / "benchmarks")},
    )
    assert result.returncode == 0, result.stdout + result.stderr
