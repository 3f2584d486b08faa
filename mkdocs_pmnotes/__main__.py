"""`pmnotes` and `python -m mkdocs_pmnotes`.

The console script imports this module, not `cli`: the language server's worker processes
start by importing the script's module again, and they need none of the linter's front end.
"""

from __future__ import annotations


def main() -> int:
    from .cli import main as run

    return run()


if __name__ == "__main__":
    raise SystemExit(main())
