from __future__ import annotations

from collections.abc import Iterator

from ..rule import Applicability, Edit, Finding, Fix, LintContext, Rule, Severity


class TimestampPlainText(Rule):
    """What it does: flags a clock time written in brackets in the prose of a note
    with a `videoId` (`[00:26:08]`, or each time of `[00:54:00, 01:06:00]`) instead
    of as a `yt-timestamp` anchor. Set `plain_timestamps: false` to read such
    times as plain text, as the rest of the notes' tools do.

    Why: the site plays these times like anchors, but an editor's preview and
    every other tool shows them as dead text, and the note's own tools (the
    timestamp readings, PMN104's fixes) work best on anchors.

    Fix (safe): write each time as an anchor: `[00:26:08]` becomes
    `<a class="yt-timestamp" data-t="00:26:08">[00:26:08]</a>`, and a list becomes
    anchors separated by commas. One finding covers a bracket.

    Example:

        The pricing change came first [00:26:08], then the rollout [00:54:00, 01:06:00].
    """

    code = "PMN108"
    name = "timestamp-plain-text"
    summary = "a clock time in brackets, not an anchor"
    severity = Severity.INFO
    fixable = Applicability.SAFE

    def message(self, *, times: str) -> str:
        return f"`[{times}]` is written as text: write it as `yt-timestamp` anchors so every tool can play it"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        if ctx.note is None:
            return
        text = ctx.note.text
        bracket: list[str] = []
        start = 0
        for anchor in ctx.note.anchors:
            if not anchor.plain or anchor.data_t is None:
                continue
            if text.startswith("[", anchor.start):  # the first time of a bracket
                bracket, start = [], anchor.start
            bracket.append(anchor.data_t)
            if text.endswith("]", anchor.start, anchor.end):  # the last: one finding for the bracket
                links = ", ".join(f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>' for t in bracket)
                fix = Fix((Edit(start, anchor.end, links),), "write the times as anchors")
                yield self.at(ctx, start, end=anchor.end, fix=fix, times=", ".join(bracket))
