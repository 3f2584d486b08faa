"""Scanning a note is linear: n unclosed `[[`, `<!--` or code spans cost about n, not n**2.

Work is counted (characters the scanner's patterns and `find` look at, bytes
held, overlap tests made), never timed.
"""

from __future__ import annotations

import pytest

from mkdocs_pmnotes.core import blocks, scan
from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.lint import fixes
from mkdocs_pmnotes.lint.rule import Edit, Finding, Fix

from .support import MB, peak_bytes, scanning_work

HEAD = "---\ntitle: Bomb\n---\n\n"


def test_unclosed_link_openers_hold_memory_in_proportion_to_the_note():
    def peak(count: int) -> int:
        text = HEAD + "[[ab" * count
        note, held = peak_bytes(lambda: parse_note(text, "bomb.md"))
        assert len(note.broken_links) == count
        return held

    small, large = peak(10_000), peak(20_000)
    assert large < 2.5 * small
    assert large < 24 * MB  # each `[[ab` on this 80 KB line once held the rest of the line: 1.6 GB


BOMBS = {
    "unclosed comments": lambda n: "<!-- " * n,
    "code spans": lambda n: "`a` " * n,
    "unclosed backticks": lambda n: "`` x ` " * n,
    "comments and code": lambda n: "<!-- a --> `b` " * n + "`",
    "many paragraphs": lambda n: "`a\n\n" * n,
    "indented lines and html": lambda n: "    `x\n\n<div>\n`y\n\n" * n,
}


@pytest.mark.parametrize("make", BOMBS.values(), ids=BOMBS.keys())
def test_protected_regions_scan_is_linear(monkeypatch, make):
    def work(count: int) -> int:
        text = HEAD + make(count)
        return scanning_work((scan, blocks), monkeypatch, scan.protected_regions, text), len(text)

    (small, _), (large, size) = work(2_000), work(4_000)
    assert large <= 2.2 * small
    assert large <= 40 * size


def test_protected_regions_are_found_as_before():
    text = "a `b` <!-- c `d` --> `` e ` f `` g\n\n`h\n\ni` <!-- j"
    regions = [text[s:e] for s, e in scan.protected_regions(text)]
    assert regions == ["`b`", "<!-- c `d` -->", "`` e ` f ``"]


def test_applying_fixes_tests_each_edit_against_its_neighbours_only(monkeypatch):
    calls = [0]
    real = fixes._overlap

    def counted(a, b):
        calls[0] += 1
        return real(a, b)

    monkeypatch.setattr(fixes, "_overlap", counted)

    def work(count: int) -> int:
        text = "ab" * count
        found = [
            Finding("a.md", 1, i + 1, "PMN303", "x", "m", "warning", Fix((Edit(2 * i, 2 * i + 1, ""),), "f"))
            for i in range(count)
        ]
        calls[0] = 0
        new, applied, invalid = fixes.apply_fixes(text, found)
        assert new == "b" * count and len(applied) == count and invalid == 0
        return calls[0]

    small, large = work(2_000), work(4_000)
    assert large <= 2 * 4_000  # two neighbours each; testing every edit taken made it 8 million
    assert large <= 2.2 * small
