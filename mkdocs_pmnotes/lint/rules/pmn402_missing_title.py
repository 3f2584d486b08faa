from __future__ import annotations

from collections.abc import Iterator

from ..rule import Finding, LintContext, Rule
from ._text import usable_front_matter


class MissingTitle(Rule):
    """What it does: flags front matter that has no `title`, or an empty one.

    Why: the title names the page in the navigation, in search and in the
    backlinks of other notes, and links may use it (`[[Pricing lessons]]`).
    Without it MkDocs falls back to the first heading or the file name.
    Missing or broken front matter is PMN401's.

    Example:

        ---
        videoId: qNPPoj1qUG0
        ---
    """

    code = "PMN402"
    name = "missing-title"
    summary = "the front matter has no `title`"
    severity = "warning"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        note = ctx.note
        if note is None or not usable_front_matter(note) or note.title is not None:
            return
        yield self.at_line(ctx, 1, 1, "the front matter has no `title`")
