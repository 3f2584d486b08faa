"""The timestamped claims of a note, for its episode's timeline.

A claim is the sentence a timestamp anchor closes (the notes put an anchor
after each claim), with the section it stands in and the second it means. The
second comes from the same reading as the note's own links (`AnchorTime`
through the note's `Reading`), so a timeline and its note never disagree.

A site has a claim per timestamp, a hundred thousand for two thousand notes,
and the episode pages are written last. So each episode's claims are kept
packed (`pack`: JSON, compressed) until its page is written.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from ..core.clock import parse_clock
from ..core.mentions import SentenceStops, _paragraph, plain
from ..core.model import Note
from ..core.times import How
from .backlinks import excerpt
from .plan import Reading

CLAIM_LIMIT = 240  # characters of a claim shown on a timeline


class Claim(NamedTuple):
    """One moment of an episode as its timeline shows it (plain values, shared strings)."""

    seconds: int
    source: str
    data_t: str
    label: str
    how: int  # the reading's account of the second, handed to `render.Moment` as it is
    sentence: str
    heading: str  # the section's heading as text, '' before the first heading
    heading_id: str


UNPLAYABLE = -1  # the second of a claim whose written time fits no reading: listed apart, never at 0:00


def claims(note: Note, reading: Reading, heading_ids: Mapping[int, str]) -> list[Claim]:
    """Every readable anchor of `note` with the sentence it closes, in the note's order.

    `heading_ids` gives each heading's id by its line (`headings.page_ids`)."""
    text = note.text
    found: list[Claim] = []
    previous_end = 0
    block = (-1, -1)  # the paragraph of the previous anchor: most share one
    headings = [h for h in note.headings if h.text]
    stops = SentenceStops(note)
    section, shown = None, ("", "")
    for anchor in note.anchors:
        if anchor.problem is not None or not anchor.data_t:
            continue
        seconds, how = reading(anchor)
        if seconds is None and (how != How.NONE or parse_clock(anchor.data_t) is None):
            continue  # not a clock time at all: PMN101 reports it

        first, last = anchor.span  # with the Markdown link some notes write around it
        if not block[0] <= first < block[1]:
            block = _paragraph(text, first, last, note.front.body_start)
        begin, end = block
        start = max(begin, previous_end)
        previous_end = last
        for _, boundary in stops.between(start, first):
            start = boundary
        sentence = plain(text[start:first])
        if not sentence:  # an anchor opening its sentence: the words after it
            stop = next(stops.between(last, end), None)
            sentence = plain(text[last : stop[0] if stop else end])
        while headings and headings[0].line <= anchor.line:
            section = headings.pop(0)
            shown = (plain(section.text), heading_ids.get(section.line, ""))
        found.append(
            Claim(
                UNPLAYABLE if seconds is None else seconds,
                note.path,
                anchor.data_t,
                anchor.label or anchor.data_t,
                how,
                excerpt(sentence.strip(" :;,."), CLAIM_LIMIT),
                *shown,
            )
        )
    return found


def pack(found: Iterable[Claim]) -> bytes:
    """Claims as compact bytes; `unpack` gives them back."""
    return zlib.compress(json.dumps([list(c) for c in found], separators=(",", ":")).encode("utf-8"), 6)


def unpack(packed: Iterable[bytes]) -> list[Claim]:
    """The claims of several packs, in playing order (then by note)."""
    found = [Claim(*item) for blob in packed for item in json.loads(zlib.decompress(blob))]
    return sorted(found, key=lambda c: (c.seconds, c.source))
