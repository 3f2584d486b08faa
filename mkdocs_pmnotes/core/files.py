"""The core's only I/O: finding note files, reading and decoding them.

Reading never raises for a bad file: it returns a `Source` whose `problem`
says what went wrong, so callers can report it with the path and go on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .index import Page
from .model import Note, scalar_text
from .parse import parse_front_matter, parse_note

NOTE_SUFFIXES = (".md", ".markdown")
_HEAD_BYTES = 8192


@dataclass(frozen=True, slots=True)
class Source:
    """A note file's bytes and text.

    `text` is None only when the file could not be read at all. When the bytes
    are not UTF-8, `text` is a lenient cp1252 reading and `bad_offset` is the
    first bad byte, so the note can still be indexed, built and reported.
    """

    path: str
    data: bytes
    text: str | None
    problem: str | None = None
    bad_offset: int | None = None

    @property
    def utf8(self) -> bool:
        return self.text is not None and self.bad_offset is None


def decode(data: bytes) -> tuple[str, int | None]:
    """UTF-8 when it is; otherwise cp1252 (latin-1 for its five holes)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        chars = []
        for byte in data:
            try:
                chars.append(bytes([byte]).decode("cp1252"))
            except UnicodeDecodeError:
                chars.append(chr(byte))
        return "".join(chars), exc.start


def read_source(path: str | os.PathLike[str]) -> Source:
    name = os.fspath(path)
    try:
        data = Path(name).read_bytes()
    except IsADirectoryError:
        return Source(name, b"", None, "is a directory, not a note")
    except FileNotFoundError:
        return Source(name, b"", None, "no such file")
    except PermissionError:
        return Source(name, b"", None, "permission denied")
    except OSError as exc:
        return Source(name, b"", None, exc.strerror or str(exc))
    text, bad = decode(data)
    return Source(name, data, text, None, bad)


def read_note(path: str | os.PathLike[str], name: str | None = None) -> tuple[Source, Note | None]:
    """Read and parse one note; `name` is its path in the site index."""
    source = read_source(path)
    if source.text is None:
        return source, None
    return source, parse_note(source.text, name or source.path)


def read_page(path: str | os.PathLike[str], name: str) -> Page:
    """A page stub from the file's front matter, reading only its head if it can."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
            if len(head) == _HEAD_BYTES and head.count(b"---") < 2:
                head += handle.read()
    except OSError:
        return Page(name)
    text, _ = decode(head)
    front = parse_front_matter(text)
    if front.present and front.error and len(head) == _HEAD_BYTES:
        # The block may run past the head: read the whole file before judging.
        source = read_source(path)
        front = parse_front_matter(source.text or "")
    return page_from_front(name, front.data)


def page_from_front(name: str, data: dict) -> Page:
    """A `Page` from a note's path in the site and its front-matter mapping."""
    aliases = data.get("aliases") or ()
    if isinstance(aliases, str):
        aliases = (aliases,)
    names = tuple(text for text in map(scalar_text, aliases) if text is not None) if isinstance(aliases, (list, tuple)) else ()
    return Page(name, scalar_text(data.get("title")), names, scalar_text(data.get("videoId")))


def walk_notes(root: str | os.PathLike[str], exclude: Iterable[str] = ()) -> Iterator[Path]:
    """Note files below `root`, sorted, skipping hidden folders and `exclude` globs."""
    base = os.fspath(root)
    patterns = tuple(exclude)
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        inside = os.path.relpath(folder, base).replace(os.sep, "/")
        for name in sorted(files):
            if name.lower().endswith(NOTE_SUFFIXES):
                rel = name if inside == "." else f"{inside}/{name}"
                if not patterns or not any(PurePosixPath(rel).match(p) for p in patterns):
                    yield Path(folder, name)
