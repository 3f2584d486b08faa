"""The linter's public face: what the CLI, the MkDocs adapter and the language server call.

Configuration: `load_project` / `load_site_project` are the core's one loader with the
linter's check that every rule selector names a rule. Linting: one note's text against a
site index, for callers that hold the text themselves. The CLI reads files from disk; an
editor holds unsaved buffers. Both go through `Linter.check`, so a buffer gets exactly the
findings `pmnotes lint` reports for the same text, configuration and site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core import config
from ..core.config import CommandLine, Project
from ..core.files import NoteFile
from ..core.index import SiteIndex
from ..core.model import Note
from ..core.options import ConfigError, check_selectors
from ..core.parse import parse_note
from ..core.settings import Settings
from ..core.times import AnchorTime
from . import audit, output, replay
from .cache import DEFAULT_DIR, Cache, key_folder, settings_key
from .fixes import FixError, Repair, fix_text, repair, sweep, unified_diff, write, write_all
from .registry import BY_CODE, RULES, known_selector
from .rule import Finding, LintContext
from .runner import FileTexts, Linter, Result, Site, discover, lint, stale

# What front ends may use; import-linter keeps them from reaching past it (pyproject.toml).
__all__ = [
    "BY_CODE",
    "DEFAULT_DIR",
    "RULES",
    "Cache",
    "CommandLine",
    "ConfigError",
    "FileTexts",
    "Finding",
    "FixError",
    "Linter",
    "Project",
    "Repair",
    "Result",
    "Settings",
    "Site",
    "anchor_times",
    "audit",
    "check_rule_selectors",
    "discover",
    "fixed_text",
    "key_folder",
    "known_selector",
    "lint",
    "lint_file",
    "lint_text",
    "load_project",
    "load_site_project",
    "make_linter",
    "output",
    "repair",
    "replay",
    "settings_key",
    "stale",
    "sweep",
    "unified_diff",
    "write",
    "write_all",
]


def load_project(start: Path, config_file: Path | None = None, command_line: CommandLine | None = None) -> Project:
    """The project's configuration for a run started in `start`; see `core.config`."""
    return config.load_project(start, config_file, known_selector, command_line)


def load_site_project(mkdocs_file: Path | None, block: dict[str, Any], docs_dir: Path) -> Project:
    """The configuration of a site MkDocs has loaded; see `core.config.load_site_project`."""
    return config.load_site_project(mkdocs_file, block, docs_dir, known_selector)


def check_rule_selectors(selectors: list[str], origin: str) -> None:
    """Raise `ConfigError` unless every selector names a rule."""
    check_selectors(selectors, origin, known_selector)


def anchor_times(
    path: str, name: str, source: NoteFile, note: Note, index: SiteIndex, settings: Settings
) -> list[AnchorTime]:
    """Every anchor's reading in `note`, with the evidence of the notes on its video, as the rules see it."""
    return LintContext(path, name, source, note, index, settings).times


def make_linter(settings: Settings, index: SiteIndex) -> Linter:
    """The selected rules for `settings`, resolving links against `index`."""
    return Linter(settings, index)


def lint_file(linter: Linter, path: str, name: str, source: NoteFile) -> tuple[Note | None, list[Finding]]:
    """Findings for a note file as read from disk, sorted as the CLI sorts them.

    `path` is the path as the user sees it (per-file ignores match it), `name`
    the note's path in the site index.
    """
    if source.text is None:
        return None, []
    note = parse_note(source.text, name, linter.settings.dialect)
    return note, _sorted(linter.check(path, name, source, note))


def lint_text(linter: Linter, path: str, name: str, text: str, note: Note | None = None) -> tuple[Note, list[Finding]]:
    """Findings for text held in memory, as if it were the file's content.

    `note` is the text already parsed (as `parse_note(text, name)`), to parse a large note once.
    """
    source = NoteFile(path, text.encode("utf-8", "surrogatepass"), text)
    if note is None or note.text != text:
        note = parse_note(text, name, linter.settings.dialect)
    return note, _sorted(linter.check(path, name, source, note))


def fixed_text(
    linter: Linter, path: str, name: str, text: str, findings: list[Finding], unsafe: bool = False
) -> tuple[str, list[Finding]]:
    """`text` with every applicable fix applied, in rounds as `--fix` does: (text, findings fixed)."""
    after, fixed, _ = fix_text(linter, path, name, text, findings, unsafe)
    return after, fixed


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line, f.column, f.code))
