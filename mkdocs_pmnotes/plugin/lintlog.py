"""The linter at build time: its settings from the plugin block, its findings for the log.

The rules run once per build over every note, as the build parses it and
against the index the build has already made, so nothing is read or parsed a
second time. `report.BuildLog` decides which findings are logged one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from ..core.index import SiteIndex
from ..core.model import Note
from ..lint.config import build_settings, read_toml
from ..lint.rule import Finding
from ..lint.settings import Settings
from .config import LINT_KEYS
from .sources import ReadNote


def lint_settings(options: Mapping[str, object], config_file: str | None) -> Settings:
    """The linter's settings as `pmnotes lint` reads them: the plugin block, then pyproject."""
    values = {key: options[key] for key in LINT_KEYS if options.get(key) is not None}
    root = Path(config_file).resolve().parent if config_file else Path.cwd()
    toml = root / "pyproject.toml"
    origin = str(config_file or "mkdocs.yml")
    toml_values = read_toml(toml) if toml.is_file() else {}
    settings = build_settings({**values, **toml_values}, str(toml) if toml_values else origin)
    settings.project_root = str(root)
    return settings


class GroupLinter:
    """The linter's rules over the notes of one episode at a time, findings to the log."""

    def __init__(self, settings: Settings, index: SiteIndex) -> None:
        from ..lint.runner import Linter  # the rules load only when a build lints

        self.linter = Linter(settings, index)
        self.index = index

    def check(self, read: list[ReadNote], release: Callable[[ReadNote], Note | None]) -> dict[str, list[Finding]]:
        """Lint `read` with the whole episode at hand, then keep only `release(note)` of each."""
        for found in read:
            self.index.remember(found.note)  # the episode's other notes, for timestamp evidence
        findings = {
            found.note.path: self.linter.check(found.source.path, found.note.path, found.source, found.note)
            for found in read
        }
        for found in read:
            slim = release(found)
            if slim is not None:
                self.index.remember(slim)
        return findings
