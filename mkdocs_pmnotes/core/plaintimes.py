"""Clock times written in brackets in a note's prose: `[00:26:08]`, `[00:54:00, 01:06:00]`.

Real notes with a video write some of their timestamps so, without the `<a>` of
an anchor. In a note with a `videoId` they are read as anchors of their own
(`Anchor.plain`), so they take part in the same reading of the episode's times,
play in the same player, and PMN108 offers to write them as anchors.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from .model import Anchor

_CLOCK = r"\d{1,2}:[0-5]\d(?::[0-5]\d)?"
# A bracket of clock times: not a wiki link (`[[`), a Markdown link (`](`, `][`) or a
# reference definition (`]:`), and not the label of an anchor (left out below).
# The `[` comes first and the look-behind after it: a pattern that starts with a literal is
# searched for at C speed, one that starts with a look-behind is tried at every character.
_BRACKET = re.compile(rf"\[(?<![\[\w!\\>]\[)(?P<times>{_CLOCK}(?:[ \t]*[,;][ \t]*{_CLOCK})*)\](?![\[(:\]])")
_ONE = re.compile(_CLOCK)


def plain_times(
    text: str, masked: str, anchors: list[Anchor], position: Callable[[int], tuple[int, int]]
) -> list[Anchor]:
    """`anchors` with the note's bracketed clock times added, in text order.

    Each time of a bracket is one anchor. The first takes the `[` and the last the `]`
    in its span, so a renderer that replaces the spans leaves `, ` between the links.
    """
    if "[" not in masked:
        return anchors
    taken = [(a.start, a.end) for a in anchors]
    starts = [start for start, _ in taken]
    found: list[Anchor] = []
    for bracket in _BRACKET.finditer(masked):
        at = bisect_right(starts, bracket.start()) - 1
        if at >= 0 and taken[at][1] > bracket.start():
            continue  # the label of an anchor
        times = list(_ONE.finditer(masked, bracket.start("times"), bracket.end("times")))
        for i, time in enumerate(times):
            start = bracket.start() if i == 0 else time.start()
            end = bracket.end() if i == len(times) - 1 else time.end()
            value = text[time.start() : time.end()]
            line, column = position(start)
            found.append(Anchor(value, value, start, end, line, column, time.span(), time.span(), plain=True))
    if not found:
        return anchors
    return sorted([*anchors, *found], key=lambda anchor: anchor.start)
