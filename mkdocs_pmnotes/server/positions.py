"""Offsets into a note's text <-> LSP positions.

The core counts lines at `\\n` and columns in characters; LSP counts lines at
`\\n`, `\\r\\n` and `\\r`, and columns in the negotiated encoding (UTF-16 unless
the client offers another), so every conversion goes through a text offset.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from lsprotocol import types

_BREAK = re.compile(r"\r\n|\r|\n")


class Lines:
    """One text's line starts, for converting both ways."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def _width(self, chunk: str) -> int:
        if self.encoding == "utf-32":
            return len(chunk)
        if self.encoding == "utf-8":
            return len(chunk.encode("utf-8", "surrogatepass"))
        return len(chunk) + sum(1 for ch in chunk if ord(ch) > 0xFFFF)

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        return types.Position(line, self._width(self.text[self.starts[line] : offset]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(self.position(start), self.position(end))

    def line_end(self, line: int) -> int:
        """Offset of the end of a 0-based line, before its line break."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            while end > self.starts[line] and self.text[end - 1] in "\r\n":
                end -= 1
            return end
        return len(self.text)

    def offset(self, position: types.Position) -> int:
        """The text offset of an LSP position; past the end of a line is its end."""
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[max(position.line, 0)]
        end = self.line_end(max(position.line, 0))
        if self.encoding == "utf-32":
            return min(start + position.character, end)
        units = 0
        for index in range(start, end):
            if units >= position.character:
                return index
            ch = self.text[index]
            if self.encoding == "utf-8":
                units += len(ch.encode("utf-8", "surrogatepass"))
            else:
                units += 2 if ord(ch) > 0xFFFF else 1
        return end

    def full_range(self) -> types.Range:
        return self.range(0, len(self.text))


def core_offset(line_starts: Sequence[int], line: int, column: int) -> int:
    """The offset of a core (1-based line, 1-based character column) position."""
    index = min(max(line - 1, 0), len(line_starts) - 1)
    return line_starts[index] + max(column - 1, 0)
