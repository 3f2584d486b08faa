from __future__ import annotations

from collections.abc import Iterator

from ...core.clock import format_clock
from ...core.times import AnchorTime, How
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
    anchors separated by commas. One finding covers a bracket. A time the
    episode's reading corrects (PMN104) is written as it plays, and the fix is
    then unsafe, as PMN104's is; PMN104 leaves such a time to this fix.

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
        if not any(anchor.plain for anchor in ctx.note.anchors):
            return
        plays = {t.anchor.start: t for t in ctx.times}
        bracket: list[str] = []
        written: list[str] = []
        start = 0
        for anchor in ctx.note.anchors:
            if not anchor.plain or anchor.data_t is None:
                continue
            if text.startswith("[", anchor.start):  # the first time of a bracket
                bracket, written, start = [], [], anchor.start
            written.append(anchor.data_t)
            bracket.append(_as_read(anchor.data_t, plays.get(anchor.start)))
            if text.endswith("]", anchor.start, anchor.end):  # the last: one finding for the bracket
                links = ", ".join(f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>' for t in bracket)
                # A time the episode's reading corrects is written corrected, as PMN104 would: unsafe.
                safety = Applicability.SAFE if bracket == written else Applicability.UNSAFE
                fix = Fix((Edit(start, anchor.end, links),), "write the times as anchors", safety)
                yield self.at(ctx, start, end=anchor.end, fix=fix, times=", ".join(written))


def _as_read(written: str, time: AnchorTime | None) -> str:
    """The time as the note's reading plays it: corrected when PMN104 would correct it."""
    if time is None or time.how is not How.SHIFTED or time.corrected is None or not time.rewritable:
        return written
    return format_clock(time.corrected.total)
