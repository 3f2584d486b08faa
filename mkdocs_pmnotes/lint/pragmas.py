"""Inline suppression comments in a note.

    <!-- pmnotes-disable PMN201 -->             from here on (all rules when no codes)
    <!-- pmnotes-enable PMN201 -->              from here on again (all when no codes)
    <!-- pmnotes-disable-next-line PMN104 -->   only the line after the comment
    <!-- pmnotes-disable-file -->               the whole file, wherever it stands

Codes may be codes, code prefixes or rule names, separated by spaces or commas.
For `disable`/`enable`, the last comment before a finding that names its rule
decides, so `disable` followed by `enable PMN201` silences everything but PMN201.
Only real HTML comments count: one inside a code span or block is text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.kinds import StrEnum
from ..core.model import Note
from ..core.settings import selects
from .rule import Finding

_PRAGMA = re.compile(
    r"\A\s*pmnotes-(?P<kind>disable-next-line|disable-file|disable|enable)(?:\s+(?P<codes>.*?))?\s*\Z", re.S
)


class PragmaKind(StrEnum):
    """What a pragma comment does; the value is the word after `pmnotes-`."""

    DISABLE = "disable"
    ENABLE = "enable"
    DISABLE_NEXT_LINE = "disable-next-line"
    DISABLE_FILE = "disable-file"


@dataclass(frozen=True, slots=True)
class Pragma:
    kind: PragmaKind
    selectors: tuple[str, ...]  # empty: every rule
    line: int  # where the comment starts
    column: int
    end_line: int  # where it ends (a comment may span lines)

    def covers(self, finding: Finding) -> bool:
        if not self.selectors:
            return True
        return any(selects(selector, finding.code, finding.name) for selector in self.selectors)


def pragmas(note: Note) -> list[Pragma]:
    """Every pmnotes pragma of a note, in the order they appear."""
    found = []
    for comment in note.comments:
        match = _PRAGMA.match(comment.body)
        if match is None:
            continue
        selectors = tuple(part for part in re.split(r"[\s,]+", match["codes"] or "") if part)
        line, column = note.position(comment.start)
        end_line, _ = note.position(max(comment.end - 1, comment.start))
        found.append(Pragma(PragmaKind(match["kind"]), selectors, line, column, end_line))
    return found


class Suppressions:
    """Answers "is this finding silenced by a comment?" for one note."""

    def __init__(self, note: Note | None) -> None:
        every = pragmas(note) if note is not None else []
        self.file = [p for p in every if p.kind is PragmaKind.DISABLE_FILE]
        self.next_line = [p for p in every if p.kind is PragmaKind.DISABLE_NEXT_LINE]
        self.ranges = [p for p in every if p.kind in (PragmaKind.DISABLE, PragmaKind.ENABLE)]

    def __bool__(self) -> bool:
        return bool(self.file or self.next_line or self.ranges)

    def silenced(self, finding: Finding) -> bool:
        if any(p.covers(finding) for p in self.file):
            return True
        if any(p.end_line + 1 == finding.line and p.covers(finding) for p in self.next_line):
            return True
        state = False
        for pragma in self.ranges:
            if (pragma.line, pragma.column) > (finding.line, finding.column):
                break
            if pragma.covers(finding):
                state = pragma.kind is PragmaKind.DISABLE
        return state
