"""Would a note read the same once `--fix` has written every anchor as it plays?

The fixes of PMN102, PMN104 and PMN108 write each anchor's time as it plays: a
corrected `data-t` and label, a label rewritten to `data-t`, `data-t` to the label.
What they write is read again by the next run, without the evidence they removed:
`60:00:00` reads as 60 min and is written `01:00:00`, whose `:00` is as good a sign
of minutes:seconds as the original's, so read again it would play 1 min. A note is
written so only when its settled form reads back to the same seconds; else it is
left as it is, and plays the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .clock import format_clock, parse_clock
from .ends import Ends
from .model import Anchor, Note
from .readings import Choice, Cite, choose


def settles(
    note: Note, choices: list[Choice], end: Ends, cites: Sequence[Sequence[Cite]] | None, styled: str | None
) -> bool:
    """Does the note, its anchors written as they play, play every anchor as now?"""
    anchors = tuple(_settled(a, c) for a, c in zip(note.anchors, choices, strict=True))
    if all(a is b for a, b in zip(anchors, note.anchors, strict=True)):
        return True  # nothing to write: it reads as it does
    again = choose(replace(note, anchors=anchors), end, cites, styled)
    return all(a.seconds == b.seconds for a, b in zip(again, choices, strict=True))


def _settled(anchor: Anchor, choice: Choice) -> Anchor:
    if anchor.problem is not None or choice.seconds is None or anchor.data_t is None:
        return anchor
    label = anchor.label if parse_clock(anchor.label) is not None else None
    if choice.kind in ("S", "F"):
        value = format_clock(choice.seconds)
        return replace(anchor, data_t=value, label=value if label is not None else anchor.label)
    if choice.kind == "L" and label is not None:
        return replace(anchor, data_t=label.strip())
    written, shown = parse_clock(anchor.data_t), parse_clock(label)
    if written is not None and shown is not None and shown.total != written.total:
        return replace(anchor, label=anchor.data_t)  # PMN102 rewrites the label to the time that plays
    return anchor
