"""The settings of a project once configuration is read (see `config.py` for where from).

The linter reads all of them; the plugin and the extension read the ones that change what a
page shows (`default_end`, `source_prefixes`, the notes folders).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .blocks import CORE, PLAIN_TIMESTAMPS, Dialect, dialect_of
from .clock import DEFAULT_END
from .files import MAX_FILE_SIZE
from .kinds import StrEnum


class Severity(StrEnum):
    """How bad a finding is. A `str`, so it compares, hashes and dumps to JSON as its value."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


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
    # The containers (admonition, details, tabbed, footnotes, def_list) the site's Markdown
    # extensions add: their indented body is Markdown, not code (`core.blocks`).
    markdown_blocks: list[str] = field(default_factory=list)
    plain_timestamps: bool = True  # `[00:26:08]` in the prose of a note with a video plays like an anchor

    @property
    def dialect(self) -> Dialect:
        return frozenset(self.markdown_blocks) | (PLAIN_TIMESTAMPS if self.plain_timestamps else CORE)

    def read_extensions(self, names: Iterable[str]) -> None:
        """Take the site's `markdown_extensions` (names as written)."""
        self.markdown_blocks = sorted(dialect_of(names))

    def severity_for(self, code: str, name: str, default: str) -> str:
        """The configured level of a rule: its name or code, else its longest configured prefix."""
        best, best_len = default, -1
        for selector, level in self.severity.items():
            length = specificity(selector, code, name)
            if length is not None and length > best_len:
                best, best_len = level, length
        return best


def specificity(selector: str, code: str, name: str) -> int | None:
    """How closely a selector (`ALL`, a code prefix, a code, a rule name) names a rule; None if not.

    The one matcher of selectors: `--select`, `ignore`, `severity`, per-file ignores and
    `pmnotes: ignore` comments all go through it. A rule's name or full code wins over any prefix.
    """
    wanted = selector.strip()
    if wanted.lower() == name or wanted.upper() == code:
        return 1_000
    if wanted.upper() == "ALL":
        return 0
    return len(wanted) if code.startswith(wanted.upper()) else None


def selects(selector: str, code: str, name: str) -> bool:
    """Does `selector` name the rule `code`/`name`?"""
    return specificity(selector, code, name) is not None
