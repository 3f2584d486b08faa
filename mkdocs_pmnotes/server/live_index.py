"""The site index, kept up to date page by page while the author edits.

Building the index of a large site anew takes tens of milliseconds, too long
for every keystroke in a title. `put` and `remove` change one page and leave
the index as a fresh `SiteIndex.build` over the same pages, in the same order,
would be: the buckets keep that order, so ambiguous candidates are listed as
`pmnotes lint` lists them.
"""

from __future__ import annotations

from bisect import insort
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..core.index import Page, SiteIndex
from ..core.model import Note
from ..core.notes import NoteCache
from ..core.slugs import keys


@dataclass
class LiveIndex(SiteIndex):
    # A page's rank is its order of arrival: the buckets keep that order, as `build` would.
    _rank: dict[str, int] = field(default_factory=dict)
    _next: int = 0
    # The first keys of stems and titles -> their pages by path, so `collisions` is a lookup.
    _owners: defaultdict[str, dict[str, Page]] = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def of(
        cls,
        pages: Iterable[Page],
        notes: NoteCache | None = None,
        known: Mapping[str, list[str]] | None = None,
    ) -> LiveIndex:
        """The index of `pages`; `known`: their `index.page_keys` by path, where they were computed already."""
        index = cls(notes=NoteCache() if notes is None else notes)
        for page in pages:
            index.add(page, known.get(page.path) if known is not None else None)
        index.settle()
        return index

    def settle(self) -> None:
        """Once pages are `add`ed (as `SiteIndex.build` adds them, in order): their ranks, and
        the owners of their keys. `of` does it; a caller adding pages as they come does it last."""
        self._rank = {path: rank for rank, path in enumerate(self.pages)}
        self._next = len(self._rank)
        owning = self._owning  # `add` keeps each page's first keys of stem and title
        for page in self.pages.values():
            for key in owning.get(page.path) or _owned(page):
                self._owners[key][page.path] = page

    def refresh(self, name: str, note: Note | None = None) -> None:
        """Drop (or replace) what is cached of one note: it changed."""
        self._outlines.pop(name, None)
        if note is None:
            self.notes.release(name)
        else:
            self.notes.remember(note, name)

    def put(self, page: Page) -> None:
        """Add a page, or replace the page at its path."""
        old = self.pages.get(page.path)
        if old is not None:
            self._unlink(old)
        else:
            self._rank[page.path] = self._next
            self._next += 1
        self.pages[page.path] = page
        self._link(page)

    def remove(self, path: str) -> None:
        page = self.pages.pop(path, None)
        if page is not None:
            self._unlink(page)
            self._rank.pop(path, None)
            self.notes.release(path)
            self._outlines.pop(path, None)

    def knows(self, key: str) -> bool:
        """Does some page answer to this lookup key?"""
        return bool(self._by_key.get(key))

    def answering(self, name: str) -> list[Page]:
        """Every page a link target written `name` could reach: by its exact stem or by any of its keys."""
        found = {page.path: page for page in self._by_stem.get(name, ())}
        for key in keys(name):
            found.update((page.path, page) for page in self._by_key.get(key, ()))
        return list(found.values())

    def collisions(self) -> dict[str, list[Page]]:
        return {key: list(owners.values()) for key, owners in self._owners.items() if len(owners) > 1}

    def _ranked(self, bucket: list[Page], page: Page) -> None:
        insort(bucket, page, key=lambda p: self._rank[p.path])

    def _link(self, page: Page) -> None:
        self._ranked(self._by_stem[page.stem], page)
        if page.video_id:
            self._ranked(self._by_video[page.video_id], page)
        for key in {k for name in page.names for k in keys(name)}:
            self._ranked(self._by_key[key], page)
        for key in _owned(page):
            self._owners[key][page.path] = page

    def _unlink(self, page: Page) -> None:
        buckets = [(self._by_stem, page.stem)]
        if page.video_id:
            buckets.append((self._by_video, page.video_id))
        buckets.extend((self._by_key, key) for key in {k for name in page.names for k in keys(name)})
        for table, key in buckets:
            bucket = table.get(key)
            if bucket is not None:
                bucket[:] = [p for p in bucket if p.path != page.path]
                if not bucket:
                    del table[key]
        for key in _owned(page):
            owners = self._owners.get(key)
            if owners is not None:
                owners.pop(page.path, None)
                if not owners:
                    del self._owners[key]


def _owned(page: Page) -> set[str]:
    """The keys `SiteIndex.collisions` counts a page under: its stem's and title's first keys."""
    names = [page.stem] + ([page.title] if page.title else [])
    return {k for name in names for k in keys(name)[:1]}
