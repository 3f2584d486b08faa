"""Offsets into a note's text <-> LSP positions.

The core counts lines as LSP does (`\\n`, `\\r\\n` and a bare `\\r`) and columns in
characters; LSP counts columns in the negotiated encoding (UTF-16 unless the client
offers another), so every conversion goes through a text offset (`lines.LineMap`).
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from .lines import LineMap


class Lines(LineMap):
    """A `LineMap` that speaks in LSP positions and ranges."""

    def position(self, offset: int) -> types.Position:
        return types.Position(*self.locate(offset))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(self.position(start), self.position(end))

    def offset(self, position: types.Position) -> int:
        """The text offset of an LSP position; past the end of a line is its end."""
        return self.offset_of(position.line, position.character)

    def full_range(self) -> types.Range:
        return self.range(0, len(self.text))


def core_offset(line_starts: Sequence[int], line: int, column: int) -> int:
    """The offset of a core (1-based line, 1-based character column) position."""
    index = min(max(line - 1, 0), len(line_starts) - 1)
    return line_starts[index] + max(column - 1, 0)
