"""The block structure of a note as Python-Markdown reads it: indented code and raw HTML.

Python-Markdown (tab_length 4, as MkDocs uses it) splits a text into blocks at
blank lines; these are its rules for which block is code and which is raw
HTML, so that the linter and the plugin leave alone what it leaves alone.

Some extensions open a container whose body is indented by four spaces, also
after a blank line: an admonition (`!!! note`), a collapsible block (`??? note`),
a content tab (`=== "Tab"`), a footnote (`[^1]:`), a definition (`:   text`).
With the extension on, that body is Markdown and only a further four spaces
make code; without it, the body is code. `Dialect` says which are on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

Dialect = frozenset[str]  # the container kinds the site's Markdown extensions add
CORE: Dialect = frozenset()  # Python-Markdown alone
# Not a block: clock times in brackets in a note's prose are timestamps too (`core.parse`).
PLAIN_TIMESTAMPS: Dialect = frozenset(["plain_timestamps"])
# A container's opening line (after its container's own indent), by the kind it needs.
_OPENERS = {
    "admonition": re.compile(r"!!! ?[\w-]"),
    "details": re.compile(r"\?\?\?\+? ?[\w-]"),
    "tabbed": re.compile(r"===[!+]{0,2} +\""),
    "footnotes": re.compile(r"\[\^[^\]\n]+\]:"),
    "def_list": re.compile(r":[ ]{1,3}\S"),
}
_DEFINITION = _OPENERS["def_list"]
# Extension names, as written in `markdown_extensions`, to the kinds they add.
_EXTENSIONS = {
    "admonition": ("admonition",),
    "pymdownx.details": ("details",),
    "pymdownx.tabbed": ("tabbed",),
    "footnotes": ("footnotes",),
    "def_list": ("def_list",),
    "extra": ("footnotes", "def_list"),
}


def dialect_of(extensions: Iterable[str]) -> Dialect:
    """The containers a list of Markdown extension names adds (`markdown.extensions.` prefix optional)."""
    kinds: set[str] = set()
    for name in extensions:
        kinds.update(_EXTENSIONS.get(name.removeprefix("markdown.extensions."), ()))
    return frozenset(kinds)


# Python-Markdown's own patterns for what ends or starts a block (tab_length 4).
_INDENTED_LINE = re.compile(r"^(?: {4}| {0,3}\t)", re.MULTILINE)
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:\d+\.|[*+-])[ ]+")
_HEADING_LINE = re.compile(r"#{1,6}")
_HTML_START = re.compile(r"[ ]{0,3}<(?:(?P<tag>[A-Za-z][A-Za-z0-9-]*)|(?P<comment>!--))")
# The elements Python-Markdown treats as blocks when a line starts with one.
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "canvas",
        "center",
        "dd",
        "del",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "iframe",
        "ins",
        "isindex",
        "li",
        "main",
        "map",
        "menu",
        "nav",
        "noscript",
        "object",
        "ol",
        "output",
        "p",
        "pre",
        "progress",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "video",
    ]
)


def markdown_blocks(
    text: str, fences: Sequence[tuple[int, int]] = (), dialect: Dialect = CORE, start: int = 0
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(start, end) of each indented code block and of each raw HTML block, as Python-Markdown finds them.

    A block (lines between blank lines) whose first line is indented by four
    spaces (a tab counts as four) is code, up to its first line that is not;
    the rest of the block is read afresh. After a list, an indented block
    continues the list item instead, and only eight spaces make code. A line
    after a heading starts a block of its own; a raw HTML block (a block-level
    tag or a comment at the start of a line, to its end) is never code, and
    neither are `fences`. In a raw HTML block backticks are text, not code.
    Inside a container of the `dialect` everything is four spaces deeper.
    Markdown begins at `start` (after the front matter, which Markdown never sees).
    """
    openers = [_OPENERS[kind] for kind in sorted(dialect) if kind in _OPENERS]
    containers: list[int] = []  # the body indent of each open container, innermost last
    first = True  # no block yet in the document or the innermost container
    code: list[tuple[int, int]] = []
    raw: list[tuple[int, int]] = []
    if _INDENTED_LINE.search(text) is None and "<" not in text:
        return code, raw  # most notes: nothing indented that far and no HTML, so no block to find
    fence_at = {start: end for start, end in fences}
    last = "other"  # the previous block: "list", "code" or "other"
    block_start = True
    code_from: int | None = None  # where the current code block began
    code_end = 0
    need = 4
    html_close: str | None = None  # what ends the raw HTML block being skipped
    html_from = depth = 0
    pos = start
    size = len(text)
    while pos <= size:
        if pos in fence_at:
            if code_from is not None:
                code.append((code_from, code_end))
                code_from = None
            fence_indent = len(text[pos : pos + 16].expandtabs(4)) - len(text[pos : pos + 16].expandtabs(4).lstrip(" "))
            while containers and fence_indent < containers[-1]:
                containers.pop()  # a fence less indented than a container's body ends it
            pos = fence_at[pos] + 1
            last, block_start, first = "other", True, False
            continue
        line_end = text.find("\n", pos)
        if line_end == -1:
            line_end = size
        line = text[pos:line_end].rstrip("\r")
        if html_close is not None:
            depth, ends = _html_end(line, html_close, depth, 0)
            if ends != -1:
                html_close = None
                raw.append((html_from, pos + ends))
                last, block_start = "other", True
            pos = line_end + 1
            continue
        if not line.strip():
            block_start = True
            pos = line_end + 1
            continue
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        if block_start and containers:
            while containers and indent < containers[-1]:
                containers.pop()  # a block less indented than a container's body ends it
        # A definition needs something before it: a term, or any block (Python-Markdown's `def_list`).
        alone = block_start and first
        first = False
        if code_from is not None and indent < need:
            code.append((code_from, code_end))  # the rest of the block is read afresh
            code_from = None
            block_start = True
        html = _HTML_START.match(line) if indent < 4 else None
        if html and (html["comment"] or html["tag"].lower() in _BLOCK_TAGS):
            close = "-->" if html["comment"] else html["tag"].lower()
            depth, ends = _html_end(line, close, 0, html.start() + 1)
            if ends == -1:
                html_close, html_from = close, pos + html.start()
            else:
                raw.append((pos + html.start(), pos + ends))  # the rest of the line is Markdown again
                last, block_start = "other", True
            pos = line_end + 1
            continue
        if code_from is not None:
            code_end = pos + len(line)
            pos = line_end + 1
            block_start = False
            continue
        base = containers[-1] if containers else 0
        if block_start and indent >= base + 4:
            need = base + (8 if last == "list" else 4)
            if indent >= need:
                code_from, code_end = pos, pos + len(line)
                last = "code"
        elif block_start:
            last = "list" if _LIST_ITEM.match(expanded, base) else "other"
        opens = openers and indent < base + 4 and any(o.match(expanded, indent) for o in openers)
        if opens and not (alone and _DEFINITION.match(expanded, indent)):
            containers.append(base + 4)
            first = True
        block_start = indent < base + 4 and _HEADING_LINE.match(expanded, base) is not None
        pos = line_end + 1
    if code_from is not None:
        code.append((code_from, code_end))
    if html_close is not None:
        raw.append((html_from, size))
    return code, raw


def _html_end(line: str, close: str, depth: int, start: int) -> tuple[int, int]:
    """(open elements left, offset just past the end in `line` or -1) of a raw HTML block.

    `close` is `-->` for a comment, else the element's name, whose nested
    elements of the same name are counted until the outermost one closes.
    """
    if close == "-->":
        at = line.find("-->", start)
        return 0, (-1 if at == -1 else at + 3)
    for tag in re.finditer(rf"<(/?){re.escape(close)}(?![\w-])[^>]*(>?)", line.lower()):
        if tag.start() < start - 1:
            continue
        depth += -1 if tag[1] else 1
        if depth == 0:
            return 0, tag.end()
    return depth, -1
