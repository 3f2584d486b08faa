"""Every wiki link of the workspace, counted by target, for references, rename, ranking and topics.

A note's links are kept as `NoteLinks`: their targets, and where each link and its
target are, already as LSP positions. So references and rename answer from memory,
without reading thousands of files again. Kept up to date note by note as buffers
change and files change on disk.
"""

from __future__ import annotations

import posixpath
import re
from array import array
from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from ..core.model import WikiLink
from ..core.parse import is_source_at
from ..core.slugs import keys
from .lines import LineMap

SPOT = 8  # ints a link takes in `NoteLinks.spots`
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 units each


def target_keys(target: str) -> tuple[str, ...]:
    """The lookup keys of a link target's basename, as the index resolves it."""
    base = posixpath.basename(target.strip())
    if base.lower().endswith(".md"):
        base = base[:-3]
    return keys(base) if base else ("",)


def link_key(target: str) -> str:
    """The key a link target is counted under: its basename's first lookup key."""
    return target_keys(target)[0]


def target_span(link: WikiLink) -> tuple[int, int]:
    """Offsets of the target as written inside the link (`[[ target # heading | label ]]`)."""
    opening = 3 if link.embed else 2
    body = link.raw[opening:-2]
    at = body.find(link.target) if link.target else len(body) - len(body.lstrip())
    start = link.start + opening + max(at, 0)
    return start, start + len(link.target)


@dataclass(frozen=True, slots=True)
class NoteLinks:
    """One note's links: each target as written, and where the link and its target are.

    `spots` holds `SPOT` ints per link, 0-based LSP positions in the negotiated encoding:
    the link's start line and column, its end line and column, then the same for its target.
    """

    targets: tuple[str, ...] = ()
    spots: array[int] = field(default_factory=lambda: array("i"))
    sources: tuple[str, ...] = ()  # keys of the links on a source line (`From: [[podcast]]`)
    stamp: tuple[int, int] | None = None  # (size, mtime_ns) of the file read; None for an open buffer

    def __len__(self) -> int:
        return len(self.targets)

    def link_range(self, index: int) -> tuple[int, int, int, int]:
        at = index * SPOT
        s = self.spots
        return s[at], s[at + 1], s[at + 2], s[at + 3]

    def target_range(self, index: int) -> tuple[int, int, int, int]:
        at = index * SPOT + 4
        s = self.spots
        return s[at], s[at + 1], s[at + 2], s[at + 3]


NO_LINKS = NoteLinks()


def note_links(
    text: str,
    links: Sequence[WikiLink],
    prefixes: Sequence[str],
    encoding: str = "utf-16",
    stamp: tuple[int, int] | None = None,
) -> NoteLinks:
    """A note's `NoteLinks`, from its text and its parsed links."""
    if not links:
        return NoteLinks(stamp=stamp)
    # The core's (line, column) is the LSP's when every character is one unit of the encoding.
    simple = encoding == "utf-32" or text.isascii() or (encoding == "utf-16" and not _ASTRAL.search(text))
    lines = None if simple else LineMap(text, encoding)
    spots = array("i")
    sources = []
    prefix_list = list(prefixes)
    for link in links:
        start, end = target_span(link)
        if lines is None and "\r" not in link.raw:
            line, column = link.line - 1, link.column - 1
            at = column - link.start
            spots.extend((line, column, line, at + link.end, line, at + start, line, at + end))
        else:
            lines = lines or LineMap(text, encoding)
            spots.extend((*lines.locate(link.start), *lines.locate(link.end), *lines.locate(start), *lines.locate(end)))
        if is_source_at(text, link.start, prefix_list):
            sources.append(link_key(link.target))
    return NoteLinks(tuple(link.target for link in links), spots, tuple(dict.fromkeys(sources)), stamp)


class LinkGraph:
    def __init__(self) -> None:
        self.links: dict[str, NoteLinks] = {}  # note -> its links
        self.version = 0  # bumped whenever a note's link targets change
        self.sources: set[str] = set()
        self._mentions: dict[str, int] = {}  # first key -> links
        self._linkers: dict[str, dict[str, int]] = {}  # every key -> notes -> links
        self._first: dict[str, dict[str, int]] = {}  # first key -> notes -> links
        self._spellings: dict[str, dict[str, int]] = {}  # first key -> target as written -> links
        self._births: list[tuple[int, str]] = []  # (version, first key) each time a key starts being linked
        self._keys: dict[str, tuple[str, tuple[str, ...]]] = {}  # target -> its first key, and all of them

    def set(self, name: str, found: NoteLinks) -> None:
        old = self.links.get(name, NO_LINKS)
        self.sources.update(found.sources)
        if old.targets == found.targets:
            # Typing moved the links but named nothing new: the counts stand.
            if found.targets or found.stamp is not None:
                self.links[name] = found
            return
        self.version += 1
        for target in old.targets:
            self._count(name, target, -1)
        if found.targets or found.stamp is not None:
            self.links[name] = found
        else:
            self.links.pop(name, None)
        for target in found.targets:
            self._count(name, target, 1)

    def drop(self, name: str) -> None:
        """A note that is gone: its links count no more."""
        self.set(name, NO_LINKS)
        self.links.pop(name, None)

    def _keys_of(self, target: str) -> tuple[str, tuple[str, ...]]:
        found = self._keys.get(target)
        if found is None:
            every = target_keys(target)
            found = self._keys[target] = (every[0], tuple(dict.fromkeys(every)))
        return found

    def _count(self, name: str, target: str, step: int) -> None:
        first, every = self._keys_of(target)
        self._mentions[first] = self._mentions.get(first, 0) + step
        for key in every:
            _add(self._linkers, key, name, step)
        _add(self._first, first, name, step)
        if target:
            if step > 0 and first not in self._spellings:
                self._births.append((self.version, first))
            _add(self._spellings, first, target, step)

    def mentions(self, key: str) -> int:
        return max(self._mentions.get(key, 0), 0)

    def linkers(self, key: str) -> Iterable[str]:
        """Notes with a link that has `key` among its target's keys."""
        return self._linkers.get(key, {}).keys()

    def named(self, key: str) -> Collection[str]:
        """Notes with a link whose target's first key is `key`."""
        return self._first.get(key, {}).keys()

    def spellings(self) -> Iterable[tuple[str, dict[str, int]]]:
        """(first key, each way a link target with that key is written -> how often)."""
        return self._spellings.items()

    def spelled(self, key: str) -> dict[str, int] | None:
        """How the links with first key `key` write their target, and how often."""
        return self._spellings.get(key)

    def born_since(self, version: int) -> list[str]:
        """First keys that began to be linked after `version` (they may be gone again)."""
        at = bisect_right(self._births, (version, "\U0010ffff"))
        return list(dict.fromkeys(key for _, key in self._births[at:]))


def _add(table: dict[str, dict[str, int]], key: str, item: str, step: int) -> None:
    """Count `item` `step` more times under `key`; an item counted to nothing is dropped, and so is an empty key."""
    counts = table.get(key)
    if counts is None:
        counts = table[key] = {}
    left = counts.get(item, 0) + step
    if left > 0:
        counts[item] = left
    else:
        counts.pop(item, None)
        if not counts:
            del table[key]
