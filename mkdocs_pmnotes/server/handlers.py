"""What the server answers: each LSP method, handed to the feature module that knows it."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, cast

from lsprotocol import types
from pygls.uris import to_fs_path

from ..core.files import read_file
from . import actions, completion, hover, navigation, rename, symbols
from .app import CONFIG_FILES, PmnotesServer
from .buffer import Buffer
from .linted import Linted
from .open_note import on_open_note
from .options import Options
from .positions import Lines
from .startup import Replay, Startup
from .workspace import Workspace

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


def _pulls(params: types.InitializeParams, options: Options) -> bool:
    """Does the client pull diagnostics (and is it not told to be pushed them)?"""
    document = params.capabilities.text_document
    return bool(document and document.diagnostic) and options.diagnostics != "push"


@server.feature(types.INITIALIZE)
def initialize(ls: PmnotesServer, params: types.InitializeParams) -> None:
    ls.options = Options.read(params.initialization_options)
    for problem in ls.options.problems:
        ls.log(f"pmnotes: {problem}", types.MessageType.Warning)
    ls.pull = _pulls(params, ls.options)
    early = ls.startup
    for message in early.messages:
        ls.log(message)
    early.messages = []
    passes = []
    roots: list[Path | None] = [*workspace_roots(params)] or [None]
    for root in roots:
        # A folder's first pass began as the server started (`startup`), or begins now: the
        # client's `initialized` and `didOpen` need not wait for it.
        ws, started = early.take(root) if root is not None else (None, None)
        passes.append((ws or Workspace(root, log=ls.log), started))
    early.drop()
    ls.workspaces = [ws for ws, _ in passes]
    for ws, started in passes:
        ws.log = ls.log
        ws.encoding = ls.encoding
        ls.start_indexing(ws, started)


@server.feature(types.INITIALIZED)
async def initialized(ls: PmnotesServer, params: types.InitializedParams) -> None:
    for ws in ls.workspaces:
        if ws.problem:
            ls.log(ws.problem, types.MessageType.Warning)
            ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=ws.problem))
        if ws.root is None:
            ls.log("pmnotes: no workspace folder; open notes are linted on their own", types.MessageType.Warning)
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


@server.feature(types.SHUTDOWN)
def shutdown(ls: PmnotesServer, params: None) -> None:
    """Stop indexing: its worker processes go with it."""
    for task in ls.indexing.values():
        task.cancel()


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
    source = read_file(path) if path.is_file() else None
    if source is not None and source.text is not None and not source.utf8:
        disk = source
    ws.open(Buffer(doc.uri, path, name, shown, doc.text, doc.version, disk=disk))
    if ws.ready and not ls.pull:
        ls.lint(doc.uri)  # before the pages are known, the index lints it as soon as they are


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: PmnotesServer, params: types.DidChangeTextDocumentParams) -> None:
    buffer = ls.buffer(params.text_document.uri)
    if buffer is None:
        return
    buffer.text = ls.workspace.get_text_document(buffer.uri).source
    buffer.version = params.text_document.version
    buffer.edited = True
    if not ls.pull:
        ls.schedule(buffer.uri)  # a pulling client asks for the new diagnostics itself


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PmnotesServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    handle = ls.pending.pop(uri, None)
    if handle is not None:
        handle.cancel()
    ls.linted.pop(uri, None)
    ws = ls.ws_of(uri)
    if ws is not None and ws.close(uri) is not None:
        if not ls.pull:
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


@server.feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(identifier="pmnotes", inter_file_dependencies=True, workspace_diagnostics=False),
)
async def pull_diagnostics(ls: PmnotesServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
    """LSP 3.17's pulled diagnostics: the same as pushed ones, once they are complete."""
    uri = params.text_document.uri
    ws = ls.ws_of(uri)
    if ws is not None:
        await ls.wait_for(ws, False, params.work_done_token, "diagnostics")
    linted = ls.snapshot(uri)
    if linted is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    result_id = str(linted.serial)
    if params.previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(
        items=linted.diagnostics(ls.options.guide_url), result_id=result_id
    )


def _client(ls: PmnotesServer) -> actions.Client:
    caps = ls.client_capabilities
    edit = caps.workspace.workspace_edit if caps.workspace else None
    operations = [str(getattr(op, "value", op)) for op in (edit.resource_operations or [])] if edit else []
    code_action = caps.text_document.code_action if caps.text_document else None
    return actions.Client(
        create_files="create" in operations, disabled=bool(code_action and code_action.disabled_support)
    )


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL]),
)
@on_open_note()
def code_action(
    ls: PmnotesServer, params: types.CodeActionParams, ws: Workspace, buffer: Buffer, linted: Linted
) -> list[types.CodeAction]:
    return actions.code_actions(ws, buffer, linted, params, _client(ls))


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=["[", "#", "|"], resolve_provider=False),
)
def complete(ls: PmnotesServer, params: types.CompletionParams) -> types.CompletionList | None:
    buffer = ls.buffer(params.text_document.uri)
    ws = ls.ws_of(params.text_document.uri)
    if buffer is None or ws is None:
        return None
    if not ws.ready:
        return types.CompletionList(is_incomplete=True, items=[])  # asked again as the author types
    if buffer.uri in ls.pending:
        # The author is typing a link: lint once they stop, not between two keystrokes, where a
        # lint of a long note would hold up the next completion.
        ls.schedule(buffer.uri)
    return completion.complete(ws, buffer, Lines(buffer.text, ls.encoding), params.position)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@on_open_note(progress="go to definition")
def definition(
    ls: PmnotesServer, params: types.DefinitionParams, ws: Workspace, buffer: Buffer, linted: Linted
) -> types.Location | None:
    return navigation.definition(ws, buffer, linted, params.position, ls.encoding)


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@on_open_note(links=True, progress="find references")
def references(
    ls: PmnotesServer, params: types.ReferenceParams, ws: Workspace, buffer: Buffer, linted: Linted
) -> list[types.Location] | None:
    return navigation.references(ws, buffer, linted, params.position)


@server.feature(types.TEXT_DOCUMENT_HOVER)
@on_open_note()
def on_hover(
    ls: PmnotesServer, params: types.HoverParams, ws: Workspace, buffer: Buffer, linted: Linted
) -> types.Hover | None:
    return hover.hover(ws, buffer, linted, params.position)


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
@on_open_note()
def prepare_rename(
    ls: PmnotesServer, params: types.PrepareRenameParams, ws: Workspace, buffer: Buffer, linted: Linted
) -> types.PrepareRenamePlaceholder | None:
    return rename.prepare(ws, buffer, linted, params.position)


@server.feature(types.TEXT_DOCUMENT_RENAME)
# Without every note's links a rename would miss some and break them: it waits for them.
@on_open_note(links=True, progress="rename")
def on_rename(
    ls: PmnotesServer, params: types.RenameParams, ws: Workspace, buffer: Buffer, linted: Linted
) -> types.WorkspaceEdit | None:
    return rename.rename(ws, buffer, linted, params.position, params.new_name, ls.encoding)


@server.feature(
    types.WORKSPACE_WILL_RENAME_FILES,
    types.FileOperationRegistrationOptions(
        filters=[types.FileOperationFilter(pattern=types.FileOperationPattern(glob="**/*.{md,markdown}"))]
    ),
)
async def will_rename_files(ls: PmnotesServer, params: types.RenameFilesParams) -> types.WorkspaceEdit | None:
    changes: list[types.TextDocumentEdit | types.CreateFile | types.RenameFile | types.DeleteFile] = []
    for ws in ls.workspaces:
        await ls.wait_for(ws, True, None, "renaming files")
        edit = rename.files_renamed(ws, params)
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
async def workspace_symbols(ls: PmnotesServer, params: types.WorkspaceSymbolParams) -> list[types.WorkspaceSymbol]:
    found: list[types.WorkspaceSymbol] = []
    for ws in ls.workspaces:
        await ls.wait_for(ws, False, params.work_done_token, "workspace symbols")
        found.extend(symbols.workspace_symbols(ws, params.query))
    return found


def main(stdin: BinaryIO, stdout: BinaryIO, startup: Startup) -> int:
    """`pmnotes server`: the language server over stdio, `startup` begun (`server.main`)."""
    server.startup = startup
    server.start_io(cast(BinaryIO, Replay(startup.first, stdin)), stdout)
    return server.exit_code
