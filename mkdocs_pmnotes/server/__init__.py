"""`pmnotes server`: the linter and the site index in the editor, over the Language Server Protocol."""

from __future__ import annotations


def main() -> int:
    import logging
    import sys

    from .startup import begin

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="pmnotes server: %(levelname)s %(message)s")
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    # Anything printed by mistake must not corrupt the protocol stream on stdout.
    sys.stdout = sys.stderr
    # The `initialize` request is read, and the site's first pass started, before pygls is loaded.
    startup = begin(stdin)
    from .handlers import main as run

    startup.loaded.set()
    return run(stdin, stdout, startup)
