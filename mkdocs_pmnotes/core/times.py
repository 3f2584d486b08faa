"""Every anchor's time in a note: which second it plays, and why.

Both the linter (PMN101-PMN105) and the plugin (the seconds in a YouTube link)
take their reading of a timestamp from here, so they cannot disagree.

The signals, strongest first (each documented in PMN104's explanation):

1. The note's own anchors. When most of them end in :00-:09 and the hours
   field reaches a value no episode has, the whole note is written in
   shifted time (`06:33:00` for 6 min 33 s).
2. Notes on the same video, for a note with too few anchors of its own: a
   sibling written in shifted time supports the reading. Siblings never
   outvote a note that has enough anchors.
3. In a note that is not shifted as a whole, one anchor: padded, past the end
   of the episode, with a minutes:seconds reading that fits it.
4. Order within a paragraph: a padded anchor standing between two anchors
   read as minutes:seconds in the same paragraph.
5. The same sentence cited by a sibling on the same video at the same
   minutes:seconds (seeds 001 and 004 write `06:33:00` and `06:33:07`).

A time that fits under no reading is never linked past the end: the label
plays when it fits, else the start of the video.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from .clock import DEFAULT_END, Clock, Tally, correction, format_clock, is_padded, parse_clock, parse_duration
from .model import Anchor, Note


class How(IntEnum):
    """Which second a timestamp link plays."""

    WRITTEN = 0  # `data-t` as written
    SHIFTED = 1  # the minutes:seconds reading of a shifted writing
    LABEL = 2  # `data-t` is past the end, the label fits: the label's time
    START = 3  # nothing fits the episode: the start of the video

    @property
    def word(self) -> str:
        return _WORDS[self]


_WORDS = {How.WRITTEN: "as written", How.SHIFTED: "minutes:seconds", How.LABEL: "label", How.START: "not playable"}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why an anchor reads as minutes:seconds.

    `scope` is "note" when the whole note is read so (one evidence shared by
    its anchors) and "anchor" when this anchor is read so on its own.
    """

    scope: str
    text: str

    def describe(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class AnchorTime:
    anchor: Anchor
    clock: Clock | None
    label_clock: Clock | None
    corrected: Clock | None
    evidence: Evidence | None
    end: int

    @property
    def how(self) -> How:
        if self.corrected is not None:
            return How.SHIFTED
        if self.clock is None or self.clock.total <= self.end:
            return How.WRITTEN
        if self.label_clock is not None and self.label_clock.total <= self.end:
            return How.LABEL
        return How.START

    @property
    def seconds(self) -> int | None:
        """The second of the episode this anchor plays: never past the end."""
        how = self.how
        if how is How.SHIFTED:
            assert self.corrected is not None
            return self.corrected.total
        if how is How.LABEL:
            assert self.label_clock is not None
            return self.label_clock.total
        if how is How.START:
            return 0
        return self.clock.total if self.clock else None

    @property
    def why(self) -> str:
        return self.evidence.describe() if self.evidence else ""

    @property
    def beyond_end(self) -> bool:
        return self.clock is not None and self.corrected is None and self.clock.total > self.end


def note_end(note: Note, default_end: int = DEFAULT_END) -> int:
    """The end of the note's episode: its `duration`, else the project default."""
    return parse_duration(note.duration) or default_end


def _clock(anchor: Anchor) -> Clock | None:
    return parse_clock(anchor.data_t) if anchor.problem is None else None


def _tally(note: Note) -> Tally:
    return Tally.of(c for c in map(_clock, note.anchors) if c)


def _name(note: Note) -> str:
    return note.path.rsplit("/", 1)[-1] or note.path


def _whole_note(note: Note, others: Sequence[Note], end: int, default_end: int) -> Evidence | None:
    """The evidence that the whole note is written in shifted time, or None."""
    mine = _tally(note)
    if mine.enough:
        return Evidence("note", mine.describe()) if mine.shifted(end) else None
    if not mine.mostly_padded:
        return None
    # Too few anchors of its own: siblings may support the reading, never refute it.
    for other in others:
        theirs = _tally(other)
        if theirs.enough and theirs.shifted(note_end(other, default_end)):
            return Evidence(
                "note",
                f"{mine.describe()}, too few to judge alone; {_name(other)} on the same video is"
                f" written in shifted time ({theirs.describe('there')})",
            )
    weak = [o for o in others if not _tally(o).enough]
    pooled = sum((_tally(o) for o in weak), mine)
    if len(weak) and pooled.shifted(end):
        return Evidence("note", f"across the {len(weak) + 1} notes on video {note.video_id}, {pooled.describe('')}")
    return None


_BLOCK_BREAK = re.compile(r"\n[ \t]*(?:\n|#|[-*+][ \t]|\d+[.)][ \t])")
_WORD = re.compile(r"[^\W\d_]{4,}")
_TAG = re.compile(r"<[^<>]*>")
_SAME_SENTENCE = 0.5  # share of the shorter sentence's words found in the other


def _sentence_words(note: Note, anchor: Anchor, floor: int) -> frozenset[str]:
    """The words of the sentence an anchor backs: the text just before it."""
    text = note.text
    start = max(floor, text.rfind("\n\n", 0, anchor.start))
    before = _TAG.sub(" ", text[start : anchor.start])
    sentence = re.split(r"[.!?]\s", before)[-1]
    return frozenset(w.lower() for w in _WORD.findall(sentence))


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    shorter = min(len(a), len(b))
    return shorter >= 3 and len(a & b) >= _SAME_SENTENCE * shorter


class _Reader:
    """The per-anchor signals (3-5) for a note that is not shifted as a whole."""

    def __init__(self, note: Note, others: Sequence[Note], end: int, default_end: int) -> None:
        self.note = note
        self.others = others
        self.end = end
        self.default_end = default_end
        self.clocks = [_clock(a) for a in note.anchors]
        self.labels = [parse_clock(a.label) for a in note.anchors]
        self.corrected: list[Clock | None] = [None] * len(note.anchors)
        self.evidence: list[Evidence | None] = [None] * len(note.anchors)

    def _label_reads_instead(self, i: int) -> bool:
        """A label that fits and names another time is the better reading (PMN102)."""
        label, clock = self.labels[i], self.clocks[i]
        return label is not None and clock is not None and label.total != clock.total and label.total <= self.end

    def past_end(self) -> None:
        candidates = []
        for i, clock in enumerate(self.clocks):
            if clock is None or clock.total <= self.end or self._label_reads_instead(i):
                continue
            fixed = correction(clock, self.end)
            if fixed is not None:
                candidates.append((i, fixed))
        readable = sum(1 for c in self.clocks if c)
        for i, fixed in candidates:
            clock = self.clocks[i]
            assert clock is not None
            self.corrected[i] = fixed
            self.evidence[i] = Evidence(
                "anchor",
                f"it ends in :{clock.seconds:02d} and is past the end of the episode ({format_clock(self.end)});"
                f" {len(candidates)} of this note's {readable} anchors do the same",
            )

    def paragraphs(self) -> None:
        anchors, text = self.note.anchors, self.note.text
        for i in range(1, len(anchors) - 1):
            clock = self.clocks[i]
            if clock is None or self.corrected[i] or not is_padded(clock) or self._label_reads_instead(i):
                continue
            before, after = self.corrected[i - 1], self.corrected[i + 1]
            if before is None or after is None:
                continue
            if _BLOCK_BREAK.search(text, anchors[i - 1].end, anchors[i].start) or _BLOCK_BREAK.search(
                text, anchors[i].end, anchors[i + 1].start
            ):
                continue
            fixed = correction(clock, self.end)
            if fixed is None:
                continue
            self.corrected[i] = fixed
            self.evidence[i] = Evidence(
                "anchor",
                f"it ends in :{clock.seconds:02d} and stands between {anchors[i - 1].data_t} and"
                f" {anchors[i + 1].data_t} in its paragraph, both read as minutes:seconds",
            )

    def sibling_moments(self) -> None:
        floor = self.note.front.body_start
        cited: dict[tuple[int, int], list[tuple[Note, Anchor]]] = {}
        for other in self.others:
            if not _tally(other).shifted(note_end(other, self.default_end)):
                continue
            for anchor in other.anchors:
                clock = _clock(anchor)
                if clock and correction(clock, note_end(other, self.default_end)):
                    cited.setdefault((clock.hours, clock.minutes), []).append((other, anchor))
        if not cited:
            return
        for i, anchor in enumerate(self.note.anchors):
            clock = self.clocks[i]
            if clock is None or self.corrected[i] or self._label_reads_instead(i):
                continue
            matches = cited.get((clock.hours, clock.minutes))
            fixed = correction(clock, self.end)
            if not matches or fixed is None:
                continue
            words = _sentence_words(self.note, anchor, floor)
            for other, theirs in matches:
                if _similar(words, _sentence_words(other, theirs, other.front.body_start)):
                    self.corrected[i] = fixed
                    self.evidence[i] = Evidence(
                        "anchor",
                        f"{_name(other)} on the same video cites the same sentence at {theirs.data_t},"
                        " read as minutes:seconds there",
                    )
                    break


def analyse(note: Note, group: Sequence[Note] = (), default_end: int = DEFAULT_END) -> list[AnchorTime]:
    """Read every anchor of `note`; `group` holds the notes on the same video."""
    others = [n for n in group if n.path != note.path]
    end = note_end(note, default_end)
    whole = _whole_note(note, others, end, default_end)
    reader = _Reader(note, others, end, default_end)
    if whole is not None:
        for i, clock in enumerate(reader.clocks):
            fixed = correction(clock, end) if clock else None
            if fixed is not None:
                reader.corrected[i], reader.evidence[i] = fixed, whole
    else:
        reader.past_end()
        reader.paragraphs()
        reader.sibling_moments()
    return [
        AnchorTime(anchor, reader.clocks[i], reader.labels[i], reader.corrected[i], reader.evidence[i], end)
        for i, anchor in enumerate(note.anchors)
    ]
