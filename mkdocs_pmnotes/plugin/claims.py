"""The timestamped claims of a note, for its episode's timeline.

A claim is the sentence a timestamp anchor closes (the notes put an anchor
after each claim), with the section it stands in and the second it means. The
second comes from the same reading as the note's own links (`AnchorTime`
through the note's `Reading`), so a timeline and its note never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..core.mentions import _SENTENCE_END, _paragraph, plain
from ..core.model import Heading, Note
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


def claims(note: Note, reading: Reading, heading_id: Callable[[Heading], str],
           share: Callable[[str], str] = lambda s: s) -> list[Claim]:
    """Every readable anchor of `note` with the sentence it closes, in the note's order."""
    text = note.text
    found: list[Claim] = []
    previous_end = 0
    headings = [h for h in note.headings if h.text]
    for anchor in note.anchors:
        if anchor.problem is not None or not anchor.data_t:
            continue
        seconds, how = reading(anchor)
        if seconds is None:
            continue
        begin, end = _paragraph(text, anchor.start, anchor.end, note.front.body_start)
        start = max(begin, previous_end)
        previous_end = anchor.end
        for boundary in _SENTENCE_END.finditer(text, start, anchor.start):
            start = boundary.end()
        sentence = plain(text[start:anchor.start])
        if not sentence:  # an anchor opening its sentence: the words after it
            stop = _SENTENCE_END.search(text, anchor.end, end)
            sentence = plain(text[anchor.end : stop.start() if stop else end])
        section = next((h for h in reversed(headings) if h.line <= anchor.line), None)
        found.append(Claim(seconds, share(note.path), share(anchor.data_t), share(anchor.label or anchor.data_t),
                           how, share(excerpt(sentence.strip(" :;,."), CLAIM_LIMIT)),
                           share(plain(section.text)) if section else "", share(heading_id(section)) if section else ""))
    return found
