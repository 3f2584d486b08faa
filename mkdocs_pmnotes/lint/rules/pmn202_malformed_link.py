from __future__ import annotations

from collections.abc import Iterator

from ..rule import Finding, LintContext, Rule, Severity
from ._text import shorten


class MalformedLink(Rule):
    """What it does: flags a `[[` that is never closed by `]]` on its line, and
    a wiki link whose target is empty (`[[]]`, `[[ | label]]`).

    Why: neither becomes a link. The reader sees raw brackets, and the text
    the author meant to link is lost from the backlinks. Brackets inside code
    spans and fenced blocks are left alone.

    Example:

        Read about [[pricing_strategy | pricing.
        An empty link [[ | here]].
    """

    code = "PMN202"
    name = "malformed-link"
    summary = "a `[[` that is never closed, or an empty target"
    severity = Severity.ERROR

    def message(self, *, reason: str, excerpt: str) -> str:
        return f"{reason}: `{excerpt}`"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        if ctx.note is None:
            return
        for broken in ctx.note.broken_links:
            # The excerpt, not the raw text: an unclosed `[[` may run to the end of a very long line.
            yield self.at(ctx, broken.start, end=broken.end, reason=broken.reason, excerpt=shorten(broken.raw, 40))
