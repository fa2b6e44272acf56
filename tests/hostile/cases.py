"""Hostile inputs, one per attack: content trees built on the minimal valid records."""

from __future__ import annotations

from records import EVENT, PAGE, PROJECT

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
P = "content/projects/fussball-verbindet.yaml"
E = "content/events/2013-austausch.md"


def project(extra: str = "", **replace: str) -> str:
    text = PROJECT
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text + extra


def files(
    project_text: str | None = None, extra: dict[str, str | bytes] | None = None
) -> dict[str, str | bytes]:
    """The minimal valid tree, with the project replaced and more files (below content/)."""
    tree: dict[str, str | bytes] = {
        "projects/fussball-verbindet.yaml": project_text or PROJECT,
        "events/2013-austausch.md": EVENT,
        "pages/ueber.md": PAGE,
    }
    return tree | (extra or {})


def material(name: str, title: str = "Flyer") -> str:
    return f"materials:\n  - title: {title}\n    file: {name}\n"


def event_body(body: str) -> str:
    return EVENT.replace("Der Bericht.\n", body)


def nested_yaml(depth: int) -> str:
    return project("extra: " + "[" * depth + "]" * depth + "\n")


def nested_list(depth: int) -> str:
    return "".join("    " * level + "- Punkt\n" for level in range(depth))
