"""Write stage: put outputs, static files and materials into a staging folder that
replaces the output folder only when the whole build succeeded."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .model import Catalogue, Link
from .render import Output


@contextlib.contextmanager
def staging(out_dir: Path) -> Iterator[Path]:
    """Yield an empty sibling folder; on success swap it in for `out_dir`, else remove it."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = out_dir.parent / f".{out_dir.name}-old-{tmp.name.rsplit('-', 1)[-1]}"
    if out_dir.exists():
        out_dir.rename(old)
    tmp.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)


def write_outputs(target: Path, outputs: Iterable[Output]) -> int:
    count = 0
    for output in outputs:
        path = target / output.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(output.content, bytes):
            path.write_bytes(output.content)
        else:
            path.write_text(output.content, encoding="utf-8")
        count += 1
    return count


def copy_assets(target: Path, catalogue: Catalogue, static_dir: Path) -> int:
    """Copy static/ and every material file referenced by a record."""
    shutil.copytree(static_dir, target / "static", dirs_exist_ok=True)
    files: list[Link] = []
    for project in catalogue.projects:
        files += [link for link in (*project.links, *project.materials) if link.source]
    for event in catalogue.events:
        files += [link for link in event.documents if link.source]
    for link in files:
        assert link.source is not None and link.file is not None
        destination = target / link.file
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(link.source, destination)
    return len(files)
