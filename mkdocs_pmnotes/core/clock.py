"""Clock times in notes, and the detection of notes written in shifted time.

Many generated notes write minutes:seconds padded as if they were
hours:minutes:seconds: `06:33:00` means 6 min 33 s, and the last field is
`00` or a small junk number. One anchor alone cannot tell; a note's anchors
taken together (and those of every note on the same video) can.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
        # `isdigit` accepts `²` and other digits `int` refuses; no episode runs 10**9 s.
        if text.isascii() and text.isdigit():
            return (int(text) or None) if len(text) < 10 else None
        clock = parse_clock(text)
        if clock:
            return clock.total or None
    return None


def is_padded(clock: Clock) -> bool:
    """Does the last field look like padding (00) or a small junk number?"""
    return clock.fields == 3 and clock.seconds <= JUNK_MAX


@dataclass(frozen=True, slots=True)
class Tally:
    """How a set of anchors writes its times: the statistics the shifted decision reads."""

    anchors: int  # three-field clocks
    padded: int  # of them, ending in :00-:09
    zeros: int  # of them, ending in :00
    max_hours: int
    max_total: int

    @classmethod
    def of(cls, clocks: Iterable[Clock]) -> Tally:
        three = [c for c in clocks if c.fields == 3]
        return cls(
            anchors=len(three),
            padded=sum(1 for c in three if is_padded(c)),
            zeros=sum(1 for c in three if c.seconds == 0),
            max_hours=max((c.hours for c in three), default=0),
            max_total=max((c.total for c in three), default=0),
        )

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.anchors + other.anchors,
            self.padded + other.padded,
            self.zeros + other.zeros,
            max(self.max_hours, other.max_hours),
            max(self.max_total, other.max_total),
        )

    @property
    def enough(self) -> bool:
        """Enough anchors to judge by: one anchor alone cannot tell."""
        return self.anchors >= MIN_ANCHORS

    @property
    def mostly_padded(self) -> bool:
        return self.anchors > 0 and self.padded >= MIN_SHARE * self.anchors

    def shifted(self, end: int) -> bool:
        """Do these anchors, taken together, show the minutes:seconds:junk pattern?

        By chance a real last field is 00-09 one time in six; here it must be so
        for at least three in four anchors, with an hours field no episode
        reaches (or a time past the episode's end).
        """
        return self.enough and self.mostly_padded and (self.max_hours >= SHIFT_HOURS or self.max_total > end)

    def describe(self, whose: str = "in this note") -> str:
        if self.zeros >= MIN_SHARE * self.anchors:
            text = f"{self.zeros} of {self.anchors} anchors {whose} end in :00"
        else:
            text = f"{self.padded} of {self.anchors} anchors {whose} end in :00-:0{JUNK_MAX}"
        return text + f"; the hours field reaches {self.max_hours}"


def correction(clock: Clock, end: int) -> Clock | None:
    """The minutes:seconds reading of one padded anchor, if it differs and fits the episode.

    Only anchors that carry the padding are read so; one whose last field is a
    real-looking number (`01:00:43`) is taken as a true `HH:MM:SS`.
    """
    if not is_padded(clock):
        return None
    fixed = clock.shifted()
    if fixed.total == clock.total or fixed.total > end:
        return None
    return fixed
