from __future__ import annotations

from collections.abc import Iterator

from ...core.index import SiteIndex
from ...core.slugs import keys
from ..rule import Finding, LintContext, Rule, Severity
from ._text import front_matter_key


class DuplicatePage(Rule):
    """What it does: flags two notes that answer to the same name, through
    their file names or titles (`Pricing.md` and `pricing.md` in different
    folders, or a note titled "Pricing" beside `pricing.md`). It is reported
    on each note involved, naming the others.

    Why: a link to that name cannot tell the pages apart unless the linking
    note shares a folder with one of them; every other link to it is
    ambiguous (PMN203) or goes to a page the author did not mean.

    Example:

        guests/jane_doe.md
        hosts/jane_doe.md
    """

    code = "PMN404"
    name = "duplicate-page"
    summary = "two notes resolve to the same name"
    severity = Severity.WARNING
    scope = "site"

    def __init__(self) -> None:
        # One run lints many files against one index; find its collisions once.
        self._seen: tuple[SiteIndex, dict[str, list[tuple[str, list[str]]]]] | None = None

    def _collisions(self, index: SiteIndex) -> dict[str, list[tuple[str, list[str]]]]:
        """Page path -> [(the shared name's key, the other pages' paths)]."""
        if self._seen is None or self._seen[0] is not index:
            by_page: dict[str, list[tuple[str, list[str]]]] = {}
            for key, pages in sorted(index.collisions().items()):
                paths = sorted({page.path for page in pages})
                for path in paths:
                    by_page.setdefault(path, []).append((key, [p for p in paths if p != path]))
            self._seen = (index, by_page)
        return self._seen[1]

    def message(self, *, key: str, others: tuple[str, ...]) -> str:
        verb = "answers" if len(others) == 1 else "answer"
        return f"{', '.join(others)} also {verb} to `{key}`: links to it are ambiguous"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        note = ctx.note
        if note is None:
            return
        for key, others in self._collisions(ctx.index).get(ctx.name, []):
            span = front_matter_key(note, "title")
            if span is not None and note.title is not None and keys(note.title)[0] == key:
                yield self.at(ctx, span[0], end=span[1], key=key, others=tuple(others))
            else:
                yield self.at_line(ctx, 1, 1, key=key, others=tuple(others))
