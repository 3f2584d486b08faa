"""A table of names searched as the user types, at the speed of C rather than Python.

Tens of thousands of names cannot be compared one by one in Python within a
keystroke. So the keys are kept sorted (a prefix is one bisection) and joined
into one string, one key a line, which the `re` and `str` searches scan in C
for everything else. A match is mapped back to its entry by a bisection over
the keys' offsets.

How close a key is to the query, best first: 0 starts with it, 1 a word of it
starts with it, 2 contains it, 3 has its letters in order.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

PREFIX, WORD, INSIDE, LETTERS = range(4)


class Names:
    """Keys (`slugs.loose_key` of each name), sorted; entries are their positions in that order."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = list(keys)
        if any(self.keys[i] > self.keys[i + 1] for i in range(len(self.keys) - 1)):
            raise ValueError("keys must be sorted")
        self.blob = "\n" + "\n".join(self.keys) + "\n"
        self.starts = array("q")
        at = 1
        for key in self.keys:
            self.starts.append(at)
            at += len(key) + 1

    def __len__(self) -> int:
        return len(self.keys)

    def prefixed(self, query: str) -> range:
        """The entries whose key starts with `query`."""
        lo = bisect_left(self.keys, query)
        hi = bisect_left(self.keys, query + "\U0010ffff", lo)
        return range(lo, hi)

    def _entry(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def matches(self, query: str, tier: int) -> Iterator[int]:
        """The entries whose key is at `tier` for `query` (WORD, INSIDE or LETTERS), in key order.

        The pattern finds the first place in a key where the query (after a `_` for WORD; its
        letters in order for LETTERS) is, then runs to the key's end, so the search (in C)
        meets each key once; a key of a closer tier is then passed over.
        """
        q = re.escape(query)
        if tier == WORD:
            pattern = f"_{q}[^\\n]*"
        elif tier == INSIDE:
            pattern = f"{q}[^\\n]*"
        else:
            first, rest = query[0], query[1:]
            pattern = re.escape(first) + "".join(f"[^\\n{re.escape(ch)}]*{re.escape(ch)}" for ch in rest) + "[^\\n]*"
        keys, entry, word = self.keys, self._entry, "_" + query
        for match in re.finditer(pattern, self.blob):
            at = entry(match.start())
            key = keys[at]
            if tier == WORD:
                if not key.startswith(query):
                    yield at
            elif tier == INSIDE:
                if not key.startswith(query) and word not in key:
                    yield at
            elif query not in key:
                yield at


def tier_of(query: str, key: str) -> int | None:
    """How close `key` is to `query`, as `Names` ranks it; None when it does not match."""
    if key.startswith(query):
        return PREFIX
    if "_" + query in key:
        return WORD
    if query in key:
        return INSIDE
    at = 0
    for ch in query:
        at = key.find(ch, at) + 1
        if at == 0:
            return None
    return LETTERS
