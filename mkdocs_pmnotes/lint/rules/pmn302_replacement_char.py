from __future__ import annotations

import re
from collections.abc import Iterator

from ..rule import Finding, LintContext, Rule, Severity

_RUN = re.compile("\ufffd+")


class ReplacementChar(Rule):
    """What it does: flags U+FFFD REPLACEMENT CHARACTER (`�`).

    Why: a decoder writes U+FFFD where it met bytes it could not read, so the
    original character is gone. No tool can restore it; someone has to look
    at the source and retype it. There is no automatic fix.

    Example:

        the product�market fit stage   <- probably an en dash
    """

    code = "PMN302"
    name = "replacement-char"
    summary = "U+FFFD, a character lost in decoding"
    severity = Severity.WARNING

    def message(self, *, count: int) -> str:
        what = "a U+FFFD replacement character" if count == 1 else f"{count} U+FFFD replacement characters"
        return f"{what}: the original text was lost in decoding and must be retyped"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        if ctx.note is None or "\ufffd" not in ctx.note.text:
            return
        for run in _RUN.finditer(ctx.note.text):
            yield self.at(ctx, run.start(), end=run.end(), count=run.end() - run.start())
