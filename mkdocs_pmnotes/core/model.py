"""The data model shared by the linter and the MkDocs plugin.

Offsets (`start`, `end`) are indices into the note's decoded text, front matter
included; `line` and `column` are the 1-based position of `start` in that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .scan import position


def scalar_text(value: Any) -> str | None:
    """A front-matter value as a name: text, or a number or date written as text.

    None for nothing, an empty string, or a list or mapping, which are not names
    (and whose `str()` may be huge when YAML aliases repeat them).
    """
    if value is None or value == "" or isinstance(value, (list, tuple, set, frozenset, dict, bytes)):
        return None
    return value if isinstance(value, str) else str(value)


@dataclass(frozen=True, slots=True)
class WikiLink:
    """One `[[target#heading | label]]` (or `![[...]]` embed) in a note."""

    raw: str
    target: str
    heading: str | None
    label: str | None
    embed: bool
    start: int
    end: int
    line: int
    column: int

    @property
    def text(self) -> str:
        """What a reader should see: the label, else the target as written."""
        if self.label:
            return self.label
        if self.heading and self.target:
            return f"{self.target} > {self.heading}"
        return self.target or (self.heading or "")


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """A `[[` that never closes, or a link whose target is empty."""

    raw: str
    reason: str
    start: int
    end: int
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Anchor:
    """One `<a class="yt-timestamp" data-t="..">[label]</a>` anchor.

    `data_t`/`label` are None when missing; `problem` names broken markup.
    The `*_span` pairs locate the value text, so fixes touch only those bytes.
    """

    data_t: str | None
    label: str | None
    start: int
    end: int
    line: int
    column: int
    data_t_span: tuple[int, int] | None = None
    label_span: tuple[int, int] | None = None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    line: int
    span: tuple[int, int] = (0, 0)  # the heading's text in the note, anchors and links included

    @property
    def slug(self) -> str:
        """The id Python-Markdown's `toc` gives this heading by default."""
        from .slugs import heading_slug

        return heading_slug(self.text)


@dataclass(frozen=True, slots=True)
class Comment:
    """An HTML comment; pragmas live in these."""

    body: str
    start: int
    end: int
    line: int


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The YAML block at the top of a note.

    `body_start` is the offset where Markdown begins (0 when there is none).
    `error` explains why the block could not be used; `error_line` is 1-based.
    """

    data: dict[str, Any] = field(default_factory=dict)
    present: bool = False
    body_start: int = 0
    error: str | None = None
    error_line: int | None = None

    @property
    def usable(self) -> bool:
        """There and loaded: its keys count, and the page body starts after it."""
        return self.present and self.error is None


VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")


def valid_video_id(value: object) -> str | None:
    """The videoId when it is exactly 11 characters of `[A-Za-z0-9_-]`, else None.

    The one check: the linter (PMN403, PMN105) and every URL the render layer writes use it.
    """
    if isinstance(value, str) and VIDEO_ID.fullmatch(value):
        return value
    return None


@dataclass(frozen=True, slots=True)
class Note:
    """A parsed note: everything both halves of the package need to know."""

    path: str
    text: str
    front: FrontMatter
    links: tuple[WikiLink, ...]
    broken_links: tuple[BrokenLink, ...]
    anchors: tuple[Anchor, ...]
    headings: tuple[Heading, ...]
    comments: tuple[Comment, ...]
    line_starts: tuple[int, ...]

    @property
    def title(self) -> str | None:
        return scalar_text(self.front.data.get("title"))

    @property
    def video_id(self) -> str | None:
        return scalar_text(self.front.data.get("videoId"))

    @property
    def aliases(self) -> tuple[str, ...]:
        value = self.front.data.get("aliases")
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list):
            return tuple(text for text in map(scalar_text, value) if text is not None)
        return ()

    @property
    def duration(self) -> Any:
        return self.front.data.get("duration")

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset."""
        return position(self.line_starts, offset)
