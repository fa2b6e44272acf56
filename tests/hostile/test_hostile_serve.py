"""The preview server (`katalog serve`) under hostile requests and content: a NUL in the
address, a binary file without an extension, and content that once crashed the build."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from cases import files, project
from conftest import copy_project, project_for, write_tree

from katalog.config import Config
from katalog.serve import Handler, Preview

BINARY = bytes(range(256))


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, Preview]]:
    out = write_tree(
        tmp_path / "site",
        {
            "index.html": "<!DOCTYPE html><html><body><p>Start</p></body></html>",
            "daten/blob": BINARY,
        },
    )
    folder = copy_project(tmp_path / "projekt", files())
    state = Preview(project_for(folder / "content"), out, Config())
    Handler.preview = state
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(out))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", state
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_a_nul_in_the_address_is_refused(preview: tuple[str, Preview]) -> None:
    url, _ = preview
    assert get(url + "%00") == (400, "Ungültige Adresse.\n".encode())
    assert get(url + "projekte/%00/index.html")[0] == 400


def test_a_binary_file_without_an_extension_is_served_as_it_is(
    preview: tuple[str, Preview],
) -> None:
    url, _ = preview
    assert get(url + "daten/blob") == (200, BINARY)


def test_content_that_crashed_the_build_shows_german_problems(
    preview: tuple[str, Preview],
) -> None:
    url, state = preview
    content = state.project.content
    write_tree(content, files(project(**{'start: "2019-05"': 'start: "2024-02-30"'})))
    report = state.rebuild()
    assert "K205" in report and "Traceback" not in report
    status, page = get(url)
    text = page.decode("utf-8")
    assert status == 500
    assert "Den 30. Tag im Monat 2 des Jahres 2024 gibt es nicht." in text
    assert "ValueError" not in text and "day is out of range" not in text
