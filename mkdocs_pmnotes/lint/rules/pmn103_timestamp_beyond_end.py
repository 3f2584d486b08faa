from __future__ import annotations

from collections.abc import Iterator

from ...core.clock import format_clock, parse_duration
from ..rule import Finding, LintContext, Rule, Severity


class TimestampBeyondEnd(Rule):
    """What it does: flags a timestamp after the end of the episode.

    The end is the note's front-matter `duration` (seconds, or a clock time
    such as `1:12:30`) when it has one; otherwise the project's default end,
    3:00:00 unless configured, since these episodes run up to about two hours.
    A timestamp that reads as minutes:seconds in a note written in shifted
    time is PMN104's; one that fits the episode under no reading is reported
    here.

    Why: a link past the end of the video plays nothing.

    Example:

        ---
        duration: 1:05:00
        ---
        ... <a class="yt-timestamp" data-t="01:31:47">[01:31:47]</a>
    """

    code = "PMN103"
    name = "timestamp-beyond-end"
    summary = "the time is after the end of the episode"
    severity = Severity.WARNING

    def message(self, *, data_t: str, episode_end: int, from_duration: bool) -> str:
        if from_duration:
            source = "the note's `duration`"
        else:
            source = "the default end; set `duration` in the front matter if the episode is longer"
        return f"{data_t} is after the end of the episode ({format_clock(episode_end)}, {source})"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        if ctx.note is None:
            return
        from_duration = parse_duration(ctx.note.duration) is not None
        for time in ctx.times:
            if not time.beyond_end or time.anchor.data_t_span is None:
                continue
            start, end = time.anchor.data_t_span
            yield self.at(
                ctx, start, end=end, data_t=time.anchor.data_t, episode_end=time.end, from_duration=from_duration
            )
