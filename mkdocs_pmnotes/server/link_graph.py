"""Every wiki link of the workspace, counted by target, for references, ranking and topics.

Kept up to date note by note as buffers change and files change on disk.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable

from ..core.model import Note, WikiLink
from ..core.parse import is_source_link
from ..core.slugs import keys


def target_keys(target: str) -> tuple[str, ...]:
    """The lookup keys of a link target's basename, as the index resolves it."""
    base = posixpath.basename(target.strip())
    if base.lower().endswith(".md"):
        base = base[:-3]
    return keys(base) if base else ("",)


def link_key(target: str) -> str:
    """The key a link target is counted under: its basename's first lookup key."""
    return target_keys(target)[0]


def source_keys(note: Note, prefixes: list[str]) -> set[str]:
    """Keys of the note's links on a source line (`From: [[podcast]]`): sources, not topics."""
    return {link_key(link.target) for link in note.links if is_source_link(note, link, prefixes)}


class LinkGraph:
    def __init__(self) -> None:
        self.links: dict[str, tuple[WikiLink, ...]] = {}  # note -> its links
        self.version = 0  # bumped whenever a note's link targets change
        self.sources: set[str] = set()
        self._mentions: Counter[str] = Counter()  # first key -> links
        self._linkers: dict[str, Counter[str]] = defaultdict(Counter)  # every key -> notes -> links
        self._first: dict[str, Counter[str]] = defaultdict(Counter)  # first key -> notes -> links
        self._spellings: dict[str, Counter[str]] = defaultdict(Counter)  # first key -> target as written

    def set(self, name: str, links: Iterable[WikiLink]) -> None:
        kept = tuple(links)
        old = self.links.get(name, ())
        if [link.target for link in old] == [link.target for link in kept]:
            # Typing moved the links but named nothing new: the counts stand.
            if kept:
                self.links[name] = kept
            return
        self.version += 1
        for link in old:
            self._count(name, link, -1)
        if kept:
            self.links[name] = kept
        else:
            self.links.pop(name, None)
        for link in kept:
            self._count(name, link, 1)

    def _count(self, name: str, link: WikiLink, step: int) -> None:
        every = target_keys(link.target)
        first = every[0]
        self._mentions[first] += step
        for table, key in [(self._linkers, key) for key in set(every)] + [(self._first, first)]:
            linkers = table[key]
            linkers[name] += step
            if linkers[name] <= 0:
                del linkers[name]
        if link.target:
            written = self._spellings[first]
            written[link.target] += step
            if written[link.target] <= 0:
                del written[link.target]

    def mentions(self, key: str) -> int:
        return max(self._mentions.get(key, 0), 0)

    def linkers(self, key: str) -> Iterable[str]:
        """Notes with a link that has `key` among its target's keys."""
        return self._linkers.get(key, ())

    def named(self, key: str) -> Collection[str]:
        """Notes with a link whose target's first key is `key`."""
        return self._first.get(key, ())

    def spellings(self) -> Iterable[tuple[str, Counter[str]]]:
        return self._spellings.items()
