"""The fixes the rules offer: what they change, that they touch only their span, and that they settle."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.settings import Settings
from mkdocs_pmnotes.lint.registry import RULES
from mkdocs_pmnotes.lint.rule import Edit, Finding

from .conftest import Materialised, apply_edits, materialise

FIXABLE = [rule.code for rule in RULES if rule.fixable]


def _offset(text: str, line: int, column: int) -> int:
    note = parse_note(text)
    return note.line_starts[line - 1] + column - 1


def _fix_in_place(site: Materialised, code: str, settings: Settings) -> list[Finding]:
    """Apply every fix of `code` in every fixture file; returns the findings that were fixed."""
    result = site.lint(settings=settings)
    fixed = [f for f in result.findings if f.code == code and f.fix is not None]
    for _name, path in site.notes.items():
        edits: list[Edit] = [e for f in fixed if f.path == path.as_posix() for e in f.fix.edits]  # type: ignore[union-attr]
        if edits:
            text = path.read_bytes().decode("utf-8")
            path.write_bytes(apply_edits(text, edits).encode("utf-8"))
    return fixed


@pytest.mark.parametrize("code", FIXABLE)
def test_a_fix_settles_its_finding(code: str, tmp_path: Path) -> None:
    site = materialise(code, tmp_path)
    settings = Settings(select=[code])
    assert _fix_in_place(site, code, settings)
    after = site.lint(settings=settings)
    assert [f for f in after.findings if f.fix is not None] == []


@pytest.mark.parametrize("code", [rule.code for rule in RULES if rule.fixable == "safe"])
def test_a_safe_fix_touches_only_the_flagged_span(code: str, tmp_path: Path) -> None:
    site = materialise(code, tmp_path)
    result = site.lint(settings=Settings(select=[code]))
    texts = {path.as_posix(): path.read_bytes().decode("utf-8") for path in site.notes.values()}
    for finding in result.findings:
        assert finding.fix is not None and finding.fix.safe
        assert finding.end_line is not None and finding.end_column is not None
        text = texts[finding.path]
        start = _offset(text, finding.line, finding.column)
        end = _offset(text, finding.end_line, finding.end_column)
        for edit in finding.fix.edits:
            assert start <= edit.start <= edit.end <= end


@pytest.mark.parametrize(
    ("code", "name", "lines"),
    [
        (
            "PMN301",
            "PMN301.md",
            {
                6: "Correct text stays: “quoted” — dash, it’s, café, naïve, Björk, £5, 10 °C.",
                8: 'PMs should be "wanderers" – actively exploring. <!-- expect: PMN301 -->',
                10: "It doesn’t matter. <!-- expect: PMN301 -->",
                12: "One finding per word: Café and résumé. <!-- expect: PMN301, PMN301 -->",
                14: "Mixed with real quotes: “real” then über. <!-- expect: PMN301 -->",
            },
        ),
        (
            "PMN303",
            "PMN303.md",
            {
                1: "\ufeff---",  # a leading BOM is kept
                10: "A zero-width space: product. <!-- expect: PMN303 -->",
                14: "A word joiner and a NUL: ab and cd. <!-- expect: PMN303, PMN303 -->",
                20: "A run of them is one finding: ab. <!-- expect: PMN303 -->",
                22: "Joiners that are meant stay: 👩\u200d💻 and می\u200cخواهم.",
            },
        ),
        (
            "PMN304",
            "PMN304.md",
            {
                6: "Escaped once is right: Q&amp;A, &ndash;, &#39;, &quot;.",
                8: "Q&amp;A with the team. <!-- expect: PMN304 -->",
                10: "It&#39;s &quot;fine&quot;. <!-- expect: PMN304, PMN304, PMN304 -->",
                12: "Part 1 &ndash; part 2, and three times &ndash; over. <!-- expect: PMN304, PMN304 -->",
                16: "In code it may be meant: `&amp;amp;`.",
            },
        ),
        (
            "PMN102",
            "labels.md",
            {
                10: 'A label three seconds off <a class="yt-timestamp" data-t="00:32:00">[00:32:00]</a>.'
                " <!-- expect: PMN102 -->",
                12: 'A label without brackets <a class="yt-timestamp" data-t="00:05:00">00:05:00</a>.'
                " <!-- expect: PMN102 -->",
            },
        ),
    ],
)
def test_fixed_text(code: str, name: str, lines: dict[int, str], tmp_path: Path) -> None:
    site = materialise(code, tmp_path)
    _fix_in_place(site, code, Settings(select=[code]))
    fixed = site.text(name).split("\n")
    assert {number: fixed[number - 1] for number in lines} == lines


def test_shifted_fixes_rewrite_data_t_and_label_and_win_over_the_label_fix(tmp_path: Path) -> None:
    site = materialise("PMN104", tmp_path)
    settings = Settings(select=["PMN1"])
    result = site.lint(settings=settings)
    by_path: dict[str, list[Edit]] = {}
    for finding in result.findings:
        if finding.code == "PMN104":
            assert finding.fix is not None and not finding.fix.safe
        if finding.fix is not None:
            by_path.setdefault(finding.path, []).extend(finding.fix.edits)
    for path in site.notes.values():
        text = path.read_bytes().decode("utf-8")
        path.write_bytes(apply_edits(text, by_path.get(path.as_posix(), [])).encode("utf-8"))
    lines = site.text("shifted.md").split("\n")
    assert lines[8] == '<a class="yt-timestamp" data-t="00:06:33">[00:06:33]</a> <!-- expect: PMN104 -->'
    assert lines[13] == '<a class="yt-timestamp" data-t="00:03:00">[00:03:00]</a> <!-- expect: PMN104 -->'
    assert lines[17] == '<a class="yt-timestamp" data-t="00:01:02">[00:01:02]</a> <!-- expect: PMN104 -->'
    assert lines[21] == '<a class="yt-timestamp" data-t="00:19:10">[00:19:10]</a> <!-- expect: PMN104, PMN102 -->'
    mixed = site.text("mixed.md")
    # The stretch is rewritten, 3:00:00 exactly and the anchors before it included.
    for value in ("00:01:46", "00:01:48", "00:02:59", "00:03:04", "00:05:57"):
        assert f'data-t="{value}">[{value}]' in mixed
    # Real time in order stays as written, `:00` or not.
    for value in ("01:07:00", "01:07:35", "01:22:00"):
        assert f'data-t="{value}">[{value}]' in mixed
    assert 'data-t="00:01:05">[00:01:05]' in site.text("sibling_sentence.md")
    # Fixed notes read as written: nothing is left to correct.
    assert [f for f in site.lint(settings=settings).findings if f.code == "PMN104"] == []


def test_label_mismatch_fix_rewrites_the_side_that_is_not_played(tmp_path: Path) -> None:
    site = materialise("PMN102", tmp_path)
    fixes = {}
    for finding in site.lint(settings=Settings(select=["PMN102"])).findings:
        text = Path(finding.path).read_text(encoding="utf-8")
        edits = finding.fix.edits if finding.fix else ()
        fixes[text.split("\n")[finding.line - 1].split('data-t="')[-1][:8]] = [
            (text[e.start : e.end], e.replacement) for e in edits
        ]
    assert fixes["11:11:00"] == [("11:11:00", "01:11:00")]  # the label plays: data-t follows it
    assert fixes["00:41:00"] == [("41:00:07", "00:41:00")]  # data-t plays: the label follows it
    assert fixes["97:45:21"] == []  # neither fits: nothing to pick
    assert fixes["00:32:00"] == [("00:32:03", "00:32:00")]  # both fit: the label follows data-t, as before
