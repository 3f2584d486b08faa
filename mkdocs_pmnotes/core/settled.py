"""Would a note read the same once `--fix` has written every anchor as it plays?

The fixes of PMN102, PMN104 and PMN108 write each anchor's time as it plays: a
corrected `data-t` and label, a label rewritten to `data-t`, `data-t` to the label.
What they write is read again by the next run, without the evidence they removed:
`60:00:00` reads as 60 min and is written `01:00:00`, whose `:00` is as good a sign
of minutes:seconds as the original's, so read again it would play 1 min. A note is
written so only when its settled form reads back to the same seconds; else it is
left as it is, and plays the same.

Only the fixes ask, so a note is read again only when one does (`Settling`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .clock import format_clock, parse_clock
from .ends import Ends
from .model import Anchor
from .readings import Choice, Cite, plays


def settles(
    anchors: Sequence[Anchor],
    between: Sequence[str],
    choices: Sequence[Choice],
    end: Ends,
    cites: Sequence[Sequence[Cite]] | None,
    styled: str | None,
) -> bool:
    """Do the anchors, written as they play, play every one as now?

    `between` is the note's `readings.gaps`: writing a time moves no anchor, so the text
    between them is the same, and the note's text is not needed.
    """
    written = tuple(_settled(a, c) for a, c in zip(anchors, choices, strict=True))
    if all(a is b for a, b in zip(written, anchors, strict=True)):
        return True  # nothing to write: it reads as it does
    again = plays(written, between, end, cites, styled)
    return all(seconds == c.seconds for seconds, c in zip(again, choices, strict=True))


# What `settles` takes, held by a `Settling` until it is asked.
Inputs = tuple[Sequence[Anchor], Sequence[str], Sequence[Choice], Ends, Sequence[Sequence[Cite]] | None, str | None]


class Settling:
    """`settles` for one note's reading, worked out when first asked, then kept alone.

    A note's readings are made for every consumer, and most never ask (a page only
    plays them); the inputs, which are small (no text), are dropped once it is known.
    """

    __slots__ = ("_inputs", "_value")

    def __init__(self, inputs: Inputs) -> None:
        self._inputs: Inputs | None = inputs
        self._value = True

    @property
    def value(self) -> bool:
        inputs = self._inputs  # read once: another thread may be asking too, and get the same
        if inputs is not None:
            self._value = settles(*inputs)
            self._inputs = None  # after the value: whoever sees no inputs sees the value
        return self._value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settling) and self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)


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
