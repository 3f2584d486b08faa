"""Lint one note's text against a site index, for callers that hold the text themselves.

The CLI reads files from disk; an editor holds unsaved buffers. Both go through
`Linter.check`, so a buffer gets exactly the findings `pmnotes lint` reports
for the same text, configuration and site.
"""

from __future__ import annotations

from ..core.files import Source
from ..core.index import SiteIndex
from ..core.model import Note
from ..core.parse import parse_note
from .fixes import fix_text
from .rule import Finding
from .runner import Linter
from .settings import Settings


def make_linter(settings: Settings, index: SiteIndex) -> Linter:
    """The selected rules for `settings`, resolving links against `index`."""
    return Linter(settings, index)


def lint_source(linter: Linter, path: str, name: str, source: Source) -> tuple[Note | None, list[Finding]]:
    """Findings for a file's `Source` (as read from disk), sorted as the CLI sorts them.

    `path` is the path as the user sees it (per-file ignores match it), `name`
    the note's path in the site index.
    """
    if source.text is None:
        return None, []
    note = parse_note(source.text, name)
    return note, _sorted(linter.check(path, name, source, note))


def lint_text(linter: Linter, path: str, name: str, text: str, note: Note | None = None) -> tuple[Note, list[Finding]]:
    """Findings for text held in memory, as if it were the file's content.

    `note` is the text already parsed (as `parse_note(text, name)`), to parse a large note once.
    """
    source = Source(path, text.encode("utf-8", "surrogatepass"), text)
    if note is None or note.text != text:
        note = parse_note(text, name)
    return note, _sorted(linter.check(path, name, source, note))


def fixed_text(
    linter: Linter, path: str, name: str, text: str, findings: list[Finding], unsafe: bool = False
) -> tuple[str, list[Finding]]:
    """`text` with every applicable fix applied, in rounds as `--fix` does: (text, findings fixed)."""
    after, fixed, _ = fix_text(linter, path, name, text, findings, unsafe)
    return after, fixed


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line, f.column, f.code))
