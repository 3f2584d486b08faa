"""Text offsets <-> LSP positions, in each position encoding a client may choose."""

from __future__ import annotations

import pytest
from lsprotocol import types

from mkdocs_pmnotes.server.positions import Lines, core_offset

TEXT = "a😀b\r\nc\rdé\nlast"  # an astral character, CRLF, a lone CR, a non-ASCII BMP character


@pytest.mark.parametrize(
    ("encoding", "column_of_b"),
    [("utf-16", 3), ("utf-8", 5), ("utf-32", 2)],
)
def test_columns_count_in_the_negotiated_encoding(encoding, column_of_b):
    lines = Lines(TEXT, encoding)
    b = TEXT.index("b")
    assert lines.position(b) == types.Position(0, column_of_b)
    assert lines.offset(types.Position(0, column_of_b)) == b


def test_every_lsp_line_break_starts_a_line():
    lines = Lines(TEXT)
    assert lines.position(TEXT.index("c")) == types.Position(1, 0)
    assert lines.position(TEXT.index("d")) == types.Position(2, 0)
    assert lines.position(TEXT.index("last")) == types.Position(3, 0)
    assert lines.line_end(0) == TEXT.index("\r\n")


def test_positions_past_a_line_or_the_text_are_clamped():
    lines = Lines(TEXT)
    assert lines.offset(types.Position(0, 99)) == TEXT.index("\r\n")
    assert lines.offset(types.Position(99, 0)) == len(TEXT)
    assert lines.position(10_000) == lines.position(len(TEXT))


def test_round_trip_at_every_offset():
    for encoding in ("utf-16", "utf-8", "utf-32"):
        lines = Lines(TEXT, encoding)
        for offset, ch in enumerate(TEXT):
            if ch in "\r\n":
                continue
            assert lines.offset(lines.position(offset)) == offset, (encoding, offset)


def test_core_positions_are_one_based_characters():
    starts = (0, 6)
    assert core_offset(starts, 2, 1) == 6
    assert core_offset(starts, 1, 3) == 2
