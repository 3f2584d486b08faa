"""Siblings citing the same sentence: notes on one video that back one claim.

Generated notes on the same video often quote the same sentence of the
transcript. When one cites it at a time, that time is evidence for how the
other's anchor reads. Sentences are compared by their words (four letters or
more); the candidates come from an index of the rarer words, so a video with
many notes is not compared anchor by anchor.
"""

from __future__ import annotations

import math
from collections import Counter
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
    """For each anchor, the sibling anchors that cite the same sentence, with their seconds.

    Two anchors cite the same sentence when they are in different notes, share a rare
    word and are `similar`. The relation is symmetric, so each pair is found once, from
    its shorter sentence, when the first note asks.
    """

    def __init__(
        self,
        notes: Sequence[Note],
        words: Mapping[str, Sequence[frozenset[str]]],
        seconds: Mapping[str, Sequence[int | None]],
    ) -> None:
        self.notes = {n.path: n for n in notes}
        self.words = words
        self.seconds = seconds
        # Every anchor of the group by number: (note path, index in the note, words).
        self.first: dict[str, int] = {}
        self.anchors: list[tuple[str, int, frozenset[str]]] = []
        for path, sets in words.items():
            self.first[path] = len(self.anchors)
            self.anchors.extend((path, i, found) for i, found in enumerate(sets))
        self.matches: list[list[int]] | None = None  # by anchor number, the anchors citing its sentence

    def for_note(self, path: str) -> list[list[Cite]]:
        if self.matches is None:
            self.matches = self._match()
        matches, anchors, seconds = self.matches, self.anchors, self.seconds
        found: list[list[Cite]] = []
        first = self.first[path]
        for number in range(first, first + len(self.words[path])):
            cites: list[Cite] = []
            for other_number in matches[number]:
                other, j, _ = anchors[other_number]
                second = seconds[other][j]
                if second is not None:
                    name = other.rsplit("/", 1)[-1]
                    cites.append(Cite(second, name, self.notes[other].anchors[j].data_t or ""))
            # In one order every run: the candidates' order follows string hashing, which
            # changes from process to process, and the first cite is the one named.
            cites.sort(key=lambda c: (c.name, c.seconds, c.data_t))
            found.append(cites)
        return found

    def _match(self) -> list[list[int]]:
        anchors = self.anchors
        matches: list[list[int]] = [[] for _ in anchors]
        # Ranked by size: each anchor looks for the ones ranked above it, at least as long, so
        # the share of its own words a similar one holds is known before looking. The index
        # is filled from the top down, so it holds just those when an anchor looks.
        ranked = sorted(
            (n for n, (_, _, w) in enumerate(anchors) if len(w) >= MIN_WORDS), key=lambda n: len(anchors[n][2])
        )
        sets = [anchors[n][2] for n in ranked]
        paths = [anchors[n][0] for n in ranked]
        held = Counter(chain.from_iterable(sets))
        postings: dict[str, list[int]] = {word: [] for word, count in held.items() if count <= COMMON}
        for rank in range(len(sets) - 1, -1, -1):
            mine = sets[rank]
            lists = [postings[word] for word in mine if word in postings]
            size = len(mine)
            # The words not rare are common: a similar sentence shares at most all of them,
            # so it holds at least `need` of the rare ones (and one at least, to be found).
            # Then it holds one of any `len(lists) - need + 1` of them: the rarest are looked up.
            need = max(1, math.ceil(SAME_SENTENCE * size) - (size - len(lists)))
            if need <= len(lists):
                lists.sort(key=len)
                probe = lists[: len(lists) - need + 1]
                if probe[-1]:
                    limit, path = SAME_SENTENCE * size, paths[rank]
                    found = set(chain.from_iterable(probe))
                    for other in [r for r in found if len(mine & sets[r]) >= limit and paths[r] != path]:
                        matches[ranked[rank]].append(ranked[other])
                        matches[ranked[other]].append(ranked[rank])
            for posting in lists:
                posting.append(rank)
        return matches
