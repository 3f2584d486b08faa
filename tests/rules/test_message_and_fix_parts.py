"""The small pure functions behind the rule messages and fixes."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.lint.rules._text import front_matter_key, line_bounds, valid_video_id
from mkdocs_pmnotes.lint.rules.pmn101_timestamp_syntax import why_not_clock
from mkdocs_pmnotes.lint.rules.pmn301_mojibake import changed_words
from mkdocs_pmnotes.lint.rules.pmn303_invisible_char import describe


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("00:61:10", "minutes and seconds run from 00 to 59"),
        ("00:10:60", "minutes and seconds run from 00 to 59"),
        ("1:2", "minutes and seconds take two digits"),
        ("1:2:03", "minutes and seconds take two digits"),
        ("00:1a:00", "the minutes field `1a` is not a number"),
        ("x1:00:00", "the hours field `x1` is not a number"),
        ("00:00:٣٣", "the seconds field `٣٣` is not a number"),
        ("", "it is empty"),
        ("watch", "a clock has 2 or 3 fields separated by `:`"),
        ("1:00:00:00", "a clock has 2 or 3 fields separated by `:`"),
    ],
)
def test_why_not_clock(value: str, reason: str) -> None:
    assert why_not_clock(value) == reason


@pytest.mark.parametrize(
    ("before", "after", "groups"),
    [
        ("a â€“ b", "a – b", [[(2, 5, "–")]]),
        ("CafÃ© and rÃ©sumÃ©", "Café and résumé", [[(3, 5, "é")], [(11, 13, "é"), (16, 18, "é")]]),
        ("â€œquotedâ€\x9d", "“quoted”", [[(0, 3, "“"), (9, 12, "”")]]),
        ("Â£5", "£5", [[(0, 1, "")]]),
        ("same", "same", []),
    ],
)
def test_changed_words_are_minimal_and_grouped_by_word(before: str, after: str, groups: list) -> None:
    found = changed_words(before, after)
    assert found == groups
    rebuilt, pos = [], 0
    for a, b, new in (edit for group in found for edit in group):
        rebuilt += [before[pos:a], new]
        pos = b
    assert "".join(rebuilt) + before[pos:] == after


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\x00", "U+0000 NUL"),
        ("\x90", "U+0090 control character"),
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ],
)
def test_describe_invisible(char: str, shown: str) -> None:
    assert describe(char) == shown


@pytest.mark.parametrize(
    ("value", "valid"),
    [("qNPPoj1qUG0", True), ("E_rNotqs--I", True), ("qNPPoj1qUG", False), ("qNPPoj1qUG00", False),
     ("qNPPoj1qUG!", False), ("https://youtu.be/qNPPoj1qUG0", False), (None, False)],
)  # fmt: skip
def test_valid_video_id(value: str | None, valid: bool) -> None:
    assert (valid_video_id(value) is not None) is valid


@pytest.mark.parametrize(
    ("text", "offset", "bounds"),
    [("ab\ncd\n", 4, (3, 5)), ("ab\r\ncd", 0, (0, 2)), ("ab\r\ncd", 5, (4, 6)), ("", 0, (0, 0))],
)
def test_line_bounds(text: str, offset: int, bounds: tuple[int, int]) -> None:
    assert line_bounds(text, offset) == bounds


def test_front_matter_key_finds_the_value_in_the_block_only() -> None:
    text = "---\ntitle: T\nvideoId:  abc\n---\nvideoId: later\n"
    note = parse_note(text)
    span = front_matter_key(note, "videoId")
    assert span is not None and text[span[0] : span[1]] == "abc"
    assert front_matter_key(note, "duration") is None
    assert front_matter_key(parse_note("videoId: abc\n"), "videoId") is None


def _misread(char: str, encoding: str) -> str:
    """`char`'s UTF-8 bytes read one by one as cp1252 (latin-1 for its holes) or latin-1."""
    out = []
    for byte in char.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode(encoding))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_the_prefilter_lets_every_misread_character_through(encoding: str) -> None:
    from mkdocs_pmnotes.lint.rules.pmn301_mojibake import _SUSPECT

    chars = [chr(cp) for cp in [*range(0x80, 0x800), *range(0x800, 0x10000, 7), *range(0x10000, 0x110000, 997)]]
    missed = [c for c in chars if not 0xD800 <= ord(c) <= 0xDFFF and not _SUSPECT.search(_misread(c, encoding))]
    assert missed == []


@pytest.mark.parametrize("text", ["café", "naïve", "Björk", "São Paulo", "ação", "Straße", "“quoted” — it’s"])
def test_the_prefilter_keeps_correct_text_away_from_ftfy(text: str) -> None:
    from mkdocs_pmnotes.lint.rules.pmn301_mojibake import _SUSPECT

    assert _SUSPECT.search(text) is None


@given(st.text(max_size=60), st.text(max_size=60))
def test_changed_words_always_rebuild_the_repair(before: str, after: str) -> None:
    rebuilt, pos = [], 0
    for a, b, new in (edit for group in changed_words(before, after) for edit in group):
        assert pos <= a <= b
        rebuilt += [before[pos:a], new]
        pos = b
    assert "".join(rebuilt) + before[pos:] == after


@given(st.lists(st.sampled_from(["a", "word ", " ", "Ã©", "â€™", "Ã ", "é", "’", "x" * 70]), max_size=400))
def test_windows_hold_every_suspect_whole_and_do_not_overlap(parts: list[str]) -> None:
    from mkdocs_pmnotes.lint.rules.pmn301_mojibake import _SUSPECT, _windows

    line = "".join(parts)
    windows = list(_windows(line))
    assert all(a < b for a, b in windows)
    assert all(first[1] <= second[0] for first, second in itertools.pairwise(windows))
    for match in _SUSPECT.finditer(line):
        assert any(a <= match.start() and match.end() <= b for a, b in windows)
