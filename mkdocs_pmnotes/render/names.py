"""Titles of generated pages as the notes' authors write them.

A link target such as `ai_in_product_management` is a file name, not a title:
"Ai in product management" would lose the author's "AI". A topic is titled
with the spelling its links use most: a target written with spaces or capitals
as it stands, else a label that names the same topic, else the file-name
target with each word spelled as the site's links spell it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import NamedTuple

from ..core.slugs import loose_key

_WORD = re.compile(r"[^\W_]+")


class Tally(NamedTuple):
    """One group of notes' votes, as counts: cheap to merge when `mkdocs serve` hands the group back."""

    words: tuple[tuple[str, str, int], ...]  # (word folded, spelling, count)
    names: tuple[tuple[str, str, int], ...]  # (topic key, name as written, count)


class Spellings:
    """How the site's links spell each word (`ai` -> `AI`), and each topic's written names."""

    def __init__(self) -> None:
        self.words: dict[str, Counter[str]] = defaultdict(Counter)
        self.names: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, key: str, target: str, label: str | None) -> None:
        target = " ".join(target.split())
        if key:  # a link to a page with no generated page: only its words count
            self.names[key][target] += 1
            if label and loose_key(label) == key:
                self.names[key][" ".join(label.split())] += 1
        for text in (target, label or ""):
            if _authored(text):
                for word in _WORD.findall(text):
                    self.words[word.casefold()][word] += 1

    def tally(self) -> Tally:
        return Tally(
            tuple((word, spelling, n) for word, votes in self.words.items() for spelling, n in votes.items()),
            tuple((key, name, n) for key, votes in self.names.items() for name, n in votes.items()),
        )

    def merge(self, tally: Tally) -> None:
        for word, spelling, n in tally.words:
            self.words[word][spelling] += n
        for key, name, n in tally.names:
            self.names[key][name] += n

    def title(self, key: str, fallback: str) -> str:
        votes = self.names.get(key)
        if not votes:
            return fallback
        written = [name for name, _ in votes.most_common() if _authored(name)]
        if written:
            return written[0]
        name = votes.most_common(1)[0][0]
        if "_" not in name:
            return name  # one word as written, `lennyspodcast` stays as it is
        words = [self._spelling(w) for w in " ".join(name.replace("_", " ").split()).split(" ")]
        text = " ".join(words)
        return text[:1].upper() + text[1:] if text[:1].islower() else text

    def _spelling(self, word: str) -> str:
        votes = self.words.get(word.casefold())
        if not votes:
            return word
        best, count = votes.most_common(1)[0]
        # Only a spelling the links mostly use: "The" at a sentence start is no reason to capitalise.
        return best if count * 2 > sum(votes.values()) and best != best.capitalize() else word


def _authored(text: str) -> bool:
    """Written by a person rather than made into a file name: spaces or capitals, no `_`."""
    return "_" not in text and (" " in text.strip() or any(ch.isupper() for ch in text))
