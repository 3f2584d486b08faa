from __future__ import annotations

import difflib
from collections.abc import Iterator

from ...core.index import Status
from ..rule import Finding, LintContext, Rule, Severity


class LinkToMissingHeading(Rule):
    """What it does: flags `[[page#heading]]` where the page has no such
    heading, and `[[#heading]]` where the note itself has none. A heading
    matches by its id (`#pricing-power`) or its text, ignoring case and
    punctuation.

    Why: the link still opens the page, but at the top, and the reader has to
    hunt for the section. Headings get renamed; links to them do not follow.

    Example:

        [[pricing_strategy#Value metrics]]   <- pricing_strategy.md has no such heading
    """

    code = "PMN204"
    name = "link-to-missing-heading"
    summary = "the linked page has no such heading"
    severity = Severity.WARNING
    scope = "site"

    def message(self, *, page: str, heading: str, here: bool, suggestion: str | None = None) -> str:
        where = "this note" if here else f"`{page}`"
        text = f"{where} has no heading `{heading}`"
        return f"{text}; did you mean `{suggestion}`?" if suggestion is not None else text

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for link, resolution in ctx.resolved:
            if link.heading is None:
                continue
            page = resolution.page
            if resolution.status is not Status.FOUND or page is None:
                continue  # PMN201 or PMN203 reports the page itself
            if ctx.index.outline_of(page.path) is None or ctx.index.find_heading(page.path, link.heading):
                continue
            texts = [heading.text for heading in ctx.index.headings(page.path)]
            close = difflib.get_close_matches(link.heading, texts, n=1, cutoff=0.6)
            yield self.at(
                ctx,
                link.start,
                end=link.end,
                page=page.path,
                heading=link.heading,
                here=page.path == ctx.name,
                suggestion=close[0] if close else None,
            )
