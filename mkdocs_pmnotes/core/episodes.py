"""Episode titles the notes write themselves: Markdown links to a video with a title as their text.

A channel's note often lists its episodes as `### [The art of product management |
Shreyas Doshi](https://www.youtube.com/watch?v=YP_QghPLG-8)`, each followed by that
episode's notes. Such a link names the episode of its video anywhere in a site. Not
every link to a video is a title: its text may be a time (`[00:26:08](...)`), the
address itself, or a word like "here"; and a link to a moment of the video (`&t=95`)
names that moment, not the episode. Links are looked for in the masked text, so a
link in code stays code.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from .linktext import plain_heading_text
from .model import valid_video_id

# `[text](url "title")`: text with one level of balanced brackets, as Python-Markdown
# reads it; the address bare or in `<...>`. Images (`![...]`) and escaped brackets are not links.
_LINK = re.compile(
    r"(?<![!\\])\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])+)\]"
    r"\([ \t]*<?(?P<url>(?:https?:)?//[^\s<>()]+(?:\([^\s<>()]*\)[^\s<>()]*)*)>?"
    r"""(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\)"""
)
_HOSTS = frozenset(["youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com", "youtu.be"])
_PATHS = ("embed", "live", "shorts", "v")  # youtube.com/<path>/<videoId>
_TIME_KEYS = ("t", "start", "time_continue")
# Text that is no title: times, numbers and their punctuation only.
_NOT_WORDS = re.compile(r"[\d\s:.,;()\[\]\u2013\u2014-]*")
_GENERIC = frozenset(
    [
        "here",
        "link",
        "video",
        "watch",
        "youtube",
        "episode",
        "play",
        "listen",
        "source",
        "click here",
        "watch here",
        "this episode",
        "this video",
        "the episode",
        "the video",
        "watch on youtube",
        "watch the episode",
        "watch the video",
        "full episode",
        "on youtube",
    ]
)


def video_of(url: str) -> str | None:
    """The videoId a YouTube address plays from its start; None for another address or a moment."""
    try:
        parts = urlsplit(url if not url.startswith("//") else "https:" + url)
        host = (parts.hostname or "").removeprefix("www.")
        query = parse_qs(parts.query)
    except ValueError:
        return None
    if host not in _HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if host == "youtu.be":
        found = segments[0] if len(segments) == 1 else None
    elif segments == ["watch"]:
        found = query["v"][0] if query.get("v") else None
    elif len(segments) == 2 and segments[0] in _PATHS:
        found = segments[1]
    else:
        found = None
    if any(re.search(r"[1-9]", value) for key in _TIME_KEYS for value in query.get(key, ())):
        return None  # a link to a moment names the moment
    return valid_video_id(found)


def is_title(text: str, video: str) -> bool:
    """Does a link's text (as a reader sees it) name its video, rather than a time, an address or "here"?"""
    shown = text.strip()
    if not shown or _NOT_WORDS.fullmatch(shown) or video in shown:
        return False
    lowered = shown.casefold()
    if lowered.startswith(("http:", "https:", "//", "www.", "youtube.", "youtu.be", "m.youtube.")):
        return False
    if shown.startswith("[") and shown.endswith("]"):  # a time in brackets, or a wiki link
        return False
    return " ".join(re.sub(r"[^\w\s]", " ", lowered).split()) not in _GENERIC


def titled_videos(text: str, masked: str) -> tuple[tuple[str, str], ...]:
    """(videoId, title) of each titled link to a video in a note, the first for each video, in text order.

    `masked` is the note's text with code, comments and front matter blanked
    (`parse.parse_note`'s); the title is read from `text`, as a reader sees it.
    """
    if "youtu" not in masked:
        return ()
    found: dict[str, str] = {}
    pos = masked.find("youtu")
    while pos != -1:
        start = masked.rfind("\n", 0, pos) + 1
        end = masked.find("\n", pos)
        end = len(masked) if end == -1 else end
        for match in _LINK.finditer(masked, start, end):
            video = video_of(match["url"])
            if video is None or video in found:
                continue
            title = " ".join(plain_heading_text(text[match.start("text") : match.end("text")]).split())
            if is_title(title, video):
                found[video] = title
        pos = masked.find("youtu", end)
    return tuple(found.items())
