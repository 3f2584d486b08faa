from __future__ import annotations

from collections.abc import Iterator

from ...core.times import AnchorTime
from ...core.timestamps import format_clock
from ..rule import Edit, Finding, Fix, LintContext, Rule


def _label_means_same(time: AnchorTime) -> bool:
    """Does the label name the anchor's time, read either way?"""
    label, clock, fixed = time.label_clock, time.clock, time.corrected
    if label is None or clock is None or fixed is None:
        return False
    return label.total == clock.total or (label.fields == 3 and label.shifted().total == fixed.total)


class TimestampShifted(Rule):
    """What it does: flags a timestamp in a note written in shifted time, where
    minutes:seconds were written as hours:minutes (`06:33:00` for 6 min 33 s).
    The message gives the likely reading and the evidence for it.

    Many generated notes are written entirely this way, padding the last field
    with `00` or a small junk number. One anchor alone cannot tell, so the
    decision is made for the note's anchors taken together, and those of every
    note on the same `videoId`: most last fields are 00-09, and an hours field
    reaches a value no episode has. A well-formed note whose seconds spread
    over 00-59 is never reported, even past 1:00:00. The reading is shared
    with the plugin, which links these anchors to the corrected second.

    Why: `06:33:00` plays six and a half hours into a one-hour video.

    Fix (unsafe): rewrite `data-t`, and a label that names the same time, to
    the corrected `HH:MM:SS`. Unsafe because the decision is statistical.

    Example:

        <a class="yt-timestamp" data-t="06:33:00">[06:33:00]</a>   <- 00:06:33
    """

    code = "PMN104"
    name = "timestamp-shifted"
    summary = "the note writes minutes:seconds as hours:minutes"
    severity = "warning"
    fixable = "unsafe"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        described: dict[int, str] = {}  # the anchors of a note share one evidence
        for time in ctx.times:
            anchor = time.anchor
            if time.corrected is None or time.evidence is None or anchor.data_t_span is None:
                continue
            reading = format_clock(time.corrected.total)
            start, end = anchor.data_t_span
            edits = [Edit(start, end, reading)]
            if anchor.label_span is not None and _label_means_same(time):
                edits.append(Edit(*anchor.label_span, reading))
            fix = Fix(tuple(edits), f"rewrite `{anchor.data_t}` as `{reading}`", safe=False)
            message = (
                f"{anchor.data_t} reads as {reading} (minutes:seconds written as hours:minutes): "
                f"{described.setdefault(id(time.evidence), time.evidence.describe())}"
            )
            yield self.at(ctx, start, message, fix, end=end)
