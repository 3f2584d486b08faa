"""An open note's last lint: the text it saw, what it found, and the diagnostics it makes.

The features (actions, hover, navigation, rename, symbols) read it; only the server
(`app`) makes it. It stands alone so that no feature imports the server.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from ..core.model import Note
from ..lint.api import Finding
from .diagnostics import MAX_DIAGNOSTICS, diagnostic, too_many
from .positions import Lines


@dataclass
class Linted:
    """The last lint of an open note: the text it saw and what it found."""

    text: str
    note: Note
    findings: list[Finding]
    lines: Lines
    fixable: bool  # False when the text is a lenient reading of a file that is not UTF-8
    complete: bool  # False before the site's pages are known (site rules left out)
    serial: int = 0  # which lint this is: a pulled report's result id

    def diagnostics(self, guide: str) -> list[types.Diagnostic]:
        found = [diagnostic(f, self.note, self.lines, guide) for f in self.findings[:MAX_DIAGNOSTICS]]
        if len(self.findings) > MAX_DIAGNOSTICS:
            found.append(too_many(len(self.findings) - MAX_DIAGNOSTICS))
        return found
