"""What the workspace answers about the site's links: who links to a page, which topics
have no page, how often a page is named. Each answer is kept until the pages or the
links change (`generation`, `link_version`).
"""

from __future__ import annotations

from ..core.index import Page, Resolution, Status
from ..core.slugs import keys
from .link_graph import NO_LINKS, LinkGraph, link_key
from .live_index import LiveIndex


class LinkQueries:
    """The link questions of a `Workspace`, over its index and link graph."""

    index: LiveIndex
    graph: LinkGraph
    generation: int
    _missing: dict[str, Resolution]  # link key -> how it resolves, until the pages change
    _dangling: tuple[tuple[int, int], list[tuple[str, int, int, str]]] | None
    _counts: tuple[tuple[int, int], dict[str, int]]

    @property
    def link_version(self) -> int:
        return self.graph.version

    def page_mentions(self, page: Page) -> int:
        """How many links name a page (by any of its names): a cheap count for ranking."""
        stamp = (self.generation, self.link_version)
        if self._counts[0] != stamp:
            self._counts = (stamp, {})
        counts = self._counts[1]
        if page.path not in counts:
            counts[page.path] = sum(self.graph.mentions(k) for k in {link_key(n) for n in page.names})
        return counts[page.path]

    def links_to(self, page: Page) -> list[tuple[str, int]]:
        """Every (note, index of the link in its `NoteLinks`) in the workspace that resolves to `page`."""
        found = []
        candidates: set[str] = set()
        for name in page.names:
            for key in keys(name):
                candidates.update(self.graph.linkers(key))
        resolve = self.index.resolve
        for name in sorted(candidates):
            for index, target in enumerate(self.graph.links.get(name, NO_LINKS).targets):
                if target and resolve(target, name).page == page:
                    found.append((name, index))
        return found

    def links_named(self, target: str) -> list[tuple[str, int]]:
        """Every (note, link index) whose target has the same key as `target` (a topic with no note)."""
        key = link_key(target)
        found = []
        for name in sorted(self.graph.named(key)):
            for index, written in enumerate(self.graph.links.get(name, NO_LINKS).targets):
                if link_key(written) == key:
                    found.append((name, index))
        return found

    def dangling_topics(self) -> list[tuple[str, int, int, str]]:
        """(target as most often written, mentions, notes, key) of each link key that matches no page."""
        stamp = (self.generation, self.link_version)
        if self._dangling is not None and self._dangling[0] == stamp:
            return self._dangling[1]
        found = []
        for key, written in self.graph.spellings():
            if not written or key in self.graph.sources:
                continue
            target = max(written, key=written.__getitem__)  # the most common spelling
            if self.is_missing(key, target):
                found.append((target, sum(written.values()), len(self.graph.named(key)), key))
        self._dangling = (stamp, found)
        return found

    def _resolved(self, key: str, target: str) -> Resolution:
        """How a link key (`target`, a spelling of it) resolves from the site's root; known until the pages change."""
        found = self._missing.get(key)
        if found is None:
            found = self._missing[key] = self.index.resolve(target)
        return found

    def is_missing(self, key: str, target: str) -> bool:
        """Does a link key match no page?"""
        return self._resolved(key, target).status is Status.MISSING
