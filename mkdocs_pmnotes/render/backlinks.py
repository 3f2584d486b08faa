"""Backlinks kept for a whole build, and the "Linked from" panel made of them.

The mentions come from `core.mentions.collect` over the sources (never from
rendered pages), so a panel is right however few pages a build renders. They
are kept as plain tuples with shared strings, because a site of thousands of
notes has tens of thousands of them and they live until the last page.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from ..core.mentions import Backlinks, Mention
from .names import Spellings, Tally
from .plan import Reading

Relative = Callable[[str, str], str]
SENTENCE_LIMIT = 400  # characters of a mention's sentence shown in a panel or topic page


class Record(NamedTuple):
    """One mention: the linking note, its sentence, and the timestamp backing it.

    A tuple of plain values, so the garbage collector stops tracking it: a large
    site keeps a hundred thousand of these for the whole build.
    """

    source: str
    sentence: str
    data_t: str | None = None
    label: str | None = None
    seconds: int | None = None
    how: int = 0  # `core.times.How`: how `seconds` was read
    from_line: bool = False  # the note's `From:` line, naming its source: listed by episode, not quoted


class Mentions(NamedTuple):
    """The records one group of notes contributes to the store."""

    to_page: dict[str, list[Record]]
    to_topic: dict[str, list[Record]]
    topic_names: dict[str, str]
    source_keys: frozenset[str]
    spellings: Tally  # how the group's links write their targets and labels


@dataclass
class MentionStore:
    """Every mention of the build, by the page it points at or by missing topic."""

    to_page: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    to_topic: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    topic_names: dict[str, str] = field(default_factory=dict)
    source_keys: set[str] = field(default_factory=set)  # topics named on a `From:` line
    spellings: Spellings | None = field(default_factory=Spellings, repr=False)
    _strings: dict[str, str] = field(default_factory=dict, repr=False)

    def records(
        self, found: Backlinks, readings: dict[str, Reading], sourced: Mapping[str, Container[int]]
    ) -> Mentions:
        """The mentions of one group of notes as records, not yet kept (see `take`).

        `sourced`: where each note's source links (`From: [[...]]`) start.
        """

        def record(m: Mention) -> Record:
            return self._record(m, readings, m.link.start in sourced.get(m.source, ()))

        to_page = {target: [record(m) for m in mentions] for target, mentions in found.to_page.items()}
        to_topic = {key: [record(m) for m in mentions] for key, mentions in found.to_topic.items()}
        sources = {key for key, records in to_topic.items() if any(r.from_line for r in records)}
        names = {key: found.topic_names.get(key, key) for key in found.to_topic}
        written = Spellings()
        for mentions in found.to_page.values():
            for m in mentions:
                written.add("", m.link.target, m.link.label)
        for key, mentions in found.to_topic.items():
            for m in mentions:
                written.add(key, m.link.target, m.link.label)
        return Mentions(to_page, to_topic, names, frozenset(sources), written.tally())

    def take(self, mentions: Mentions) -> None:
        """Keep one group's records; `mkdocs serve` hands back a group that did not change."""
        for target, records in mentions.to_page.items():
            self.to_page[target].extend(records)
        for key, records in mentions.to_topic.items():
            self.to_topic[key].extend(records)
            self.topic_names.setdefault(key, mentions.topic_names[key])
        self.source_keys |= mentions.source_keys
        if self.spellings is not None:
            self.spellings.merge(mentions.spellings)

    def _record(self, mention: Mention, readings: dict[str, Reading], from_line: bool) -> Record:
        share = self._share
        # The sentence is shown as text: `&amp;` in the note means `&`.
        sentence = excerpt(html.unescape(mention.sentence))
        anchor = mention.anchor
        if anchor is None or anchor.problem is not None or anchor.data_t is None:
            return Record(share(mention.source), share(sentence), from_line=from_line)
        seconds, how = readings[mention.source](anchor)
        label = anchor.label if anchor.label is not None else anchor.data_t
        return Record(
            share(mention.source), share(sentence), share(anchor.data_t), share(label), seconds, how, from_line
        )

    def _share(self, text: str) -> str:
        # One string object per distinct value: paths, clock times and sentences repeat.
        return self._strings.setdefault(text, text)

    def sources_of(self, key: str) -> list[str]:
        return sorted({r.source for r in self.to_topic.get(key, ())})

    def done(self) -> None:
        if self.spellings is not None:
            # Titles as the authors spell them, now that every link has been read.
            self.topic_names = {key: self.spellings.title(key, name) for key, name in self.topic_names.items()}
            self.spellings = None
        self._strings = {}
        self.to_page = dict(self.to_page)
        self.to_topic = dict(self.to_topic)


def excerpt(sentence: str, limit: int = SENTENCE_LIMIT) -> str:
    """The sentence, or its first words when a note runs a whole paragraph without a stop."""
    if len(sentence) <= limit:
        return sentence
    cut = sentence.rfind(" ", 0, limit)
    return sentence[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"
