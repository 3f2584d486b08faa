from __future__ import annotations

from collections.abc import Iterator

from ..rule import Applicability, Edit, Finding, Fix, LintContext, Rule, Severity


class TimestampInMarkdownLink(Rule):
    """What it does: flags a `yt-timestamp` anchor written as the destination of
    a Markdown link: `[00:40:58](<a class="yt-timestamp" ...>[00:40:58]</a>)`.

    Why: Python-Markdown reads the `<a ...>` tag as the link's URL. Without the
    plugin the page shows a link to a broken address and no timestamp; the
    plugin renders the timestamp in place of the whole link, but every other
    tool (an editor's preview, another site generator) shows the broken link.

    Fix (safe): keep the anchor and remove the Markdown link around it; words
    of the link's text other than the time itself are kept before the anchor.

    Example:

        A claim [00:40:58](<a class="yt-timestamp" data-t="00:40:58">[00:40:58]</a>).
    """

    code = "PMN107"
    name = "timestamp-in-markdown-link"
    summary = "a timestamp anchor wrapped in a Markdown link"
    severity = Severity.ERROR
    fixable = Applicability.SAFE

    def message(self, *, wrapper: str) -> str:
        return f"the timestamp is the URL of a Markdown link `{wrapper}(...)`: the page shows a broken link"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        if ctx.note is None:
            return
        text = ctx.note.text
        for anchor in ctx.note.anchors:
            if anchor.wrapper is None:
                continue
            start, end = anchor.wrapper
            words = text[start + 1 : anchor.start - 2]
            kept = "" if words.strip() in ("", anchor.label, anchor.data_t) else words + " "
            edits = (Edit(start, anchor.start, kept), Edit(anchor.end, end, ""))
            fix = Fix(edits, "keep the timestamp, drop the Markdown link around it")
            yield self.at(ctx, start, end=end, fix=fix, wrapper=text[start : anchor.start - 1])
