"""Document symbols (the note's headings, nested) and workspace symbols (notes by title)."""

from __future__ import annotations

from lsprotocol import types

from ..core.slugs import loose_key
from .linted import Linted
from .names import tier_of
from .workspace import Workspace

LIMIT = 200


def document_symbols(linted: Linted) -> list[types.DocumentSymbol]:
    lines = linted.lines
    roots: list[types.DocumentSymbol] = []
    stack: list[tuple[int, list[types.DocumentSymbol]]] = []  # (level, its symbol's children)
    headings = linted.note.headings
    for index, heading in enumerate(headings):
        line = heading.line - 1
        # A heading's section runs to the next heading of the same or a higher level.
        end_line = len(lines.starts) - 1
        for later in headings[index + 1 :]:
            if later.level <= heading.level:
                end_line = later.line - 2
                break
        end_line = max(end_line, line)
        children: list[types.DocumentSymbol] = []
        symbol = types.DocumentSymbol(
            name=heading.text or "(untitled)",
            kind=types.SymbolKind.String,
            detail="#" * heading.level,
            range=types.Range(types.Position(line, 0), lines.position(lines.line_end(end_line))),
            selection_range=types.Range(types.Position(line, 0), lines.position(lines.line_end(line))),
            children=children,
        )
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        (stack[-1][1] if stack else roots).append(symbol)
        stack.append((heading.level, children))
    return roots


def workspace_symbols(ws: Workspace, query: str) -> list[types.WorkspaceSymbol]:
    wanted = loose_key(query)
    ranked = []
    for page in ws.pages.values():
        shown = page.title or page.stem
        scores = [s for s in (tier_of(wanted, loose_key(n)) for n in page.names) if s is not None]
        if scores:
            ranked.append((min(scores), shown.lower(), page, shown))
    ranked.sort(key=lambda r: r[:2])
    found = []
    for _, _, page, shown in ranked[:LIMIT]:
        uri = ws.uri(page.path)
        if uri is None:
            continue
        found.append(
            types.WorkspaceSymbol(
                name=shown,
                kind=types.SymbolKind.File,
                container_name=page.path,
                location=types.Location(uri=uri, range=types.Range(types.Position(0, 0), types.Position(0, 0))),
            )
        )
    return found
