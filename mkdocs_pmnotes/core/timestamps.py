"""Clock times in notes, and the detection of notes written in shifted time.

Many generated notes write minutes:seconds padded as if they were
hours:minutes:seconds: `06:33:00` means 6 min 33 s, and the last field is
`00` or a small junk number. One anchor alone cannot tell; a note's anchors
taken together (and those of every note on the same video) can.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_END = 3 * 3600  # podcast episodes here run up to about two hours
_CLOCK = re.compile(r"(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,2}):(?P<s>\d{2})")
# The shifted pattern: the last field is padding, 00 or a small junk number.
JUNK_MAX = 9
MIN_ANCHORS = 5
MIN_SHARE = 0.75
SHIFT_HOURS = 2  # an hours field of 2 or more is rare in a real episode


@dataclass(frozen=True, slots=True)
class Clock:
    """A parsed `H:MM:SS`, `HH:MM:SS` or `MM:SS` time."""

    hours: int
    minutes: int
    seconds: int
    fields: int

    @property
    def total(self) -> int:
        return self.hours * 3600 + self.minutes * 60 + self.seconds

    def shifted(self) -> Clock:
        """Read `HH:MM:SS` as minutes:seconds plus a junk field."""
        return Clock(0, self.hours, self.minutes, 3)


@lru_cache(maxsize=65536)  # a collection repeats the same few thousand times
def parse_clock(value: str | None) -> Clock | None:
    """Parse a clock time; None when it is not one (minutes and seconds 00-59)."""
    if value is None:
        return None
    match = _CLOCK.fullmatch(value.strip())
    if not match:
        return None
    minutes, seconds = int(match["m"]), int(match["s"])
    if minutes > 59 or seconds > 59:
        return None
    if match["h"] is None:
        return Clock(0, minutes, seconds, 2)
    if len(match["m"]) != 2:
        return None
    return Clock(int(match["h"]), minutes, seconds, 3)


def format_clock(seconds: int) -> str:
    """`HH:MM:SS`, the form the notes use."""
    hours, rest = divmod(max(seconds, 0), 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def parse_duration(value: object) -> int | None:
    """Front-matter `duration`: seconds as a number, or a clock time."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if 0 < value < 1e9 else None  # `.inf` and `1e400` are no episode's length
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text) or None
        clock = parse_clock(text)
        if clock:
            return clock.total or None
    return None


@dataclass(frozen=True, slots=True)
class ShiftEvidence:
    """Why a group of anchors reads as shifted; `describe()` is the message part."""

    anchors: int
    padded: int
    zeros: int
    max_hours: int
    notes: int
    note_anchors: int
    note_padded: int
    note_zeros: int
    video_id: str | None

    def describe(self) -> str:
        if self.note_anchors and self.note_zeros * 1.0 >= MIN_SHARE * self.note_anchors:
            text = f"{self.note_zeros} of {self.note_anchors} anchors in this note end in :00"
        else:
            text = f"{self.note_padded} of {self.note_anchors} anchors in this note end in :00-:0{JUNK_MAX}"
        if self.notes > 1:
            text += (
                f"; across the {self.notes} notes on video {self.video_id},"
                f" {self.padded} of {self.anchors} end in :00-:0{JUNK_MAX}"
            )
        return text + f"; the hours field reaches {self.max_hours}"


def _is_padded(clock: Clock) -> bool:
    return clock.fields == 3 and clock.seconds <= JUNK_MAX


def group_is_shifted(clocks: Sequence[Clock]) -> bool:
    """Do these clocks, taken together, show the minutes:seconds:junk pattern?

    By chance a real last field is 00-09 one time in six; here it must be so for
    at least three in four anchors, with an hours field no episode reaches.
    """
    three = [c for c in clocks if c.fields == 3]
    if len(three) < MIN_ANCHORS:
        return False
    padded = sum(1 for c in three if _is_padded(c))
    return padded >= MIN_SHARE * len(three) and max(c.hours for c in three) >= SHIFT_HOURS


def note_disagrees(clocks: Sequence[Clock]) -> bool:
    """Does a note have enough anchors of its own, and do they say "not shifted"?

    The evidence of other notes on the same video only speaks for a note that
    cannot speak for itself. Without this, fixing one note of a pair would
    leave its corrected `00:10:05` looking padded next to its unfixed sibling.
    """
    three = [c for c in clocks if c.fields == 3]
    if len(three) < MIN_ANCHORS:
        return False
    return sum(1 for c in three if _is_padded(c)) < MIN_SHARE * len(three)


def evidence(group: Iterable[Sequence[Clock]], note: Sequence[Clock], video_id: str | None) -> ShiftEvidence:
    everything = [c for clocks in group for c in clocks if c.fields == 3]
    mine = [c for c in note if c.fields == 3]
    return ShiftEvidence(
        anchors=len(everything),
        padded=sum(1 for c in everything if _is_padded(c)),
        zeros=sum(1 for c in everything if c.seconds == 0),
        max_hours=max((c.hours for c in everything), default=0),
        notes=sum(1 for clocks in group if clocks),
        note_anchors=len(mine),
        note_padded=sum(1 for c in mine if _is_padded(c)),
        note_zeros=sum(1 for c in mine if c.seconds == 0),
        video_id=video_id,
    )


def correction(clock: Clock, end: int) -> Clock | None:
    """The corrected reading of one anchor in a shifted group, if it has one.

    Only anchors that carry the padding are corrected; one whose last field is
    a real-looking number (`01:00:43`) is taken as a true `HH:MM:SS`.
    """
    if not _is_padded(clock):
        return None
    fixed = clock.shifted()
    if fixed.total == clock.total or fixed.total > end:
        return None
    return fixed
