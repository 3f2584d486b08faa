"""Front matter: where MkDocs finds the block, and loading it as YAML with bounds. Pure, never raises."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from .model import FrontMatter, Note

_FM_OPEN = re.compile(r"---[ \t]*[\r\n]")
# `mkdocs.utils.meta.YAML_RE`, on the text read with universal newlines.
_MKDOCS_FRONT = re.compile(r"-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_EMPTY_FRONT = re.compile(r"-{3}[ \t]*\n(?:\.{3}|-{3})[ \t]*(?:\n|\Z)")
_UNENDED_FRONT = re.compile(r"-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\Z", re.DOTALL)


def parse_front_matter(text: str) -> FrontMatter:
    """Split and load the YAML front matter exactly where MkDocs does; never raises.

    MkDocs reads a page with universal newlines (`\r\n` and a lone `\r` are line
    breaks, nothing else is) and takes the block only when its own pattern
    (`mkdocs.utils.meta.YAML_RE`) matches: a closing `---` or `...` line ended by a
    line break. A block that opens but does not match is reported unclosed.
    """
    start = 1 if text.startswith("\ufeff") else 0
    if not _FM_OPEN.match(text, start):
        return FrontMatter()
    view, original = _universal(text, start)
    match = _MKDOCS_FRONT.match(view)
    if match is None:
        return FrontMatter(present=True, error=_unmatched(view), error_line=1)
    block_start, block_end = original(match.start(1)), original(match.end(1))
    body_start = original(match.end())
    data, error, error_line = load_yaml(text[block_start:block_end])
    if error_line is not None:
        # 0-based within the block -> 1-based in the file, kept inside the block.
        last_line = text.count("\n", 0, block_end)
        error_line = min(error_line + 2, max(last_line, 2))
    return FrontMatter(data=data, present=True, body_start=body_start, error=error, error_line=error_line)


def _unmatched(view: str) -> str:
    """Why an opening `---` starts no front matter MkDocs would read."""
    if _EMPTY_FRONT.match(view):
        return "front matter is empty: MkDocs shows the two `---` lines as rules"
    if _UNENDED_FRONT.match(view):
        return "the closing `---` of the front matter needs a line break after it"
    return "front matter is never closed by a `---` line"


def _universal(text: str, start: int) -> tuple[str, Callable[[int], int]]:
    """`text` from `start` as MkDocs reads it (universal newlines), and a map back to `text`'s offsets."""
    if "\r" not in text:
        return text[start:] if start else text, lambda at: at + start
    view = text[start:]
    dropped = [m.start() - i for i, m in enumerate(re.finditer(r"\r(?=\n)", view))]
    view = view.replace("\r\n", "\n").replace("\r", "\n")
    return view, lambda at: start + at + bisect_right(dropped, at)


_SIMPLE_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_]*):[ \t]+([A-Za-z][A-Za-z0-9_ ,.()?!/+-]*?)[ \t]*")
# Plain scalars YAML 1.1 would turn into something other than that string.
_NOT_STRINGS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])


def simple_mapping(block: str) -> dict[str, str] | None:
    """The block as a dict of strings when it is only `key: plain words` lines.

    That is what nearly every note has, and what YAML itself would return for
    it; anything else (quotes, lists, numbers, `: ` inside a value) is None and
    goes to the YAML loader. It keeps indexing a large site fast.
    """
    data: dict[str, str] = {}
    # Lines end at `\n` only: `str.splitlines` also breaks at `\x0b`, `\x1c` and more,
    # which YAML refuses in a value, and MkDocs would then drop the whole block.
    for line in block.removesuffix("\n").split("\n"):
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None or match[1] in data or " #" in match[2]:
            return None
        if match[1].lower() in _NOT_STRINGS or match[2].lower() in _NOT_STRINGS:
            return None
        data[match[1]] = match[2]
    return data


# What front matter may make of itself. A real note's block has a few dozen values;
# YAML aliases can make a block of a few hundred bytes stand for billions ("billion
# laughs"), which every reader that walks or prints the values would then expand.
MAX_YAML_VALUES = 10_000
MAX_YAML_DEPTH = 32
MAX_YAML_CHARS = 1_000_000


def load_yaml(block: str) -> tuple[dict[str, Any], str | None, int | None]:
    """Load a YAML mapping: (data, error, 0-based error line within the block)."""
    simple = simple_mapping(block)
    if simple is not None:
        return dict(simple), None, None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        bounded = yaml_bounds(block, loader)
        if bounded is not None:
            return {}, bounded[0], bounded[1]
        data = yaml.load(block, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, f"front matter is not valid YAML: {problem}", (mark.line if mark else 0)
    except (ValueError, TypeError, RecursionError) as exc:
        return {}, f"front matter is not valid YAML: {exc}", 0
    if data is None:  # nothing but blanks and comments: MkDocs keeps such a block as page text
        return {}, "front matter is empty: MkDocs shows it as text", 0
    if not isinstance(data, dict):
        return {}, "front matter is not a mapping of keys to values", 0
    return {str(k): v for k, v in data.items()}, None, None


def yaml_bounds(block: str, loader: type) -> tuple[str, int | None] | None:
    """Why `block` is refused before it is loaded, and on which line; None when it is fine.

    One pass over the parser's events, never building a value: it counts the
    values the block stands for with every alias expanded, so work and memory
    follow the block as written, not what the aliases make of it.
    """
    import yaml

    if len(block) > MAX_YAML_CHARS:
        return f"front matter is longer than {MAX_YAML_CHARS:,} characters", 0
    sizes: dict[str, int] = {}  # anchor -> values it stands for
    open_: list[tuple[str | None, int]] = []  # (anchor, count at its start) of each open collection
    count = 0
    for event in yaml.parse(block, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in sizes:
                return "front matter has a YAML alias to an anchor that contains it", _line(event)
            count += sizes[event.anchor]
        elif isinstance(event, yaml.ScalarEvent):
            count += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            open_.append((event.anchor, count))
            if event.anchor is not None:
                sizes.pop(event.anchor, None)  # a re-used anchor name is open again
            if len(open_) > MAX_YAML_DEPTH:
                return f"front matter nests deeper than {MAX_YAML_DEPTH} levels", _line(event)
        elif isinstance(event, yaml.CollectionEndEvent) and open_:
            anchor, start = open_.pop()
            count += 1
            if anchor is not None:
                sizes[anchor] = count - start
        if count > MAX_YAML_VALUES:
            line = _line(event)
            return f"front matter stands for more than {MAX_YAML_VALUES:,} values (YAML aliases repeat them)", line
    return None


def _line(event: Any) -> int | None:
    """The 0-based line of a YAML event, when the parser gave it one."""
    mark = getattr(event, "start_mark", None)
    return mark.line if mark is not None else None


def front_matter_key(note: Note, key: str) -> tuple[int, int] | None:
    """(start, end) of the value of a top-level front-matter `key`, if it is written."""
    if not note.front.present:
        return None
    block = note.text[: note.front.body_start or len(note.text)]
    match = re.search(rf"^{re.escape(key)}[ \t]*:[ \t]*(?P<value>[^\r\n]*)", block, re.MULTILINE)
    return match.span("value") if match else None
