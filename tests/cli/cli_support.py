"""Small functions shared by the CLI tests."""

from __future__ import annotations

from dataclasses import dataclass


def note(body: str, title: str = "A note", video: str = "abcdefghijk") -> str:
    """A well-formed note around `body`."""
    return f"---\ntitle: {title}\nvideoId: {video}\n---\n\n{body}\n"


@dataclass
class Run:
    code: int
    out: str
    err: str


def position(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the nth occurrence of `needle` in `text`."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
