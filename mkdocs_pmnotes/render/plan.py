"""Where a page's links and timestamps are, kept compact between reading and rendering.

A build reads and parses every note once, in `on_files`. Keeping all the
parsed notes until their pages render would hold tens of objects per link and
anchor for the whole build; a `PagePlan` keeps only offsets and seconds in two
integer arrays. When a page renders, the plan is checked against the Markdown
MkDocs hands over (same length, same hash): if it matches, the links and
anchors are read back from that text; if not (another plugin changed the
Markdown), the page is parsed afresh.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass

from ..core.clock import parse_clock
from ..core.linktext import split_link_body
from ..core.model import Anchor, Note, WikiLink
from ..core.parse import is_source_link
from ..core.times import AnchorTime, How

Reading = Callable[[Anchor], "tuple[int | None, int]"]  # (second, `How`)

_EMBED, _SOURCE = 1, 2
_LINK_FIELDS, _ANCHOR_FIELDS = 3, 8
_NONE = 0xFFFF  # "no second" in a two-byte plan


@dataclass(frozen=True, slots=True)
class LinkSpot:
    """A wiki link to rewrite: offsets into the page's Markdown and what it says."""

    start: int
    end: int
    link: WikiLink  # positions in `link` refer to the note, not to the Markdown
    source_line: bool  # on a `From:` line: names the note's source


@dataclass(frozen=True, slots=True)
class TimeSpot:
    """A timestamp anchor to rewrite, with the second it means (None: unreadable)."""

    start: int
    end: int
    data_t: str
    label: str
    seconds: int | None
    how: int = How.WRITTEN  # how `seconds` was read from the anchor
    why: str = ""  # the evidence for a reading other than as written


Spots = tuple[list[LinkSpot], list[TimeSpot]]


def whys(times: Iterable[AnchorTime]) -> dict[int, str]:
    """The evidence of each anchor read other than as written, by its offset in the note."""
    return {t.anchor.span[0]: t.why for t in times if t.how is not How.WRITTEN and t.why}


def by_start(times: Iterable[AnchorTime]) -> Reading:
    """Read anchors by their position: for the note the times were analysed on."""
    found = {t.anchor.start: (t.seconds, int(t.how)) for t in times}
    return lambda anchor: found.get(anchor.start, (None, How.WRITTEN))


def by_clock(times: Iterable[AnchorTime]) -> Reading:
    """Read anchors by their `data-t` value: for another parse of the same note.

    An anchor's reading depends on its value and its episode only, so equal
    values read alike wherever they stand.
    """
    found = {t.anchor.data_t: (t.seconds, int(t.how)) for t in times}
    return lambda anchor: found.get(anchor.data_t, (None, How.WRITTEN))


def by_corrections(corrections: dict[str, tuple[int | None, int]]) -> Reading:
    """Read anchors with a note's corrected readings, others as written."""

    def read(anchor: Anchor) -> tuple[int | None, int]:
        if anchor.data_t in corrections:
            return corrections[anchor.data_t]
        clock = parse_clock(anchor.data_t)
        return (clock.total if clock else None), How.WRITTEN

    return read


def spots(
    note: Note, reading: Reading, offset: int, prefixes: tuple[str, ...], sourced: Container[int] | None = None
) -> Spots:
    """The links and anchors of `note` whose Markdown starts at `offset` in its text.

    Links standing inside an HTML tag (`<img alt="[[x]]">`) and anchors with
    broken markup are left out: they stay text (the linter reports the latter).
    `sourced`, when the caller knows it: where the note's source links start.
    """

    def source(link: WikiLink) -> bool:
        return link.start in sourced if sourced is not None else is_source_link(note, link, prefixes)

    links = [
        LinkSpot(link.start - offset, link.end - offset, link, source(link))
        for link in note.links
        if link.start >= offset and not inside_tag(note.text, link.start)
    ]
    anchors = []
    for anchor in _good_anchors(note, offset):
        seconds, how = reading(anchor)
        anchors.append(
            TimeSpot(
                anchor.span[0] - offset, anchor.span[1] - offset, anchor.data_t or "", anchor.label or "", seconds, how
            )
        )
    return links, anchors


def _good_anchors(note: Note, offset: int) -> Iterable[Anchor]:
    for anchor in note.anchors:
        # No `problem` means both `data-t` and a closed label were found.
        if anchor.start >= offset and anchor.problem is None and anchor.data_t_span and anchor.label_span:
            yield anchor


class PagePlan:
    """A page's spots as integers, valid for one exact Markdown text."""

    __slots__ = ("anchors", "digest", "length", "links", "whys")

    def __init__(
        self,
        note: Note,
        reading: Reading,
        offset: int,
        prefixes: tuple[str, ...],
        whys: dict[int, str] | None = None,
        sourced: Container[int] | None = None,
    ) -> None:
        markdown = note.text[offset:]
        # Few anchors are read other than as written: their evidence, by offset in the Markdown.
        self.whys = {start - offset: why for start, why in (whys or {}).items() if start >= offset}
        self.length = len(markdown)
        self.digest = hash(markdown)
        links: list[int] = []
        for spot in spots(note, reading, offset, prefixes, sourced)[0]:
            links.extend(
                (spot.start, spot.end, (_EMBED if spot.link.embed else 0) | (_SOURCE if spot.source_line else 0))
            )
        anchors: list[int | None] = []
        for anchor in _good_anchors(note, offset):
            seconds, how = reading(anchor)
            assert anchor.data_t_span is not None and anchor.label_span is not None
            start, end = anchor.span
            anchors.extend(
                (
                    start - offset,
                    end - offset,
                    seconds,
                    int(how),
                    anchor.data_t_span[0] - offset,
                    anchor.data_t_span[1] - offset,
                    anchor.label_span[0] - offset,
                    anchor.label_span[1] - offset,
                )
            )
        # Two bytes an integer when every offset and second fits, as in any real note.
        small = max((v for v in anchors if v is not None), default=0) < _NONE and self.length < _NONE
        none = _NONE if small else -1
        self.links = array("H" if small else "i", links)
        self.anchors = array("H" if small else "i", (none if v is None else v for v in anchors))

    def spots(self, markdown: str) -> Spots | None:
        """The spots again, read from `markdown`; None when it is not the planned text."""
        if len(markdown) < self.length:
            return None
        body = markdown if len(markdown) == self.length else markdown[: self.length]
        if hash(body) != self.digest:
            return None
        links = []
        values = self.links
        for i in range(0, len(values), _LINK_FIELDS):
            start, end, flags = values[i], values[i + 1], values[i + 2]
            embed = bool(flags & _EMBED)
            target, heading, label = split_link_body(body[start + (3 if embed else 2) : end - 2])
            link = WikiLink(body[start:end], target, heading, label, embed, start, end, 0, 0)
            links.append(LinkSpot(start, end, link, bool(flags & _SOURCE)))
        anchors = []
        values = self.anchors
        none = _NONE if values.typecode == "H" else -1
        for i in range(0, len(values), _ANCHOR_FIELDS):
            start, end, seconds, how, t0, t1, l0, l1 = values[i : i + _ANCHOR_FIELDS]
            why = self.whys.get(start, "")
            anchors.append(
                TimeSpot(start, end, body[t0:t1], body[l0:l1], None if seconds == none else seconds, how, why)
            )
        return links, anchors


def inside_tag(text: str, offset: int) -> bool:
    """Is `offset` inside an HTML tag's attributes on its line (`<img alt="[[x]]">`)?"""
    line_start = text.rfind("\n", 0, offset) + 1
    opened = text.rfind("<", line_start, offset)
    if opened == -1 or text.rfind(">", opened, offset) != -1:
        return False
    follower = text[opened + 1 : opened + 2]
    return follower.isalpha() or follower == "/"
