"""Where things are in a note: the link or anchor under the cursor, and a link's parts."""

from __future__ import annotations

from pathlib import Path

from pygls.uris import from_fs_path

from ..core.model import Anchor, Note, WikiLink


def link_at(note: Note, offset: int) -> WikiLink | None:
    for link in note.links:
        if link.start <= offset < link.end or (offset == link.end and offset > link.start):
            return link
    return None


def anchor_at(note: Note, offset: int) -> Anchor | None:
    for anchor in note.anchors:
        if anchor.start <= offset <= anchor.end:
            return anchor
    return None


def target_span(link: WikiLink) -> tuple[int, int]:
    """Offsets of the target as written inside the link (`[[ target # heading | label ]]`)."""
    opening = 3 if link.embed else 2
    body = link.raw[opening:-2]
    at = body.find(link.target) if link.target else len(body) - len(body.lstrip())
    start = link.start + opening + max(at, 0)
    return start, start + len(link.target)


def uri_of(path: Path) -> str:
    return from_fs_path(str(path.resolve())) or path.resolve().as_uri()
