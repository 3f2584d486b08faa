"""`core.processes`: an ordered map over forked workers, and what it does when it cannot fork."""

from __future__ import annotations

import os
import signal

import pytest

from mkdocs_pmnotes.core import processes

pytestmark = pytest.mark.skipif(not processes.can_fork(), reason="needs fork")


def _square_with_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def test_answers_come_back_in_order_from_other_processes():
    chunks = processes.chunked(list(range(40)), [1] * 40, 8)
    answers = processes.forked_map(_square_with_pid, chunks, 2)
    assert answers is not None
    found = [answer for chunk in answers for answer in chunk]
    assert [square for square, _ in found] == [n * n for n in range(40)]
    assert {pid for _, pid in found} - {os.getpid()}  # worked elsewhere


def test_work_set_in_the_parent_is_what_the_workers_run():
    seen = {"x": 41}  # a closure over the parent's objects: forked, never pickled

    def work(number: int) -> int:
        return seen["x"] + number

    answers = processes.forked_map(work, [[1], [2]], 2)
    assert answers is not None
    assert [a for chunk in answers for a in chunk] == [42, 43]


def test_a_worker_that_dies_loses_nothing():
    parent = os.getpid()

    def work(number: int) -> int:
        if number == 3 and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        return number * 10

    answers = processes.forked_map(work, [[n] for n in range(8)], 2)
    assert answers is not None
    assert [a for chunk in answers for a in chunk] == [n * 10 for n in range(8)]


def test_without_fork_the_caller_is_told_to_work_alone(monkeypatch):
    monkeypatch.setattr(processes, "can_fork", lambda: False)
    assert processes.forked_map(_square_with_pid, [[1]], 2) is None


def test_chunks_keep_order_and_balance_by_size():
    items = ["a", "b", "c", "d", "e"]
    chunks = processes.chunked(items, [5, 1, 1, 1, 2], 2)
    assert [i for chunk in chunks for i in chunk] == items
    assert chunks == [["a"], ["b", "c", "d", "e"]]
    assert processes.chunked([], [], 4) == []
