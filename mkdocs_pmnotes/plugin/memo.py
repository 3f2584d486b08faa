"""Moved to `mkdocs_pmnotes.plugin.serve.memo`; this name stays for one release."""

from __future__ import annotations

import warnings

from .serve.memo import Entry, GroupResult, Memo, digest, index_signature

__all__ = ["Entry", "GroupResult", "Memo", "digest", "index_signature"]

warnings.warn("mkdocs_pmnotes.plugin.memo moved to mkdocs_pmnotes.plugin.serve.memo", DeprecationWarning, stacklevel=2)
