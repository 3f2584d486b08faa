"""Work spread over the CPUs: how many there are, and an ordered map over forked processes.

Forked workers start with the parent's objects as they are (an index, a site's
facts so far), so nothing but each item and its result crosses between processes.
Where processes cannot be forked (Windows) or started (no /dev/shm), `forked_map`
says so and the caller does the work itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_work: Callable[[Any], Any] | None = None  # what a forked worker runs: set before the fork, inherited


def cpus() -> int:
    """The CPUs this process may run on."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13
    if count is not None:
        return int(count() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


# Below this many notes, starting processes costs more than it saves. A `jobs` given
# explicitly is obeyed whatever the count.
PARALLEL_MIN = 300
CHUNKS_PER_WORKER = 8  # more chunks than workers: one long episode does not leave a core idle


def workers(notes: int, jobs: int | None) -> int:
    """How many processes work on `notes` notes: `jobs` when given, else every CPU when it pays."""
    if jobs is not None:
        return max(1, jobs)
    return cpus() if notes >= PARALLEL_MIN else 1


def plan(items: Sequence[Item], sizes: Sequence[int], jobs: int | None) -> tuple[list[list[Item]], int]:
    """`items` cut into chunks for `workers` processes, and how many processes there are chunks for."""
    count = workers(sum(sizes), jobs)
    chunks = chunked(items, sizes, count * CHUNKS_PER_WORKER)
    return chunks, min(count, len(chunks))


def forked_map(
    work: Callable[[Item], Result], chunks: Sequence[Sequence[Item]], count: int
) -> Iterator[list[Result]] | None:
    """`work` over each chunk's items in `count` forked processes, a list per chunk, in order.

    This process waits for the answers and hands them on as they come, so what its
    caller does with them overlaps the work. None when no process can be forked here
    or `count` is 1.
    """
    if count < 2 or not can_fork():
        return None
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"))
    except (OSError, ImportError, NotImplementedError):
        return None
    give_back_freed()
    return _forked(pool, work, chunks)


def give_back_freed() -> None:
    """Return the heap this process freed to the system, where the C library can (glibc).

    A forked worker starts with every page its parent holds: memory freed but kept by
    the allocator (a first round of `--fix`, say) would be counted once more per worker.
    """
    if os.name != "posix":
        return
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # this process's own symbols, the C library's among them
    except (OSError, AttributeError):
        trim = None  # not glibc: its allocator keeps what it keeps
    if trim is not None:
        trim(0)


def _forked(pool: Any, work: Callable[[Item], Result], chunks: Sequence[Sequence[Item]]) -> Iterator[list[Result]]:
    global _work
    _work = work  # before the first chunk is handed over, when the workers are forked
    try:
        yield from ordered(pool, _run, lambda chunk: [work(item) for item in chunk], chunks)
    finally:
        _work = None


def ordered(
    pool: Any, there: Callable[[Any], Result], here: Callable[[Any], Result], chunks: Sequence[Any]
) -> Iterator[Result]:
    """`there` of each chunk in `pool`'s workers, in order; closes the pool.

    A worker that dies (killed, out of memory) costs nothing: the chunks not yet
    answered are worked `here`, in this process.
    """
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    with pool:
        try:
            for answer in pool.map(there, chunks):
                yield answer
                done += 1
        except BrokenProcessPool:
            for chunk in chunks[done:]:
                yield here(chunk)


def _run(chunk: Sequence[Any]) -> list[Any]:
    assert _work is not None, "a worker is forked after its work is set"
    return [_work(item) for item in chunk]


def chunked(items: Sequence[Item], sizes: Sequence[int], wanted: int) -> list[list[Item]]:
    """`items` in order, cut into about `wanted` runs of about equal total `sizes`."""
    size = max(1, -(-sum(sizes) // max(1, wanted)))
    chunks: list[list[Item]] = []
    current: list[Item] = []
    held = 0
    for item, weight in zip(items, sizes, strict=True):
        current.append(item)
        held += weight
        if held >= size:
            chunks.append(current)
            current, held = [], 0
    if current:
        chunks.append(current)
    return chunks
