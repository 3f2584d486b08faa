from __future__ import annotations

from collections.abc import Iterator

from ...core.clock import format_clock
from ..rule import Finding, LintContext, Rule, Severity


class TimestampBeyondEnd(Rule):
    """What it does: flags a timestamp after the end of the episode.

    The end is the note's front-matter `duration` (seconds, or a clock time
    such as `1:12:30`) when it has one; else, when two notes on the same
    video written in clear real time cite moments past the default end, the
    latest moment they cite (a long stream); otherwise the project's default
    end, 3:00:00 unless configured. A timestamp that reads as minutes:seconds
    or as its label is PMN104's or PMN102's. Reported here: a time that fits
    the episode under no reading (its link opens the video without a time),
    and one past a default end that plays as written because it stands in
    order with the anchors around it (a long episode with no `duration`).

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
    scope = "site"

    def message(self, *, data_t: str, episode_end: int, end_from: str, plays: bool = False) -> str:
        if end_from == "duration":
            source = "the note's `duration`"
        elif end_from == "siblings":
            source = "the latest moment the notes on this video cite"
        else:
            source = "the default end; set `duration` in the front matter if the episode is longer"
        text = f"{data_t} is after the end of the episode ({format_clock(episode_end)}, {source})"
        if plays:
            return f"{text}; it plays as written, in order with the anchors around it"
        return f"{text} and no other reading fits: the link opens the video without a time"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for time in ctx.times:
            if not time.beyond_end or time.anchor.data_t_span is None:
                continue
            start, end = time.anchor.data_t_span
            yield self.at(
                ctx,
                start,
                end=end,
                data_t=time.anchor.data_t,
                episode_end=time.end,
                end_from=time.end_from,
                plays=time.seconds is not None,
            )
