"""Go to definition (a link's note or heading) and references (every link to a note)."""

from __future__ import annotations

from lsprotocol import types

from ..core.index import Page
from .buffer import Buffer
from .links import link_at
from .linted import Linted
from .workspace import Workspace


def definition(
    ws: Workspace, buffer: Buffer, linted: Linted, position: types.Position, encoding: str
) -> types.Location | None:
    link = link_at(linted.note, linted.lines.offset(position))
    if link is None:
        return None
    page = ws.index.resolve(link.target, buffer.name).page if link.target else ws.pages.get(buffer.name)
    uri = ws.uri(page.path) if page is not None else None
    if page is None or uri is None:
        return None  # dangling or ambiguous: the code action offers to create the note
    line = 0
    if link.heading:
        heading = ws.index.find_heading(page.path, link.heading)
        if heading is not None:
            line = heading.line - 1
    start = types.Position(line, 0)
    return types.Location(uri=uri, range=types.Range(start, start))


def link_locations(ws: Workspace, found: list[tuple[str, int]]) -> list[types.Location]:
    """Where each (note, link index) is: kept by the index, in the client's position encoding."""
    locations = []
    for name, index in found:
        uri = ws.uri(name)
        links = ws.graph.links.get(name)
        if uri is None or links is None or index >= len(links):
            continue
        line, character, end_line, end_character = links.link_range(index)
        locations.append(
            types.Location(
                uri=uri,
                range=types.Range(types.Position(line, character), types.Position(end_line, end_character)),
            )
        )
    return locations


def references(ws: Workspace, buffer: Buffer, linted: Linted, position: types.Position) -> list[types.Location]:
    """On a link: the links to its target (a topic with no note included); elsewhere: to this note."""
    link = link_at(linted.note, linted.lines.offset(position))
    page: Page | None
    if link is not None and link.target:
        resolution = ws.index.resolve(link.target, buffer.name)
        if resolution.page is None:
            return link_locations(ws, ws.links_named(link.target))
        page = resolution.page
    else:
        page = ws.pages.get(buffer.name)
    if page is None:
        return []
    return link_locations(ws, ws.links_to(page))
