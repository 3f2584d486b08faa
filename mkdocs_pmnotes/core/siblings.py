"""Siblings citing the same sentence: notes on one video that back one claim.

Generated notes on the same video often quote the same sentence of the
transcript. When one cites it at a time, that time is evidence for how the
other's anchor reads. Sentences are compared by their words (four letters or
more); the candidates come from an index of the rarer words, so a video with
many notes is not compared anchor by anchor.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from itertools import chain

from .model import Note
from .readings import Cite

SAME_SENTENCE = 0.6  # share of the shorter sentence's words found in the other
MIN_WORDS = 4
COMMON = 24  # a word in more anchors than this finds no candidates: it is in too many sentences to tell them apart


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    shorter = min(len(a), len(b))
    return shorter >= MIN_WORDS and len(a & b) >= SAME_SENTENCE * shorter


class Citations:
    """For each anchor, the sibling anchors that cite the same sentence, with their seconds."""

    def __init__(
        self,
        notes: Sequence[Note],
        words: Mapping[str, Sequence[frozenset[str]]],
        seconds: Mapping[str, Sequence[int | None]],
    ) -> None:
        self.notes = {n.path: n for n in notes}
        self.words = words
        self.seconds = seconds
        # Every anchor of the group by number, so postings hold plain ints (cheap to count).
        self.first: dict[str, int] = {}
        self.anchors: list[tuple[str, int, frozenset[str]]] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.rare: dict[str, list[int]] | None = None  # the postings of the rarer words, once all are in
        for path, sets in words.items():
            self.first[path] = len(self.anchors)
            for i, found in enumerate(sets):
                if len(found) >= MIN_WORDS:
                    number = len(self.anchors)
                    for word in found:
                        self.postings[word].append(number)
                self.anchors.append((path, i, found))

    def for_note(self, path: str) -> list[list[Cite]]:
        found: list[list[Cite]] = []
        if self.rare is None:
            self.rare = {word: posting for word, posting in self.postings.items() if len(posting) <= COMMON}
        rare, anchors = self.rare, self.anchors
        low = self.first[path]
        high = low + len(self.words[path])
        for mine in self.words[path]:
            cites: list[Cite] = []
            if len(mine) >= MIN_WORDS:
                # Shared rare words, counted; with the common words of `mine` they bound the
                # overlap, so most candidates are dropped without comparing their sets.
                # Every word of `mine` is posted (it has enough of them): those not rare are common.
                lists = [rare[word] for word in mine if word in rare]
                size = len(mine)
                common = size - len(lists)
                shared = Counter(chain.from_iterable(lists))
                for number, count in shared.items():
                    if low <= number < high:
                        continue
                    other, j, theirs = anchors[number]
                    if count + common < SAME_SENTENCE * (size if size < len(theirs) else len(theirs)):
                        continue
                    second = self.seconds[other][j]
                    if second is not None and similar(mine, theirs):
                        name = other.rsplit("/", 1)[-1]
                        cites.append(Cite(second, name, self.notes[other].anchors[j].data_t or ""))
            # In one order every run: the sets' order (and so the candidates') follows string
            # hashing, which changes from process to process, and the first cite is the one named.
            cites.sort(key=lambda c: (c.name, c.seconds, c.data_t))
            found.append(cites)
        return found
