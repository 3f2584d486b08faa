"""Go to definition (a link's note or heading) and references (every link to a note)."""

from __future__ import annotations

from lsprotocol import types

from ..core.index import Page
from ..core.model import WikiLink
from .app import Linted
from .links import link_at, uri_of
from .positions import Lines
from .workspace import Buffer, Workspace


def definition(
    ws: Workspace, buffer: Buffer, linted: Linted, position: types.Position, encoding: str
) -> types.Location | None:
    link = link_at(linted.note, linted.lines.offset(position))
    if link is None:
        return None
    page = ws.index.resolve(link.target, buffer.name).page if link.target else ws.pages.get(buffer.name)
    if page is None or page.path not in ws.files:
        return None  # dangling or ambiguous: the code action offers to create the note
    line = 0
    if link.heading:
        heading = ws.index.find_heading(page.path, link.heading)
        if heading is not None:
            line = heading.line - 1
    start = types.Position(line, 0)
    return types.Location(uri=uri_of(ws.files[page.path]), range=types.Range(start, start))


def link_locations(ws: Workspace, found: list[tuple[str, WikiLink]], encoding: str) -> list[types.Location]:
    """Locations of links in other notes, in the client's position encoding."""
    locations = []
    texts: dict[str, Lines | None] = {}
    for name, link in found:
        if name not in texts:
            text = ws.text_of(name)
            texts[name] = Lines(text, encoding) if text is not None else None
        lines = texts[name]
        path = ws.files.get(name)
        if lines is None or path is None:
            continue
        locations.append(types.Location(uri=uri_of(path), range=lines.range(link.start, link.end)))
    return locations


def references(
    ws: Workspace, buffer: Buffer, linted: Linted, position: types.Position, encoding: str
) -> list[types.Location]:
    """On a link: the links to its target (a topic with no note included); elsewhere: to this note."""
    link = link_at(linted.note, linted.lines.offset(position))
    page: Page | None
    if link is not None and link.target:
        resolution = ws.index.resolve(link.target, buffer.name)
        if resolution.page is None:
            return link_locations(ws, ws.links_named(link.target), encoding)
        page = resolution.page
    else:
        page = ws.pages.get(buffer.name)
    if page is None:
        return []
    return link_locations(ws, ws.links_to(page), encoding)
