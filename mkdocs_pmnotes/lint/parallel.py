"""Checking notes on every core: groups of notes handed to worker processes, results in order.

The parent builds the site index once. Where processes are forked (Linux, macOS) the
workers inherit it, and the rules, as they are (`core.processes.forked_map`); elsewhere
each worker builds its own index from the same files. A worker reads, parses and
checks the groups of one chunk and sends back what it found; the parent reports them
in the order a single process would have, and is the only one to touch the cache, so
no two processes ever write it. How many processes, and the chunks, are
`core.processes.plan`'s, as for the build.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.processes import forked_map, ordered, plan
from ..core.settings import Settings
from .checker import Checked, Checker
from .linter import Linter
from .site import Site

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

Group = Sequence[tuple[Path, str]]

_checker: Checker | None = None  # a spawned worker's, set once when it starts


def check(checker: Checker, site: Site, groups: Sequence[Group], jobs: int | None) -> Iterator[Checked]:
    """What `checker` finds in each note of `groups`, in their order."""
    chunks, count = plan(groups, [len(g) for g in groups], jobs)
    if count <= 1:
        for group in groups:
            yield from checker.group(group)
        return
    # Forked workers share this process's index and rules as they are: nothing is pickled.
    forked = forked_map(checker.group, chunks, count)
    if forked is not None:
        for answer in forked:
            for checked in answer:
                yield from checked
        return
    try:
        pool = _pool(count, checker, site)
    except (OSError, ImportError, NotImplementedError):
        # No process pools here (no /dev/shm, a restricted platform): one process does it all.
        for group in groups:
            yield from checker.group(group)
        return
    for part in ordered(pool, _run, partial(_checked, checker), chunks):
        yield from part


def _pool(count: int, checker: Checker, site: Site) -> ProcessPoolExecutor:
    """Workers that each build their own index (where processes are spawned, not forked)."""
    from concurrent.futures import ProcessPoolExecutor  # a run that checks in one process never pays for it

    linter = checker.linter
    return ProcessPoolExecutor(
        count, initializer=_rebuild, initargs=(site, linter.settings, checker.keep_text, checker.fixing)
    )


def _rebuild(site: Site, settings: Settings, keep_text: bool, fixing: bool | None) -> None:
    global _checker
    index = site.index(None, settings.max_file_size, settings.dialect)
    _checker = Checker(Linter(settings, index), keep_text, fixing)


def _run(chunk: list[Group]) -> list[Any]:
    assert _checker is not None, "a worker checks nothing before it is started"
    return _checked(_checker, chunk)


def _checked(checker: Checker, chunk: list[Group]) -> list[Checked]:
    return [done for group in chunk for done in checker.group(group)]
