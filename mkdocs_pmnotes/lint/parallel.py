"""Checking notes on every core: groups of notes handed to worker processes, results in order.

The parent builds the site index once. Where processes are forked (Linux, macOS) the
workers inherit it, and the rules, as they are (`core.processes.forked_map`); elsewhere
each worker builds its own index from the same files. A worker reads, parses and checks the groups of one chunk and sends back what it
found; the parent reports them in the order a single process would have, and is the
only one to touch the cache, so no two processes ever write it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.processes import chunked, cpus, forked_map
from ..core.settings import Settings
from .checker import Checked, Checker
from .linter import Linter
from .site import Site

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# Below this many notes to check, starting processes costs more than it saves. A `jobs`
# given explicitly is obeyed whatever the count.
PARALLEL_MIN = 300
CHUNKS_PER_WORKER = 8  # more chunks than workers: one slow video does not leave a core idle

Group = Sequence[tuple[Path, str]]

_checker: Checker | None = None  # the worker's, set once when it starts


def workers(notes: int, jobs: int | None) -> int:
    """How many processes check `notes` notes: `jobs` when given, else every CPU when it pays."""
    if jobs is not None:
        return max(1, jobs)
    return cpus() if notes >= PARALLEL_MIN else 1


def check(checker: Checker, site: Site, groups: Sequence[Group], jobs: int | None) -> Iterator[Checked]:
    """What `checker` finds in each note of `groups`, in their order."""
    count = workers(sum(len(g) for g in groups), jobs)
    chunks = _chunks(groups, count * CHUNKS_PER_WORKER)
    count = min(count, len(chunks))
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
        # Imported here: a run that checks its notes in one process (a warm one) never pays for them.
        from concurrent.futures.process import BrokenProcessPool

        pool = _pool(count, checker, site)
    except (OSError, ImportError, NotImplementedError):
        # No process pools here (no /dev/shm, a restricted platform): one process does it all.
        for group in groups:
            yield from checker.group(group)
        return
    with pool:
        done = 0
        try:
            for part in pool.map(_run, chunks):
                yield from part
                done += 1
        except BrokenProcessPool:
            # A worker died (killed, out of memory): the rest is checked here, nothing is lost.
            for chunk in chunks[done:]:
                yield from _checked(checker, chunk)


def _pool(count: int, checker: Checker, site: Site) -> ProcessPoolExecutor:
    """Workers that each build their own index (where processes are spawned, not forked)."""
    from concurrent.futures import ProcessPoolExecutor

    linter = checker.linter
    return ProcessPoolExecutor(
        count, initializer=_rebuild, initargs=(site, linter.settings, checker.keep_text, checker.fixing)
    )


def _chunks(groups: Sequence[Group], wanted: int) -> list[list[Group]]:
    """`groups` in order, cut into about `wanted` runs of about as many notes each."""
    return chunked(groups, [len(g) for g in groups], wanted)


def _rebuild(site: Site, settings: Settings, keep_text: bool, fixing: bool | None) -> None:
    global _checker
    index = site.index(None, settings.max_file_size, settings.dialect)
    _checker = Checker(Linter(settings, index), keep_text, fixing)


def _run(chunk: list[Group]) -> list[Any]:
    assert _checker is not None, "a worker checks nothing before it is started"
    return _checked(_checker, chunk)


def _checked(checker: Checker, chunk: list[Group]) -> list[Checked]:
    return [done for group in chunk for done in checker.group(group)]
