"""The HTML the plugin and the Markdown extension emit, as small pure functions.

Every value that comes from a note (label, title, sentence, target, time) is
escaped here and nowhere else, so no caller can forget to. URLs come in as
in-site paths the caller computed, or are built here from a checked videoId.
The markup is the contract with `assets/pmnotes.js` and `assets/pmnotes.css`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from ..core.timestamps import format_clock

_VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_SCHEME_LIKE = re.compile(r"^[^/?#]*:")


def esc(value: object) -> str:
    """Text or attribute value, quotes included, as HTML."""
    return escape(str(value), quote=True)


_TAGS = re.compile(r"<[^<>]*>")
_NOT_DISPLAYED = frozenset({"template", "videoId"})


def safe_meta(meta: dict) -> dict:
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
        out: dict = {}
        memo[id(value)] = out  # a mapping that contains itself ends here
        for key, item in value.items():
            out[_safe_value(key, memo) if isinstance(key, str) else key] = _safe_value(item, memo)
        return out
    if isinstance(value, (list, tuple, set, frozenset)):
        items: list = []
        memo[id(value)] = items
        items.extend(_safe_value(item, memo) for item in value)
        return items
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime)):
        return value
    return esc(str(value))  # bytes (`!!binary`) and anything else: as escaped text


def valid_video_id(value: object) -> str | None:
    """The videoId when it is exactly 11 characters of `[A-Za-z0-9_-]`, else None."""
    if isinstance(value, str) and _VIDEO_ID.fullmatch(value):
        return value
    return None


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


def link(href: str, label: str, *, topic: bool = False, embed: bool = False, title: str | None = None) -> str:
    """A wiki link to a page (or to a generated topic page when `topic`)."""
    classes = "pmn-link" + (" pmn-topic" if topic else "") + (" pmn-embed" if embed else "")
    extra = f' title="{esc(title)}"' if title else ""
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
    shifted: bool = False  # `seconds` corrects a shifted writing (`06:33:00` for 6 min 33 s)


def timestamp(moment: Moment) -> str:
    """A timestamp as a real YouTube link, or a plain span when it cannot be one."""
    video = valid_video_id(moment.video)
    if video is None or moment.seconds is None:
        reason = "pmn-ts-novideo" if video is None else "pmn-ts-unreadable"
        return f'<span class="pmn-ts {reason}">[{esc(moment.label)}]</span>'
    return _anchor(esc(moment.label), esc(moment.data_t), video, max(int(moment.seconds), 0), moment.shifted)


def _anchor(label: str, data_t: str, video: str, seconds: int, shifted: bool) -> str:
    """The link itself, from values already escaped (`video` checked, `seconds` an int)."""
    classes = "yt-timestamp pmn-ts"
    title = ""
    if shifted:
        classes += " pmn-ts-shifted"
        title = f' title="Written as {data_t.strip()}; read as {format_clock(seconds)} (minutes:seconds)"'
    return (
        f'<a class="{classes}" href="https://www.youtube.com/watch?v={video}&amp;t={seconds}s"'
        f' data-t="{data_t}" data-pmn-video="{video}" data-pmn-seconds="{seconds}"{title}'
        f' target="_blank" rel="noopener">[{label}]</a>'
    )


# The plugin keeps timestamps short in `page.content`, which MkDocs holds for every
# page until the build ends, and expands them in each page's output as it is written.
_COMPACT = re.compile(r'<a class="pmn-ts-c" data-t="(?P<t>[^"<>]*)" data-s="(?P<s>\d+)(?P<shifted>!?)">\[(?P<label>[^<]*)\]</a>')


def compact_timestamp(moment: Moment) -> str:
    """The short form of `timestamp(moment)`, for a page whose video is known."""
    if valid_video_id(moment.video) is None or moment.seconds is None:
        return timestamp(moment)
    mark = "!" if moment.shifted else ""
    seconds = max(int(moment.seconds), 0)
    return f'<a class="pmn-ts-c" data-t="{esc(moment.data_t)}" data-s="{seconds}{mark}">[{esc(moment.label)}]</a>'


def expand_timestamps(html: str, video: str | None) -> str:
    """Every short timestamp of a page's HTML in its full form, for `video`."""
    checked = valid_video_id(video)
    if checked is None or "pmn-ts-c" not in html:
        return html
    return _COMPACT.sub(
        lambda m: _anchor(m["label"], m["t"], checked, int(m["s"]), bool(m["shifted"])), html
    )


def player(video: str) -> str:
    """The empty slot pmnotes.js fills with a player on the first click; no request at load."""
    checked = valid_video_id(video)
    if checked is None:
        return ""
    return f'<div class="pmn-player" data-pmn-video="{checked}"></div>'


@dataclass(frozen=True, slots=True)
class MentionView:
    """One mention as the lists show it; `moment_html` is a rendered timestamp or ''."""

    href: str
    title: str
    sentence: str
    moment_html: str = ""


def mention(item: MentionView) -> str:
    quote = f" <q>{esc(item.sentence)}</q>" if item.sentence else ""
    moment = f" {item.moment_html}" if item.moment_html else ""
    return f'<li class="pmn-mention">{link(item.href, item.title)}:{quote}{moment}</li>'


@dataclass(frozen=True, slots=True)
class EpisodeGroup:
    """Mentions from the notes of one episode (or of notes with no video)."""

    title: str
    href: str | None
    mentions: tuple[MentionView, ...]


def _group_heading(group: EpisodeGroup, level: int) -> str:
    inner = link(group.href, group.title) if group.href else esc(group.title)
    return f"<h{level}>{inner}</h{level}>"


def mention_groups(groups: Iterable[EpisodeGroup], level: int = 3) -> str:
    """Mentions grouped by episode, as sections of `pmn-mentions` lists."""
    parts = []
    for group in groups:
        items = "".join(mention(m) for m in group.mentions)
        parts.append(f'<section class="pmn-episode">{_group_heading(group, level)}<ul class="pmn-mentions">{items}</ul></section>')
    return "".join(parts)


def backlinks_panel(groups: list[EpisodeGroup], empty_text: str = "No other note links here yet.") -> str:
    """The "Linked from" panel at the end of a page, kept out of the search index."""
    count = sum(len(g.mentions) for g in groups)
    body = mention_groups(groups) if groups else f'<p class="pmn-none">{esc(empty_text)}</p>'
    return (
        f'<aside class="pmn-backlinks" data-search-exclude data-pmn-count="{count}">'
        f'<h2 id="linked-from">Linked from</h2>{body}</aside>'
    )


def note_list(items: Iterable[tuple[str, str, str]]) -> str:
    """A plain list of notes: (href, title, extra HTML after the link)."""
    rows = "".join(f'<li class="pmn-mention">{link(href, title)}{extra}</li>' for href, title, extra in items)
    return f'<ul class="pmn-mentions">{rows}</ul>'
