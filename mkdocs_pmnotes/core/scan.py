"""Find the parts of a Markdown text where links must not be looked for.

Code spans, fenced and indented code blocks and HTML comments are "protected": `mask()` blanks
them out (keeping every newline and the text's length) so that link and anchor
patterns can run over the masked text and still report offsets into the real one.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

from .blocks import CORE, Dialect, markdown_blocks

_FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")
_BACKTICKS = re.compile(r"`+")
_LINE_BREAK = re.compile(r"\r\n?|\n")
# Where a paragraph ends: a line break followed by a blank line (every such break, overlapping).
_PARAGRAPH_BREAK = re.compile(r"\n(?=[ \t]*\r?\n)")
# A line that starts a unit of inline text of its own: a heading, a list item.
_UNIT_LINE = re.compile(r"^(?:(?P<heading>#{1,6}[^\n]*)|[ ]{0,3}(?:\d+\.|[*+-])[ ]+)", re.MULTILINE)


def line_starts(text: str) -> Sequence[int]:
    """Offsets at which each line begins, packed (8 bytes a line: a note may be all line breaks).

    A line ends at `\\n`, `\\r\\n` or a bare `\\r`: the line breaks of the Language Server
    Protocol, and of Python-Markdown, which reads a bare `\\r` as a line break. So
    `pmnotes lint` and the editor name the same line."""
    starts = array("q", [0])
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        append = starts.append
        for match in _LINE_BREAK.finditer(text):
            append(match.end())
        return starts
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def position(starts: Sequence[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of a text offset, given the text's `line_starts`."""
    index = bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1


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
    # Lines end at LF here (a bare CR, rare, stays inside a line): `splitlines` would
    # also break at form feeds and U+2028, and open a fence in the middle of a line.
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


def _inline_regions(text: str, start: int, end: int, raw: Sequence[tuple[int, int]] = ()) -> Iterator[tuple[int, int]]:
    """Code spans and inline HTML comments between `start` and `end`, as Python-Markdown reads them.

    Inline text is read a unit at a time (a paragraph, a heading line, a list
    item), code spans first: a span opens at a backtick run not after a
    backslash and closes at the next run of exactly its width, the opening
    run giving up backticks until one is found (Python-Markdown's
    `BACKTICK_RE`). Then comments, outside code spans, within their unit.
    Backticks in `raw` HTML blocks are text.

    Linear in the text: closers are looked up by width, never searched for
    from every opener (n unclosed openers once cost n**2), and the scans for
    `<!--` and `-->` never go over the same text twice.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, start, end)]
    if raw and runs:
        runs = _outside(runs, raw)
    bounds = _unit_bounds(text, start, end)
    spans = _code_spans(text, runs, bounds)
    yield from _with_comments(text, start, end, spans, bounds)


def _outside(runs: list[tuple[int, int]], raw: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The runs that are not inside any of the sorted, disjoint `raw` ranges."""
    kept = []
    for run in runs:
        at = bisect_left(raw, (run[0] + 1,)) - 1
        if at < 0 or not raw[at][0] <= run[0] < raw[at][1]:
            kept.append(run)
    return kept


def _unit_bounds(text: str, start: int, end: int) -> list[int]:
    """Sorted offsets where one unit of inline text ends and the next begins."""
    found = [m.start() for m in _PARAGRAPH_BREAK.finditer(text, start, end)]
    for match in _UNIT_LINE.finditer(text, start, end):
        found.append(match.start())
        if match["heading"]:
            found.append(match.end())
    found.sort()
    return found


def _code_spans(text: str, runs: list[tuple[int, int]], bounds: list[int]) -> list[tuple[int, int]]:
    units = [bisect_left(bounds, run[0] + 1) for run in runs]
    # For each (unit, width): the indices of the runs of exactly that width, in order.
    by_width: dict[tuple[int, int], list[int]] = {}
    widths: dict[int, set[int]] = {}
    for index, (run_start, run_end) in enumerate(runs):
        by_width.setdefault((units[index], run_end - run_start), []).append(index)
        widths.setdefault(units[index], set()).add(run_end - run_start)
    order = {unit: sorted(found, reverse=True) for unit, found in widths.items()}
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        run_start, run_end = runs[index]
        unit = units[index]
        opening = run_start
        if run_start > 0 and text[run_start - 1] == "\\":
            opening += 1  # an escaped backtick cannot open; the rest of its run still may
        closer = None
        for width in order[unit]:
            if width > run_end - opening:
                continue
            later = by_width[(unit, width)]
            at = bisect_left(later, index + 1)
            if at < len(later):
                closer = later[at]
                break
        if closer is None:
            index += 1
            continue
        spans.append((opening, runs[closer][1]))
        index = closer + 1
    return spans


def _with_comments(
    text: str, start: int, end: int, spans: list[tuple[int, int]], bounds: list[int]
) -> Iterator[tuple[int, int]]:
    """`spans` merged with the inline comments outside them; a comment swallows the spans inside it."""
    pos = start
    index = 0
    dead_unit = -1  # a unit where a `<!--` found no `-->`: no later one there closes either
    while True:
        while index < len(spans) and spans[index][0] < pos:
            index += 1
        limit = spans[index][0] if index < len(spans) else end
        opening = text.find("<!--", pos, limit)
        if opening == -1:
            if index >= len(spans):
                return
            yield spans[index]
            pos = spans[index][1]
            continue
        unit = bisect_left(bounds, opening + 1)
        close = -1
        if unit != dead_unit:
            unit_end = bounds[unit] if unit < len(bounds) else end
            close = text.find("-->", opening + 4, unit_end)
            inner = index
            while close != -1 and inner < len(spans) and spans[inner][0] <= close:
                if close < spans[inner][1]:  # inside a code span: not the comment's end
                    close = text.find("-->", spans[inner][1], unit_end)
                inner += 1
            if close == -1:
                dead_unit = unit
        if close == -1:
            pos = opening + 4
            continue
        yield opening, close + 3
        pos = close + 3


def protected_regions(text: str, dialect: Dialect = CORE, start: int = 0) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) of code blocks, code spans and comments.

    `dialect`: the containers the site's Markdown extensions add (`blocks.dialect_of`);
    `start`: where the Markdown begins (after front matter)."""
    if "`" not in text and "~~~" not in text and "<!--" not in text and "    " not in text and "\t" not in text:
        return []
    fences = list(fenced_blocks(text))
    code, raw = markdown_blocks(text, fences, dialect, start)
    # A comment that starts a line is a raw HTML block: it may run over blank lines.
    blocks = sorted(fences + code + [r for r in raw if text.startswith("<!--", r[0])])
    regions: list[tuple[int, int]] = []
    pos = 0
    for block_start, block_end in blocks:
        regions.extend(_inline_regions(text, pos, block_start, raw))
        regions.append((block_start, block_end))
        pos = block_end
    regions.extend(_inline_regions(text, pos, len(text), raw))
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


def mask(text: str, dialect: Dialect = CORE) -> str:
    """`text` with code and comments blanked out, same length, same line breaks."""
    return blank(text, protected_regions(text, dialect))
