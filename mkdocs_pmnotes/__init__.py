"""Wiki links, playable timestamps and backlinks for podcast transcript notes.

What other code may import is named here (`__all__`) and loaded on first use, so
`import mkdocs_pmnotes` stays cheap and the linter never loads MkDocs. Everything
else (`mkdocs_pmnotes.core.*`, `render.*`, ...) is internal and may move. The names
are not imported here for type checkers either: modules of every layer import
`__version__` from this package, and the layers must not see the plugin through it.

    from mkdocs_pmnotes import load_project, make_linter, lint_text, parse_note
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# Public name -> the module that defines it.
_PUBLIC = {
    "PmnotesPlugin": "mkdocs_pmnotes.plugin.plugin",
    "PmnotesExtension": "mkdocs_pmnotes.markdown_ext",
    "parse_note": "mkdocs_pmnotes.core.parse",
    "Note": "mkdocs_pmnotes.core.model",
    "SiteIndex": "mkdocs_pmnotes.core.index",
    "Settings": "mkdocs_pmnotes.core.settings",
    "load_project": "mkdocs_pmnotes.lint.api",
    "make_linter": "mkdocs_pmnotes.lint.api",
    "lint_text": "mkdocs_pmnotes.lint.api",
    "fixed_text": "mkdocs_pmnotes.lint.api",
    "Finding": "mkdocs_pmnotes.lint.api",
    "RULES": "mkdocs_pmnotes.lint.api",
}
__all__ = [
    "RULES",
    "Finding",
    "Note",
    "PmnotesExtension",
    "PmnotesPlugin",
    "Settings",
    "SiteIndex",
    "__version__",
    "fixed_text",
    "lint_text",
    "load_project",
    "make_linter",
    "parse_note",
]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mkdocs_pmnotes' has no attribute {name!r}")
