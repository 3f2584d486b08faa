"""The id of each heading as its page shows it, for the page and for every link to it.

Python-Markdown's `toc` makes a heading's id from the heading's text as rendered
and appends `_1`, `_2`... to repeats. The plugin renders a heading's timestamps
as the time they play, so `## Intro [06:33:00]` in an hour-long episode shows
`Intro [00:06:33]` and gets the id `intro-000633`. Links to headings and the
episode timelines take their ids from `page_ids`, which reads the heading as
the page shows it, so neither can point at the id of the text as written.
"""

from __future__ import annotations

import inspect
from bisect import bisect_left
from collections.abc import Callable
from functools import cache

from ..core.linktext import plain_heading_text
from ..core.model import Heading, Note
from ..core.slugs import heading_slug
from . import markup
from .plan import Reading

Slugify = Callable[[str], str]  # heading text -> id, as the site's `toc` makes it


def page_ids(note: Note, reading: Reading, slugify: Slugify = heading_slug) -> dict[int, str]:
    """Heading line -> id, for every heading of `note`, in the order `toc` gives them."""
    used: set[str] = set()
    unique = _unique()
    starts = [anchor.start for anchor in note.anchors]
    ids = {}
    for heading in note.headings:
        ids[heading.line] = unique(slugify(_shown_text(note, heading, reading, starts)), used)
    return ids


def _shown_text(note: Note, heading: Heading, reading: Reading, starts: list[int]) -> str:
    """The heading's text with each timestamp as the page shows it (`starts`: the anchors' starts)."""
    begin, end = heading.span
    anchors = note.anchors
    inside = []
    for anchor in (anchors[i] for i in range(bisect_left(starts, begin), len(anchors))):
        if anchor.start >= end:
            break
        if anchor.end <= end and anchor.problem is None and anchor.data_t is not None:
            inside.append(anchor)
    if not inside:
        return heading.text
    parts, pos = [], begin
    video = note.video_id
    for anchor in inside:
        seconds, how = reading(anchor)
        moment = markup.Moment(anchor.label or "", anchor.data_t or "", video, seconds, how)
        first, last = anchor.span
        parts += [note.text[pos:first], "[", markup.shown(moment), "]"]
        pos = last
    parts.append(note.text[pos:end])
    return plain_heading_text("".join(parts))


@cache  # asked once per note: the answer is the installed Markdown's
def _counted() -> bool:
    from markdown.extensions.toc import unique

    return "counters" in inspect.signature(unique).parameters


def _unique() -> Callable[[str, set[str]], str]:
    """toc's own rule for repeated ids, with its counters where the installed Markdown has them
    (3.10+), so a page of many equal headings costs linear time here as in `toc`."""
    from markdown.extensions.toc import unique

    if not _counted():
        return unique
    counters: dict[str, int] = {}
    return lambda wanted, used: unique(wanted, used, counters)
