"""Material files (links with `file:`): which files may be published from our origin.

A material is copied verbatim into the site, so only types a browser never runs as a page
or script are allowed (no HTML, SVG, JavaScript, no content records), each checked by its
first bytes as well as by its extension, below a size cap and under a name every operating
system can store.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
PATH_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")  # the schema's pattern, as fullmatch
# names Windows cannot store whatever the extension (CON.pdf, com1.txt …)
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{d}{n}" for d in ("com", "lpt") for n in "123456789"
}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc, .xls, .ppt


def _starts(*signatures: bytes) -> Callable[[Path, bytes], bool]:
    return lambda _path, head: head.startswith(signatures)


def _webp(_path: Path, head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _mp4(_path: Path, head: bytes) -> bool:
    return head[4:8] == b"ftyp"


def _ooxml(folder: str) -> Callable[[Path, bytes], bool]:
    """Word, Excel, PowerPoint files: a ZIP with [Content_Types].xml and their own folder."""

    def check(path: Path, head: bytes) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return False
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return check


def _odf(kind: str) -> Callable[[Path, bytes], bool]:
    """OpenDocument files: a ZIP whose first entry `mimetype` names the kind."""
    expected = f"application/vnd.oasis.opendocument.{kind}".encode()

    def check(path: Path, head: bytes) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(path) as archive, archive.open("mimetype") as entry:
                return entry.read(len(expected) + 1) == expected
        except (zipfile.BadZipFile, KeyError, OSError):
            return False

    return check


def _plain_text(path: Path, _head: bytes) -> bool:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)


# extension -> (German name of the type, check of the content)
ALLOWED: dict[str, tuple[str, Callable[[Path, bytes], bool]]] = {
    "pdf": ("PDF-Dokument", _starts(b"%PDF-")),
    "png": ("PNG-Bild", _starts(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("JPEG-Bild", _starts(b"\xff\xd8\xff")),
    "jpeg": ("JPEG-Bild", _starts(b"\xff\xd8\xff")),
    "gif": ("GIF-Bild", _starts(b"GIF87a", b"GIF89a")),
    "webp": ("WebP-Bild", _webp),
    "mp4": ("MP4-Video", _mp4),
    "docx": ("Word-Dokument", _ooxml("word/")),
    "xlsx": ("Excel-Tabelle", _ooxml("xl/")),
    "pptx": ("PowerPoint-Präsentation", _ooxml("ppt/")),
    "doc": ("Word-Dokument", _starts(OLE)),
    "xls": ("Excel-Tabelle", _starts(OLE)),
    "ppt": ("PowerPoint-Präsentation", _starts(OLE)),
    "odt": ("OpenDocument-Text", _odf("text")),
    "ods": ("OpenDocument-Tabelle", _odf("spreadsheet")),
    "odp": ("OpenDocument-Präsentation", _odf("presentation")),
    "txt": ("Textdatei (UTF-8)", _plain_text),
    "csv": ("CSV-Tabelle (UTF-8)", _plain_text),
}


def output_name(name: str) -> str:
    """The file name a material gets in the site (beside the record's page)."""
    return name.rsplit("/", 1)[-1]


def material_problem(folder: Path, shown: str, name: str) -> tuple[str, str] | None:
    """(code, German message) when `name` (relative to `folder`, shown to editors as `shown`)
    may not be published. Names not of the schema's form are left to the schema's problem."""
    if not PATH_RE.fullmatch(name):
        return None
    base = folder.resolve()
    target = (base / name).resolve()
    if not target.is_relative_to(base):
        return (
            "K305",
            f"Die Datei »{name}« liegt außerhalb des Ordners {shown}/. "
            "Bitte die Datei dort ablegen und den Pfad relativ angeben.",
        )
    for part in name.split("/"):
        if part.split(".", 1)[0].casefold() in WINDOWS_RESERVED:
            return (
                "K306",
                f"»{part}« ist unter Windows ein reservierter Name und lässt sich dort nicht "
                "speichern. Bitte die Datei umbenennen.",
            )
    allowed = ", ".join("." + e for e in ALLOWED)
    extension = output_name(name).rpartition(".")[2].casefold() if "." in output_name(name) else ""
    if extension not in ALLOWED:
        return (
            "K306",
            f"Dateien der Art ».{extension}« werden nicht veröffentlicht. Erlaubt sind {allowed}; "
            "Webseiten, SVG-Bilder, Skripte und Einträge (.yaml, .md) nicht."
            if extension
            else f"»{name}« hat keine Dateiendung. Erlaubt sind {allowed}.",
        )
    if not target.is_file():
        return (
            "K304",
            f"Die Datei »{name}« gibt es nicht (gesucht in {shown}/). "
            "Bitte Dateinamen und Groß-/Kleinschreibung prüfen.",
        )
    size = target.stat().st_size
    if size > MAX_BYTES:
        return (
            "K307",
            f"Die Datei »{name}« ist {size / 1024 / 1024:.0f} MB groß; erlaubt sind höchstens "
            f"{MAX_BYTES // 1024 // 1024} MB. Große Dateien bitte auf einer anderen Website "
            "ablegen und als Link (url) angeben.",
        )
    label, check = ALLOWED[extension]
    with target.open("rb") as handle:
        head = handle.read(16)
    if not check(target, head):
        return (
            "K306",
            f"Die Datei »{name}« ist laut Endung ein {label}, ihr Inhalt ist aber keins. "
            "Bitte die richtige Datei ablegen oder die Endung korrigieren.",
        )
    return None
