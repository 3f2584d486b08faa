"""Every rule's findings on its fixture, whole, against a text snapshot in `snapshots/`.

A snapshot shows each finding as data: where it is, its message, the fields the
message was built from, and its fix with the lines it changes. Any change to a
message, a span or a fix shows up as a diff. After a deliberate change, rewrite
them with `PMNOTES_UPDATE_SNAPSHOTS=1 pytest tests/rules` and review the diff.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from mkdocs_pmnotes.core.settings import Settings
from mkdocs_pmnotes.lint.registry import RULES
from mkdocs_pmnotes.lint.rule import Finding, Fix

from .conftest import apply_edits, materialise

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
CODES = [rule.code for rule in RULES]


def visible(text: str) -> str:
    """`text` on one line, with what a reader could not see (controls, zero-width) escaped."""
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char.isprintable():
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _lines(text: str, start: int, end: int) -> list[str]:
    """The whole lines of `text` that hold `text[start:end]`."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return text[first : len(text) if last == -1 else last].split("\n")


def _fix(fix: Fix, text: str) -> list[str]:
    out = [f"  fix: {visible(fix.description)} ({fix.applicability})"]
    for edit in fix.edits:
        (line, column), (end_line, end_column) = _position(text, edit.start), _position(text, edit.end)
        out.append(f"    edit {line}:{column}-{end_line}:{end_column} -> {edit.replacement!r}")
    start = min(edit.start for edit in fix.edits)
    end = max(edit.end for edit in fix.edits)
    fixed = apply_edits(text, fix.edits)
    grown = len(fixed) - len(text)
    first_line = _position(text, start)[0]
    out.append("  fixed:")
    out += [f"    - {first_line + i} | {visible(line)}" for i, line in enumerate(_lines(text, start, end))]
    out += [f"    + {first_line + i} | {visible(line)}" for i, line in enumerate(_lines(fixed, start, end + grown))]
    return out


def render(finding: Finding, name: str, text: str) -> str:
    """One finding as a block of stable, readable lines."""
    where = f"{name}:{finding.line}:{finding.column}"
    if finding.end_line is not None:
        where += f"-{finding.end_line}:{finding.end_column}"
    out = [
        f"{finding.code} {finding.name} [{finding.severity}] {where}",
        f"  message: {visible(finding.message)}",
    ]
    if finding.data:
        out.append("  data:")
        out += [f"    {key}: {value!r}" for key, value in sorted(finding.data.items())]
    if finding.fix is not None:
        out += _fix(finding.fix, text)
    return "\n".join(out) + "\n"


def snapshot(code: str, tmp_path: Path) -> tuple[str, int]:
    """The snapshot text of a rule on its fixture, and how many findings it holds."""
    site = materialise(code, tmp_path)
    result = site.lint(settings=Settings(select=[code]))
    assert result.errors == []
    by_path = {path.as_posix(): name for name, path in site.notes.items()}
    texts = {name: path.read_bytes().decode("utf-8", "replace") for name, path in site.notes.items()}
    findings = sorted(
        result.findings, key=lambda f: (by_path[f.path], f.line, f.column, f.end_line or 0, f.end_column or 0)
    )
    blocks = [render(f, by_path[f.path], texts[by_path[f.path]]) for f in findings]
    return "\n".join(blocks), len(findings)


@pytest.mark.parametrize("code", CODES)
def test_findings_match_the_snapshot(code: str, tmp_path: Path) -> None:
    got, count = snapshot(code, tmp_path)
    assert count, f"{code} gives no finding on its fixture: the snapshot would not show it firing"
    path = SNAPSHOTS / f"{code}.txt"
    if os.environ.get("PMNOTES_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8", newline="\n")
        return
    assert path.is_file(), f"no snapshot for {code}: run with PMNOTES_UPDATE_SNAPSHOTS=1"
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = difflib.unified_diff(
            want.splitlines(keepends=True), got.splitlines(keepends=True), f"snapshots/{code}.txt", "found"
        )
        pytest.fail(
            "".join(diff) + "\nthe findings differ from the snapshot; if that is meant, "
            "rewrite it with PMNOTES_UPDATE_SNAPSHOTS=1 pytest tests/rules",
            pytrace=False,
        )


def test_every_rule_has_a_snapshot_and_every_snapshot_a_rule() -> None:
    assert sorted(path.stem for path in SNAPSHOTS.glob("*.txt")) == sorted(CODES)


@pytest.mark.parametrize(
    ("text", "shown"),
    [("plain", "plain"), ("a\u200bb", "a\\u200bb"), ("\x00\t", "\\x00\\x09"), ("a\\b", "a\\\\b"), ("é", "é")],
)
def test_visible_escapes_only_what_cannot_be_seen(text: str, shown: str) -> None:
    assert visible(text) == shown
