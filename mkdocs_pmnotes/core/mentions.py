"""Backlinks: who links to whom, with the sentence and the moment it was said.

`collect()` reads the sources (not rendered pages), so it stays right when
`mkdocs serve --dirty` skips unchanged pages.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .index import Resolves, Status
from .linktext import LINK_PATTERN, link_label
from .model import Anchor, Note, WikiLink
from .scan import line_starts
from .slugs import loose_key
from .times import AnchorTime

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_ANCHOR_HTML = re.compile(r"<a\b[^<>]*yt-timestamp[^<>]*>.*?</a\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^<>]+>")
_MARKS = re.compile(r"\*\*|__|(?<!\w)[*_](?!\s)|(?<!\s)[*_](?!\w)|^\s*(?:[-*+]|\d+\.)\s+|^#+\s*")
_SPACE = re.compile(r"\s+")
_BLOCK_START = re.compile(r"[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d+[.)][ \t]|>|\||\r?$)")
_CODE_TICKS = re.compile(r"`+")
_SPACE_BEFORE_STOP = re.compile(r"\s+(?=[.,;:!?])")
_LIST_STARTS = frozenset("-+0123456789")
_LEADING_SPACE = re.compile(r"\s*")


@dataclass(frozen=True, slots=True)
class Mention:
    """One link from `source` (a page path) with its context."""

    source: str
    link: WikiLink
    sentence: str
    anchor: Anchor | None


class SentenceStops:
    """Where sentences end in a note: `. `, `? `, `!" `..., but never inside a wiki link.

    A label such as `[[Build vs. buy]]` holds a full stop and a space; cut there, a
    sentence would show half a link and a stray `]]`.
    """

    def __init__(self, note: Note) -> None:
        self.text = note.text
        self.links = note.links
        self._starts = [link.start for link in note.links]

    def between(self, begin: int, end: int) -> Iterator[tuple[int, int]]:
        """(start, end) of each sentence break in `begin..end`, outside links."""
        for stop in _SENTENCE_END.finditer(self.text, begin, end):
            at = bisect_right(self._starts, stop.start()) - 1
            if at >= 0 and self.links[at].end > stop.start():
                continue
            yield stop.span()


def _starts_block(line: str) -> bool:
    """A blank line, heading, list item, quote or table row: a paragraph cannot run through it."""
    return _BLOCK_START.match(line) is not None


class _Paragraphs:
    """The blocks of one text around the spans asked for: hard-wrapped paragraphs, list items, headings.

    A block is found by walking lines up and down from a span. Where each walk
    ends is remembered for every line it passed, so a paragraph of n links is
    walked once, not n times (a thousand links on one line cost a thousand
    walks over the whole line otherwise).
    """

    def __init__(self, text: str, floor: int, starts: Sequence[int] | None = None) -> None:
        self.text = text
        self.floor = floor
        self._starts = starts  # `scan.line_starts(text)`, when known: a line is then found by bisection
        self._up: dict[int, int] = {}  # a line's start -> where its block begins
        self._down: dict[int, int] = {}  # a line's end -> where its block stops

    def _line(self, pos: int) -> tuple[int, int]:
        """Start and end of the line holding `pos` (its LF excluded), the start not before `floor`."""
        text, starts = self.text, self._starts
        if starts is None:
            start, end = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
            return max(start, self.floor), len(text) if end == -1 else end
        index = bisect_right(starts, pos) - 1
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
        return max(starts[index], self.floor), end

    def _begin(self, begin: int) -> int:
        """Where the block holding the line that starts at `begin` begins."""
        text, passed = self.text, []
        while begin not in self._up:
            passed.append(begin)
            if begin <= self.floor or _starts_block(text[begin : self._line(begin)[1]]):
                break
            previous, _ = self._line(begin - 1)
            above = text[previous : begin - 1]
            if not above.strip() or above.lstrip().startswith("#"):
                break
            begin = previous
        found = self._up.get(begin, begin)
        self._up.update(dict.fromkeys(passed, found))
        return found

    def _stop(self, stop: int) -> int:
        """Where the block holding the line that ends at `stop` stops."""
        text, passed = self.text, []
        while stop < len(text) and stop not in self._down:
            passed.append(stop)
            _, following = self._line(stop + 1)
            if _starts_block(text[stop + 1 : following]):
                break
            stop = following
        found = self._down.get(stop, stop)
        self._down.update(dict.fromkeys(passed, found))
        return found

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The block around `start..end`."""
        begin = self._begin(self._line(start)[0])
        _, stop = self._line(end)
        first = _LEADING_SPACE.match(self.text, begin, stop)
        if first is not None and first.end() < stop and self.text[first.end()] == "#":
            return begin, stop  # a heading is one line
        return begin, self._stop(stop)


def _paragraph(text: str, start: int, end: int, floor: int) -> tuple[int, int]:
    """The block around `start..end`: a hard-wrapped paragraph, a list item or a heading."""
    return _Paragraphs(text, floor).around(start, end)


def plain(fragment: str) -> str:
    """Markdown/HTML fragment to the plain words a reader sees."""

    def show(match: re.Match[str]) -> str:
        return link_label(match["body"])

    # Each pattern runs only where its first character occurs: most sentences need few.
    text = fragment
    if "<" in text:
        text = _TAG.sub("", _ANCHOR_HTML.sub("", text))
    if "[[" in text:
        text = LINK_PATTERN.sub(show, text)
    if "`" in text:
        text = _CODE_TICKS.sub("", text)
    if "*" in text or "_" in text or "#" in text or text.lstrip()[:1] in _LIST_STARTS:
        text = _MARKS.sub("", text)
    # Dropping an anchor leaves "claim ." behind.
    return _SPACE_BEFORE_STOP.sub("", _SPACE.sub(" ", text)).strip()


class _Block(NamedTuple):
    """A paragraph with its sentence stops and anchors, found once for all its links."""

    begin: int
    end: int
    stop_starts: list[int]
    stop_ends: list[int]
    anchors: Sequence[Anchor]
    anchor_starts: Sequence[int]


class Contexts:
    """The sentence and backing anchor of each link of one note (see `of`).

    Each paragraph is read once and each sentence made plain once, however
    many links share them: links cost about the length of the note, not the
    length of their paragraph each.
    """

    def __init__(self, note: Note) -> None:
        self.note = note
        self._paragraphs = _Paragraphs(note.text, note.front.body_start, note.line_starts or line_starts(note.text))
        self._stops = SentenceStops(note)
        self._blocks: dict[tuple[int, int], _Block] = {}
        self._anchor_starts = [a.start for a in note.anchors]
        self._sentences: dict[tuple[int, int], str] = {}

    def _block(self, begin: int, end: int) -> _Block:
        block = self._blocks.get((begin, end))
        if block is None:
            stops = list(self._stops.between(begin, end))
            first = bisect_left(self._anchor_starts, begin)
            last = bisect_left(self._anchor_starts, end, first)
            block = _Block(
                begin,
                end,
                [s for s, _ in stops],
                [e for _, e in stops],
                self.note.anchors[first:last],
                self._anchor_starts[first:last],
            )
            self._blocks[(begin, end)] = block
        return block

    def of(self, link: WikiLink) -> tuple[str, Anchor | None]:
        """The sentence around `link`, and the timestamp anchor that backs it.

        The notes put an anchor after each claim, so the anchor is the first one
        inside the sentence, else the next one in the paragraph, else the last
        one before the link.
        """
        block = self._block(*self._paragraphs.around(link.start, link.end))
        before = bisect_right(block.stop_ends, link.start)
        after = bisect_left(block.stop_starts, link.end)
        sentence_start = block.stop_ends[before - 1] if before else block.begin
        sentence_end = block.stop_starts[after] if after < len(block.stop_starts) else block.end
        return self._sentence(sentence_start, sentence_end), self._anchor(block, link, sentence_start, sentence_end)

    def _sentence(self, start: int, end: int) -> str:
        sentence = self._sentences.get((start, end))
        if sentence is None:
            sentence = self._sentences[(start, end)] = plain(self.note.text[start:end])
        return sentence

    @staticmethod
    def _anchor(block: _Block, link: WikiLink, sentence_start: int, sentence_end: int) -> Anchor | None:
        anchors, starts = block.anchors, block.anchor_starts
        inside = bisect_left(starts, sentence_start)
        if inside < len(anchors) and starts[inside] < sentence_end:
            return anchors[inside]
        following = bisect_left(starts, link.end)
        if following < len(anchors):
            return anchors[following]
        # Back from the link: only an anchor the link sits in is passed over.
        for anchor in reversed(anchors[: bisect_left(starts, link.start)]):
            if anchor.end <= link.start:
                return anchor
        return None


def context(note: Note, link: WikiLink) -> tuple[str, Anchor | None]:
    """The sentence around `link`, and the timestamp anchor that backs it (see `Contexts.of`)."""
    return Contexts(note).of(link)


@dataclass
class Backlinks:
    """Mentions grouped by the page they point at, or by topic when dangling."""

    to_page: dict[str, list[Mention]]
    to_topic: dict[str, list[Mention]]
    topic_names: dict[str, str]

    @staticmethod
    def topic_key(target: str) -> str:
        return loose_key(target)


def collect(index: Resolves, notes: Iterable[Note]) -> Backlinks:
    """Resolve every link of every note once and group the mentions."""
    to_page: dict[str, list[Mention]] = defaultdict(list)
    to_topic: dict[str, list[Mention]] = defaultdict(list)
    names: dict[str, str] = {}
    for note in notes:
        contexts = Contexts(note)
        for link in note.links:
            sentence, anchor = contexts.of(link)
            mention = Mention(note.path, link, sentence, anchor)
            resolved = index.resolve(link.target, note.path)
            if resolved.page is not None:
                if resolved.page.path != note.path:
                    to_page[resolved.page.path].append(mention)
            elif resolved.status is Status.MISSING and link.target:
                key = Backlinks.topic_key(link.target)
                if key:
                    to_topic[key].append(mention)
                    names.setdefault(key, link.target)
    return Backlinks(dict(to_page), dict(to_topic), names)


def time_of(times: Iterable[AnchorTime], anchor: Anchor | None) -> AnchorTime | None:
    """The analysed time of `anchor` among a note's analysed anchors."""
    if anchor is None:
        return None
    return next((t for t in times if t.anchor.start == anchor.start), None)
