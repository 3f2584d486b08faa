"""Only LF ends a line: characters `str.splitlines` also breaks at must not open fences.

Notes with stray control characters are exactly the ones PMN303 reports, so the
parser has to read them the way the line numbers count: by LF alone.
"""

from __future__ import annotations

import pytest

from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.scan import fenced_blocks


@pytest.mark.parametrize("breaker", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_a_fence_after_a_non_lf_break_is_text(breaker: str, fence: str) -> None:
    text = f"before{breaker}{fence}\n[[linked]]\n"
    assert list(fenced_blocks(text)) == []
    assert [(link.target, link.line, link.column) for link in parse_note(text).links] == [("linked", 2, 1)]


@pytest.mark.parametrize(
    ("text", "blocks"),
    [
        ("```\r\ncode\r\n```\r\nafter", [(0, 14)]),
        ("~~~\ncode\n~~~~\n", [(0, 13)]),
        ("````\n```\n````", [(0, 13)]),
        ("```\nnever closed\n", [(0, 17)]),
        ("x\n  ~~~ info\ny\n  ~~~\n", [(2, 20)]),
    ],
)
def test_fence_offsets(text: str, blocks: list[tuple[int, int]]) -> None:
    assert list(fenced_blocks(text)) == blocks


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("a\x0cb [[t]]", (1, 5)),
        ("a\u2028b\n[[t]]", (2, 1)),
        ("a\r\nb [[t]]", (2, 3)),
        ("```\n[[no]]\n```\n\x0c[[t]]", (4, 2)),
    ],
)
def test_link_line_and_column_count_lf_only(text: str, position: tuple[int, int]) -> None:
    (link,) = parse_note(text).links
    assert (link.line, link.column) == position
