"""How long an episode runs, from the evidence its notes give.

A note's `duration` wins. Else the notes on the video may prove the episode is
long: conference streams and long interviews run past the default end, and
when two notes written in clear real time (seconds spread over 00-59, in
order) both cite moments past it, the episode runs at least to the latest
moment they play as written. One such note alone could be a note of junk
times, so it proves nothing. Else the default end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from .clock import format_clock, is_padded, parse_clock, parse_duration
from .model import Note

REAL_TIME_MIN_ANCHORS = 5
REAL_TIME_MAX_PADDED = 0.4  # real time ends in :00-:09 one time in six
REAL_TIME_MIN_ORDER = 0.6  # share of steps that go forward: notes revisit moments (a real one: 67%)
WITNESSES = 2  # notes that must each cite past the default end


@dataclass(frozen=True, slots=True)
class Ends:
    seconds: int
    source: str  # "duration", "siblings" or "default"


def describe(seconds: int, source: str) -> str:
    """An episode's end and where it comes from, as findings, tooltips and hover say it."""
    said = {"duration": "its `duration`", "siblings": "as the notes on this video show"}
    return f"{format_clock(seconds)}, {said.get(source, 'the default end')}"


def episode_ends(
    notes: Sequence[Note], default_end: int, played: Mapping[str, Sequence[int | None]] | None = None
) -> dict[str, Ends]:
    """The end each note's anchors are read against.

    `played` holds what each note's anchors play when read against the default end:
    a note that plays moments past it as written (they stand in order) is a witness.
    Judging by what is played, not by what is written, keeps a note of junk times out,
    and keeps the end the same once `--fix` has rewritten the shifted anchors.
    """
    reach = sorted(
        (r for r in (_real_time_reach(n, played.get(n.path, ())) for n in notes) if r is not None) if played else (),
        reverse=True,
    )
    shown = None
    if len(reach) >= WITNESSES and reach[WITNESSES - 1] > default_end:
        shown = Ends(reach[0], "siblings")
    durations = [d for d in (parse_duration(n.duration) for n in notes) if d]
    found = {}
    for note in notes:
        own = parse_duration(note.duration)
        if own:
            found[note.path] = Ends(own, "duration")
        elif durations:
            found[note.path] = Ends(max(durations), "duration")
        elif shown is not None:
            found[note.path] = shown
        else:
            found[note.path] = Ends(default_end, "default")
    return found


def _real_time_reach(note: Note, played: Sequence[int | None]) -> int | None:
    """The latest moment a note written in clear real time plays as written; None for other notes."""
    clocks = [parse_clock(a.data_t) if a.problem is None else None for a in note.anchors]
    three = [c for c in clocks if c and c.fields == 3]
    if len(three) < REAL_TIME_MIN_ANCHORS:
        return None
    padded = sum(1 for c in three if is_padded(c))
    if padded > REAL_TIME_MAX_PADDED * len(three):
        return None
    steps = list(pairwise(three))
    forward = sum(1 for a, b in steps if b.total >= a.total)
    if forward < REAL_TIME_MIN_ORDER * len(steps):
        return None
    as_written = [c.total for c, p in zip(clocks, played, strict=False) if c is not None and p == c.total]
    return max(as_written, default=None)
