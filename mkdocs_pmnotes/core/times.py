"""Every anchor's time in a note, read with the evidence of its whole episode.

Both the linter (PMN101-PMN105) and the plugin (the seconds in a YouTube link)
take their reading of a timestamp from here, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Anchor, Note
from .timestamps import (
    DEFAULT_END,
    Clock,
    ShiftEvidence,
    correction,
    evidence,
    group_is_shifted,
    note_disagrees,
    parse_clock,
    parse_duration,
)


@dataclass(frozen=True, slots=True)
class AnchorTime:
    anchor: Anchor
    clock: Clock | None
    label_clock: Clock | None
    corrected: Clock | None
    evidence: ShiftEvidence | None
    end: int

    @property
    def seconds(self) -> int | None:
        """The second of the episode this anchor means, corrections applied."""
        best = self.corrected or self.clock
        return best.total if best else None

    @property
    def beyond_end(self) -> bool:
        return self.clock is not None and self.corrected is None and self.clock.total > self.end


def note_end(note: Note, default_end: int = DEFAULT_END) -> int:
    """The end of the note's episode: its `duration`, else the project default."""
    return parse_duration(note.duration) or default_end


def _clocks(note: Note) -> list[Clock]:
    return [c for c in (parse_clock(a.data_t) for a in note.anchors if a.problem is None) if c]


def analyse(note: Note, group: Sequence[Note] = (), default_end: int = DEFAULT_END) -> list[AnchorTime]:
    """Read every anchor of `note`; `group` holds the notes on the same video."""
    others = [n for n in group if n.path != note.path]
    mine = _clocks(note)
    every = [mine] + [_clocks(n) for n in others]
    shifted = group_is_shifted([c for clocks in every for c in clocks]) and not note_disagrees(mine)
    proof = evidence(every, mine, note.video_id) if shifted else None
    end = note_end(note, default_end)
    times = []
    for anchor in note.anchors:
        clock = parse_clock(anchor.data_t) if anchor.problem is None else None
        fixed = correction(clock, end) if (clock and shifted) else None
        times.append(
            AnchorTime(anchor, clock, parse_clock(anchor.label), fixed, proof if fixed else None, end)
        )
    return times
