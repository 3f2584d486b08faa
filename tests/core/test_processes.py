"""`core.processes`: an ordered map over forked workers, and what it does when it cannot fork."""

from __future__ import annotations

import os
import platform
import signal
import time

import pytest

from mkdocs_pmnotes.core import processes

pytestmark = pytest.mark.skipif(not processes.can_fork(), reason="needs fork")


def _square_with_pid(number: int) -> tuple[int, int]:
    time.sleep(0.02)  # long enough that a worker is forked before this process has done it all
    return number * number, os.getpid()


def test_answers_come_back_in_order_from_other_processes():
    chunks = processes.chunked(list(range(40)), [1] * 40, 8)
    answers = processes.forked_map(_square_with_pid, chunks, 2)
    assert answers is not None
    found = [answer for chunk in answers for answer in chunk]
    assert [square for square, _ in found] == [n * n for n in range(40)]
    pids = {pid for _, pid in found}
    assert os.getpid() not in pids and len(pids) == 2  # two workers shared it


def test_work_set_in_the_parent_is_what_the_workers_run():
    seen = {"x": 41}  # a closure over the parent's objects: forked, never pickled

    def work(number: int) -> tuple[int, int]:
        time.sleep(0.05)
        return seen["x"] + number, os.getpid()

    answers = processes.forked_map(work, [[1], [2], [3], [4]], 2)
    assert answers is not None
    found = [a for chunk in answers for a in chunk]
    assert [value for value, _ in found] == [42, 43, 44, 45]
    assert {pid for _, pid in found} - {os.getpid()}  # a worker ran the closure it inherited


def test_a_worker_that_dies_loses_nothing(tmp_path):
    parent = os.getpid()
    died = tmp_path / "died"

    def work(number: int) -> int:
        if os.getpid() != parent:
            died.touch()
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        time.sleep(0.05)
        return number * 10

    answers = processes.forked_map(work, [[n] for n in range(8)], 2)
    assert answers is not None
    assert [a for chunk in answers for a in chunk] == [n * 10 for n in range(8)]
    assert died.exists()  # the worker did take a chunk, and it was worked again here


def test_without_fork_the_caller_is_told_to_work_alone(monkeypatch):
    monkeypatch.setattr(processes, "can_fork", lambda: False)
    assert processes.forked_map(_square_with_pid, [[1]], 2) is None


def test_one_process_is_no_fork():
    assert processes.forked_map(_square_with_pid, [[1], [2]], 1) is None


def test_chunks_keep_order_and_balance_by_size():
    items = ["a", "b", "c", "d", "e"]
    chunks = processes.chunked(items, [5, 1, 1, 1, 2], 2)
    assert [i for chunk in chunks for i in chunk] == items
    assert chunks == [["a"], ["b", "c", "d", "e"]]
    assert processes.chunked([], [], 4) == []


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="only glibc's allocator is asked to give memory back")
def test_memory_freed_is_given_back_before_workers_are_forked():
    def resident_mb() -> int:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20

    # Blocks of a kilobyte come from the C heap; one in fifty is kept, so the heap cannot shrink by itself.
    blocks = [bytes(1000) + bytes([n % 256]) for n in range(60_000)]
    kept = blocks[::50]
    del blocks
    before = resident_mb()
    processes.give_back_freed()
    assert resident_mb() < before - 30, before
    assert len(kept) == 1200
