"""The selected rules run over one note, with what filters what they report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from fnmatch import fnmatchcase

from ..core.files import NoteFile
from ..core.index import SiteIndex
from ..core.model import Note
from ..core.parse import parse_note
from ..core.settings import Settings
from .pragmas import Suppressions
from .registry import matches, selected
from .rule import Finding, LintContext, Rule, Severity
from .site import root_relative

# Findings kept per rule per file. A note of ten megabytes of unclosed `[[` has five million;
# every front end holds what the linter returns, so the cap is here, once. Above the language
# server's own cap (`server.diagnostics.MAX_DIAGNOSTICS`), which sends the reader to
# `pmnotes lint` for the rest: the command must then list more than the editor does.
MAX_FINDINGS_PER_RULE = 5_000
# The data field of the one finding that stands for a rule's findings past that cap.
NOT_SHOWN = "not_shown"


class Linter:
    """The selected rules plus everything that filters what they report."""

    def __init__(self, settings: Settings, index: SiteIndex) -> None:
        self.settings = settings
        self.index = index
        self.rules: list[Rule] = [rule() for rule in selected(settings.select, settings.ignore)]
        self.errors: list[str] = []  # rules that failed on a file: reported, never raised

    def check(
        self, path: str, name: str, source: NoteFile, note: Note | None, rules: Sequence[Rule] | None = None
    ) -> list[Finding]:
        """Findings for one file after per-file ignores, pragmas and configured severities.

        `rules`: only these of the selected rules (a round of `--fix` asks only the fixers).
        """
        if note is not None:
            self.index.remember(note)
        ignored = (
            per_file_selectors(self.settings, (path, name, root_relative(path, self.settings.project_root)))
            if self.settings.per_file_ignores
            else []
        )
        ctx = LintContext(path, name, source, note, self.index, self.settings)
        suppressions = Suppressions(note)
        found: list[Finding] = []
        for rule in self.rules if rules is None else rules:
            if any(matches(type(rule), selector) for selector in ignored):
                continue
            kept: list[Finding] = []  # a rule that fails reports nothing, not the findings before its failure
            first_hidden: Finding | None = None
            hidden = 0
            try:
                # Taken one by one, never listed whole: only what is kept is held.
                for finding in rule.check(ctx):
                    if suppressions and suppressions.silenced(finding):
                        continue
                    if len(kept) < MAX_FINDINGS_PER_RULE:
                        kept.append(self._leveled(finding))
                        continue
                    hidden += 1
                    if first_hidden is None:
                        first_hidden = self._leveled(finding)
            except Exception as exc:
                self.errors.append(f"{path}: {rule.code} failed on this file: {type(exc).__name__}: {exc}")
                continue
            found.extend(kept)
            if first_hidden is not None:
                found.append(not_shown_summary(first_hidden, hidden))
        return found

    def _leveled(self, finding: Finding) -> Finding:
        """The finding at the severity the settings give its rule."""
        level = self.settings.severity_for(finding.code, finding.name, finding.severity)
        return finding if level == finding.severity else replace(finding, severity=Severity(level))

    def check_text(
        self, path: str, name: str, text: str, rules: Sequence[Rule] | None = None
    ) -> tuple[Note, list[Finding]]:
        """Lint text held in memory (a fix being tried) as if it were the file's content."""
        note = parse_note(text, name, self.settings.dialect)
        source = NoteFile(path, text.encode("utf-8", "surrogatepass"), text)
        return note, self.check(path, name, source, note, rules)

    @property
    def fixers(self) -> list[Rule]:
        """The rules a later round of `--fix` asks: those with fixes, but for the ones decided once."""
        return [rule for rule in self.rules if rule.fixable and not rule.decided_once]


def not_shown_summary(first: Finding, hidden: int) -> Finding:
    """One finding in place of the `hidden` findings of a rule past the cap, where the first of them is."""
    return Finding(
        first.path,
        first.line,
        first.column,
        first.code,
        first.name,
        f"{hidden:,} more {first.code} findings in this file are not shown",
        first.severity,
        data={NOT_SHOWN: hidden},
    )


def per_file_selectors(settings: Settings, candidates: Iterable[str]) -> list[str]:
    """The selectors `per-file-ignores` lists for a file, matched on any of its names."""
    names = [c for c in candidates if c]
    found: list[str] = []
    for pattern, selectors in settings.per_file_ignores.items():
        pattern = pattern.replace("\\", "/")
        if any(fnmatchcase(name, pattern) or fnmatchcase(name.rsplit("/", 1)[-1], pattern) for name in names):
            found.extend(selectors)
    return found
