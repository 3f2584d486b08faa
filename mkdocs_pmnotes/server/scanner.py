"""Reading a whole site for the index: first every page's names, then every note's links.

The first pass is what site rules need (the page list, titles, aliases, videos) and
must be quick: it reads each file's head and takes the usual front matter (`key: value`
lines) without YAML; anything else goes to `files.read_page`, so a stub is always what
`pmnotes lint` would index. The second pass runs in worker processes on a large site:
this module imports only the core, so a worker starts in a fraction of a second, and
every function takes and returns plain picklable data.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..core.blocks import CORE, Dialect
from ..core.files import MAX_FILE_SIZE, decode, page_from_front, read_bytes, read_page
from ..core.frontmatter import load_yaml
from ..core.index import Page, page_keys
from ..core.parse import parse_links
from ..core.slugs import keys
from .link_graph import NoteLinks, note_links

HEAD = 8192  # what `read_page` reads first: a block closed in as much is read as it reads it
FIRST = 1024  # what is read first: the front matter of nearly every note ends well before
# The block as `frontmatter.parse_front_matter` finds it (its pattern, on bytes without a CR):
# an opening `---` line, then the first closing `---` or `...` line.
_OPEN = re.compile(rb"---[ \t]*\n")
_CLOSE = re.compile(rb"\n(?:---|\.\.\.)[ \t]*\n")
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


@dataclass
class Scan:
    """What the first pass over the site found, ready to install."""

    files: dict[str, str]  # site name -> file
    pages: dict[str, Page]
    keys: dict[str, list[str]] = field(default_factory=dict)  # site name -> `index.page_keys` of its page
    loose: dict[str, tuple[str, ...]] = field(default_factory=dict)  # site name -> loose key of each name
    stamps: dict[str, tuple[int, int] | None] = field(default_factory=dict)  # site name -> (size, mtime_ns) read
    known: int = 0  # notes kept from an earlier run (`page_cache`), not read again

    def add(self, found: Iterable[tuple[Page, list[str], tuple[str, ...], tuple[int, int] | None]]) -> None:
        """Pages as `scanner.read_pages` returns them."""
        for page, lookup, loose, stamp in found:
            self.pages[page.path] = page
            self.keys[page.path] = lookup
            self.loose[page.path] = loose
            self.stamps[page.path] = stamp

    def kept(self) -> list[tuple[Page, list[str], tuple[str, ...], tuple[int, int] | None]]:
        """Every page with what `add` took with it, for `page_cache.save`."""
        return [(page, self.keys[name], self.loose[name], self.stamps.get(name)) for name, page in self.pages.items()]


def page_stub(path: str, name: str, limit: int | None = MAX_FILE_SIZE) -> Page:
    """`files.read_page(path, name)`, quicker for the front matter nearly every note has."""
    return _stub(path, name, limit)[0]


def _stub(path: str, name: str, limit: int | None) -> tuple[Page, tuple[int, int] | None]:
    """`page_stub`, and the file's (size, mtime_ns) before it was read (None if it could not be)."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError:
        return read_page(path, name, limit), None
    try:
        status = os.fstat(fd)
        stamp = (status.st_size, status.st_mtime_ns)
        if not stat.S_ISREG(status.st_mode) or (limit is not None and status.st_size > limit):
            return page_from_front(name, {}), stamp  # never read: a page named by its file alone
        head = os.read(fd, FIRST)
        if head.startswith(b"\xef\xbb\xbf"):
            return read_page(path, name, limit), stamp  # a BOM: the careful path
        if not head.startswith(b"---"):
            return page_from_front(name, {}), stamp  # no front matter: a page named by its file alone
        opening = _OPEN.match(head)
        close = _CLOSE.search(head, opening.end()) if opening is not None else None
        while close is None and opening is not None and len(head) < HEAD:
            more = os.read(fd, HEAD - len(head))
            if not more:
                break
            head += more
            close = _CLOSE.search(head, opening.end())
        if opening is not None and close is not None:
            block = head[opening.end() : close.start() + 1]
            if not block.isascii() and len(head) < min(HEAD, status.st_size):
                # `read_page` decodes its whole head: bytes past the block that are not UTF-8
                # would make it read the block as cp1252. ASCII reads the same either way.
                head += os.read(fd, HEAD - len(head))
    except OSError:
        return read_page(path, name, limit), None
    finally:
        os.close(fd)
    # A CR before the block's end (MkDocs reads it as a line break) or bytes that are not
    # UTF-8 take the careful path; so does a block not closed in the head.
    if opening is None or close is None or head.find(b"\r", 0, close.end()) >= 0:
        return read_page(path, name, limit), stamp
    if not block.isascii():
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return read_page(path, name, limit), stamp
    data, error, _ = load_yaml(block.decode("utf-8"))
    if error is not None:
        return read_page(path, name, limit), stamp
    return page_from_front(name, data), stamp


def read_pages(
    files: Iterable[tuple[str, str]], limit: int | None = MAX_FILE_SIZE
) -> list[tuple[Page, list[str], tuple[str, ...], tuple[int, int] | None]]:
    """The page stub of each (site name, path), its lookup keys (`index.page_keys`), the
    `slugs.loose_key` of each of its names (what completion matches the typed text against),
    and the file's (size, mtime_ns) before it was read."""
    found = []
    for name, path in files:
        page, stamp = _stub(path, name, limit)
        found.append((page, page_keys(page), tuple(keys(n)[0] for n in page.names), stamp))
    return found


def stamp_of(path: str) -> tuple[int, int] | None:
    """(size, mtime_ns) of a file, None when it cannot be read."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_size, status.st_mtime_ns


def links_of(
    path: str,
    prefixes: Sequence[str],
    encoding: str = "utf-16",
    limit: int | None = MAX_FILE_SIZE,
    dialect: Dialect = CORE,
) -> NoteLinks:
    """One file's links, stamped with the size and time it had before it was read."""
    stamp = stamp_of(path)
    data, _, _ = read_bytes(path, limit)
    if data is None:
        return NoteLinks(stamp=stamp)
    text, _ = decode(data)
    return note_links(text, parse_links(text, dialect), prefixes, encoding, stamp)


def read_links(
    files: Sequence[tuple[str, str]],
    prefixes: Sequence[str],
    encoding: str = "utf-16",
    limit: int | None = MAX_FILE_SIZE,
    dialect: Dialect = CORE,
) -> list[tuple[str, NoteLinks]]:
    """(site name, its links) of each (site name, path): the unit of work of a worker process."""
    return [(name, links_of(path, prefixes, encoding, limit, dialect)) for name, path in files]


def worker_setup() -> None:
    """How a worker process starts.

    Its stdout is the server's, which carries the protocol: anything printed goes to stderr.
    What a slice makes is freed as soon as it is sent back, so the cycle collector has
    nothing to find and is turned off.
    """
    with contextlib.suppress(OSError):
        os.dup2(2, 1)
    gc.disable()
