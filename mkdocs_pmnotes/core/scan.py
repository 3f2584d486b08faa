"""Find the parts of a Markdown text where links must not be looked for.

Code spans, fenced blocks and HTML comments are "protected": `mask()` blanks
them out (keeping every newline and the text's length) so that link and anchor
patterns can run over the masked text and still report offsets into the real one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

_FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")
_BACKTICKS = re.compile(r"`+")
# Where a paragraph ends: a line break followed by a blank line (every such break, overlapping).
_PARAGRAPH_BREAK = re.compile(r"\n(?=[ \t]*\r?\n)")


def line_starts(text: str) -> tuple[int, ...]:
    """Offsets at which each line begins."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return tuple(starts)


def fenced_blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each fenced code block, fences included.

    Backtick and tilde fences, longer closing fences and unclosed fences (which
    run to the end of the text, as in CommonMark) are all handled.
    """
    if "```" not in text and "~~~" not in text:
        return
    offset = 0
    open_at: int | None = None
    fence_char = ""
    fence_len = 0
    # Lines end at LF only, as in `line_starts`: `splitlines` would also break at
    # form feeds and U+2028, and open a fence in the middle of a line.
    for line in text.split("\n"):
        stripped = line.rstrip("\r")
        if open_at is None:
            match = _FENCE_OPEN.match(stripped)
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                open_at = offset
                fence_char = match["fence"][0]
                fence_len = len(match["fence"])
        else:
            body = stripped.strip()
            if len(body) >= fence_len and body == fence_char * len(body):
                yield open_at, offset + len(stripped)
                open_at = None
        offset += len(line) + 1
    if open_at is not None:
        yield open_at, len(text)


def _inline_regions(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Code spans and HTML comments between `start` and `end`.

    Linear in the text: each backtick run's closer (the next run of the same
    width in the same paragraph) is known before the scan, and the scan for
    `<!--` and `-->` never goes over the same text twice. Searching afresh from
    every opener made a text of n unclosed openers cost n**2.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, start, end)]
    closer = _closers(text, runs, start, end)
    i = 0
    pos = start
    comment = text.find("<!--", start, end)
    while True:
        while i < len(runs) and runs[i][0] < pos:
            i += 1
        if comment != -1 and comment < pos:
            comment = text.find("<!--", pos, end)
        tick = runs[i][0] if i < len(runs) else -1
        if tick == -1 and comment == -1:
            return
        if comment != -1 and (tick == -1 or comment < tick):
            close = text.find("-->", comment + 4, end)
            if close == -1:
                comment = -1  # no `-->` follows, so no later `<!--` closes either
                continue
            yield comment, close + 3
            pos = close + 3
            continue
        j = closer[i]
        if j == -1:
            pos = runs[i][1]  # literal backticks
            continue
        yield tick, runs[j][1]
        pos = runs[j][1]


def _closers(text: str, runs: list[tuple[int, int]], start: int, end: int) -> list[int]:
    """For each run, the index of the next run of the same width in the same paragraph, or -1."""
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text, start, end)]
    found = [-1] * len(runs)
    later: dict[tuple[int, int], int] = {}
    for index in range(len(runs) - 1, -1, -1):
        run_start, run_end = runs[index]
        key = (run_end - run_start, bisect_left(breaks, run_start))
        found[index] = later.get(key, -1)
        later[key] = index
    return found


def protected_regions(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) of fenced blocks, code spans and comments."""
    if "`" not in text and "~~~" not in text and "<!--" not in text:
        return []
    regions: list[tuple[int, int]] = []
    pos = 0
    for block_start, block_end in fenced_blocks(text):
        regions.extend(_inline_regions(text, pos, block_start))
        regions.append((block_start, block_end))
        pos = block_end
    regions.extend(_inline_regions(text, pos, len(text)))
    return regions


def blank(text: str, regions: list[tuple[int, int]]) -> str:
    """Replace every character of `regions` except line breaks with a space."""
    if not regions:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in regions:
        parts.append(text[pos:start])
        chunk = text[start:end]
        parts.append(re.sub(r"[^\r\n]", " ", chunk))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def mask(text: str) -> str:
    """`text` with code and comments blanked out, same length, same line breaks."""
    return blank(text, protected_regions(text))
