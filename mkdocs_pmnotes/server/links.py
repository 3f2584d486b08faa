"""Where things are in a note: the link or anchor under the cursor."""

from __future__ import annotations

import os
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


def uri_of(path: Path) -> str:
    """The URI of a file, through its real path as the workspace's URIs are."""
    real = os.path.realpath(path)
    return from_fs_path(real) or Path(real).as_uri()
