"""The HTML of links and timestamps the plugin and the Markdown extension emit, as small pure functions.

Panels and generated pages are templates (`templates.py`) that print values escaped as here.

Every value that comes from a note (label, title, sentence, target, time) is
escaped here and nowhere else, so no caller can forget to. URLs come in as
in-site paths the caller computed, or are built here from a checked videoId.
The markup is the contract with `assets/pmnotes.js` and `assets/pmnotes.css`.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from ..core.clock import format_clock, parse_clock
from ..core.model import valid_video_id
from ..core.times import How

_SCHEME_LIKE = re.compile(r"^[^/?#]*:")


def esc(value: object) -> str:
    """Text or attribute value, quotes included, as HTML."""
    return escape(str(value), quote=True)


_TAGS = re.compile(r"<[^<>]*>")
_NOT_DISPLAYED = frozenset({"template", "videoId"})


def safe_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """A page's front matter as themes may print it: every string in it escaped, at any depth.

    Themes print `page.meta` values such as `title` and `description` without
    escaping them, and a list or mapping is printed as its `str()`, so strings
    nested in lists and mappings are escaped too. The title also loses anything
    shaped like a tag first: MkDocs' own theme passes it through `striptags`,
    which undoes escaping. A title that is not text (a mapping, a list) is
    dropped, so the page is named by its first heading or file name (PMN402
    reports it); a number or a date is shown as written.
    """
    safe = {}
    memo: dict[int, object] = {}
    for key, value in meta.items():
        if key in _NOT_DISPLAYED:
            safe[key] = value
        elif key == "title":
            if isinstance(value, (list, tuple, set, dict)):
                continue
            safe[key] = esc(_TAGS.sub("", value if isinstance(value, str) else str(value)))
        else:
            safe[key] = _safe_value(value, memo)
    return safe


_PLAIN = (bool, int, float, type(None))


def _safe_value(value: object, memo: dict[int, object]) -> object:
    """`value` with every string escaped. A value YAML shares through an alias is
    escaped once and shared again, so the work is linear in the YAML as written."""
    if isinstance(value, str):
        return esc(value)
    if isinstance(value, _PLAIN):
        return value
    if id(value) in memo:
        return memo[id(value)]
    if isinstance(value, dict):
        out: dict[object, object] = {}
        memo[id(value)] = out  # a mapping that contains itself ends here
        for key, item in value.items():
            out[_safe_value(key, memo) if isinstance(key, str) else key] = _safe_value(item, memo)
        return out
    if isinstance(value, (list, tuple, set, frozenset)):
        items: list[object] = []
        memo[id(value)] = items
        items.extend(_safe_value(item, memo) for item in value)
        return items
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime)):
        return value
    return esc(str(value))  # bytes (`!!binary`) and anything else: as escaped text


def youtube_url(video: str, seconds: int) -> str:
    """The watch URL of `video` at `seconds`; refuses an unchecked videoId."""
    if valid_video_id(video) is None:
        raise ValueError(f"not a YouTube videoId: {video!r}")
    return f"https://www.youtube.com/watch?v={video}&t={max(int(seconds), 0)}s"


def safe_href(href: str) -> str:
    """An in-site href that no browser can read as a scheme (`javascript:`...)."""
    if _SCHEME_LIKE.match(href):
        return "./" + href
    return href


def link(
    href: str, label: str, *, topic: bool = False, embed: bool = False, title: str | None = None, preview: bool = False
) -> str:
    """A wiki link to a page (or to a generated topic page when `topic`).

    `preview` marks it for Material's instant preview of the page it opens; a link
    with a `title` keeps it instead, since Material drops the title of previewed links.
    """
    classes = "pmn-link" + (" pmn-topic" if topic else "") + (" pmn-embed" if embed else "")
    extra = f' title="{esc(title)}"' if title else (" data-preview" if preview else "")
    return f'<a class="{classes}" href="{esc(safe_href(href))}"{extra}>{esc(label)}</a>'


def dangling(label: str, target: str) -> str:
    """A link whose target has no page, under the `warn` policy: styled, not a link."""
    return f'<span class="pmn-dangling" title="{esc("No page for " + target)}">{esc(label)}</span>'


def ambiguous(label: str, target: str, candidates: Iterable[str]) -> str:
    """A link that names several pages equally well."""
    names = ", ".join(candidates)
    title = f"{target} matches several pages: {names}"
    return f'<span class="pmn-dangling pmn-ambiguous" title="{esc(title)}">{esc(label)}</span>'


@dataclass(frozen=True, slots=True)
class Moment:
    """What a timestamp link needs: its label, its original `data-t`, and where it points."""

    label: str
    data_t: str
    video: str | None
    seconds: int | None
    how: int = How.WRITTEN  # how `seconds` was read from the anchor (`core.times.How`)
    why: str = ""  # the evidence for a reading other than as written


def timestamp(moment: Moment) -> str:
    """A timestamp as a real YouTube link, or a plain span when it cannot be one."""
    video = valid_video_id(moment.video)
    how = How(moment.how)
    if video is not None and moment.seconds is None and how is How.NONE:
        return _unplayable(esc(moment.label), esc(moment.data_t), video, esc(moment.why))
    if video is None or moment.seconds is None:
        reason = "pmn-ts-novideo" if video is None else "pmn-ts-unreadable"
        return f'<span class="pmn-ts {reason}">[{esc(moment.label)}]</span>'
    return _anchor(esc(moment.label), esc(moment.data_t), video, max(int(moment.seconds), 0), how, esc(moment.why))


_CLASSES = {
    How.WRITTEN: "",
    How.SHIFTED: " pmn-ts-shifted",
    How.LABEL: " pmn-ts-corrected",
    How.NONE: " pmn-ts-beyond",
    How.FOUR: " pmn-ts-corrected",
}


def _why(how: How, data_t: str, label: str, seconds: int, evidence: str) -> str:
    """The tooltip of a link that does not play its `data-t` as written (values escaped)."""
    plays = format_clock(seconds)
    if how is How.SHIFTED:
        text = f"Written as {data_t}; plays {plays}, read as minutes:seconds"
    elif how is How.FOUR:
        text = f"Written as {data_t}; plays {plays}, the first three fields"
    else:
        text = f"Written as {data_t}; plays the label's {plays}"
    return f"{text} ({evidence})" if evidence else text


def shown(moment: Moment) -> str:
    """The time between the brackets of `timestamp(moment)`, unescaped: what `toc` reads in a heading."""
    if valid_video_id(moment.video) is None or moment.seconds is None:
        return moment.label
    seconds = max(int(moment.seconds), 0)
    if How(moment.how) is How.WRITTEN and not _other_time(moment.label, seconds):
        return moment.label
    return format_clock(seconds)


def _shown(label: str, how: How, seconds: int) -> str:
    """The label a link shows: the time it plays, whatever was written."""
    return label if how is How.WRITTEN else format_clock(seconds)


def _anchor(label: str, data_t: str, video: str, seconds: int, how: How, evidence: str = "") -> str:
    """The link itself, from values already escaped (`video` checked, `seconds` an int).

    Every timestamp chip of the site, in notes, panels, topic pages and timelines, is
    made here. A corrected link shows the time it plays, so a reader on a touch
    screen, who never sees a tooltip, still reads the right time; the written value
    stays in `data-pmn-written` and the tooltip, with the evidence for the reading.
    The tooltip is `data-pmn-tip` (drawn by pmnotes.css), not `title`: Material's
    instant previews remove the `title` of every link they handle.
    """
    extra = ""
    if how is not How.WRITTEN:
        written = data_t.strip()
        extra = f' data-pmn-written="{written}" data-pmn-tip="{_why(how, written, label, seconds, evidence)}"'
        label = _shown(label, how, seconds)
    elif _other_time(label, seconds):
        # The label names another time than the one `data-t` plays: show what plays.
        tip = f"Labelled {label}; plays {format_clock(seconds)}, the time in data-t"
        extra = f' data-pmn-written="{label}" data-pmn-tip="{tip}"'
        label = format_clock(seconds)
    return (
        f'<a class="yt-timestamp pmn-ts{_CLASSES[how]}" href="https://www.youtube.com/watch?v={video}&amp;t={seconds}s"'
        f' data-t="{data_t}" data-pmn-video="{video}" data-pmn-seconds="{seconds}"{extra}'
        f' target="_blank" rel="noopener">[{label}]</a>'
    )


def _other_time(label: str, seconds: int) -> bool:
    clock = parse_clock(label)
    return clock is not None and clock.total != seconds


def _unplayable(label: str, data_t: str, video: str, evidence: str) -> str:
    """A time no reading fits: the written label, a link to the video without a time, and why.

    It has no `data-pmn-video`, so the player does not take the click: the link opens
    the video from its start in a new tab rather than seeking to a made-up second.
    """
    tip = f"Written as {data_t.strip()}; no time in the episode fits it" + (f" ({evidence})" if evidence else "")
    return (
        f'<a class="yt-timestamp pmn-ts{_CLASSES[How.NONE]}" href="https://www.youtube.com/watch?v={video}"'
        f' data-t="{data_t}" data-pmn-written="{data_t.strip()}" data-pmn-tip="{tip}"'
        f' target="_blank" rel="noopener">[{label}]</a>'
    )


_MARKS = {How.WRITTEN: "", How.SHIFTED: "s", How.LABEL: "l", How.FOUR: "f"}
_HOW_OF = {mark: how for how, mark in _MARKS.items()}


class CompactTimestamps:
    """The short form of timestamps for one build: `compact` writes it, `expand` makes it the full link.

    The plugin keeps timestamps short in `page.content`, which MkDocs holds for
    every page until the build ends, and expands them in each page's output as it
    is written. A note's raw HTML reaches that output too, so the short form
    carries a token drawn afresh for each instance, and only a short form with
    the token is expanded: a note that spells the short form cannot know it, and
    its HTML stays as inert as it is without the plugin instead of becoming a
    link with a label and time of its choosing.
    """

    def __init__(self) -> None:
        self.token = secrets.token_hex(12)
        self._pattern = re.compile(
            rf'<a class="pmn-ts-c" data-pmn-mark="{self.token}" data-t="(?P<t>[^"<>]*)"'
            r' data-s="(?P<s>\d+)(?P<how>[slf]?)">\[(?P<label>[^<]*)\]</a>'
        )

    def compact(self, moment: Moment) -> str:
        """The short form of `timestamp(moment)`, for a page whose video is known."""
        if valid_video_id(moment.video) is None or moment.seconds is None or moment.why:
            return timestamp(moment)  # rare: the full form carries the evidence in its tooltip
        if moment.how == How.WRITTEN and _other_time(moment.label, int(moment.seconds)):
            return timestamp(moment)  # rare too: a label that names another time
        how = How(moment.how)
        seconds = max(int(moment.seconds), 0)
        # The search plugins index this form: it shows the time the link plays, as the page does.
        label = esc(_shown(moment.label, how, seconds))
        return (
            f'<a class="pmn-ts-c" data-pmn-mark="{self.token}" data-t="{esc(moment.data_t)}"'
            f' data-s="{seconds}{_MARKS[how]}">[{label}]</a>'
        )

    def expand(self, html: str, video: str | None) -> str:
        """Every short timestamp this instance wrote into a page's HTML, in its full form for `video`."""
        checked = valid_video_id(video)
        if checked is None or self.token not in html:
            return html
        return self._pattern.sub(lambda m: _anchor(m["label"], m["t"], checked, int(m["s"]), _HOW_OF[m["how"]]), html)


_SHORT = CompactTimestamps()  # for a caller that renders once (the plugin makes one per build)


def compact_timestamp(moment: Moment) -> str:
    """The short form of `timestamp(moment)` (see `CompactTimestamps`)."""
    return _SHORT.compact(moment)


def expand_timestamps(html: str, video: str | None) -> str:
    """Every short timestamp `compact_timestamp` wrote into a page's HTML, in its full form for `video`."""
    return _SHORT.expand(html, video)
