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


def forked_map(
    work: Callable[[Item], Result], chunks: Sequence[Sequence[Item]], count: int
) -> Iterator[list[Result]] | None:
    """`work` over each chunk's items in `count` processes, a list per chunk, in order.

    The processes are this one and `count - 1` forked workers: the workers are handed
    chunks from the first, this process works from the last, until they meet. So no
    process waits while there is work, and no more processes hold the parent's memory
    than there are CPUs at work. None when no process can be forked here. A worker that
    dies (killed, out of memory) costs nothing: what it had not answered is worked here.
    """
    if count < 2 or not can_fork():
        return None
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(count - 1, mp_context=multiprocessing.get_context("fork"))
    except (OSError, ImportError, NotImplementedError):
        return None
    return _answers(pool, count - 1, work, chunks)


def _answers(
    pool: Any, workers: int, work: Callable[[Item], Result], chunks: Sequence[Sequence[Item]]
) -> Iterator[list[Result]]:
    from concurrent.futures.process import BrokenProcessPool

    global _work
    _work = work  # before the first chunk is handed over, when the workers are forked
    ahead = 2 * workers  # chunks handed over and not yet answered: no worker waits for the next
    futures: dict[int, Any] = {}
    mine: dict[int, list[Result]] = {}
    front, back = 0, len(chunks)  # the workers have [0, front), this process [back, end)
    try:
        with pool:
            broken = False
            while front < back:
                # The last chunk left is this process's: it never waits while a worker has two.
                while not broken and front < back - 1 and sum(not f.done() for f in futures.values()) < ahead:
                    try:
                        futures[front] = pool.submit(_run, chunks[front])
                    except BrokenProcessPool:
                        broken = True  # a worker died: the chunks not handed over are worked here
                        break
                    front += 1
                if front < back:
                    back -= 1
                    mine[back] = [work(item) for item in chunks[back]]
            for number, chunk in enumerate(chunks):
                if number in mine:
                    yield mine.pop(number)
                    continue
                try:
                    yield futures[number].result()
                except BrokenProcessPool:
                    yield [work(item) for item in chunk]
    finally:
        _work = None


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
