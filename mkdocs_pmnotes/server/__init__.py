"""`pmnotes server`: the linter and the site index in the editor, over the Language Server Protocol."""

from __future__ import annotations


def main() -> int:
    from .handlers import main as run

    return run()
