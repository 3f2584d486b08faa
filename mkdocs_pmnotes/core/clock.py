"""Clock times in notes: parsing, formatting and `duration`.

Many generated notes write minutes:seconds padded as if they were
hours:minutes:seconds: `06:33:00` means 6 min 33 s, and the last field is
`00` or a small junk number. Which reading an anchor gets is decided in
`core.readings`, from the note's anchors together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

DEFAULT_END = 3 * 3600  # podcast episodes here run up to about two hours
_CLOCK = re.compile(r"(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,2}):(?P<s>\d{2})")
# The shifted pattern: the last field is padding, 00 or a small junk number.
JUNK_MAX = 9


@dataclass(frozen=True, slots=True)
class Clock:
    """A parsed `H:MM:SS`, `HH:MM:SS` or `MM:SS` time."""

    hours: int
    minutes: int
    seconds: int
    fields: int
    # In seconds; kept, not computed on each use: the readings ask for it a million times a site.
    total: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", self.hours * 3600 + self.minutes * 60 + self.seconds)

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
