"""Small pieces of the messages every front end writes."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """`1 note`, `2 notes`: the count and the word, with an `s` unless the count is one."""
    return f"{count} {word}" + ("" if count == 1 else "s")
