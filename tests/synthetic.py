"""Synthetic catalogues for tests that need more than the example: the benchmark's generator
(benchmarks/generate.py), written as content files into a temporary folder."""

from __future__ import annotations

import sys
from pathlib import Path

from katalog.schema import Schemas

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def synthetic_content(folder: Path, count: int, schemas: Schemas) -> Path:
    """`count` fictional projects and a tenth as many events in our content format."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from generate import records, write_ours
    finally:
        sys.path.remove(str(BENCHMARKS))
    enums = {name: list(values) for name, values in schemas.vocabulary.enums.items()}
    write_ours(folder, records(count, enums))
    return folder
