from __future__ import annotations

from collections.abc import Iterator

from ...core.index import Status
from ..rule import Finding, LintContext, Rule, Severity


class AmbiguousLink(Rule):
    """What it does: flags a wiki link whose target matches several pages,
    when preferring a page in the linking note's own folder does not settle
    it. The message names the candidates.

    Why: the plugin cannot know which page is meant, so the link is not
    rewritten. Name the page by its path (`[[guests/jane_doe]]`) or rename
    one of the pages.

    Example:

        [[jane_doe]]   <- guests/jane_doe.md and hosts/jane_doe.md
    """

    code = "PMN203"
    name = "ambiguous-link"
    summary = "the target matches several pages"
    severity = Severity.WARNING
    scope = "site"
    build_report = "dangling"

    def message(self, *, target: str, candidates: tuple[str, ...]) -> str:
        return f"`{target}` matches {len(candidates)} pages: {', '.join(candidates)}; link to one by its path"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for link, resolution in ctx.resolved:
            if not link.target or resolution.status is not Status.AMBIGUOUS:
                continue
            candidates = tuple(sorted(page.path for page in resolution.candidates))
            yield self.at(ctx, link.start, end=link.end, target=link.target, candidates=candidates)
