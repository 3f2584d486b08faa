"""Reading the site's notes, including notes mounted from outside `docs_dir`.

Bad input never stops the build: a file that is not UTF-8 is decoded with the
core's lenient fallback, and a note whose front matter is broken is handed to
MkDocs with that block shown as plain text. Either way the text MkDocs builds
is set on the `File` in memory; no source file is ever written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from ..core.blocks import CORE, Dialect
from ..core.files import NoteFile, decode, read_bytes
from ..core.model import Note
from ..core.parse import parse_note
from ..core.site_files import SiteFiles

_BACKTICKS = re.compile(r"`+")


@dataclass
class ReadNote:
    """One page of the site as read for the index: its source, its note, what was wrong."""

    file: File
    source: NoteFile
    note: Note
    problem: str | None = None  # "PMN305 ..." / "PMN401 ..." for the log


def mounted_files(config: MkDocsConfig, mounts: SiteFiles, taken: set[str]) -> Iterator[File]:
    """Files for the notes of each mounted folder, read in place (never copied); a name in
    `taken` (a page of `docs_dir`) is left to the page that has it."""
    for src_uri, path in mounts.walk().items():
        if src_uri in taken:
            continue
        taken.add(src_uri)
        yield File.generated(config, src_uri, abs_src_path=os.path.abspath(path))


def read_docs_file(file: File, shown: str, dialect: Dialect = CORE) -> ReadNote | None:
    """Read and parse one documentation page; None when it cannot be read at all."""
    if file.abs_src_path is not None:
        data, _, _ = read_bytes(file.abs_src_path, None)  # a regular file: `Build` left out the rest
        if data is None:
            return None
    else:
        try:
            data = file.content_bytes
        except OSError:
            return None
    text, bad = decode(data)
    source = NoteFile(shown, data, text, None, bad)
    note = parse_note(text, file.src_uri, dialect)
    problem = None
    replacement: str | None = None
    if bad is not None:
        problem = f"PMN305 {shown}: not valid UTF-8 (byte {bad}); built from a cp1252 reading"
        replacement = text
    if note.front.error is not None:
        line = f":{note.front.error_line}" if note.front.error_line else ""
        problem = (problem + "; " if problem else "") + f"PMN401 {shown}{line}: {note.front.error}; built as plain text"
        replacement = plain_front_matter(text, note)
    if replacement is not None:
        # MkDocs reads files as strict UTF-8 with universal newlines: hand it the same shape.
        file.content_string = replacement.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return ReadNote(file, source, note, problem)


def plain_front_matter(text: str, note: Note) -> str:
    """The note with a broken (but closed) front matter block shown as a code block."""
    end = note.front.body_start
    if not end:
        return text  # never closed: nothing marks where it ends, so MkDocs shows it as text anyway
    block = text[:end].rstrip("\r\n")
    longest = max((len(run) for run in _BACKTICKS.findall(block)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{block}\n{fence}\n\n{text[end:]}"
