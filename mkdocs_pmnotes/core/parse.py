"""Parse one note's text into a `Note`. Pure: no I/O, no MkDocs."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from .blocks import CORE, PLAIN_TIMESTAMPS, Dialect
from .episodes import titled_videos
from .frontmatter import parse_front_matter
from .linktext import LINK_PATTERN, plain_heading_text, split_link_body
from .model import Anchor, BrokenLinks, Comment, FrontMatter, Heading, Note, WikiLink, valid_video_id
from .plaintimes import plain_times
from .scan import blank, position, protected_regions
from .scan import line_starts as compute_line_starts

Position = Callable[[int], tuple[int, int]]  # a text offset -> 1-based (line, column)

# The generator's own spelling of an anchor; anything else takes the careful path.
_PLAIN_ANCHOR = re.compile(r'<a class="yt-timestamp" data-t="([^"<>\n]*)">\[([^\[\]<\n]*)\]</a>')
_OPEN_TAG = re.compile(r"<a\b(?P<attrs>[^<>]*)(?P<close>>)?", re.IGNORECASE)
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_DATA_T = re.compile(r"""\bdata-t\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>'"]+))""", re.IGNORECASE)
_LABEL = re.compile(r"(?P<inner>[^<\n]*?)</a\s*>", re.IGNORECASE)
_BRACKETED = re.compile(r"\s*\[(?P<label>[^\[\]]*)\]\s*")
# Python-Markdown's heading: `#` at the very start of a line, no space needed after it,
# and closing `#`s dropped whether a space comes before them or not (`# C#` is "C").
_ATX = re.compile(r"^(?P<hashes>#{1,6})(?P<text>(?:\\.|[^\\\n])*?)#*\r?$", re.MULTILINE)
_ATX_START = re.compile(r"\n#")


def _links(text: str, masked: str, starts: Sequence[int], position: Position) -> tuple[list[WikiLink], BrokenLinks]:
    links: list[WikiLink] = []
    broken = BrokenLinks(text, starts)
    pos = masked.find("[[")
    while pos != -1:
        begin = pos - 1 if pos > 0 and masked[pos - 1] == "!" else pos
        match = LINK_PATTERN.match(masked, begin)
        if match is None:
            following = masked.find("[[", pos + 2)
            # The span runs to the line's end or the next `[[`, whichever comes first:
            # to the line's end alone, a line of n unclosed `[[` would hold n**2 characters.
            line_end = masked.find("\n", pos, following if following != -1 else len(masked))
            end = line_end if line_end != -1 else (following if following != -1 else len(masked))
            broken.add(pos, end, empty=False)
            pos = following
            continue
        body = text[match.start("body") : match.end("body")]
        target, heading, label = split_link_body(body)
        if not target and not heading:
            broken.add(match.start(), match.end(), empty=True)
        else:
            line, column = position(match.start())
            raw = text[match.start() : match.end()]
            links.append(
                WikiLink(raw, target, heading, label, bool(match["bang"]), match.start(), match.end(), line, column)
            )
        pos = masked.find("[[", match.end())
    return links, broken


def _anchors(text: str, masked: str, position: Position) -> list[Anchor]:
    anchors: list[Anchor] = []
    if "yt-timestamp" not in masked:
        return anchors
    for tag in _OPEN_TAG.finditer(masked):
        plain = _PLAIN_ANCHOR.match(masked, tag.start())
        if plain:
            line, column = position(tag.start())
            value_span, plain_label = plain.span(1), plain.span(2)
            anchors.append(
                Anchor(
                    text[value_span[0] : value_span[1]],
                    text[plain_label[0] : plain_label[1]],
                    tag.start(),
                    plain.end(),
                    line,
                    column,
                    value_span,
                    plain_label,
                )
            )
            continue
        attrs = tag["attrs"]
        klass = _CLASS.search(attrs)
        if not klass or "yt-timestamp" not in (klass.group(1) or klass.group(2) or klass.group(3) or "").split():
            continue
        line, column = position(tag.start())
        data_t = _DATA_T.search(masked, tag.start("attrs"), tag.end("attrs"))
        value = span = None
        if data_t:
            group = next(g for g in ("dq", "sq", "bare") if data_t.group(g) is not None)
            span = data_t.span(group)
            value = text[span[0] : span[1]]
        if not tag["close"]:
            anchors.append(
                Anchor(
                    value,
                    None,
                    tag.start(),
                    tag.end(),
                    line,
                    column,
                    span,
                    None,
                    "the `<a>` tag is never closed by `>`",
                )
            )
            continue
        label: str | None = None
        label_span = None
        problem = None
        closing = _LABEL.match(masked, tag.end())
        end = tag.end()
        if closing is None:
            problem = "the anchor has no closing `</a>` on its line"
        else:
            end = closing.end()
            bracketed = _BRACKETED.fullmatch(masked, closing.start("inner"), closing.end("inner"))
            if bracketed:
                label_span = bracketed.span("label")
            else:
                label_span = closing.span("inner")
            label = text[label_span[0] : label_span[1]]
        if data_t is None and problem is None:
            problem = "the anchor has no `data-t` attribute"
        anchors.append(Anchor(value, label, tag.start(), end, line, column, span, label_span, problem))
    return _wrapped(anchors, masked) if "](<a" in masked else anchors


_WRAPPER_OPEN = re.compile(r"\[[^\[\]\n]{0,200}\]\($")


def _wrapped(anchors: list[Anchor], masked: str) -> list[Anchor]:
    """Anchors written as the destination of a Markdown link, with that link's span.

    Real notes hold `[00:40:58](<a class="yt-timestamp" ...>[00:40:58]</a>)`:
    Python-Markdown reads the `<a ...>` as the link's URL, so the page shows a
    broken link where the timestamp was. The renderer replaces the whole link
    with the timestamp; PMN107 offers the same edit as a fix.
    """
    found = []
    for anchor in anchors:
        if anchor.problem is None and masked.startswith(")", anchor.end) and masked.startswith("(", anchor.start - 1):
            opening = _WRAPPER_OPEN.search(masked, max(anchor.start - 204, 0), anchor.start)
            if opening is not None:
                anchor = replace(anchor, wrapper=(opening.start(), anchor.end + 1))
        found.append(anchor)
    return found


def _headings(masked: str, text: str, body_start: int, position: Position) -> list[Heading]:
    headings: list[Heading] = []
    if "#" not in masked:
        return headings
    # Only lines whose first non-blank character is `#` are tried: a literal `\n`
    # prefix lets the scan skip ahead instead of testing every line start.
    starts = [body_start]
    starts.extend(m.start() + 1 for m in _ATX_START.finditer(masked, body_start))
    for start in starts:
        match = _ATX.match(masked, start)
        if match is None:
            continue
        # Found where nothing is masked out; read from the text itself, code spans included.
        match = _ATX.match(text, start) or match
        raw = text[match.start("text") : match.end("text")]
        shown = plain_heading_text(raw)
        line, _ = position(match.start())
        headings.append(Heading(len(match["hashes"]), shown, line, (match.start("text"), match.end("text"))))
    return headings


def _comments(text: str, regions: list[tuple[int, int]], position: Position) -> list[Comment]:
    comments = []
    for start, end in regions:
        if text.startswith("<!--", start) and text.endswith("-->", start, end) and end - start >= 7:
            comments.append(Comment(text[start + 4 : end - 3], start, end, position(start)[0]))
    return comments


def parse_note(text: str, path: str = "", dialect: Dialect = CORE) -> Note:
    """Parse a note's full text (front matter included). Never raises on bad input.

    `dialect`: the containers the site's Markdown extensions add (`blocks.dialect_of`),
    so that links in an admonition's body are links, not code."""
    starts = compute_line_starts(text)
    front, body_start, regions, masked = _masked(text, dialect)
    at = partial(position, starts)
    links, broken = _links(text, masked, starts, at)
    anchors = _anchors(text, masked, at)
    if dialect >= PLAIN_TIMESTAMPS and front.usable and valid_video_id(front.data.get("videoId")):
        anchors = plain_times(text, masked, anchors, at)
    return Note(
        path=path,
        text=text,
        front=front,
        links=tuple(links),
        broken_links=broken,
        anchors=tuple(anchors),
        headings=tuple(_headings(masked, text, body_start, at)),
        comments=tuple(_comments(text, regions, at)),
        line_starts=starts,
        video_titles=titled_videos(text, masked),
    )


def _masked(text: str, dialect: Dialect) -> tuple[FrontMatter, int, list[tuple[int, int]], str]:
    """(front matter, where the body starts, protected regions, the text with those and the front matter blanked)."""
    front = parse_front_matter(text)
    body_start = front.body_start if front.error is None else (front.body_start or 0)
    regions = protected_regions(text, dialect, front.body_start if front.usable else 0)
    masked = blank(text, regions)
    if body_start:
        # Nothing in the front matter block is a link, anchor or heading.
        masked = blank(masked, [(0, body_start)])
    return front, body_start, regions, masked


def parse_links(text: str, dialect: Dialect = CORE) -> tuple[WikiLink, ...]:
    """The wiki links `parse_note(text, dialect=dialect).links` finds, and nothing else.

    About a third of the work of a full parse: what an index of every link of a
    large site needs (the language server's references and link counts)."""
    starts = compute_line_starts(text)
    _, _, _, masked = _masked(text, dialect)
    links, _ = _links(text, masked, starts, partial(position, starts))
    return tuple(links)


def is_source_link(note: Note, link: WikiLink, prefixes: tuple[str, ...] | list[str] = ("From:",)) -> bool:
    """Is `link` the note's source (`From: [[lennyspodcast]]`) rather than a topic?"""
    return is_source_at(note.text, link.start, prefixes)


def is_source_at(text: str, start: int, prefixes: tuple[str, ...] | list[str] = ("From:",)) -> bool:
    """`is_source_link` for a link starting at `start` of a note's `text`."""
    # Read backwards from the link rather than from the start of its line: a
    # long one-line note has thousands of links on a line of megabytes.
    end = _skip_blanks_back(text, start)
    for prefix in prefixes:
        wanted = prefix.strip()
        if text.endswith(wanted, 0, end):
            begin = _skip_blanks_back(text, end - len(wanted))
            if begin == 0 or text[begin - 1] == "\n":
                return True
    return False


def _skip_blanks_back(text: str, pos: int) -> int:
    """The offset where the whitespace (not line breaks) ending at `pos` begins."""
    while pos > 0 and text[pos - 1] != "\n" and text[pos - 1].isspace():
        pos -= 1
    return pos
