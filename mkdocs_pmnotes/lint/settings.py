"""Lint settings after configuration is read (see `config.py` for where from)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.clock import DEFAULT_END
from ..core.files import MAX_FILE_SIZE


@dataclass
class Settings:
    """Everything that changes what the linter reports.

    `select`/`ignore` hold codes, code prefixes or rule names. `severity` maps
    a code to "error", "warning" or "info". `per_file_ignores` maps a glob to
    the selectors ignored in matching files. `source_prefixes` are the line
    starts (`From:`) that mark a link to a podcast source, which the plugin
    gives a page of its own rather than calling it dangling.
    """

    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    default_end: int = DEFAULT_END
    source_prefixes: list[str] = field(default_factory=lambda: ["From:"])
    notes: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    mount: dict[str, str] = field(default_factory=dict)  # notes folder -> its folder in the site
    max_file_size: int = MAX_FILE_SIZE  # bytes; a larger file is PMN306, not read
    project_root: str | None = None  # where per-file-ignores globs are relative to
    cache_dir: str | None = None  # the linter's cache folder (default `.pmnotes_cache` in the project)

    def severity_for(self, code: str, name: str, default: str) -> str:
        """The configured level of a rule: its name or code, else its longest configured prefix."""
        best, best_len = default, -1
        for selector, level in self.severity.items():
            wanted = selector.strip()
            if wanted.lower() == name or wanted.upper() == code:
                return level
            length = 0 if wanted.upper() == "ALL" else len(wanted) if code.startswith(wanted.upper()) else -1
            if length > best_len:
                best, best_len = level, length
        return best
