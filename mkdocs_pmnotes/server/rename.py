"""Rename a note (its title, or its file) and rewrite every link that names it that way.

Only the target part of a link changes: `[[old#heading | label]]` keeps its
heading and its label. A rename by title rewrites the links written with the
title; a rename of the file rewrites the links written with its stem or path.
Links through the other name still resolve, so they are left as they are.

A rename is refused when the new name is not one a link can name, or when a link
written with it could reach another page too (`slugs.keys`: `EXISTS_B`, `Exists B`
and `exists-b` are one name to a link): the renamed note would make such links
ambiguous. The edits come from the index's positions of every link, checked
against each file's size and time, so a rename of a note linked thousands of
times does not read thousands of files.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from functools import partial
from pathlib import Path

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.uris import to_fs_path

from ..core.frontmatter import front_matter_key
from ..core.index import Page
from ..core.model import Note
from ..core.slugs import keys
from .buffer import Buffer
from .link_graph import target_keys, target_span
from .links import link_at, uri_of
from .linted import Linted
from .naming import file_name_problem, title_problem, title_value
from .positions import Lines
from .workspace import Workspace

REQUEST_FAILED = -32803  # LSP's RequestFailed: a request understood, and refused


class Refused(JsonRpcException):
    """A rename that cannot be done, said to the author."""

    CODE = REQUEST_FAILED


def _title_span(note: Note) -> tuple[int, int] | None:
    span = front_matter_key(note, "title")
    return span if span is not None and note.title is not None else None


def _what(
    ws: Workspace, buffer: Buffer, linted: Linted, position: types.Position
) -> tuple[str, Page, tuple[int, int], str] | None:
    """(kind, page, span under the cursor, current name): kind is "title" or "stem"."""
    note, offset = linted.note, linted.lines.offset(position)
    span = _title_span(note)
    page = ws.pages.get(buffer.name)
    if span is not None and span[0] <= offset <= span[1] and page is not None and page.title:
        return "title", page, span, page.title
    link = link_at(note, offset)
    if link is None or not link.target:
        return None
    start, end = target_span(link)
    if not (start <= offset <= end):
        return None
    target = ws.index.resolve(link.target, buffer.name).page
    if target is None:
        return None
    if _by_stem(link.target, target):
        return "stem", target, (start, end), target.stem
    if target.title and _by_title(link.target, target):
        return "title", target, (start, end), target.title
    return None


def _by_stem(written: str, page: Page) -> bool:
    """Is a link target written with the file's name (rather than the note's title)?"""
    target = written.strip()
    if "/" in target or posixpath.splitext(target)[0] == page.stem:
        return True
    return bool(set(target_keys(target)) & set(keys(page.stem))) and not _by_title(written, page)


def _by_title(written: str, page: Page) -> bool:
    target = written.strip()
    if "/" in target or posixpath.splitext(target)[0] == page.stem or not page.title:
        return False
    return bool(set(target_keys(target)) & set(keys(page.title)))


def prepare(
    ws: Workspace, buffer: Buffer, linted: Linted, position: types.Position
) -> types.PrepareRenamePlaceholder | None:
    found = _what(ws, buffer, linted, position)
    if found is None:
        return None
    _, _, span, name = found
    return types.PrepareRenamePlaceholder(range=linted.lines.range(*span), placeholder=name)


def _collision(ws: Workspace, page: Page, name: str) -> None:
    """Refuse `name` for `page` when a link written with it could reach another page."""
    others = sorted(p.path for p in ws.index.answering(name) if p.path != page.path)
    if others:
        raise Refused(
            f"a link written [[{name}]] would also reach {', '.join(others[:3])}"
            f"{' and more' if len(others) > 3 else ''}: pick a name no other note answers to"
        )


def rename(
    ws: Workspace, buffer: Buffer, linted: Linted, position: types.Position, new_name: str, encoding: str
) -> types.WorkspaceEdit | None:
    found = _what(ws, buffer, linted, position)
    if found is None:
        raise Refused("place the cursor on a note's title or on a link's target to rename a note")
    kind, page, _, _ = found
    name = new_name.strip()
    if kind == "title":
        problem = title_problem(name)
        if problem is not None:
            raise Refused(f"not a usable note name: {problem}")
        _collision(ws, page, name)
        return _rename_title(ws, page, name, encoding)
    if name.lower().endswith(".md"):
        name = name[:-3]
    file = ws.files.get(page.path)
    if file is None:
        return None
    path = Path(file)
    problem = file_name_problem(name, path.parent, path.suffix)
    if problem is not None:
        raise Refused(f"not a usable note name: {problem}")
    new_path = path.with_name(name + path.suffix)
    site_path = posixpath.join(page.folder, new_path.name) if page.folder else new_path.name
    if new_path.exists() or site_path in ws.files:
        raise Refused(f"{new_path.name} exists already")
    _collision(ws, page, name)
    edits = _link_edits(ws, page, partial(_by_stem, page=page), _new_target(site_path))
    renamed = types.RenameFile(old_uri=uri_of(path), new_uri=uri_of(new_path))
    return types.WorkspaceEdit(document_changes=[*edits.documents(), renamed])


def _new_target(site_path: str) -> Callable[[str], str]:
    stem = posixpath.splitext(posixpath.basename(site_path))[0]

    def target(written: str) -> str:
        if "/" in written:
            return posixpath.splitext(site_path)[0]
        return stem

    return target


def _rename_title(ws: Workspace, page: Page, title: str, encoding: str) -> types.WorkspaceEdit:
    edits = _link_edits(ws, page, partial(_by_title, page=page), lambda written: title)
    note = ws.load(page.path)
    uri = ws.uri(page.path)
    span = _title_span(note) if note is not None else None
    if note is not None and uri is not None and span is not None:
        lines = Lines(note.text, encoding)
        edits.add(uri, _version(ws, page.path), types.TextEdit(range=lines.range(*span), new_text=title_value(title)))
    return types.WorkspaceEdit(document_changes=edits.documents())


class _Edits:
    """Text edits gathered by file, one document edit for each file in the order they were first edited."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[int | None, list[types.TextEdit]]] = {}  # uri -> (version, edits)

    def add(self, uri: str, version: int | None, edit: types.TextEdit) -> None:
        """`version` counts only for the file's first edit."""
        self.files.setdefault(uri, (version, []))[1].append(edit)

    def documents(self) -> list[types.TextDocumentEdit]:
        return [
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version), edits=edits
            )
            for uri, (version, edits) in self.files.items()
        ]


def _version(ws: Workspace, name: str) -> int | None:
    buffer = ws.buffer_named(name)
    return buffer.version if buffer is not None else None


def _link_edits(ws: Workspace, page: Page, chosen: Callable[[str], bool], new_target: Callable[[str], str]) -> _Edits:
    """A text edit for each link to `page` whose target as written `chosen` accepts."""
    edits = _Edits()
    names = {name for name, _ in ws.links_to(page)}
    if page.path in ws.files:
        names.add(page.path)  # the note's own links to itself
    for name in sorted(names):
        links = ws.links_of(name)  # read again if the file changed behind the index's back
        uri = ws.uri(name)
        if uri is None:
            continue
        version = _version(ws, name)
        for index, target in enumerate(links.targets):
            if not target or ws.index.resolve(target, name).page != page or not chosen(target):
                continue
            line, character, end_line, end_character = links.target_range(index)
            span = types.Range(types.Position(line, character), types.Position(end_line, end_character))
            edits.add(uri, version, types.TextEdit(range=span, new_text=new_target(target)))
    return edits


def files_renamed(ws: Workspace, params: types.RenameFilesParams) -> types.WorkspaceEdit | None:
    """`workspace/willRenameFiles`: the links to each renamed note, rewritten to its new name."""
    edits = _Edits()
    for item in params.files:
        old, new = to_fs_path(item.old_uri), to_fs_path(item.new_uri)
        if not old or not new:
            continue
        old_name, _ = ws.name_for(Path(old))
        new_name, _ = ws.name_for(Path(new))
        page = ws.pages.get(old_name)
        if page is None or not new_name.lower().endswith((".md", ".markdown")):
            continue
        found = _link_edits(ws, page, partial(_by_stem, page=page), _new_target(new_name))
        for uri, (_, file_edits) in found.files.items():
            for edit in file_edits:
                edits.add(uri, None, edit)
    documents = edits.documents()
    return types.WorkspaceEdit(document_changes=documents) if documents else None
