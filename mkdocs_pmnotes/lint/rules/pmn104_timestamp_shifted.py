from __future__ import annotations

from collections.abc import Iterator

from ...core.clock import format_clock
from ...core.times import AnchorTime, How
from ..rule import Applicability, Edit, Finding, Fix, LintContext, Rule, Severity


def _label_means_same(time: AnchorTime) -> bool:
    """Does the label name the anchor's time, read either way?"""
    label, clock, fixed = time.label_clock, time.clock, time.corrected
    if label is None or clock is None or fixed is None:
        return False
    return label.total == clock.total or (label.fields == 3 and label.shifted().total == fixed.total)


class TimestampShifted(Rule):
    """What it does: flags a timestamp written in shifted time, where
    minutes:seconds were written as hours:minutes (`06:33:00` for 6 min 33 s),
    often with a junk last field (`01:02:05` for 1 min 2 s). The message gives
    the reading and, once per note, the evidence for it.

    One anchor alone rarely tells, so one inference weighs every signal of
    the note together and picks the reading of each anchor (as written,
    minutes:seconds, its label, nothing) that makes the whole note likeliest:

    1. The last field. Shifted writing pads it, `:00` most often, or puts a
       junk number there; real time spreads it over 00-59.
    2. Order. A transcript mostly moves forward, most of all within a
       paragraph: a reading that jumps back needs other evidence, and an
       anchor in order as written stays as written.
    3. Stretches. A note keeps one style for a while (a stretch of shifted
       anchors inside a real-time note), so switching style costs.
    4. The episode's length: `duration`; else, when two notes on the video
       written in clear real time cite moments past the default end, the
       latest of those; else the default end (`default_end`). A time past the
       end is unlikely, past twice the end impossible. Long streams play as
       written.
    5. Siblings: a note on the same video that cites the same sentence at the
       time one reading gives.

    The message states the evidence that decided. Notes on one video are read
    together, once, so the result does not depend on the order they come in.
    The reading is shared with the plugin, which links these anchors to the
    corrected second and shows it on the label.

    Why: `06:33:00` plays six and a half hours into a one-hour video.

    Fix (unsafe): rewrite `data-t`, and a label that names the same time, to
    the corrected `HH:MM:SS`: exactly the second the site plays. Unsafe
    because the decision is statistical. No fix is offered when the note,
    written so, would be read otherwise: `60:00:00` plays 60 min, but written
    `01:00:00` its `:00` would look like padding again and play 1 min.

    Example:

        <a class="yt-timestamp" data-t="06:33:00">[06:33:00]</a>   <- 00:06:33
    """

    code = "PMN104"
    name = "timestamp-shifted"
    summary = "minutes:seconds written as hours:minutes"
    severity = Severity.WARNING
    fixable = Applicability.UNSAFE
    scope = "site"
    build_report = "shifted"
    decided_once = True

    def message(self, *, data_t: str, reading: str, evidence: str | None = None, echo: bool = False) -> str:
        """`evidence` is stated on the note's first finding when it is the note's
        (`echo` refers later anchors back to it) and on every finding that has
        its own."""
        text = f"{data_t} reads as {reading}"
        if evidence is not None:
            return f"{text}: {evidence}"
        return f"{text}, as the rest of this note" if echo else text

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        told = False  # a note's shared evidence is stated once, on its first finding
        for time in ctx.times:
            anchor = time.anchor
            if time.how is not How.SHIFTED or time.corrected is None or anchor.data_t_span is None:
                continue
            reading = format_clock(time.corrected.total)
            start, end = anchor.data_t_span
            edits = [Edit(start, end, reading)]
            if anchor.label_span not in (None, anchor.data_t_span) and _label_means_same(time):
                edits.append(Edit(*anchor.label_span, reading))
            # A time written as plain text is rewritten by PMN108's fix, which writes it as it plays.
            fix = (
                None
                if anchor.plain or not time.rewritable
                else Fix(tuple(edits), f"rewrite `{anchor.data_t}` as `{reading}`", Applicability.UNSAFE)
            )
            shared = time.evidence is not None and time.evidence.scope == "note"
            evidence = time.why if time.why and (not shared or not told) else None
            told = told or shared
            yield self.at(
                ctx,
                start,
                end=end,
                fix=fix,
                data_t=anchor.data_t or "",
                reading=reading,
                evidence=evidence,
                echo=shared,
            )
