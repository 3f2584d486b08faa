"""Inputs built to blow up work or memory, and ways to measure what they cost.

Bounds are checked by counting bytes (tracemalloc's peak) or operations, never
by the clock: the machine is shared and its timing is noise.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
MB = 1 << 20


def billion_laughs(levels: int = 9) -> str:
    """Front matter of well under a kilobyte whose title stands for 9**levels strings."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    lines.append(f"title: *{chr(96 + levels)}")
    lines.append(f"aliases: *{chr(96 + levels)}")
    lines.append(f"description: *{chr(96 + levels)}")
    return "---\n" + "\n".join(lines) + "\n---\n\nA [[note]] with a bomb for front matter.\n"


def peak_bytes(work: Callable[[], T]) -> tuple[T, int]:
    """What `work()` returns, and the most memory Python held for it at once."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class CountingText(str):
    """A text that counts the characters `find` looks at (see `scanned`)."""

    def __new__(cls, value: str, counter: list[int]) -> CountingText:
        made = super().__new__(cls, value)
        made.counter = counter  # type: ignore[attr-defined]
        return made

    def find(self, sub, start=None, end=None):  # type: ignore[override]
        start = 0 if start is None else start
        stop = len(self) if end is None else min(end, len(self))
        found = str.find(self, sub, start, stop)
        self.counter[0] += max((found + len(sub) if found != -1 else stop) - start, 0)  # type: ignore[attr-defined]
        return found


class CountingPattern:
    """A compiled pattern that counts the characters its searches are given to look at.

    An anchored `match` counts what it matched; a `search` counts up to the end
    of its match, or its whole range; `finditer` its whole range.
    """

    def __init__(self, pattern, counter: list[int]) -> None:
        self.pattern = pattern
        self.counter = counter

    def __getattr__(self, name):
        return getattr(self.pattern, name)

    def match(self, string, pos=0, endpos=None):
        found = self.pattern.match(string, pos, len(string) if endpos is None else endpos)
        self.counter[0] += found.end() - pos + 1 if found else 1
        return found

    def search(self, string, pos=0, endpos=None):
        stop = len(string) if endpos is None else min(endpos, len(string))
        found = self.pattern.search(string, pos, stop)
        self.counter[0] += (found.end() if found else stop) - pos
        return found

    def finditer(self, string, pos=0, endpos=None):
        stop = len(string) if endpos is None else min(endpos, len(string))
        self.counter[0] += stop - pos
        return self.pattern.finditer(string, pos, stop)


def scanning_work(modules, monkeypatch, run: Callable[[str], object], text: str) -> int:
    """Characters that `run(text)` has the patterns of `modules` and `str.find` look at."""
    import re

    counter = [0]
    with monkeypatch.context() as patch:
        for module in modules:
            for name, value in vars(module).items():
                if isinstance(value, re.Pattern):
                    patch.setattr(module, name, CountingPattern(value, counter))
        run(CountingText(text, counter))
    return counter[0]
