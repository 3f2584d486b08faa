from __future__ import annotations

from collections.abc import Iterator

from ..rule import Finding, LintContext, Rule, Severity
from ._text import front_matter_key, valid_video_id


class InvalidVideoId(Rule):
    """What it does: flags a `videoId` that is not 11 characters of
    `A-Z`, `a-z`, `0-9`, `_` and `-`, the shape of every YouTube video id.

    Why: every timestamp link of the note is built from it, so one wrong
    character breaks them all. A full URL pasted in place of the id is the
    usual cause.

    Example:

        videoId: https://youtu.be/qNPPoj1qUG0    <- write qNPPoj1qUG0
    """

    code = "PMN403"
    name = "invalid-video-id"
    summary = "`videoId` is not 11 characters of `[A-Za-z0-9_-]`"
    severity = Severity.ERROR

    def message(self, *, video: str) -> str:
        return f"`videoId` `{video}` is not a YouTube video id (11 characters of A-Z, a-z, 0-9, `_`, `-`)"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        note = ctx.note
        if note is None or not note.front.usable:
            return
        video = note.video_id
        if video is None or valid_video_id(video):
            return
        span = front_matter_key(note, "videoId")
        if span is None:
            yield self.at_line(ctx, 1, 1, video=video)
        else:
            yield self.at(ctx, span[0], end=span[1], video=video)
