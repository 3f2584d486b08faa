from __future__ import annotations

from collections.abc import Iterator

from ..rule import Edit, Finding, Fix, LintContext, Rule


class TimestampLabelMismatch(Rule):
    """What it does: flags an anchor whose visible `[label]` names a different
    time than its `data-t`.

    Why: the reader sees the label, but the link plays from `data-t`. When they
    disagree, one of them is wrong, and the reader cannot tell which. Times
    written differently but meaning the same second (`28:47` and `00:28:47`)
    are not reported. A label that is not a clock at all is PMN101's.

    Fix (unsafe): rewrite the label to the `data-t` value. It is unsafe
    because the label may be the correct one. In a note written in shifted
    time, PMN104's fix also rewrites a label that means the same second, and
    takes precedence where both apply.

    Example:

        <a class="yt-timestamp" data-t="32:03:00">[32:03:03]</a>
    """

    code = "PMN102"
    name = "timestamp-label-mismatch"
    summary = "the visible label names a different time than `data-t`"
    severity = "warning"
    fixable = "unsafe"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for time in ctx.times:
            anchor = time.anchor
            if time.clock is None or time.label_clock is None or anchor.label_span is None:
                continue
            if time.clock.total == time.label_clock.total or anchor.data_t is None:
                continue
            value = anchor.data_t.strip()
            start, end = anchor.label_span
            fix = Fix((Edit(start, end, value),), f"rewrite the label to `{value}`", safe=False)
            message = f"label `[{anchor.label}]` shows a different time than `data-t` `{anchor.data_t}`"
            yield self.at(ctx, start, message, fix, end=end)
