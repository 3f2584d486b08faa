from __future__ import annotations

from collections.abc import Iterator

from ...core.clock import Clock, format_clock
from ...core.times import AnchorTime
from ..rule import Applicability, Edit, Finding, Fix, LintContext, Rule, Severity


def _reading(time: AnchorTime, clock: Clock) -> int:
    """`clock`'s second as this anchor is read: shifted when its `data-t` is."""
    if time.corrected is not None and clock.fields == 3:
        return clock.shifted().total
    return clock.total


def _fix(time: AnchorTime) -> Fix | None:
    """Rewrite the side that does not fit the episode to the side that does."""
    anchor, clock, label = time.anchor, time.clock, time.label_clock
    assert clock is not None and label is not None and anchor.data_t is not None and anchor.label is not None
    assert anchor.label_span is not None and anchor.data_t_span is not None
    data_fits = _reading(time, clock) <= time.end
    label_fits = _reading(time, label) <= time.end
    if data_fits:
        # In shifted time the label takes the corrected reading PMN104 gives `data-t`.
        value = format_clock(time.corrected.total) if time.corrected else anchor.data_t.strip()
        return Fix((Edit(*anchor.label_span, value),), f"rewrite the label to `{value}`", Applicability.UNSAFE)
    if label_fits:
        value = anchor.label.strip()
        return Fix(
            (Edit(*anchor.data_t_span, value),), f"rewrite `data-t` to the label's `{value}`", Applicability.UNSAFE
        )
    return None


class TimestampLabelMismatch(Rule):
    """What it does: flags an anchor whose visible `[label]` names a different
    time than its `data-t`.

    Why: the reader sees the label, but the link plays from `data-t`. When they
    disagree, one of them is wrong, and the reader cannot tell which. Times
    written differently but meaning the same second (`28:47` and `00:28:47`)
    are not reported. A label that is not a clock at all is PMN101's.

    Fix (unsafe): rewrite the side that does not fit the episode to the one
    that does. When `data-t` fits (read as minutes:seconds where PMN104 reads
    it so), the label is rewritten to it; when only the label fits
    (`data-t="11:11:00"` labelled `[01:11:00]` in an hour-long episode),
    `data-t` is rewritten to the label, and the site already plays the
    label's time; when neither fits, no fix is offered. When both name the
    same second once read as minutes:seconds, PMN104's fix rewrites both and
    this rule offers none. Unsafe because either side may be the correct one.

    Example:

        <a class="yt-timestamp" data-t="32:03:00">[32:03:03]</a>
    """

    code = "PMN102"
    name = "timestamp-label-mismatch"
    summary = "the visible label names a different time than `data-t`"
    severity = Severity.WARNING
    fixable = Applicability.UNSAFE

    def message(self, *, label: str, data_t: str, reading: str | None = None, episode_end: int | None = None) -> str:
        text = f"label `[{label}]` shows a different time than `data-t` `{data_t}`"
        if reading is not None:
            return f"{text}; both read as {reading} as minutes:seconds (PMN104's fix rewrites both)"
        if episode_end is not None:
            return f"{text}; neither fits the episode ({format_clock(episode_end)})"
        return text

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
            if time.corrected is not None and _reading(time, label) == time.corrected.total:
                reading = format_clock(time.corrected.total)
                yield self.at(ctx, start, end=end, label=label_text, data_t=data_t, reading=reading)
                continue
            fix = _fix(time)
            episode_end = None if fix else time.end
            yield self.at(ctx, start, end=end, fix=fix, label=label_text, data_t=data_t, episode_end=episode_end)
