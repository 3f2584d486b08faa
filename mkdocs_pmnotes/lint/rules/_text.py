"""What several rules need: line bounds, short quotes; front-matter keys and video ids from the core."""

from __future__ import annotations

from ...core.frontmatter import front_matter_key
from ...core.model import valid_video_id

# Shared by several rules; they live in the core so the other layers use the same ones.
__all__ = ["front_matter_key", "line_bounds", "shorten", "valid_video_id"]


def line_bounds(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the line holding `offset`, without its line break."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    if end == -1:
        end = len(text)
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, end


def shorten(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
