from __future__ import annotations

from collections.abc import Iterator

from ...core.clock import format_clock
from ...core.times import AnchorTime
from ..rule import Applicability, Edit, Finding, Fix, LintContext, Rule, Severity


def _label_means_same(time: AnchorTime) -> bool:
    """Does the label name the anchor's time, read either way?"""
    label, clock, fixed = time.label_clock, time.clock, time.corrected
    if label is None or clock is None or fixed is None:
        return False
    return label.total == clock.total or (label.fields == 3 and label.shifted().total == fixed.total)


def _why(time: AnchorTime) -> str:
    """Why the last field is dropped."""
    assert time.clock is not None
    if time.clock.seconds == 0:
        return "minutes:seconds written as hours:minutes"
    where = "in this note" if time.evidence and time.evidence.scope == "note" else "here"
    return f"the last field is junk {where}"


class TimestampShifted(Rule):
    """What it does: flags a timestamp written in shifted time, where
    minutes:seconds were written as hours:minutes (`06:33:00` for 6 min 33 s),
    often with a junk last field (`01:02:05` for 1 min 2 s). The message gives
    the reading and, once per note, the evidence for it.

    One anchor alone rarely tells, so the reading uses these signals, in order:

    1. The note's own anchors: at least five, three in four ending in
       :00-:09, and an hours field of 2 or more (or a time past the end of
       the episode). Then every padded anchor of the note is read as
       minutes:seconds, `03:00:00` included; a real-looking last field
       (`01:00:43`) is kept.
    2. Notes on the same `videoId`, only for a note with fewer than five
       anchors of its own, all padded: a sibling written in shifted time
       supports the reading. Siblings never outvote a note that has enough
       anchors.
    3. In a note that is not shifted as a whole, one anchor: padded, past the
       end of the episode (`duration`, else the configured default end), with
       a minutes:seconds reading that fits it (`03:06:00` in a note of real
       `01:28:48` times). An anchor whose label fits the episode is left to
       PMN102: the label is the better reading.
    4. Order within a paragraph: a padded anchor between two anchors of its
       paragraph that read as minutes:seconds.
    5. A sibling on the same video citing the same sentence at the same
       minutes:seconds, read as minutes:seconds there.

    A well-formed note whose seconds spread over 00-59 is never reported,
    even past 1:00:00. The reading is shared with the plugin, which links
    these anchors to the corrected second and shows it on the label.

    Why: `06:33:00` plays six and a half hours into a one-hour video.

    Fix (unsafe): rewrite `data-t`, and a label that names the same time, to
    the corrected `HH:MM:SS`. Unsafe because the decision is statistical.

    Example:

        <a class="yt-timestamp" data-t="06:33:00">[06:33:00]</a>   <- 00:06:33
    """

    code = "PMN104"
    name = "timestamp-shifted"
    summary = "minutes:seconds written as hours:minutes"
    severity = Severity.WARNING
    fixable = Applicability.UNSAFE

    def message(
        self,
        *,
        data_t: str,
        reading: str,
        why: str,
        evidence: str | None = None,
        shared: bool = True,
        echo: bool = False,
    ) -> str:
        """`evidence`, when given, follows a `;` when it is this anchor's own and
        stands in brackets when it is the note's (`shared`); `echo` refers a later
        anchor back to the note's evidence, stated once."""
        text = f"{data_t} reads as {reading}: {why}"
        if evidence is not None:
            return f"{text} ({evidence})" if shared else f"{text}; {evidence}"
        return f"{text}, as in the rest of this note" if echo else text

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        told = False  # a note's shared evidence is stated once, on its first finding
        for time in ctx.times:
            anchor = time.anchor
            if time.corrected is None or time.evidence is None or anchor.data_t_span is None:
                continue
            reading = format_clock(time.corrected.total)
            start, end = anchor.data_t_span
            edits = [Edit(start, end, reading)]
            if anchor.label_span is not None and _label_means_same(time):
                edits.append(Edit(*anchor.label_span, reading))
            fix = Fix(tuple(edits), f"rewrite `{anchor.data_t}` as `{reading}`", Applicability.UNSAFE)
            shared = time.evidence.scope == "note"
            evidence = time.evidence.describe() if not shared or not told else None
            echo = shared and told and time.clock is not None and time.clock.seconds == 0
            told = told or shared
            yield self.at(
                ctx,
                start,
                end=end,
                fix=fix,
                data_t=anchor.data_t or "",
                reading=reading,
                why=_why(time),
                evidence=evidence,
                shared=shared,
                echo=echo,
            )
