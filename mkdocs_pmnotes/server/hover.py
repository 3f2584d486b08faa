"""Hover: a link's target (title, first lines, backlinks) and a timestamp's real moment.

A client renders hover text as Markdown and may follow its links (`command:`
ones run editor commands) and fetch its images. So every piece of a note
(a title, a path, a line, a time) goes through `text()`, and the one link
made here is to YouTube, built from a checked video id.
"""

from __future__ import annotations

import re

from lsprotocol import types

from ..core.clock import format_clock
from ..core.ends import describe
from ..core.files import NoteFile
from ..core.index import Status
from ..core.model import Anchor, Note, WikiLink, valid_video_id
from ..core.parse import is_source_link
from ..core.times import How
from ..lint.api import anchor_times
from .buffer import Buffer
from .links import anchor_at, link_at
from .linted import Linted
from .workspace import Workspace

FIRST_LINES = 5
_TAGS = re.compile(r"<[^<>]*>")
_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_HEADING_MARK = re.compile(r"^#{1,6}[ \t]+")
# What Markdown reads as more than text: emphasis, code, links, images, raw HTML, entities,
# tables, strikethrough, and what a client turns into a link by itself (`https://`, `www.`,
# an e-mail address). `_` only where it can open or close emphasis: `impact_of_ai` stays.
_SPECIAL = re.compile(r"[\\`*\[\]()<>!&#|~@]|(?<![^\W_])_|_(?![^\W_])|:(?=//)|(?i:(?<=\bwww)\.)")
# A line break would let a value start a block of its own: every one becomes a space.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def text(value: object) -> str:
    """Note text as Markdown that shows exactly that text, on one line: no link, image, HTML or code of its own."""
    return _SPECIAL.sub(r"\\\g<0>", _BREAKS.sub(" ", str(value)))


def _first_line(line: str) -> str:
    """A line of a note as the words it shows: no tag, no image, a link as its text."""
    line = _LINK.sub(r"\1", _IMAGE.sub("", _TAGS.sub("", line)))
    return _HEADING_MARK.sub("", " ".join(line.split()))


def hover(ws: Workspace, buffer: Buffer, linted: Linted, position: types.Position) -> types.Hover | None:
    offset = linted.lines.offset(position)
    anchor = anchor_at(linted.note, offset)
    if anchor is not None:
        text = timestamp(ws, buffer, linted, anchor)
        span = (anchor.start, anchor.end)
    else:
        link = link_at(linted.note, offset)
        if link is None:
            return None
        text = target(ws, buffer, link, linted.note)
        span = (link.start, link.end)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
        range=linted.lines.range(*span),
    )


def target(ws: Workspace, buffer: Buffer, link: WikiLink, note: Note) -> str:
    if not link.target:
        page = ws.pages.get(buffer.name)
    else:
        resolution = ws.index.resolve(link.target, buffer.name)
        if resolution.status is Status.AMBIGUOUS:
            names = ", ".join(text(p.path) for p in resolution.candidates)
            return f"**{text(link.target)}** is ambiguous: {names}"
        page = resolution.page
    if page is None:
        mentions = ws.links_named(link.target)
        notes = len({name for name, _ in mentions})
        counted = (
            f"{len(mentions)} mention{'s' if len(mentions) != 1 else ''} in {notes} note{'s' if notes != 1 else ''}"
        )
        if is_source_link(note, link, ws.settings.source_prefixes):
            return f"**{text(link.target)}**: the source of this note (the site gives it a source page); {counted}"
        return f"**{text(link.target)}**: no note yet (the site shows a topic page); {counted}"
    parts = [f"**{text(page.title or page.stem)}**", text(page.path)]
    target_note = ws.load(page.path)
    if target_note is not None:
        front = target_note.front
        body = target_note.text[front.body_start :] if front.error is None else target_note.text
        shown = [_first_line(line) for line in body.split("\n")]  # lines end at LF, as everywhere in the notes
        shown = [line for line in shown if line][:FIRST_LINES]
        if shown:
            parts.append("\n".join(f"> {text(line[:200])}" for line in shown))
    if ws.linked:
        linking = {name for name, _ in ws.links_to(page)}
        parts.append(f"Linked from {len(linking)} note{'s' if len(linking) != 1 else ''}")
    return "\n\n".join(parts)


def timestamp(ws: Workspace, buffer: Buffer, linted: Linted, anchor: Anchor) -> str:
    note = linted.note
    source = NoteFile(buffer.shown, b"", linted.text)
    times = anchor_times(buffer.shown, buffer.name, source, note, ws.index, ws.settings)
    ws.index.forget()
    time = next((t for t in times if t.anchor.start == anchor.start), None)
    if time is None or (time.clock is None and time.seconds is None):
        return f"{text(anchor.data_t)} is not a clock time (HH:MM:SS)"
    parts = []
    if time.seconds is None:
        parts.append("Plays **nothing**: the link opens the video without a time")
    elif time.how is How.WRITTEN:
        parts.append(f"Plays at **{format_clock(time.seconds)}**")
    else:
        parts.append(f"Plays at **{format_clock(time.seconds)}**, read {time.how.word}")
    if time.why:
        parts.append(f"Evidence: {text(time.why)}")
    video = valid_video_id(note.video_id)
    if video is not None:
        at = f"&t={time.seconds}s" if time.seconds is not None else ""
        parts.append(f"https://www.youtube.com/watch?v={video}{at}")
    elif note.video_id:
        parts.append(
            "The `videoId` is not a YouTube video id (11 letters, digits, `-` or `_`): this anchor links nowhere"
        )
    else:
        parts.append("No `videoId` in the front matter: this anchor links nowhere")
    parts.append(f"Checked against the episode end {text(describe(time.end, time.end_from))}")
    return "\n\n".join(parts)
