"""A note that makes millions of findings is reported in memory bounded by its size.

The linter keeps the first findings of each rule in each file and one line for the rest
(`lint.linter.MAX_FINDINGS_PER_RULE`), so the CLI, the cache and the language server hold
the same few thousand. Bytes are counted with tracemalloc; findings are counted; nothing is timed.
"""

from __future__ import annotations

import pytest

from mkdocs_pmnotes.cli import main
from mkdocs_pmnotes.core.index import SiteIndex
from mkdocs_pmnotes.core.model import EMPTY_TARGET, UNCLOSED
from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.lint import linter, output, runner
from mkdocs_pmnotes.lint.api import Settings, fixed_text, lint_text, make_linter
from mkdocs_pmnotes.server.diagnostics import MAX_DIAGNOSTICS

from .support import MB, peak_bytes

HEAD = "---\ntitle: Bomb\n---\n\n"
# Bytes held per byte of the note. Before the cap the run held 310 (4.5 GB for a note of
# 10 MB), with the cap 79 (a `BrokenLink` object for each unclosed `[[`); with openers and
# line starts kept as packed offsets it is under 20.
BYTES_PER_BYTE = 20


def test_a_note_of_unclosed_openers_is_linted_in_memory_bounded_by_its_size(tmp_path, monkeypatch, capsys):
    text = HEAD + "[[\n" * (MB // 2 // 3)
    openers = text.count("[[")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bomb.md").write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Bombs\ndocs_dir: docs\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, parsing = peak_bytes(lambda: parse_note(text, "bomb.md"))

    code, held = peak_bytes(lambda: main(["lint", "--no-cache", "docs/bomb.md"]))

    assert code == 1
    assert held < BYTES_PER_BYTE * len(text)
    assert held < parsing + 16 * MB  # the linter's own share: a few thousand findings, not 700,000
    lines = capsys.readouterr().out.splitlines()
    reported = [line for line in lines if " PMN202 " in line]
    assert len(reported) == linter.MAX_FINDINGS_PER_RULE + 1
    hidden = openers - linter.MAX_FINDINGS_PER_RULE
    assert reported[-1].endswith(f"error PMN202 {hidden:,} more PMN202 findings in this file are not shown")
    assert reported[-1].startswith(f"docs/bomb.md:{5 + linter.MAX_FINDINGS_PER_RULE}:1:")  # where the first is
    assert lines[-1] == f"Found {openers} findings."


@pytest.fixture
def cap_of_three(monkeypatch):
    monkeypatch.setattr(linter, "MAX_FINDINGS_PER_RULE", 3)


def _lint(text: str, settings: Settings | None = None) -> list[runner.Finding]:
    linter = make_linter(settings or Settings(), SiteIndex.build([]))
    return lint_text(linter, "a.md", "a.md", text)[1]


def test_the_first_findings_of_each_rule_are_kept_and_one_line_counts_the_rest(cap_of_three):
    body = "<!-- pmnotes-disable-next-line PMN202 -->\n" + "[[\n" * 6 + "".join(f"[[t{i}]]\n" for i in range(4))
    found = _lint(HEAD + body, Settings(severity={"malformed-link": "warning"}))

    unclosed = [f for f in found if f.code == "PMN202"]
    assert [f.line for f in unclosed] == [7, 8, 9, 10]  # the silenced one is not counted
    assert [output.not_shown(f) for f in unclosed] == [0, 0, 0, 2]
    assert unclosed[-1].message == "2 more PMN202 findings in this file are not shown"
    assert {f.severity for f in unclosed} == {"warning"}  # the summary has the level its findings have
    dangling = [f for f in found if f.code == "PMN201"]
    assert [output.not_shown(f) for f in dangling] == [0, 0, 0, 1]
    assert output.counted(found) == 5 + 4


def test_statistics_and_totals_count_what_the_cap_holds_back(cap_of_three):
    found = _lint(HEAD + "[[\n" * 10)
    assert len(found) == 4
    assert output.statistics(found) == "10\tPMN202\tmalformed-link\n"
    assert output.summary(found, 0, 0, 0) == "Found 10 findings.\n"


def test_fixes_past_the_cap_are_made_round_by_round(cap_of_three):
    text = HEAD + "a\u200bb " * 8 + "\n"
    linter = make_linter(Settings(), SiteIndex.build([]))
    found = lint_text(linter, "a.md", "a.md", text)[1]
    assert [f.code for f in found] == ["PMN303"] * 4
    fixed, applied = fixed_text(linter, "a.md", "a.md", text, found)
    assert fixed == HEAD + "ab " * 8 + "\n" and len(applied) == 8


def test_the_editor_shows_fewer_findings_than_the_linter_keeps():
    # The editor's last marker sends the reader to `pmnotes lint` for the findings it does not show.
    assert MAX_DIAGNOSTICS < linter.MAX_FINDINGS_PER_RULE


def test_unclosed_openers_are_read_back_in_order_with_their_excerpts():
    text = HEAD + "[[ab\n" * 1000 + "".join(f"[[{i}\r\n" for i in range(3)) + "[[]] and [[ | x]]"
    note = parse_note(text, "a.md")
    found = list(note.broken_links)
    assert len(found) == len(note.broken_links) == 1005
    assert [b.raw for b in found[-5:]] == ["[[0", "[[1", "[[2", "[[]]", "[[ | x]]"]  # no `\r` kept
    assert [b.reason for b in found[-3:]] == [UNCLOSED, EMPTY_TARGET, EMPTY_TARGET]
    assert (found[0].line, found[0].column, found[-1].line, found[-1].column) == (5, 1, 1008, 10)
    assert note.broken_links[-1] == found[-1] and note.broken_links[1:3] == found[1:3]
    assert list(note.broken_links.unclosed_starts()) == [b.start for b in found if b.reason == UNCLOSED]
