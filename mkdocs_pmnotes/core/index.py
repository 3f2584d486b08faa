"""The site index: every page, how a link target finds it, and its headings.

Built once per run from cheap page stubs (file name plus front matter), so a
lookup is a dict lookup. Whole notes are parsed lazily, once, and only when a
rule or the plugin asks for them: the index is given a `notes.NoteCache` that
holds them.
"""

from __future__ import annotations

import posixpath
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from .kinds import StrEnum
from .model import Heading, Note
from .notes import NoteCache
from .slugs import heading_key, keys


@dataclass(frozen=True, slots=True)
class Page:
    """A note as the index knows it before it is fully parsed."""

    path: str  # POSIX path, relative to the site root
    title: str | None = None
    aliases: tuple[str, ...] = ()
    video_id: str | None = None

    @property
    def stem(self) -> str:
        # posixpath.splitext(posixpath.basename(path))[0], spelled out: an index of a large
        # site asks for thousands of stems. Leading dots do not start an extension.
        base = self.path[self.path.rfind("/") + 1 :]
        dot = base.rfind(".")
        return base[:dot] if dot > 0 and base[:dot].lstrip(".") else base

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a link may use for this page: stem, title, aliases."""
        found = [self.stem]
        if self.title:
            found.append(self.title)
        found.extend(self.aliases)
        return tuple(found)


def page_keys(page: Page) -> list[str]:
    """Every lookup key of a page's names, in order, without repeats; then "|" and the
    first key of its stem and of its title, which `collisions` compares."""
    found: dict[str, None] = {}
    for name in page.names:
        found.update(dict.fromkeys(keys(name)))
    return [*found, "|", *_owning_keys(page)]


def _owning_keys(page: Page) -> set[str]:
    names = [page.stem] + ([page.title] if page.title else [])
    return {k for name in names for k in keys(name)[:1]}


class Status(StrEnum):
    """How a link target resolved. A `str` so that it reads and serialises as its value."""

    FOUND = "found"
    MISSING = "missing"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a link target resolved to. `page` is set only when it is unique."""

    status: Status
    page: Page | None = None
    candidates: tuple[Page, ...] = ()


class Resolves(Protocol):
    """Anything that resolves a link target as `SiteIndex.resolve` does (a per-build memo of it)."""

    def resolve(self, target: str, from_path: str = "") -> Resolution: ...


@dataclass
class SiteIndex:
    pages: dict[str, Page] = field(default_factory=dict)
    notes: NoteCache = field(default_factory=NoteCache)  # the parsed notes, read through its `load`
    # A page's headings without its note, for a caller that holds no note texts (the plugin):
    # None when the page cannot be read. Without it, headings come from the parsed notes.
    outline: Callable[[str], tuple[Heading, ...] | None] | None = None
    _by_stem: dict[str, list[Page]] = field(default_factory=lambda: defaultdict(list))
    _by_key: dict[str, list[Page]] = field(default_factory=lambda: defaultdict(list))
    _by_video: dict[str, list[Page]] = field(default_factory=lambda: defaultdict(list))
    _outlines: dict[str, tuple[Heading, ...] | None] = field(default_factory=dict)
    _owning: dict[str, list[str]] = field(default_factory=dict)  # path -> first keys of stem and title

    @classmethod
    def build(
        cls,
        pages: Iterable[Page],
        notes: NoteCache | None = None,
        outline: Callable[[str], tuple[Heading, ...] | None] | None = None,
        *,
        load: Callable[[str], Note | None] | None = None,
    ) -> SiteIndex:
        if load is not None:  # `SiteIndex` is public: its old way of being given a loader still works
            warnings.warn("SiteIndex.build(load=...) is deprecated; pass NoteCache(load)", DeprecationWarning, 2)
            notes = NoteCache(load)
        index = cls(notes=NoteCache() if notes is None else notes, outline=outline)
        for page in pages:
            index.add(page)
        return index

    def add(self, page: Page, known: Iterable[str] | None = None) -> None:
        """Index a page; `known` are its `page_keys` when a cache has them already."""
        self.pages[page.path] = page
        self._by_stem[page.stem].append(page)
        if page.video_id:
            self._by_video[page.video_id].append(page)
        found = page_keys(page) if known is None else known if isinstance(known, list) else list(known)
        try:
            cut = found.index("|")
        except ValueError:
            cut = len(found)
        self._owning[page.path] = found[cut + 1 :]
        by_key = self._by_key
        for key in found[:cut]:
            bucket = by_key[key]
            if not bucket:
                bucket.append(page)  # the usual case: a key only this page answers to
            elif page not in bucket:
                bucket.append(page)

    def resolve(self, target: str, from_path: str = "") -> Resolution:
        """Find the page a link target names.

        Order: exact file stem; then the normalised keys (see `slugs.keys`);
        among several matches, those in the linking note's own folder win.
        """
        target = target.strip()
        if not target and from_path in self.pages:
            return Resolution(Status.FOUND, self.pages[from_path])
        if target.lower().endswith(".md"):
            target = target[:-3]
        if "/" in target:
            by_path = self._by_path(target, from_path)
            if by_path:
                return Resolution(Status.FOUND, by_path, (by_path,))
            target = posixpath.basename(target)
        candidates = self._by_stem.get(target, [])
        if not candidates:
            for key in keys(target):
                candidates = self._by_key.get(key, [])
                if candidates:
                    break
        return self._choose(candidates, posixpath.dirname(from_path))

    def _by_path(self, target: str, from_path: str) -> Page | None:
        """`[[folder/page]]`: from the site root, then from the linking note's folder."""
        for base in ("", posixpath.dirname(from_path)):
            path = posixpath.normpath(posixpath.join(base, target.lstrip("/"))) + ".md"
            if path in self.pages:
                return self.pages[path]
        return None

    @staticmethod
    def _choose(candidates: list[Page], folder: str) -> Resolution:
        if not candidates:
            return Resolution(Status.MISSING)
        if len(candidates) == 1:
            return Resolution(Status.FOUND, candidates[0], tuple(candidates))
        local = [page for page in candidates if page.folder == folder]
        if len(local) == 1:
            return Resolution(Status.FOUND, local[0], tuple(candidates))
        return Resolution(Status.AMBIGUOUS, None, tuple(local or candidates))

    # The parsed notes, as the rules and front ends ask for them (`notes.NoteCache`).

    def note(self, path: str) -> Note | None:
        """The fully parsed note of a page, parsed at most once."""
        return self.notes.note(path, path in self.pages)

    def remember(self, note: Note) -> None:
        """Record a note that was parsed elsewhere, so it is not parsed again."""
        self.notes.remember(note)

    def cached(self, path: str) -> Note | None:
        """The parsed note if it is held already; never reads."""
        return self.notes.cached(path)

    def forget(self) -> None:
        """Release every parsed note (headings stay): a long run keeps memory flat."""
        self.notes.forget()

    def release(self, path: str) -> None:
        """Release one parsed note; its headings stay known."""
        self.outline_of(path)
        self.notes.release(path)

    def outline_of(self, path: str) -> tuple[Heading, ...] | None:
        """A page's headings, or None when the page cannot be read."""
        if path not in self._outlines:
            held = self.notes.cached(path)
            if held is None and self.outline is not None:
                found = self.outline(path) if path in self.pages else None
            else:
                note = held or self.note(path)
                found = note.headings if note else None
            self._outlines[path] = found
        return self._outlines[path]

    def headings(self, path: str) -> tuple[Heading, ...]:
        return self.outline_of(path) or ()

    def find_heading(self, path: str, fragment: str) -> Heading | None:
        """The heading `#fragment` names, by its id or its text."""
        wanted = fragment.strip()
        key = heading_key(wanted)
        for heading in self.headings(path):
            if heading.slug == wanted or heading_key(heading.text) == key:
                return heading
        return None

    def same_video(self, video_id: str) -> list[Page]:
        return list(self._by_video.get(video_id, ()))

    def collisions(self) -> dict[str, list[Page]]:
        """Keys that more than one page answers to through its stem or title."""
        owners: dict[str, list[Page]] = defaultdict(list)
        for page in self.pages.values():
            known = self._owning.get(page.path)
            for key in _owning_keys(page) if known is None else known:
                owners[key].append(page)
        return {key: found for key, found in owners.items() if len(found) > 1}
