"""Every anchor's time in a note: which second it plays, and why.

Both the linter (PMN101-PMN105) and the plugin (the seconds in a YouTube link)
take their reading of a timestamp from here, so they cannot disagree.

An anchor may be read several ways: as written, as minutes:seconds with the
last field dropped (`06:33:00` for 6 min 33 s), as its label when the label
names another time, or, for four fields (`01:00:37:00`), as the first three.
One inference weighs every signal together and picks a reading per anchor
(`readings.choose`):

- the last field: shifted writing pads it (`:00`, or junk), real time spreads it;
- order: a transcript mostly moves forward, most of all within a paragraph;
- stretches: a note keeps one style for a while, so a switch costs;
- the episode's length (`ends.episode_end`): a time past it is unlikely,
  far past it impossible;
- siblings: a note on the same video citing the same sentence at a time one
  reading matches.

Notes on one video are read together, once: first each on its own, then each
again with its siblings' first readings as evidence, so the result does not
depend on the order the notes come in. When no reading fits, the anchor plays
nothing (never a silent 0 s) and says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from .clock import DEFAULT_END, Clock, parse_clock
from .ends import Ends, episode_ends
from .model import Anchor, Note
from .readings import Choice, Cite, choose, gaps, sentence_words
from .settled import Settling
from .siblings import Citations


class How(IntEnum):
    """Which second a timestamp link plays."""

    WRITTEN = 0  # `data-t` as written
    SHIFTED = 1  # `data-t` as minutes:seconds, the last field dropped
    LABEL = 2  # the label's time, which differs from `data-t`
    NONE = 3  # no reading fits: the link opens the video without a time
    FOUR = 4  # four fields: the first three

    @property
    def word(self) -> str:
        return _WORDS[self]


_WORDS = {
    How.WRITTEN: "as written",
    How.SHIFTED: "minutes:seconds",
    How.LABEL: "label",
    How.NONE: "not playable",
    How.FOUR: "four fields",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why an anchor is read as it is, in words an author can check.

    `scope` is "note" when the reason is the note's own writing as a whole
    (stated once per note by PMN104) and "anchor" when it is this anchor's.
    """

    scope: str
    text: str

    def describe(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class AnchorTime:
    anchor: Anchor
    clock: Clock | None  # `data-t` as a clock, when it is one
    label_clock: Clock | None
    how: How
    seconds: int | None  # what the link plays; None: nothing
    evidence: Evidence | None
    end: int  # the episode's end the reading used
    end_from: str  # where that end comes from ("duration", "siblings", "default")
    # One per note, shared by its anchors: see `rewritable`.
    settling: Settling = field(repr=False)

    @property
    def rewritable(self) -> bool:
        """May fixes write the note's anchors as they play?

        Not when the note, written so, would be read otherwise (`settled.settles`): the
        next run would undo the fix. Worked out when first asked: only the fixes ask.
        """
        return self.settling.value

    @property
    def corrected(self) -> Clock | None:
        """The reading PMN104 rewrites `data-t` to: minutes:seconds, or four fields."""
        if self.how in (How.SHIFTED, How.FOUR) and self.seconds is not None:
            hours, rest = divmod(self.seconds, 3600)
            return Clock(hours, rest // 60, rest % 60, 3)
        return None

    @property
    def why(self) -> str:
        return self.evidence.describe() if self.evidence else ""

    @property
    def beyond_end(self) -> bool:
        """Written past the end of the episode, and played so or not at all."""
        return self.how in (How.WRITTEN, How.NONE) and self.clock is not None and self.clock.total > self.end


def analyse(note: Note, group: Sequence[Note] = (), default_end: int = DEFAULT_END) -> list[AnchorTime]:
    """Read every anchor of `note`; `group` holds the notes on the same video."""
    members = {n.path: n for n in group}
    members[note.path] = note
    return analyse_group(list(members.values()), default_end)[note.path]


_RECENT: dict[tuple[int, frozenset[tuple[str, int]]], tuple[list[Note], dict[str, list[AnchorTime]]]] = {}
_KEEP = 8


def analyse_group(group: Sequence[Note], default_end: int = DEFAULT_END) -> dict[str, list[AnchorTime]]:
    """Read every anchor of every note on one video, together.

    Each note of a group asks in turn with the same parsed notes: the group is
    read once. The key is the notes' identity (the entry keeps them alive, so an
    identity is never reused while it is there), not their content, which would
    cost a pass over every text.
    """
    key = (default_end, frozenset([(n.path, id(n)) for n in group]))  # in any order: each note asks
    found = _RECENT.get(key)
    if found is None:
        if len(_RECENT) >= _KEEP:
            del _RECENT[next(iter(_RECENT))]
        notes = sorted(group, key=lambda n: n.path)
        found = _RECENT[key] = (notes, _read_group(notes, default_end))
    return found[1]


def _read_group(notes: list[Note], default_end: int) -> dict[str, list[AnchorTime]]:
    ends = episode_ends(notes, default_end)
    between = {n.path: gaps(n) for n in notes}
    alone = {n.path: choose(n, ends[n.path], None, None, between[n.path]) for n in notes}
    evidence: dict[str, tuple[list[list[Cite]] | None, str | None]] = dict.fromkeys(alone, (None, None))
    if len(notes) > 1:
        first_ends = ends
        words = {n.path: [sentence_words(n, a) for a in n.anchors] for n in notes}
        ends = episode_ends(notes, default_end, {p: [c.seconds for c in cs] for p, cs in alone.items()})
        citations = Citations(notes, words, {p: [c.seconds for c in cs] for p, cs in alone.items()})
        shifted = {p: text for p, text in ((p, _shifted_style(p, cs)) for p, cs in alone.items()) if text}
        final = {}
        for n in notes:
            styled = next((text for p, text in shifted.items() if p != n.path), None)
            cites = citations.for_note(n.path)
            if styled is None and ends[n.path] == first_ends[n.path] and not any(cites):
                final[n.path] = alone[n.path]  # nothing new to weigh: the first reading stands
            else:
                final[n.path] = choose(n, ends[n.path], cites, styled, between[n.path])
                evidence[n.path] = (cites, styled)
    else:
        final = alone
    found = {}
    for n in notes:
        path, end = n.path, ends[n.path]
        settling = Settling((n.anchors, between[path], final[path], end, *evidence[path]))
        found[path] = _times(n, final[path], end, settling)
    return found


SHIFTED_NOTE = 0.75  # share of a note's anchors read as minutes:seconds for it to count as written so


def _shifted_style(path: str, choices: list[Choice]) -> str | None:
    """`name (k of n anchors read as minutes:seconds)` for a note written in shifted time."""
    timed = [c for c in choices if c.seconds is not None]
    count = sum(1 for c in timed if c.kind == "S")
    if len(timed) < 5 or count < SHIFTED_NOTE * len(timed):
        return None
    return f"{path.rsplit('/', 1)[-1]} ({count} of {len(timed)} anchors read as minutes:seconds)"


_HOW = {"W": How.WRITTEN, "S": How.SHIFTED, "L": How.LABEL, "N": How.NONE, "F": How.FOUR}


def _times(note: Note, choices: list[Choice], end: Ends, settling: Settling) -> list[AnchorTime]:
    found = []
    for anchor, choice in zip(note.anchors, choices, strict=True):
        how = _HOW[choice.kind]
        evidence = Evidence(choice.scope, choice.why) if choice.why else None
        found.append(
            AnchorTime(
                anchor,
                _clock(anchor),
                parse_clock(anchor.label),
                how,
                choice.seconds,
                evidence,
                end.seconds,
                end.source,
                settling,
            )
        )
    return found


def _clock(anchor: Anchor) -> Clock | None:
    return parse_clock(anchor.data_t) if anchor.problem is None else None
