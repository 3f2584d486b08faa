"""The workspace as the server sees it: configuration, the site index, open buffers, every link.

Scans run in a worker thread and return plain data; only the event loop's
thread installs it, so nothing here needs a lock. Open buffers win over the
files on disk everywhere: in the index, in a note's links, in what a rule reads.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.files import Source, page_from_front, read_note, read_page, read_source, walk_notes
from ..core.index import Page, Status
from ..core.model import Note, WikiLink
from ..core.parse import parse_note
from ..core.settings import Settings
from ..core.slugs import keys
from ..lint.api import ConfigError, Linter, load_project, make_linter
from .link_graph import LinkGraph, link_key, source_keys
from .live_index import LiveIndex


@dataclass
class Buffer:
    """An open document."""

    uri: str
    path: Path
    name: str  # the note's path in the site
    shown: str  # the path as `pmnotes lint` would show it from the project folder
    text: str
    version: int | None
    edited: bool = False
    disk: Source | None = None  # the file as read at open, when it is not UTF-8


@dataclass
class Scan:
    """What a background scan of the site found, ready to install."""

    files: dict[str, Path]
    pages: dict[str, Page]
    links: dict[str, tuple[WikiLink, ...]] | None = None


@dataclass
class Workspace:
    root: Path | None
    log: Callable[[str], None] = print
    settings: Settings = field(default_factory=Settings)
    project_root: Path | None = None
    roots: list[tuple[Path, str]] = field(default_factory=list)  # (folder, its prefix in the site)
    problem: str | None = None  # a configuration error, shown once
    files: dict[str, Path] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    buffers: dict[str, Buffer] = field(default_factory=dict)  # by URI
    ready: bool = False  # pages are known
    linked: bool = False  # every note's links are known
    generation: int = 0  # bumped whenever the set of pages or their names change

    def __post_init__(self) -> None:
        self.index = LiveIndex.of((), load=self.load)
        self.linter: Linter = make_linter(self.settings, self.index)
        self.graph = LinkGraph()
        self._missing: dict[str, bool] = {}  # key -> matches no page, until the pages change
        self._dangling: tuple[tuple[int, int], list[tuple[str, int, int, str]]] | None = None
        self._counts: tuple[tuple[int, int], dict[str, int]] = ((-1, -1), {})
        # Open note -> its headings and timestamps at its last lint.
        self._seen: dict[str, tuple[tuple[str, ...], tuple[str | None, ...]]] = {}
        # Completion's table of every page's names (`completion._entries`) and the generation it is for.
        self._completion_cache: tuple[int, list[tuple[str, tuple[str, ...], str, Page]]] | None = None
        self.configure()

    # Configuration -----------------------------------------------------------------------

    def configure(self) -> None:
        """Read the site config and `pyproject.toml` as the CLI does, from the workspace folder."""
        self.problem = None
        self.settings = Settings()
        self.project_root = self.root
        folders: list[tuple[Path, str]] = []
        if self.root is not None:
            try:
                project = load_project(self.root)
            except ConfigError as exc:
                self.problem = f"pmnotes: {exc}; using the default settings"
            else:
                self.settings = project.settings
                self.project_root = project.root
                folders = [(folder, project.prefixes.get(folder, "")) for folder in project.roots]
            if not any(folder.is_dir() for folder, _ in folders):
                # No site config (or no docs_dir): every note of the workspace folder is the site.
                folders = [(self.root, "")]
                self.settings.project_root = self.settings.project_root or str(self.root)
        self.roots = [(folder, prefix.strip("/")) for folder, prefix in folders if folder.is_dir()]
        self.linter = make_linter(self.settings, self.index)

    # Scanning (worker thread) -------------------------------------------------------------

    def scan_pages(self) -> Scan:
        """Every note's page stub, from the front matter alone: what links resolve against."""
        files: dict[str, Path] = {}
        for folder, prefix in self.roots:
            for path in walk_notes(folder, self.settings.exclude):
                rel = path.relative_to(folder).as_posix()
                files.setdefault(f"{prefix}/{rel}" if prefix else rel, path)
        pages = {name: read_page(path, name) for name, path in files.items()}
        return Scan(files, pages)

    @staticmethod
    def scan_links(
        files: dict[str, Path], prefixes: list[str], report: Callable[[int, int], None] | None = None
    ) -> tuple[dict[str, tuple[WikiLink, ...]], set[str]]:
        """Every note's links, and the keys of links on a source line (`From: [[podcast]]`)."""
        found: dict[str, tuple[WikiLink, ...]] = {}
        sources: set[str] = set()
        total = len(files)
        for count, (name, path) in enumerate(files.items(), 1):
            _, note = read_note(path, name)
            found[name] = note.links if note is not None else ()
            if note is not None:
                sources.update(source_keys(note, prefixes))
            if report and count % 500 == 0:
                report(count, total)
        return found, sources

    # Installing (event loop) --------------------------------------------------------------

    def install_pages(self, scan: Scan) -> None:
        extra = {b.name: b for b in self.buffers.values()}
        self.files = dict(scan.files)
        self.pages = dict(scan.pages)
        for name, buffer in extra.items():
            self.files.setdefault(name, buffer.path)
            self.pages[name] = self._page_of(buffer)
        self.ready = True
        self.rebuild()

    def install_links(self, links: dict[str, tuple[WikiLink, ...]], sources: set[str]) -> None:
        self.graph = LinkGraph()
        self.graph.sources = set(sources)
        for name, found in links.items():
            if name in self.files:
                self._set_links(name, found)
        for buffer in self.buffers.values():
            note = parse_note(buffer.text, buffer.name)
            self._set_links(buffer.name, note.links)
            self.graph.sources.update(source_keys(note, self.settings.source_prefixes))
        self.linked = True
        self.generation += 1

    def rebuild(self) -> None:
        """A fresh index of the current pages (stubs only), and a linter on it."""
        self.index = LiveIndex.of(self.pages.values(), load=self.load)
        self._renewed()

    def _put(self, page: Page) -> None:
        """One page added or changed: the index is updated in place, not built again."""
        self.pages[page.path] = page
        self.index.put(page)
        self._renewed()

    def _remove(self, name: str) -> None:
        self.pages.pop(name, None)
        self.index.remove(name)
        self._renewed()

    def _renewed(self) -> None:
        # A new linter: rules that computed something for the whole site (PMN404) compute it again.
        self.linter = make_linter(self.settings, self.index)
        self._missing = {}
        self.generation += 1

    # Notes --------------------------------------------------------------------------------

    def load(self, name: str) -> Note | None:
        """A note as the editor shows it: its open buffer, else the file on disk."""
        buffer = self.buffer_named(name)
        if buffer is not None:
            return parse_note(buffer.text, name)
        path = self.files.get(name)
        if path is None:
            return None
        try:
            return read_note(path, name)[1]
        except OSError:
            return None

    def text_of(self, name: str) -> str | None:
        buffer = self.buffer_named(name)
        if buffer is not None:
            return buffer.text
        path = self.files.get(name)
        return read_source(path).text if path is not None else None

    def buffer_named(self, name: str) -> Buffer | None:
        for buffer in self.buffers.values():
            if buffer.name == name:
                return buffer
        return None

    def name_for(self, path: Path) -> tuple[str, str]:
        """(site name, shown path) of a file, as the CLI names it from the project folder."""
        real = os.path.realpath(path)
        name = None
        for folder, prefix in self.roots:
            base = os.path.realpath(folder)
            if real.startswith(base + os.sep):
                rel = real[len(base) + 1 :].replace(os.sep, "/")
                name = f"{prefix}/{rel}" if prefix else rel
                break
        if name is None:
            name = path.as_posix()
        shown = path.as_posix()
        if self.project_root is not None:
            with contextlib.suppress(ValueError):
                shown = Path(real).relative_to(os.path.realpath(self.project_root)).as_posix()
        return name, shown

    def _page_of(self, buffer: Buffer, note: Note | None = None) -> Page:
        if buffer.disk is not None and not buffer.edited:
            return read_page(buffer.path, buffer.name)
        if note is None or note.text != buffer.text:
            note = parse_note(buffer.text, buffer.name)
        return page_from_front(buffer.name, note.front.data)

    # Changes ------------------------------------------------------------------------------

    def open(self, buffer: Buffer) -> None:
        self.buffers[buffer.uri] = buffer
        self.files.setdefault(buffer.name, buffer.path)

    def close(self, uri: str) -> Buffer | None:
        buffer = self.buffers.pop(uri, None)
        if buffer is not None:
            self._seen.pop(buffer.name, None)
            self.disk_changed(buffer.path, deleted=not buffer.path.exists())
        return buffer

    def changed(self, name: str, note: Note | None = None) -> bool:
        """A buffer's text changed: update its page and links.

        True when other notes may lint differently now: the pages changed, or
        this note's headings or timestamps did.
        """
        buffer = self.buffer_named(name)
        if buffer is None:
            return False
        if note is None or note.text != buffer.text:
            note = parse_note(buffer.text, name)
        self.index.refresh(name, note)
        if self.linked:
            self._set_links(name, note.links)
            self.graph.sources.update(source_keys(note, self.settings.source_prefixes))
        # Other notes read this one's headings (PMN204) and timestamps (PMN104 evidence).
        seen = (tuple(h.text for h in note.headings), tuple(a.data_t for a in note.anchors))
        others = self._seen.get(name, seen) != seen
        self._seen[name] = seen
        if not self.ready:
            return False
        page = self._page_of(buffer, note)
        if self.pages.get(name) != page:
            self._put(page)
            return True
        return others

    def disk_changed(self, path: Path, deleted: bool = False) -> bool:
        """A file changed on disk (created, changed, deleted). True when the page set changed."""
        name, _ = self.name_for(path)
        if self.buffer_named(name) is not None:
            return False  # the open buffer wins
        inside = any(os.path.realpath(path).startswith(os.path.realpath(f) + os.sep) for f, _ in self.roots)
        if deleted or not path.is_file() or not inside:
            self.files.pop(name, None)
            removed = name in self.pages
            self._set_links(name, ())
            if removed:
                self._remove(name)
            return removed
        self.files[name] = path
        self.index.refresh(name)
        if self.linked:
            _, note = read_note(path, name)
            self._set_links(name, note.links if note else ())
        page = read_page(path, name)
        if self.ready and self.pages.get(name) != page:
            self._put(page)
            return True
        return False

    # Links --------------------------------------------------------------------------------

    @property
    def links(self) -> dict[str, tuple[WikiLink, ...]]:
        return self.graph.links

    @property
    def link_version(self) -> int:
        return self.graph.version

    def _set_links(self, name: str, links: Iterable[WikiLink]) -> None:
        self.graph.set(name, links)

    def page_mentions(self, page: Page) -> int:
        """How many links name a page (by any of its names): a cheap count for ranking."""
        stamp = (self.generation, self.link_version)
        if self._counts[0] != stamp:
            self._counts = (stamp, {})
        counts = self._counts[1]
        if page.path not in counts:
            counts[page.path] = sum(self.graph.mentions(k) for k in {link_key(n) for n in page.names})
        return counts[page.path]

    def links_to(self, page: Page) -> list[tuple[str, WikiLink]]:
        """Every (note, link) in the workspace that resolves to `page`."""
        found = []
        candidates: set[str] = set()
        for name in page.names:
            for key in keys(name):
                candidates.update(self.graph.linkers(key))
        for name in sorted(candidates):
            note_links = self.links.get(name, ())
            for link in note_links:
                if link.target and self.index.resolve(link.target, name).page == page:
                    found.append((name, link))
        return found

    def links_named(self, target: str) -> list[tuple[str, WikiLink]]:
        """Every (note, link) whose target has the same key as `target` (a topic with no note)."""
        key = link_key(target)
        found = []
        for name in sorted(self.graph.named(key)):
            for link in self.links.get(name, ()):
                if link_key(link.target) == key:
                    found.append((name, link))
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
            missing = self._missing.get(key)
            target = written.most_common(1)[0][0]
            if missing is None:
                missing = self._missing[key] = self.index.resolve(target).status is Status.MISSING
            if missing:
                found.append((target, sum(written.values()), len(self.graph.named(key)), key))
        self._dangling = (stamp, found)
        return found
