from __future__ import annotations

from collections.abc import Iterator

from ...core.clock import format_clock
from ...core.times import AnchorTime, How
from ..rule import Applicability, Edit, Finding, Fix, LintContext, Rule, Severity


def _fix(time: AnchorTime) -> Fix | None:
    """Rewrite the side that is not played to the reading that is."""
    anchor = time.anchor
    assert anchor.data_t is not None and anchor.label is not None
    assert anchor.label_span is not None and anchor.data_t_span is not None
    if time.how is How.LABEL:
        value = anchor.label.strip()
        return Fix(
            (Edit(*anchor.data_t_span, value),), f"rewrite `data-t` to the label's `{value}`", Applicability.UNSAFE
        )
    if time.seconds is None or time.how is How.FOUR:
        return None
    value = format_clock(time.seconds) if time.how is How.SHIFTED else anchor.data_t.strip()
    return Fix((Edit(*anchor.label_span, value),), f"rewrite the label to `{value}`", Applicability.UNSAFE)


class TimestampLabelMismatch(Rule):
    """What it does: flags an anchor whose visible `[label]` names a different
    time than its `data-t`.

    Why: the reader sees the label, but the link plays from `data-t`. When they
    disagree, one of them is wrong, and the reader cannot tell which. Times
    written differently but meaning the same second (`28:47` and `00:28:47`)
    are not reported. A label that is not a clock at all is PMN101's.

    Which side plays is decided with the rest of the note (see PMN104): the
    one that fits the episode and the anchors around it. The site's chip
    shows the time it plays either way, with the written value in its
    tooltip.

    Fix (unsafe): rewrite the side that is not played to the one that is.
    When `data-t` plays (read as minutes:seconds where PMN104 reads it so),
    the label is rewritten to it; when the label plays (`data-t="11:11:00"`
    labelled `[01:11:00]` in an hour-long episode), `data-t` is rewritten to
    the label; when neither fits, no fix is offered. When both name the same
    second once read as minutes:seconds, PMN104's fix rewrites both and this
    rule offers none. Unsafe because either side may be the correct one.

    Example:

        <a class="yt-timestamp" data-t="32:03:00">[32:03:03]</a>
    """

    code = "PMN102"
    name = "timestamp-label-mismatch"
    summary = "the visible label names a different time than `data-t`"
    severity = Severity.WARNING
    fixable = Applicability.UNSAFE
    scope = "site"
    decided_once = True

    def message(
        self,
        *,
        label: str,
        data_t: str,
        reading: str | None = None,
        episode_end: int | None = None,
        plays: str | None = None,
        why: str | None = None,
    ) -> str:
        text = f"label `[{label}]` shows a different time than `data-t` `{data_t}`"
        if reading is not None:
            return f"{text}; both read as {reading} as minutes:seconds (PMN104's fix rewrites both)"
        if episode_end is not None:
            return f"{text}; neither fits the episode ({format_clock(episode_end)})"
        if plays is not None:
            text = f"{text}; the link plays the {plays}"
        return f"{text} ({why})" if why else text

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for time in ctx.times:
            anchor = time.anchor
            clock, label = time.clock, time.label_clock
            if clock is None or label is None or anchor.label_span is None or anchor.data_t is None:
                continue
            if clock.total == label.total:
                continue
            start, end = anchor.label_span
            label_text, data_t = anchor.label or "", anchor.data_t
            fixed = time.corrected
            if fixed is not None and label.fields == 3 and label.shifted().total == fixed.total:
                yield self.at(ctx, start, end=end, label=label_text, data_t=data_t, reading=format_clock(fixed.total))
                continue
            fix = _fix(time)
            if fix is None:
                yield self.at(ctx, start, end=end, label=label_text, data_t=data_t, episode_end=time.end)
                continue
            if not time.rewritable:
                fix = None  # written as it plays, the note would be read otherwise (see `core.settled`)
            plays = "label's time" if time.how is How.LABEL else "`data-t`"
            yield self.at(
                ctx, start, end=end, fix=fix, label=label_text, data_t=data_t, plays=plays, why=time.why or None
            )
