from __future__ import annotations

from collections.abc import Iterator

from ..rule import Finding, LintContext, Rule, Severity
from ._text import valid_video_id


class TimestampNoVideo(Rule):
    """What it does: flags a note that has timestamp anchors but no valid
    `videoId` in its front matter. It is reported once, at the first anchor.

    Why: an anchor becomes a link to `youtube.com/watch?v=<videoId>&t=<s>`;
    without the id the timestamps are dead text. When the front matter is
    missing or broken, PMN401 reports that instead.

    Example:

        ---
        title: Pricing lessons
        ---
        Charge more <a class="yt-timestamp" data-t="00:04:10">[00:04:10]</a>.
    """

    code = "PMN105"
    name = "timestamp-no-video"
    summary = "there are timestamp anchors but no valid `videoId`"
    severity = Severity.WARNING

    def message(self, *, count: int, video: str | None = None) -> str:
        anchors, they = ("1 timestamp anchor", "it") if count == 1 else (f"{count} timestamp anchors", "they")
        if video is None:
            return f"{anchors} but no `videoId` in the front matter: {they} cannot link to the video"
        return f"{anchors} but `videoId` `{video}` is not a valid video id: {they} cannot link to the video"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        note = ctx.note
        if note is None or not note.anchors or not note.front.usable:
            return
        video = note.video_id
        if valid_video_id(video):
            return
        first = note.anchors[0]
        yield self.at(ctx, first.start, end=first.end, count=len(note.anchors), video=video)
