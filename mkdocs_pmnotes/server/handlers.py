"""What the server answers: each LSP method, handed to the feature module that knows it."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from ..core.files import read_source
from . import actions, completion, hover, navigation, rename, symbols
from .app import CONFIG_FILES, Linted, PmnotesServer
from .diagnostics import GUIDE_URL
from .positions import Lines
from .workspace import Buffer, Workspace

server = PmnotesServer()


def workspace_roots(params: types.InitializeParams) -> list[Path]:
    """Every workspace folder that is a folder on disk (LSP 3.6+), else the root URI or path."""
    uris = [folder.uri for folder in params.workspace_folders or []]
    if not uris and params.root_uri:
        uris = [params.root_uri]
    found = [Path(path) for path in (to_fs_path(uri) for uri in uris) if path]
    if not found and params.root_path:
        found = [Path(params.root_path)]
    return [root for root in found if root.is_dir()]


@server.feature(types.INITIALIZE)
def initialize(ls: PmnotesServer, params: types.InitializeParams) -> None:
    options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
    ls.guide = str(options.get("guideUrl") or GUIDE_URL)
    if isinstance(options.get("debounceMs"), (int, float)):
        ls.delay = max(float(options["debounceMs"]), 0.0) / 1000
    ls.workspaces = [Workspace(root, log=ls.log) for root in workspace_roots(params)] or [Workspace(None, log=ls.log)]


@server.feature(types.INITIALIZED)
async def initialized(ls: PmnotesServer, params: types.InitializedParams) -> None:
    for ws in ls.workspaces:
        if ws.problem:
            ls.log(ws.problem, types.MessageType.Warning)
            ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=ws.problem))
        if ws.root is None:
            ls.log("pmnotes: no workspace folder; open notes are linted on their own", types.MessageType.Warning)
        ls.start_indexing(ws)
    watch = ls.client_capabilities.workspace
    changes = watch.did_change_watched_files if watch else None
    if changes and changes.dynamic_registration:
        watchers = [
            types.FileSystemWatcher(glob_pattern=g)
            for g in ("**/*.md", "**/*.markdown", *(f"**/{name}" for name in CONFIG_FILES))
        ]
        try:
            await ls.client_register_capability_async(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="pmnotes-watch",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                        )
                    ]
                )
            )
        except Exception as exc:
            ls.log(f"pmnotes: the client would not watch files: {exc}", types.MessageType.Warning)


def _path(uri: str) -> Path | None:
    path = to_fs_path(uri)
    return Path(path) if path else None


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: PmnotesServer, params: types.DidOpenTextDocumentParams) -> None:
    doc = params.text_document
    path = _path(doc.uri)
    ws = ls.ws_for(path)
    if ws is None or path is None:
        return
    name, shown = ws.name_for(path)
    disk = None
    source = read_source(path) if path.is_file() else None
    if source is not None and source.text is not None and not source.utf8:
        disk = source
    ws.open(Buffer(doc.uri, path, name, shown, doc.text, doc.version, disk=disk))
    ls.lint(doc.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: PmnotesServer, params: types.DidChangeTextDocumentParams) -> None:
    buffer = ls.buffer(params.text_document.uri)
    if buffer is None:
        return
    buffer.text = ls.workspace.get_text_document(buffer.uri).source
    buffer.version = params.text_document.version
    buffer.edited = True
    ls.schedule(buffer.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PmnotesServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    handle = ls.pending.pop(uri, None)
    if handle is not None:
        handle.cancel()
    ls.linted.pop(uri, None)
    ws = ls.ws_of(uri)
    if ws is not None and ws.close(uri) is not None:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        ls.relint_all(ws)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: PmnotesServer, params: types.DidChangeWatchedFilesParams) -> None:
    changed = set()
    for event in params.changes:
        path = _path(event.uri)
        ws = ls.ws_for(path)
        if path is None or ws is None:
            continue
        if path.name in CONFIG_FILES:
            ws.configure()
            ls.start_indexing(ws)
        elif path.suffix.lower() in (".md", ".markdown"):
            ws.disk_changed(path, deleted=event.type == types.FileChangeType.Deleted)
            changed.add(id(ws))  # even with the same pages, its headings and timestamps may be new
    for ws in ls.workspaces:
        if id(ws) in changed:
            ls.relint_all(ws)


def _opened(ls: PmnotesServer, uri: str) -> tuple[Workspace, Buffer, Linted] | None:
    """The workspace, buffer and current lint of an open note; None when it is not open."""
    linted = ls.snapshot(uri)
    ws, buffer = ls.ws_of(uri), ls.buffer(uri)
    if linted is None or ws is None or buffer is None:
        return None
    return ws, buffer, linted


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL]),
)
def code_action(ls: PmnotesServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    opened = _opened(ls, params.text_document.uri)
    if opened is None:
        return None
    return actions.code_actions(*opened, params)


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=["[", "#", "|"], resolve_provider=False),
)
def complete(ls: PmnotesServer, params: types.CompletionParams) -> types.CompletionList | None:
    buffer = ls.buffer(params.text_document.uri)
    ws = ls.ws_of(params.text_document.uri)
    if buffer is None or ws is None:
        return None
    return completion.complete(ws, buffer, Lines(buffer.text, ls.encoding), params.position)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: PmnotesServer, params: types.DefinitionParams) -> types.Location | None:
    opened = _opened(ls, params.text_document.uri)
    if opened is None:
        return None
    return navigation.definition(*opened, params.position, ls.encoding)


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def references(ls: PmnotesServer, params: types.ReferenceParams) -> list[types.Location] | None:
    opened = _opened(ls, params.text_document.uri)
    if opened is None:
        return None
    return navigation.references(*opened, params.position, ls.encoding)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(ls: PmnotesServer, params: types.HoverParams) -> types.Hover | None:
    opened = _opened(ls, params.text_document.uri)
    if opened is None:
        return None
    return hover.hover(*opened, params.position)


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
def prepare_rename(ls: PmnotesServer, params: types.PrepareRenameParams) -> types.PrepareRenamePlaceholder | None:
    opened = _opened(ls, params.text_document.uri)
    if opened is None:
        return None
    return rename.prepare(*opened, params.position)


@server.feature(types.TEXT_DOCUMENT_RENAME)
def on_rename(ls: PmnotesServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    opened = _opened(ls, params.text_document.uri)
    if opened is None:
        return None
    return rename.rename(*opened, params.position, params.new_name, ls.encoding)


@server.feature(
    types.WORKSPACE_WILL_RENAME_FILES,
    types.FileOperationRegistrationOptions(
        filters=[types.FileOperationFilter(pattern=types.FileOperationPattern(glob="**/*.{md,markdown}"))]
    ),
)
def will_rename_files(ls: PmnotesServer, params: types.RenameFilesParams) -> types.WorkspaceEdit | None:
    changes: list[types.TextDocumentEdit | types.CreateFile | types.RenameFile | types.DeleteFile] = []
    for ws in ls.workspaces:
        edit = rename.files_renamed(ws, params, ls.encoding)
        if edit is not None:
            changes.extend(edit.document_changes or [])
    return types.WorkspaceEdit(document_changes=changes) if changes else None


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(ls: PmnotesServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol] | None:
    linted = ls.snapshot(params.text_document.uri)
    if linted is None:
        return None
    return symbols.document_symbols(linted)


@server.feature(types.WORKSPACE_SYMBOL)
def workspace_symbols(ls: PmnotesServer, params: types.WorkspaceSymbolParams) -> list[types.WorkspaceSymbol]:
    found: list[types.WorkspaceSymbol] = []
    for ws in ls.workspaces:
        found.extend(symbols.workspace_symbols(ws, params.query))
    return found


def main() -> int:
    """`pmnotes server`: the language server over stdio."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="pmnotes server: %(levelname)s %(message)s")
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    # Anything printed by mistake must not corrupt the protocol stream on stdout.
    sys.stdout = sys.stderr
    server.start_io(stdin, stdout)
    return server.exit_code
