"""Moved to `mkdocs_pmnotes.plugin.serve.reuse`; this name stays for one release."""

from __future__ import annotations

import warnings

from .serve.reuse import TEMPLATE, Reuse

__all__ = ["TEMPLATE", "Reuse"]

warnings.warn(
    "mkdocs_pmnotes.plugin.reuse moved to mkdocs_pmnotes.plugin.serve.reuse", DeprecationWarning, stacklevel=2
)
