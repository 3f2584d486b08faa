"""Reading, parsing and checking notes, one video's group at a time: what a worker process runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.files import read_file
from ..core.index import SiteIndex
from ..core.model import Note
from ..core.parse import parse_note
from . import fixes
from .cache import digest
from .fixes import Repair
from .linter import Linter
from .rule import Finding


@dataclass
class Checked:
    """One note checked: what a process sends back to the one that reports."""

    findings: list[Finding] = field(default_factory=list)
    problem: str | None = None  # the file is no note at all: reported instead of findings
    failures: list[str] = field(default_factory=list)  # rules that failed on it
    text: str | None = None  # kept to show source lines, when it has findings
    digest: str | None = None  # of the bytes checked: findings are cached only for the file indexed
    deps: list[str] | None = None  # notes its heading links were checked against; None: not to be cached
    repair: Repair | None = None  # its fixes applied, when fixing
    fix_problem: str | None = None  # why its fixes cannot be applied


class Checker:
    """Reads, parses and checks notes, one video's group at a time."""

    def __init__(self, linter: Linter, keep_text: bool, fixing: bool | None = None) -> None:
        self.linter = linter
        self.keep_text = keep_text
        self.fixing = fixing  # None: no fixes; else whether unsafe ones are applied too

    def group(self, items: Sequence[tuple[Path, str]]) -> list[Checked]:
        done = [self.one(path, name) for path, name in items]
        if self.fixing is not None:
            self._fix(items, done, self.fixing)
        # After its group no note is needed again, so memory stays flat on a large site.
        self.linter.index.forget()
        return done

    def _fix(self, items: Sequence[tuple[Path, str]], done: list[Checked], unsafe: bool) -> None:
        """Each note's fixes, once its whole group is checked (they are evidence for each other)."""
        todo = [
            (i, (path, name, checked.text, checked.findings))
            for i, ((path, name), checked) in enumerate(zip(items, done, strict=True))
            if checked.text is not None and fixes.wanted(checked.findings, unsafe)
        ]
        made = fixes.repair_group(self.linter, [item for _, item in todo], unsafe)
        for (i, _), (repaired, problem) in zip(todo, made, strict=True):
            done[i].repair, done[i].fix_problem = repaired, problem
        if not self.keep_text:
            for checked in done:
                checked.text = None

    def one(self, path: Path, name: str) -> Checked:
        linter, index = self.linter, self.linter.index
        source = read_file(path, linter.settings.max_file_size)
        if source.text is None and source.too_large is None:
            return Checked(problem=source.problem)
        note = index.cached(name)
        if source.text is None:
            note = None  # too large to read: PMN306 reports it
        elif note is None or note.text != source.text:
            note = parse_note(source.text, name, linter.settings.dialect)
        failed = len(linter.errors)
        found = linter.check(path.as_posix(), name, source, note)
        failures = linter.errors[failed:]
        # A file too large to read shows no source lines.
        text = (source.text or "") if found and (self.keep_text or self.fixing is not None) else None
        if note is None or source.data is None or failures:
            return Checked(found, None, failures, text)
        return Checked(found, None, failures, text, digest(source.data), _heading_targets(index, note, name))


def _heading_targets(index: SiteIndex, note: Note, name: str) -> list[str]:
    """The notes whose headings a note's `[[page#heading]]` links were checked against."""
    found = set()
    for link in note.links:
        if link.heading:
            page = index.resolve(link.target, name).page
            if page is not None and page.path != name:
                found.add(page.path)
    return sorted(found)
