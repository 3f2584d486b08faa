"""A text's lines and columns as the Language Server Protocol counts them, as plain numbers.

Lines end at `\\n`, `\\r\\n` and a bare `\\r`, as in the core (`scan.line_starts`), so a
finding's line is the editor's line. Columns count in the negotiated encoding: UTF-16
code units unless the client offers UTF-8 or UTF-32. Nothing here imports the protocol's
types, so the processes that read a whole site's links start fast.
"""

from __future__ import annotations

from bisect import bisect_right

from ..core.scan import line_starts


class LineMap:
    """One text's line starts, for converting offsets to (line, column) and back."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self.starts = line_starts(text)
        # Every column of an ASCII text is its character count, in every encoding.
        self._plain = encoding == "utf-32" or text.isascii()

    def width(self, chunk: str) -> int:
        """How many units of the encoding `chunk` takes."""
        if self._plain:
            return len(chunk)
        if self.encoding == "utf-8":
            return len(chunk.encode("utf-8", "surrogatepass"))
        return len(chunk) + sum(1 for ch in chunk if ord(ch) > 0xFFFF)

    def locate(self, offset: int) -> tuple[int, int]:
        """0-based (line, column) of a text offset, clamped to the text."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return line, (offset - start if self._plain else self.width(self.text[start:offset]))

    def line_end(self, line: int) -> int:
        """Offset of the end of a 0-based line, before its line break."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            while end > self.starts[line] and self.text[end - 1] in "\r\n":
                end -= 1
            return end
        return len(self.text)

    def offset_of(self, line: int, character: int) -> int:
        """The text offset of a 0-based (line, column); past the end of a line is its end."""
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[max(line, 0)]
        end = self.line_end(max(line, 0))
        if self._plain:
            return min(start + max(character, 0), end)
        units = 0
        for index in range(start, end):
            if units >= character:
                return index
            ch = self.text[index]
            if self.encoding == "utf-8":
                units += len(ch.encode("utf-8", "surrogatepass"))
            else:
                units += 2 if ord(ch) > 0xFFFF else 1
        return end
