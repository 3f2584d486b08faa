"""Lint settings after configuration is read (see `config.py` for where from)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.timestamps import DEFAULT_END


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
