from __future__ import annotations

from collections.abc import Iterator

from ...core.index import Status
from ..rule import Finding, LintContext, Rule, Severity


class DanglingLink(Rule):
    """What it does: flags a wiki link whose target matches no page.

    Why: about one link in five in real note collections names a topic that
    has no page yet. The site still works (the plugin makes a topic page that
    lists every mention), but the author should know which topics are missing.
    Links on a source line (`From: [[lennyspodcast]]`) name the podcast, which
    gets a source page, so they are not reported.

    Example:

        See [[ai_product_strategy | strategy]].    <- no ai_product_strategy.md
    """

    code = "PMN201"
    name = "dangling-link"
    summary = "the link target matches no page"
    severity = Severity.WARNING
    scope = "site"
    build_report = "dangling"
    quick_fixes = ("create-note",)

    def message(self, *, target: str) -> str:
        return f"`{target}` matches no page (dangling topic)"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for link, resolution in ctx.resolved:
            if link.target and resolution.status is Status.MISSING:
                yield self.at(ctx, link.start, end=link.end, target=link.target)
