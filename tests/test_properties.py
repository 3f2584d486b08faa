"""Properties that must hold for any input: the parser and the rules never crash,
and fixing is idempotent and touches nothing outside the spans it flags."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mkdocs_pmnotes.core.files import NoteFile, decode
from mkdocs_pmnotes.core.index import SiteIndex
from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.settings import Settings
from mkdocs_pmnotes.lint.fixes import apply_fixes, fix_text, wanted
from mkdocs_pmnotes.lint.registry import BY_CODE
from mkdocs_pmnotes.lint.rule import Edit, Finding, Fix
from mkdocs_pmnotes.lint.runner import Linter

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that mean something to the parser, so random texts reach its corners.
TOKENS = [
    "[[",
    "]]",
    "|",
    "#",
    "!",
    "`",
    "``",
    "```",
    "~~~",
    "\n",
    "\r\n",
    "<!--",
    "-->",
    "---\n",
    "...\n",
    '<a class="yt-timestamp" data-t="',
    '">',
    "[",
    "]",
    "</a>",
    "<a ",
    "data-t=",
    "title: ",
    "videoId: ",
    "From: ",
    "&amp;",
    "amp;",
    "\u200b",
    "\ufeff",
    "\ufffd",
    "\x00",
    "â€“",
    "Ã©",
    "00:61:10",
    "06:33:00",
]
markdownish = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=60).map("".join)


def linter(select: list[str] | None = None) -> Linter:
    return Linter(Settings(select=select or ["ALL"]), SiteIndex.build([]))


@PROPERTY
@given(st.one_of(st.text(), markdownish))
def test_parser_never_crashes_and_positions_are_exact(text):
    note = parse_note(text, "docs/x.md")
    for link in note.links:
        assert text[link.start : link.end] == link.raw
        assert note.position(link.start) == (link.line, link.column)
    for anchor in note.anchors:
        assert note.position(anchor.start) == (anchor.line, anchor.column)
        if anchor.data_t_span:
            assert text[anchor.data_t_span[0] : anchor.data_t_span[1]] == anchor.data_t
    for comment in note.comments:
        assert text[comment.start : comment.end].startswith("<!--")


@PROPERTY
@given(st.one_of(st.binary(max_size=300), markdownish.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_every_rule_copes_with_any_bytes(data):
    text, bad = decode(data)
    note = parse_note(text, "x.md")
    checker = linter()
    findings = checker.check("x.md", "x.md", NoteFile("x.md", data, text, None, bad), note)
    assert checker.errors == []
    for finding in findings:
        assert finding.line >= 1 and finding.column >= 1
        if finding.fix:
            assert all(0 <= e.start <= e.end <= len(text) for e in finding.fix.edits)


def _finding(start: int, end: int, replacement: str) -> Finding:
    return Finding("x.md", 1, 1, "PMN303", "invisible-char", "m", "warning", Fix((Edit(start, end, replacement),), "d"))


@PROPERTY
@given(
    st.text(max_size=80), st.lists(st.tuples(st.integers(0, 90), st.integers(0, 10), st.text(max_size=3)), max_size=8)
)
def test_apply_fixes_touches_only_the_applied_spans(text, raw_edits):
    findings = [_finding(start, start + length, rep) for start, length, rep in raw_edits]
    result, applied, invalid = apply_fixes(text, findings)
    spans = sorted((f.fix.edits[0] for f in applied), key=lambda e: (e.start, e.end))
    # Applied spans are in range and never overlap.
    assert all(0 <= e.start <= e.end <= len(text) for e in spans)
    assert all(a.end <= b.start and a.start != b.start for a, b in itertools.pairwise(spans))
    assert invalid == sum(1 for s, n, _ in raw_edits if s + n > len(text))
    # Rebuilding from the untouched pieces gives exactly the result.
    rebuilt, cursor = [], 0
    for edit in spans:
        rebuilt += [text[cursor : edit.start], edit.replacement]
        cursor = edit.end
    assert result == "".join(rebuilt) + text[cursor:]


# Planted defects and what the safe fixes must turn them into.
DEFECTS = {
    "\u200b": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "\u202e": "",
    "\x07": "",
    "&amp;amp;": "&amp;",
    "&amp;#39;": "&#39;",
    "&amp;quot;": "&quot;",
    "&amp;ndash;": "&ndash;",
    " â€“ ": " – ",
    " â€™ ": " ’ ",
    " cafÃ© ": " café ",
}
SAFE_FIXERS = [code for code in ("PMN301", "PMN303", "PMN304") if code in BY_CODE]
clean = st.text(alphabet="abcdefghij ABC.,()'\"-:", max_size=12)


@st.composite
def planted(draw) -> tuple[str, str, str]:
    """(note, expected note after fixing, line ending)."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    pieces = draw(st.lists(st.tuples(clean, st.sampled_from(sorted(DEFECTS)), st.booleans()), max_size=10))
    head = f"---{newline}title: T{newline}videoId: abcdefghijk{newline}---{newline}{newline}"
    body = expected = ""
    for text, defect, line_break in pieces:
        ending = newline if line_break else ""
        body += text + defect + ending
        expected += text + DEFECTS[defect] + ending
    return head + body + newline, head + expected + newline, newline


@PROPERTY
@given(planted())
def test_safe_fixes_repair_exactly_the_planted_defects(case):
    assume(SAFE_FIXERS)
    text, expected, newline = case
    checker = linter(SAFE_FIXERS)
    note = parse_note(text, "x.md")
    findings = checker.check("x.md", "x.md", NoteFile("x.md", text.encode(), text), note)
    fixed, _, _ = fix_text(checker, "x.md", "x.md", text, findings, unsafe=False)
    # Every byte outside the flagged spans, line endings included, is kept.
    assert fixed == expected
    if newline == "\r\n":
        assert fixed.count("\n") == fixed.count("\r\n")
    # A second pass finds nothing left to fix.
    _, again = checker.check_text("x.md", "x.md", fixed)
    assert wanted(again, unsafe=False) == []


clock = st.builds(
    lambda h, m, s: f"{h:02d}:{m:02d}:{s:02d}", st.integers(0, 60), st.integers(0, 59), st.integers(0, 59)
)


@st.composite
def timestamped(draw) -> str:
    """A note of anchors whose labels sometimes disagree, in normal or shifted style."""
    shifted = draw(st.booleans())
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        value = draw(clock)
        if shifted:
            value = value[3:] + ":00"
        label = draw(st.one_of(st.just(value), clock, st.sampled_from(["", "1:2", "00:61:10"])))
        parts.append(f'Claim <a class="yt-timestamp" data-t="{value}">[{label}]</a>.')
    return f"---\ntitle: T\nvideoId: abcdefghijk\n---\n\n{' '.join(parts)}\n"


@PROPERTY
@given(st.one_of(timestamped(), planted().map(lambda case: case[0])))
def test_fixing_with_unsafe_fixes_is_idempotent(text):
    checker = linter()
    note = parse_note(text, "x.md")
    findings = checker.check("x.md", "x.md", NoteFile("x.md", text.encode(), text), note)
    once, _, _ = fix_text(checker, "x.md", "x.md", text, findings, unsafe=True)
    note = parse_note(once, "x.md")
    again = checker.check("x.md", "x.md", NoteFile("x.md", once.encode(), once), note)
    twice, fixed, _ = fix_text(checker, "x.md", "x.md", once, again, unsafe=True)
    assert twice == once, [f.code for f in fixed]
    assert checker.errors == []


def test_a_lone_anchor_whose_correction_would_look_shifted_is_left_as_it_plays():
    # `60:00:00` alone reads as 60:00 (minutes:seconds). Written `01:00:00`, its `:00` would look
    # like padding again and a second `--fix` would make it `00:01:00`: no fix is offered, the
    # finding still says what it plays.
    text = (
        '---\ntitle: T\nvideoId: abcdefghijk\n---\n\nClaim <a class="yt-timestamp" data-t="60:00:00">[60:00:00]</a>.\n'
    )
    checker = linter()
    findings = checker.check("x.md", "x.md", NoteFile("x.md", text.encode(), text), parse_note(text, "x.md"))
    shifted = [f for f in findings if f.code == "PMN104"]
    assert len(shifted) == 1 and shifted[0].message.startswith("60:00:00 reads as 01:00:00: ")
    assert shifted[0].fix is None
    once, fixed, _ = fix_text(checker, "x.md", "x.md", text, findings, unsafe=True)
    assert once == text and fixed == []


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        (["60:30:00"], ["01:00:30"]),  # the correction ends in a real last field: it reads back
        (["59:00:00"], ["00:59:00"]),  # no hours field: read alone it is 59 min as written
        (["10:00:00", "60:00:00"], ["10:00:00", "60:00:00"]),  # read together: all or none
        # 60 s, then 0 s: written `00:01:00`, going back a minute would read as 1 s again.
        (["01:00:00", "00:00:00"], ["01:00:00", "00:00:00"]),
        # The label holds `01:00:00` as written; rewritten to it, `:00` would read as padding.
        (["01:00:00 00:00:00"], ["01:00:00 00:00:00"]),
        (["01:00:30 00:00:00"], ["01:00:30"]),
    ],
)
def test_corrections_are_written_only_when_they_read_back(written, fixed):
    """Each anchor as `data-t label` (the label the same when left out), before and after `--fix`."""

    def anchors(text: str) -> list[str]:
        return [f"{a.data_t} {a.label}".removesuffix(f" {a.data_t}") for a in parse_note(text, "x.md").anchors]

    pairs = [(t.split() * 2)[:2] for t in written]
    body = " ".join(f'Claim <a class="yt-timestamp" data-t="{t}">[{label}]</a>.' for t, label in pairs)
    text = f"---\ntitle: T\nvideoId: abcdefghijk\n---\n\n{body}\n"
    assert anchors(text) == written
    checker = linter()
    for _ in range(2):
        findings = checker.check("x.md", "x.md", NoteFile("x.md", text.encode(), text), parse_note(text, "x.md"))
        text, _, _ = fix_text(checker, "x.md", "x.md", text, findings, unsafe=True)
        assert anchors(text) == fixed
