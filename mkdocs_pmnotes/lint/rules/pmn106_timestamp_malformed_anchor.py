from __future__ import annotations

from collections.abc import Iterator

from ..rule import Finding, LintContext, Rule, Severity


class TimestampMalformedAnchor(Rule):
    """What it does: flags a `yt-timestamp` anchor whose markup is broken: no
    `data-t` attribute, an `<a>` tag that is never closed by `>`, or no
    closing `</a>` on its line.

    Why: broken markup cannot be turned into a link, and an unclosed tag can
    swallow the text after it when the page is rendered.

    Example:

        <a class="yt-timestamp">[00:12:40]</a>                  <- no data-t
        <a class="yt-timestamp" data-t="00:12:40">[00:12:40]    <- no </a>
    """

    code = "PMN106"
    name = "timestamp-malformed-anchor"
    summary = "the anchor markup is broken"
    severity = Severity.ERROR

    def message(self, *, problem: str) -> str:
        return problem

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        if ctx.note is None:
            return
        for anchor in ctx.note.anchors:
            if anchor.problem is not None:
                yield self.at(ctx, anchor.start, end=anchor.end, problem=anchor.problem)
