"""An open document, as the editor shows it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.files import NoteFile


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
    disk: NoteFile | None = None  # the file as read at open, when it is not UTF-8
