"""Completion inside `[[...]]`: notes and topics after `[[` (`ranking`), headings after `#`, a label after `|`."""

from __future__ import annotations

from lsprotocol import types

from ..core.index import Page
from ..core.slugs import loose_key
from .buffer import Buffer
from .names import tier_of
from .naming import note_title
from .positions import Lines
from .ranking import targets, warm
from .workspace import Workspace

__all__ = ["complete", "context", "warm"]


def context(text: str, offset: int) -> tuple[int, str] | None:
    """(offset just after `[[`, what is typed since) when the cursor is inside an open wiki link."""
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    opening = text.rfind("[[", line_start, offset)
    if opening == -1 or "]]" in text[opening + 2 : offset]:
        return None
    return opening + 2, text[opening + 2 : offset]


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
    return targets(ws, buffer, lines, start, typed, offset, _closing(text, offset))


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
        if not heading.text or tier_of(query, loose_key(heading.text)) is None:
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
