"""Backlinks: who links to whom, with the sentence and the moment it was said.

`collect()` reads the sources (not rendered pages), so it stays right when
`mkdocs serve --dirty` skips unchanged pages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .index import Resolves, Status
from .model import Anchor, Note, WikiLink
from .parse import LINK_PATTERN, link_label
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


@dataclass(frozen=True, slots=True)
class Mention:
    """One link from `source` (a page path) with its context."""

    source: str
    link: WikiLink
    sentence: str
    anchor: Anchor | None


def _starts_block(line: str) -> bool:
    """A blank line, heading, list item, quote or table row: a paragraph cannot run through it."""
    return _BLOCK_START.match(line) is not None


def _line_at(text: str, pos: int, floor: int) -> tuple[int, int]:
    start = max(text.rfind("\n", 0, pos) + 1, floor)
    end = text.find("\n", pos)
    return start, len(text) if end == -1 else end


def _paragraph(text: str, start: int, end: int, floor: int) -> tuple[int, int]:
    """The block around `start..end`: a hard-wrapped paragraph, a list item or a heading."""
    begin, _ = _line_at(text, start, floor)
    while begin > floor and not _starts_block(text[begin : _line_at(text, begin, floor)[1]]):
        previous, _ = _line_at(text, begin - 1, floor)
        above = text[previous : begin - 1]
        if not above.strip() or above.lstrip().startswith("#"):
            break
        begin = previous
    _, stop = _line_at(text, end, floor)
    if text[begin:stop].lstrip().startswith("#"):
        return begin, stop  # a heading is one line
    while stop < len(text):
        _, following = _line_at(text, stop + 1, floor)
        if _starts_block(text[stop + 1 : following]):
            break
        stop = following
    return begin, stop


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


def context(note: Note, link: WikiLink) -> tuple[str, Anchor | None]:
    """The sentence around `link`, and the timestamp anchor that backs it.

    The notes put an anchor after each claim, so the anchor is the first one
    inside the sentence, else the next one in the paragraph, else the last
    one before the link.
    """
    text = note.text
    begin, end = _paragraph(text, link.start, link.end, note.front.body_start)
    sentence_start, sentence_end = begin, end
    for boundary in _SENTENCE_END.finditer(text, begin, end):
        if boundary.end() <= link.start:
            sentence_start = boundary.end()
        elif boundary.start() >= link.end:
            sentence_end = boundary.start()
            break
    anchors = [a for a in note.anchors if begin <= a.start < end]
    chosen = next((a for a in anchors if sentence_start <= a.start < sentence_end), None)
    chosen = chosen or next((a for a in anchors if a.start >= link.end), None)
    chosen = chosen or next((a for a in reversed(anchors) if a.end <= link.start), None)
    return plain(text[sentence_start:sentence_end]), chosen


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
        for link in note.links:
            sentence, anchor = context(note, link)
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
