"""The data model shared by the linter and the MkDocs plugin.

Offsets (`start`, `end`) are indices into the note's decoded text, front matter
included; `line` and `column` are the 1-based position of `start` in that text.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

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


UNCLOSED = "`[[` is never closed by `]]`"
EMPTY_TARGET = "the link target is empty"


class BrokenLinks(Sequence[BrokenLink]):
    """A note's broken links in text order, each kept as two offsets and made a `BrokenLink` when read.

    A note of nothing but `[[` has one for every three bytes: as objects they
    held about 70 bytes per byte of the note, as offsets they hold about 6.
    """

    __slots__ = ("_empty", "_ends", "_line_starts", "_starts", "_text")

    def __init__(self, text: str, line_starts: Sequence[int]) -> None:
        self._text = text
        self._line_starts = line_starts
        self._starts = array("q")
        self._ends = array("q")
        self._empty = bytearray()  # 1 where the target is empty, 0 where `[[` is unclosed

    def add(self, start: int, end: int, *, empty: bool) -> None:
        self._starts.append(start)
        self._ends.append(end)
        self._empty.append(empty)

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> BrokenLink: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[BrokenLink]: ...
    def __getitem__(self, index: int | slice) -> BrokenLink | Sequence[BrokenLink]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        start, end = self._starts[index], self._ends[index]
        line, column = position(self._line_starts, start)
        if self._empty[index]:
            return BrokenLink(self._text[start:end], EMPTY_TARGET, start, end, line, column)
        return BrokenLink(self._text[start:end].rstrip("\r"), UNCLOSED, start, end, line, column)

    def unclosed_starts(self) -> Iterator[int]:
        """Where each unclosed `[[` begins, without making objects of them."""
        return (start for start, empty in zip(self._starts, self._empty, strict=True) if not empty)


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
    wrapper: tuple[int, int] | None = None  # a Markdown link written around it: `[00:40:58](<a ...>..</a>)`
    plain: bool = False  # a clock time in brackets in the prose, `[00:26:08]`: no `<a>` at all

    @property
    def span(self) -> tuple[int, int]:
        """What a renderer replaces: the anchor, with the Markdown link around it if any."""
        return self.wrapper or (self.start, self.end)


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
    broken_links: BrokenLinks
    anchors: tuple[Anchor, ...]
    headings: tuple[Heading, ...]
    comments: tuple[Comment, ...]
    line_starts: Sequence[int]
    # (videoId, title) of each Markdown link to a video with a title as its text (`core.episodes`)
    video_titles: tuple[tuple[str, str], ...] = ()

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
