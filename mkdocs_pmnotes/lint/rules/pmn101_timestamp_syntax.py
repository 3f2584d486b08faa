from __future__ import annotations

from collections.abc import Iterator

from ..rule import Finding, LintContext, Rule, Severity


def why_not_clock(value: str) -> str:
    """A short reason why `value` is not a clock time, for the message."""
    text = value.strip()
    if not text:
        return "it is empty"
    fields = text.split(":")
    if len(fields) not in (2, 3):
        return "a clock has 2 or 3 fields separated by `:`"
    for name, field in zip(("hours", "minutes", "seconds")[3 - len(fields) :], fields, strict=False):
        if not field.isdigit() or not field.isascii():
            return f"the {name} field `{field}` is not a number"
    minutes, seconds = fields[-2], fields[-1]
    if len(seconds) != 2 or (len(fields) == 3 and len(minutes) != 2):
        return "minutes and seconds take two digits"
    if int(minutes) > 59 or int(seconds) > 59:
        return "minutes and seconds run from 00 to 59"
    return "it is not H:MM:SS, HH:MM:SS or MM:SS"


class TimestampSyntax(Rule):
    """What it does: flags a timestamp anchor whose `data-t`, or whose visible
    label, is not a clock time: `H:MM:SS`, `HH:MM:SS` or `MM:SS`, with minutes
    and seconds from 00 to 59.

    Why: the plugin turns `data-t` into the second a YouTube link starts at.
    A value it cannot read gives a link to the start of the video, and a
    label that is not a time tells the reader nothing. A label that is not a
    clock is reported here and not as a mismatch (PMN102), since there is no
    time to compare.

    Example:

        <a class="yt-timestamp" data-t="00:61:10">[00:61:10]</a>   <- 61 minutes
        <a class="yt-timestamp" data-t="00:1a:00">[00:10:00]</a>   <- not a number
        <a class="yt-timestamp" data-t="00:12:00">[1:2]</a>        <- label: 1:02? 01:02?
    """

    code = "PMN101"
    name = "timestamp-syntax"
    summary = "`data-t` or its label is not a clock time"
    severity = Severity.ERROR

    def message(self, *, part: str, value: str, reason: str) -> str:
        shown = "`data-t` value `{}`" if part == "data-t" else "label `[{}]`"
        return f"{shown.format(value)} is not a clock time: {reason}"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for time in ctx.times:
            anchor = time.anchor
            if anchor.problem is not None:
                continue  # PMN106 reports broken markup
            if anchor.data_t is not None and anchor.data_t_span and time.clock is None:
                start, end = anchor.data_t_span
                reason = why_not_clock(anchor.data_t)
                yield self.at(ctx, start, end=end, part="data-t", value=anchor.data_t, reason=reason)
            if anchor.label is not None and anchor.label_span and time.label_clock is None:
                start, end = anchor.label_span
                reason = why_not_clock(anchor.label)
                yield self.at(ctx, start, end=end, part="label", value=anchor.label, reason=reason)
