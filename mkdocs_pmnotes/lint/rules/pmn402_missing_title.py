from __future__ import annotations

import re
from collections.abc import Iterator

from ..rule import Finding, LintContext, Rule, Severity

_TITLE_LINE = re.compile(r"^title[ \t]*:", re.MULTILINE)
_KINDS = {dict: "a mapping", list: "a list", bool: "true or false", int: "a number", float: "a number"}


class MissingTitle(Rule):
    """What it does: flags front matter that has no `title`, an empty one, or
    one that YAML reads as something other than text: a mapping
    (`title: {a: b}`), a list, a number (`title: 1.10` reads as 1.1) or a date.

    Why: the title names the page in the navigation, in search and in the
    backlinks of other notes, and links may use it (`[[Pricing lessons]]`).
    Without it MkDocs falls back to the first heading or the file name; a title
    that is not text is dropped by the plugin for the same fallback, or shown
    other than written. Quote it to make it text. Missing or broken front
    matter is PMN401's.

    Example:

        ---
        title: {a: b}
        videoId: qNPPoj1qUG0
        ---
    """

    code = "PMN402"
    name = "missing-title"
    summary = "the front matter has no `title` or one that is not text"
    severity = Severity.WARNING

    def message(self, *, kind: str | None = None) -> str:
        """`kind` is what YAML read the title as; none when there is no title."""
        if kind is None:
            return "the front matter has no `title`"
        return f"the `title` is {kind}, not text: quote it"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        note = ctx.note
        if note is None or not note.front.usable:
            return
        value = note.front.data.get("title")
        if value is None or value == "":
            yield self.at_line(ctx, 1, 1)
        elif not isinstance(value, str):
            kind = _KINDS.get(type(value), "a date" if hasattr(value, "isoformat") else "not text")
            found = _TITLE_LINE.search(note.text, 0, note.front.body_start)
            line = note.position(found.start())[0] if found else 1
            yield self.at_line(ctx, line, 1, kind=kind)
