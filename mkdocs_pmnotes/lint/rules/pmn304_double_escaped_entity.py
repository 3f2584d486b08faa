from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from html.entities import html5

from ...core.scan import mask
from ..rule import Applicability, Edit, Finding, Fix, LintContext, Rule, Severity

_ESCAPED = re.compile(r"&(?:amp;)+(?P<entity>#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


class DoubleEscapedEntity(Rule):
    """What it does: flags an HTML entity that was escaped twice: `&amp;amp;`,
    `&amp;#39;`, `&amp;quot;`, `&amp;ndash;` and the like. Code spans and
    fenced blocks are left alone, since text about HTML may show such
    entities on purpose.

    Why: the page shows the entity's source (`&ndash;`, `&#39;`) instead of
    the character.

    Fix (safe): undo the extra escaping (`&amp;ndash;` -> `&ndash;`,
    `&amp;amp;amp;` -> `&amp;`).

    Example:

        Q&amp;amp;A with the team &amp;ndash; part 2
    """

    code = "PMN304"
    name = "double-escaped-entity"
    summary = "an HTML entity escaped twice"
    severity = Severity.WARNING
    fixable = Applicability.SAFE

    def message(self, *, escaped: str, times: int, shown: str, meant: str) -> str:
        how = "twice" if times == 2 else f"{times} times"
        return f"`{escaped}` is escaped {how}: the page shows `{shown}` instead of `{meant}`"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        if ctx.note is None or "&amp;" not in ctx.note.text:
            return
        text = ctx.note.text
        masked = mask(text)
        for match in _ESCAPED.finditer(masked):
            entity = match["entity"]
            if not entity.startswith("#") and f"{entity};" not in html5:
                continue
            once = f"&{entity};"
            shown = "&" + match[0][len("&amp;") :]  # what the page shows, one escape undone
            extra = masked.count("amp;", match.start(), match.start("entity"))
            fix = Fix((Edit(match.start(), match.end(), once),), f"un-escape as `{once}`")
            yield self.at(
                ctx,
                match.start(),
                end=match.end(),
                fix=fix,
                escaped=match[0],
                times=extra + 1,
                shown=shown,
                meant=unescape(once),
            )
