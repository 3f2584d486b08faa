"""The core's only I/O: finding note files, reading and decoding them.

Reading never raises for a bad file: it returns a `NoteFile` whose `problem`
says what went wrong, so callers can report it with the path and go on.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .blocks import CORE, Dialect
from .frontmatter import parse_front_matter
from .index import Page
from .model import Note, scalar_text
from .parse import parse_note

NOTE_SUFFIXES = (".md", ".markdown")
_HEAD_BYTES = 8192


# Far above any real note (a long episode's transcript is well under a megabyte), and
# still small enough that reading, decoding and parsing one file stays cheap.
MAX_FILE_SIZE = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class NoteFile:
    """A note file's bytes and text.

    `text` is None only when the file could not be read at all, or was not read
    because it is larger than the size limit (`too_large`). When the bytes are
    not UTF-8, `text` is a lenient cp1252 reading and `bad_offset` is the first
    bad byte, so the note can still be indexed, built and reported.
    """

    path: str
    data: bytes
    text: str | None
    problem: str | None = None
    bad_offset: int | None = None
    too_large: int | None = None  # the file's size, when it is over the limit

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


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def not_a_note_file(mode: int) -> str | None:
    """Why a file of this mode is not read as a note: only regular files are."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return "is a directory, not a note" if kind == "a directory" else f"is {kind}, not a regular file"


def read_bytes(
    path: str, limit: int | None = MAX_FILE_SIZE, head: int | None = None
) -> tuple[bytes | None, str | None, int | None]:
    """(bytes, problem, size over the limit) of a regular file, never blocking or reading without end.

    Opened without blocking, so a FIFO named like a note does not wait for a
    writer; checked to be a regular file, so `/dev/zero` behind a symlink is not
    read; and never read past `limit` (or `head`) bytes, whatever it grows to.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        return None, "is a directory, not a note", None
    except FileNotFoundError:
        return None, "no such file", None
    except PermissionError:
        return None, "permission denied", None
    except OSError as exc:
        return None, exc.strerror or str(exc), None
    with os.fdopen(fd, "rb") as handle:
        try:
            status = os.fstat(fd)
            problem = not_a_note_file(status.st_mode)
            if problem is not None:
                return None, problem, None
            if limit is not None and status.st_size > limit:
                return None, f"is larger than the size limit ({limit:,} bytes)", status.st_size
            if head is not None:
                data = handle.read(head)
            else:
                # Ask for the size it has (a larger request is allocated whole), then
                # for what it grew by meanwhile, up to the limit.
                data = handle.read(status.st_size + 1)
                if len(data) > status.st_size:
                    data += handle.read(-1 if limit is None else max(limit + 1 - len(data), 0))
        except OSError as exc:
            return None, exc.strerror or str(exc), None
    if head is None and limit is not None and len(data) > limit:
        return None, f"is larger than the size limit ({limit:,} bytes)", len(data)  # it grew while being read
    return data, None, None


def read_file(path: str | os.PathLike[str], limit: int | None = MAX_FILE_SIZE) -> NoteFile:
    name = os.fspath(path)
    data, problem, size = read_bytes(name, limit)
    if data is None:
        return NoteFile(name, b"", None, problem, None, size)
    text, bad = decode(data)
    return NoteFile(name, data, text, None, bad)


def read_note(
    path: str | os.PathLike[str], name: str | None = None, limit: int | None = MAX_FILE_SIZE, dialect: Dialect = CORE
) -> tuple[NoteFile, Note | None]:
    """Read and parse one note; `name` is its path in the site index."""
    source = read_file(path, limit)
    if source.text is None:
        return source, None
    return source, parse_note(source.text, name or source.path, dialect)


def read_page(path: str | os.PathLike[str], name: str, limit: int | None = MAX_FILE_SIZE) -> Page:
    """A page stub from the file's front matter, reading only its head if it can."""
    head, _, _ = read_bytes(os.fspath(path), limit, _HEAD_BYTES)
    if head is None:
        return Page(name)
    if len(head) == _HEAD_BYTES and head.count(b"---") < 2:
        head = read_bytes(os.fspath(path), limit)[0] or head
    text, _ = decode(head)
    front = parse_front_matter(text)
    if front.present and front.error and len(head) == _HEAD_BYTES:
        # The block may run past the head: read the whole file before judging.
        source = read_file(path, limit)
        front = parse_front_matter(source.text or "")
    return page_from_front(name, front.data)


def page_from_front(name: str, data: dict[str, Any]) -> Page:
    """A `Page` from a note's path in the site and its front-matter mapping."""
    aliases = data.get("aliases") or ()
    if isinstance(aliases, str):
        aliases = (aliases,)
    names = (
        tuple(text for text in map(scalar_text, aliases) if text is not None)
        if isinstance(aliases, (list, tuple))
        else ()
    )
    return Page(name, scalar_text(data.get("title")), names, scalar_text(data.get("videoId")))


def walk_notes(root: str | os.PathLike[str], exclude: Iterable[str] = ()) -> Iterator[Path]:
    """Note files below `root`, sorted, skipping hidden folders and `exclude` globs."""
    for text in walk_note_files(root, exclude):
        yield Path(text)


def walk_note_files(root: str | os.PathLike[str], exclude: Iterable[str] = ()) -> Iterator[str]:
    """`walk_notes` as plain strings (`root` joined with the relative path).

    A large site has thousands of notes: building a `Path` for each costs more
    than everything else a warm lint of one file does with them.
    """
    base = os.fspath(root)
    patterns = tuple(exclude)
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        inside = os.path.relpath(folder, base).replace(os.sep, "/")
        lead = folder if folder.endswith(os.sep) else folder + os.sep  # os.path.join's result, per folder
        for name in sorted(files):
            if name.lower().endswith(NOTE_SUFFIXES):
                if patterns:
                    rel = name if inside == "." else f"{inside}/{name}"
                    if any(PurePosixPath(rel).match(p) for p in patterns):
                        continue
                yield lead + name
