"""The workspace as the server sees it: configuration, the site index, open buffers, every link.

The index is built in two passes (`scanner`): the pages first, which is all site
rules need, then every note's links. Scans run outside the event loop and return
plain data; only the event loop's thread installs it, so nothing here needs a
lock. Open buffers win over the files on disk everywhere: in the index, in a note's
links, in what a rule reads.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.files import page_from_front, read_note, read_page
from ..core.index import Page, Resolution
from ..core.model import Note
from ..core.notes import NoteCache
from ..core.parse import parse_note
from ..core.settings import Settings
from ..core.site_files import SiteFiles
from ..lint.api import ConfigError, Linter, load_project, make_linter
from .buffer import Buffer
from .link_graph import NO_LINKS, LinkGraph, NoteLinks, note_links
from .link_queries import LinkQueries
from .links import uri_of
from .live_index import LiveIndex
from .scanner import Scan, links_of, read_pages, stamp_of

RECENT = 20  # notes remembered as recently opened, for completion


@dataclass(eq=False)  # one per folder: compared (and hashed, as a feature's cache key) by identity
class Workspace(LinkQueries):
    root: Path | None
    log: Callable[[str], None] = print
    settings: Settings = field(default_factory=Settings)
    project_root: Path | None = None
    site_files: SiteFiles = field(default_factory=SiteFiles)  # the folders of notes, their prefixes, `exclude`
    problem: str | None = None  # a configuration error, shown once
    files: dict[str, str] = field(default_factory=dict)  # site name -> file
    pages: dict[str, Page] = field(default_factory=dict)
    buffers: dict[str, Buffer] = field(default_factory=dict)  # by URI
    ready: bool = False  # pages are known: diagnostics are complete
    linked: bool = False  # every note's links are known: references, rename, counts
    failed: str | None = None  # why the index could not be built
    generation: int = 0  # bumped whenever the set of pages or their names change
    epoch: int = 0  # bumped whenever a pass over the whole site is installed
    touched: dict[str, int] = field(default_factory=dict)  # page -> generation it last changed at, this epoch
    encoding: str = "utf-16"  # the client's position encoding: link positions are kept in it
    recent: list[str] = field(default_factory=list)  # notes opened, the latest first
    progress: tuple[int, str] = (0, "")  # how far the index is: percent, what it does

    def __post_init__(self) -> None:
        self.index = LiveIndex.of((), NoteCache(self.load))
        self.linter: Linter = make_linter(self.settings, self.index)
        self.graph = LinkGraph()
        self._next = self.graph  # the second pass fills this one
        self.pages_known = asyncio.Event()
        self.links_known = asyncio.Event()
        self._missing: dict[str, Resolution] = {}  # link key -> how it resolves, until the pages change
        self._dangling: tuple[tuple[int, int], list[tuple[str, int, int, str]]] | None = None
        self._counts: tuple[tuple[int, int], dict[str, int]] = ((-1, -1), {})
        self._uris: dict[str, str] = {}
        self.name_keys: dict[str, tuple[str, ...]] = {}  # page -> loose key of each name, as the scan found them
        self._stale: set[str] = set()  # notes changed on disk while the links were being read
        # Open note -> its headings and timestamps at its last lint.
        self._seen: dict[str, tuple[tuple[str, ...], tuple[str | None, ...]]] = {}
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
        self.site_files = SiteFiles.of(folders, self.settings.exclude)
        self.linter = make_linter(self.settings, self.index)

    # Scanning (off the event loop) ----------------------------------------------------------

    def scan_pages(self) -> Scan:
        """Every note's page stub, from its front matter alone: what links resolve against.

        (`indexing.scan_pages` does the same on every core.)"""
        files = self.site_files.walk()
        found = read_pages(files.items(), self.settings.max_file_size)
        scan = Scan(files, {}, {}, {}, {})
        scan.add(found)
        return scan

    def link_jobs(self) -> list[tuple[str, str]]:
        """(site name, file) of every note whose links the second pass reads."""
        return [(name, path) for name, path in self.files.items() if self.buffer_named(name) is None]

    # Installing (event loop) --------------------------------------------------------------

    def install_pages(self, scan: Scan, index: LiveIndex | None = None) -> None:
        """The first pass's pages; `index`: theirs, built already (the open notes' pages go in here)."""
        extra = {b.name: b for b in self.buffers.values()}
        self.files = dict(scan.files)
        self.pages = dict(scan.pages)
        self._uris = {}
        known = dict(scan.keys)
        for name, buffer in extra.items():
            self.files.setdefault(name, str(buffer.path))
            self.pages[name] = self._page_of(buffer)
            known.pop(name, None)  # the buffer's page, not the file's
        self.name_keys = {name: loose for name, loose in scan.loose.items() if name not in extra}
        self.ready = True
        if index is None:
            index = LiveIndex.of(self.pages.values(), NoteCache(self.load), known)
        else:
            for name in extra:
                index.put(self.pages[name])
        self.index = index
        self._renewed()
        self.epoch += 1
        self.touched = {}
        self.pages_known.set()

    def start_links(self) -> None:
        """A new second pass begins. Its links replace the ones known (if any) once it is done:
        until then, those answer."""
        self._next = LinkGraph()
        self._stale = set()

    def install_links(self, found: Iterable[tuple[str, NoteLinks]]) -> None:
        """Part of the second pass's results."""
        for name, links in found:
            if name in self.files and self.buffer_named(name) is None and name not in self._stale:
                self._next.set(name, links)

    def finish_links(self) -> None:
        """The second pass is done: open buffers and notes changed meanwhile are read now."""
        self.graph = self._next
        for buffer in self.buffers.values():
            self._set_buffer_links(buffer)
        for name in sorted(self._stale):
            path = self.files.get(name)
            if path is not None and self.buffer_named(name) is None:
                self.graph.set(name, self._links_on_disk(path))
        self._stale = set()
        self.linked = True
        self.epoch += 1
        self.links_known.set()

    def _put(self, page: Page) -> None:
        """One page added or changed: the index is updated in place, not built again."""
        self.pages[page.path] = page
        self.index.put(page)
        self._renewed()
        self.touched[page.path] = self.generation

    def _remove(self, name: str) -> None:
        self.pages.pop(name, None)
        self.index.remove(name)
        self._renewed()
        self.touched[name] = self.generation

    def _renewed(self) -> None:
        # A new linter: rules that computed something for the whole site (PMN404) compute it again.
        self.linter = make_linter(self.settings, self.index)
        self._missing = {}
        self.generation += 1

    # Notes --------------------------------------------------------------------------------

    def parse(self, text: str, name: str) -> Note:
        return parse_note(text, name, self.settings.dialect)

    def load(self, name: str) -> Note | None:
        """A note as the editor shows it: its open buffer, else the file on disk."""
        buffer = self.buffer_named(name)
        if buffer is not None:
            return self.parse(buffer.text, name)
        path = self.files.get(name)
        if path is None:
            return None
        try:
            return read_note(path, name, self.settings.max_file_size, self.settings.dialect)[1]
        except OSError:
            return None

    def buffer_named(self, name: str) -> Buffer | None:
        for buffer in self.buffers.values():
            if buffer.name == name:
                return buffer
        return None

    def uri(self, name: str) -> str | None:
        """The URI of a note's file (its open buffer's when it is open)."""
        buffer = self.buffer_named(name)
        if buffer is not None:
            return buffer.uri
        found = self._uris.get(name)
        if found is None:
            path = self.files.get(name)
            if path is None:
                return None
            found = self._uris[name] = uri_of(Path(path))
        return found

    def name_for(self, path: Path) -> tuple[str, str]:
        """(site name, shown path) of a file, as the CLI names it from the project folder."""
        name = self.site_files.name_of(path) or path.as_posix()
        shown = path.as_posix()
        if self.project_root is not None:
            with contextlib.suppress(ValueError):
                shown = Path(os.path.realpath(path)).relative_to(os.path.realpath(self.project_root)).as_posix()
        return name, shown

    def _page_of(self, buffer: Buffer, note: Note | None = None) -> Page:
        if buffer.disk is not None and not buffer.edited:
            return read_page(buffer.path, buffer.name)
        if note is None or note.text != buffer.text:
            note = self.parse(buffer.text, buffer.name)
        return page_from_front(buffer.name, note.front.data)

    # Changes ------------------------------------------------------------------------------

    def open(self, buffer: Buffer) -> None:
        self.buffers[buffer.uri] = buffer
        self.files.setdefault(buffer.name, str(buffer.path))
        self.recent = [buffer.name, *(name for name in self.recent if name != buffer.name)][:RECENT]

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
            note = self.parse(buffer.text, name)
        self.index.refresh(name, note)
        if self.linked:
            self._set_buffer_links(buffer, note)
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
        found = self.site_files.name_of(path)
        name = found or path.as_posix()  # as `name_for` names it
        if self.buffer_named(name) is not None:
            return False  # the open buffer wins
        self._uris.pop(name, None)
        if deleted or not path.is_file() or found is None:
            self.files.pop(name, None)
            removed = name in self.pages
            self.graph.drop(name)
            self._stale.add(name)
            if removed:
                self._remove(name)
            return removed
        self.files[name] = str(path)
        self.index.refresh(name)
        if self.linked:
            self.graph.set(name, self._links_on_disk(str(path)))
        self._stale.add(name)  # a second pass under way would install what it read before the change
        page = read_page(path, name, self.settings.max_file_size)
        if self.ready and self.pages.get(name) != page:
            self._put(page)
            return True
        return False

    # Links --------------------------------------------------------------------------------

    def _links_on_disk(self, path: str) -> NoteLinks:
        prefixes = list(self.settings.source_prefixes)
        return links_of(path, prefixes, self.encoding, self.settings.max_file_size, self.settings.dialect)

    def _set_buffer_links(self, buffer: Buffer, note: Note | None = None) -> None:
        if note is None or note.text != buffer.text:
            note = self.parse(buffer.text, buffer.name)
        found = note_links(buffer.text, note.links, list(self.settings.source_prefixes), self.encoding)
        self.graph.set(buffer.name, found)

    def links_of(self, name: str) -> NoteLinks:
        """A note's links as they are now: a file changed on disk behind our back is read again."""
        found = self.graph.links.get(name, NO_LINKS)
        if found.stamp is None or self.buffer_named(name) is not None:
            return found
        path = self.files.get(name)
        if path is not None and stamp_of(path) != found.stamp:
            found = self._links_on_disk(path)
            self.graph.set(name, found)
        return found
