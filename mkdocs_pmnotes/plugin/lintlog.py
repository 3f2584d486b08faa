"""The linter at build time: its findings for the log.

The rules run once per build over every note, as the build parses it and
against the index the build has already made, so nothing is read or parsed a
second time. `report.BuildLog` decides which findings are logged one by one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.index import SiteIndex
from ..core.settings import Settings
from .reading import ReadNote

if TYPE_CHECKING:  # the rules load only when a build lints
    from ..lint.api import Finding


class GroupLinter:
    """The linter's rules over the notes of one episode at a time, findings to the log."""

    def __init__(self, settings: Settings, index: SiteIndex) -> None:
        from ..lint.api import Linter  # the rules load only when a build lints

        self.linter = Linter(settings, index)
        self.index = index

    def check(self, read: list[ReadNote]) -> dict[str, list[Finding]]:
        """Lint `read` with the whole episode at hand, then release the notes (their headings stay)."""
        for found in read:
            self.index.remember(found.note)  # the episode's other notes, for timestamp evidence
        findings = {
            found.note.path: self.linter.check(found.source.path, found.note.path, found.source, found.note)
            for found in read
        }
        for found in read:
            self.index.release(found.note.path)
        return findings
