"""Parsed notes held for a run, beside the site index.

The index knows every page from cheap stubs; a whole note is parsed only when a
rule or a front end asks for it, once, through `load`. What is held is let go by
the front end that knows when it is done with it (the linter after each video's
notes, the build's linter after each episode, the server after each lint), so a
long run over a large site keeps its memory flat.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .model import Note


@dataclass
class NoteCache:
    """Site name -> its parsed note (None when it cannot be read), parsed at most once."""

    load: Callable[[str], Note | None] | None = None
    _notes: dict[str, Note | None] = field(default_factory=dict)

    def note(self, path: str, known: bool = True) -> Note | None:
        """The parsed note of `path`; `known` False: the site has no such page, so nothing is read."""
        if path not in self._notes:
            self._notes[path] = self.load(path) if self.load and known else None
        return self._notes[path]

    def remember(self, note: Note, path: str | None = None) -> None:
        """Hold a note parsed elsewhere (under `path`, its own by default), so it is not parsed again."""
        self._notes[note.path if path is None else path] = note

    def cached(self, path: str) -> Note | None:
        """The parsed note if it is held already; never reads."""
        return self._notes.get(path)

    def release(self, path: str) -> None:
        """Let one note go: it is read again when asked for."""
        self._notes.pop(path, None)

    def forget(self) -> None:
        """Let every note go."""
        self._notes.clear()
