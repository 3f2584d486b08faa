"""What several rules need: line bounds, front-matter keys, video ids."""

from __future__ import annotations

import re

from ...core.model import Note

VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")


def valid_video_id(value: str | None) -> bool:
    """Is `value` shaped like a YouTube video id (11 of `[A-Za-z0-9_-]`)?"""
    return value is not None and VIDEO_ID.fullmatch(value) is not None


def usable_front_matter(note: Note) -> bool:
    """Front matter that is there and loads; otherwise PMN401 says why not."""
    return note.front.present and note.front.error is None


def line_bounds(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the line holding `offset`, without its line break."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    if end == -1:
        end = len(text)
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, end


def front_matter_key(note: Note, key: str) -> tuple[int, int] | None:
    """(start, end) of the value of a top-level front-matter `key`, if it is written."""
    if not note.front.present:
        return None
    block = note.text[: note.front.body_start or len(note.text)]
    match = re.search(rf"^{re.escape(key)}[ \t]*:[ \t]*(?P<value>[^\r\n]*)", block, re.MULTILINE)
    return match.span("value") if match else None


def shorten(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
