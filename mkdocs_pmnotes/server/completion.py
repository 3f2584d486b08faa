"""Completion inside `[[...]]`: notes and topics after `[[`, headings after `#`, a label after `|`."""

from __future__ import annotations

import heapq
import posixpath
import re

from lsprotocol import types

from ..core.index import Page
from ..core.slugs import loose_key
from .positions import Lines
from .workspace import Buffer, Workspace

LIMIT = 100
_WORD = re.compile(r"[_\s]+")


def context(text: str, offset: int) -> tuple[int, str] | None:
    """(offset just after `[[`, what is typed since) when the cursor is inside an open wiki link."""
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    opening = text.rfind("[[", line_start, offset)
    if opening == -1 or "]]" in text[opening + 2 : offset]:
        return None
    return opening + 2, text[opening + 2 : offset]


def closeness(query: str, name: str, words: tuple[str, ...] | None = None, fuzzy: bool = True) -> int | None:
    """0 prefix, 1 word prefix, 2 substring, 3 letters in order; None when it does not match."""
    if not query:
        return 0
    if name.startswith(query):
        return 0
    if query not in name:
        return _in_order(query, name) if fuzzy else None
    if any(word.startswith(query) for word in (words if words is not None else _WORD.split(name))):
        return 1
    return 2


def _in_order(query: str, name: str) -> int | None:
    at = 0
    for ch in query:
        at = name.find(ch, at) + 1
        if at == 0:
            return None
    return 3


def _entries(ws: Workspace) -> list[tuple[str, tuple[str, ...], str, Page]]:
    """(matching key, its words, shown name, page) for each title, stem and alias, cached per index."""
    cached = ws._completion_cache
    if cached is not None and cached[0] == ws.generation:
        return cached[1]
    found: list[tuple[str, tuple[str, ...], str, Page]] = []
    for page in ws.pages.values():
        seen: set[str] = set()
        for name in page.names:
            key = loose_key(name)
            if key and key not in seen:
                seen.add(key)
                found.append((key, tuple(_WORD.split(key)), name, page))
    ws._completion_cache = (ws.generation, found)
    return found


def warm(ws: Workspace) -> None:
    """Build what completion ranks with (names of every page, topics without a note) ahead of time."""
    _entries(ws)
    if ws.linked:
        ws.dangling_topics()


def _closing(text: str, offset: int) -> str:
    """`]]` to add after the completion, unless the link is closed already."""
    rest = text[offset : offset + 2]
    return "" if rest == "]]" else "]]"


def complete(ws: Workspace, buffer: Buffer, lines: Lines, position: types.Position) -> types.CompletionList | None:
    text = buffer.text
    offset = lines.offset(position)
    found = context(text, offset)
    if found is None:
        return None
    start, typed = found
    if "|" in typed:
        return _labels(ws, buffer, lines, start, typed, offset)
    if "#" in typed:
        return _headings(ws, buffer, lines, start, typed, offset)
    return _targets(ws, buffer, lines, start, typed, offset)


def _targets(ws: Workspace, buffer: Buffer, lines: Lines, start: int, typed: str, offset: int) -> types.CompletionList:
    query = loose_key(typed)
    folder = posixpath.dirname(buffer.name)
    entries = _entries(ws)
    dangling = ws.dangling_topics() if ws.linked else []
    # Letters-in-order matches only when closer ones are too few to fill the list.
    close = sum(1 for key, *_ in entries if query in key) + sum(1 for t in dangling if query in t[3])
    fuzzy = close < LIMIT
    scored: dict[str, tuple[int, str, Page]] = {}
    for key, words, name, page in entries:
        score = closeness(query, key, words, fuzzy)
        if score is None:
            continue
        best = scored.get(page.path)
        if best is None or score < best[0]:
            scored[page.path] = (score, name, page)
    ranked: list[tuple[int, str, Page]] = []
    for path, (score, name, page) in scored.items():
        if path != buffer.name:
            ranked.append((score, name, page))
    ranked.sort(key=lambda r: r[0])
    if len(ranked) > LIMIT:
        # Link counts only for the tiers that can reach the list.
        cut = ranked[LIMIT - 1][0]
        ranked = [r for r in ranked if r[0] <= cut]
    every = [(score, -ws.page_mentions(page), len(name), name, page) for score, name, page in ranked]
    topics: list[tuple[int, int, int, str, int]] = []
    for target, mentions, notes, key in dangling:
        score = closeness(query, key, None, fuzzy)
        if score is not None:
            topics.append((score, -mentions, len(target), target, notes))
    items: list[types.CompletionItem] = []
    replace = lines.range(start, offset)
    closing = _closing(buffer.text, offset)
    # Tuples compare on their ranking fields; the index breaks ties before the unorderable extras.
    keyed = [(r[0], r[1], r[2], r[3], i) for i, r in enumerate(every)]
    keyed += [(t[0], t[1], t[2], t[3], len(every) + i) for i, t in enumerate(topics)]
    top = heapq.nsmallest(LIMIT, keyed)
    merged_count = len(keyed)
    for rank, (_score, negative, _, name, i) in enumerate(top):
        if i < len(every):
            page = every[i][4]
            insert = _target_for(ws, page, buffer.name, folder)
            detail = f"{page.path} · linked {-negative}×" if negative else page.path
            label = page.title or page.stem
            item_kind = types.CompletionItemKind.File
            documentation = f"{name}" if name != label else None
        else:
            insert = name
            notes = topics[i - len(every)][4]
            detail = f"{-negative} mention{'s' if -negative != 1 else ''} in {notes} note{'s' if notes != 1 else ''}, no note yet"
            label = name
            item_kind = types.CompletionItemKind.Reference
            documentation = None
        items.append(
            types.CompletionItem(
                label=label,
                kind=item_kind,
                detail=detail,
                documentation=documentation,
                filter_text=typed[: len(typed) - len(typed.lstrip())] + name,
                sort_text=f"{rank:05d}",
                text_edit=types.TextEdit(range=replace, new_text=insert + closing),
            )
        )
    return types.CompletionList(is_incomplete=merged_count > LIMIT or not ws.linked, items=items)


def _target_for(ws: Workspace, page: Page, from_name: str, folder: str) -> str:
    """The shortest target that resolves to `page` from this note: its stem, else its path."""
    if ws.index.resolve(page.stem, from_name).page == page:
        return page.stem
    return posixpath.splitext(page.path)[0]


def _resolved(ws: Workspace, buffer: Buffer, target: str) -> Page | None:
    return ws.index.resolve(target, buffer.name).page if target.strip() else ws.pages.get(buffer.name)


def _headings(
    ws: Workspace, buffer: Buffer, lines: Lines, start: int, typed: str, offset: int
) -> types.CompletionList | None:
    target, _, fragment = typed.partition("#")
    page = _resolved(ws, buffer, target)
    if page is None:
        return None
    query = loose_key(fragment)
    hash_at = start + len(target) + 1
    items = []
    for number, heading in enumerate(ws.index.headings(page.path)):
        if not heading.text or closeness(query, loose_key(heading.text)) is None:
            continue
        items.append(
            types.CompletionItem(
                label=heading.text,
                kind=types.CompletionItemKind.Reference,
                detail=f"{'#' * heading.level} in {page.path}",
                sort_text=f"{number:05d}",
                text_edit=types.TextEdit(range=lines.range(hash_at, offset), new_text=heading.text),
            )
        )
    return types.CompletionList(is_incomplete=False, items=items)


def _labels(
    ws: Workspace, buffer: Buffer, lines: Lines, start: int, typed: str, offset: int
) -> types.CompletionList | None:
    target_part, _, written = typed.partition("|")
    target = target_part.partition("#")[0]
    page = _resolved(ws, buffer, target)
    names = [page.title or page.stem] if page is not None else []
    if page is None and target.strip():
        from .actions import note_title

        names.append(note_title(target.strip()))
    bar = start + len(target_part) + 1
    spaced = target_part.endswith(" ")  # the generator's `[[slug | label]]`
    items = [
        types.CompletionItem(
            label=name,
            kind=types.CompletionItemKind.Text,
            detail="the target's title" if page is not None else "the target, readable",
            text_edit=types.TextEdit(range=lines.range(bar, offset), new_text=(" " if spaced else "") + name),
            filter_text=written[: len(written) - len(written.lstrip())] + name if spaced else name,
        )
        for name in names
    ]
    return types.CompletionList(is_incomplete=False, items=items)
