"""A pytest-lsp client for `pmnotes server`, and the small functions the server tests share."""

from __future__ import annotations

import asyncio
import functools
import sys
import threading
from pathlib import Path

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

BIN = Path(sys.executable).parent
PMNOTES = str(BIN / "pmnotes") if (BIN / "pmnotes").exists() else "pmnotes"
WAIT = 30.0  # seconds before a wait gives up: a hang fails the test instead of blocking the run


def make_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics with its version."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []  # type: ignore[attr-defined]
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations = params.registrations  # type: ignore[attr-defined]

    client.refreshes = 0  # type: ignore[attr-defined]

    def refresh(client: LanguageClient, params: None) -> None:
        client.refreshes += 1  # type: ignore[attr-defined]

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    features[types.WORKSPACE_DIAGNOSTIC_REFRESH] = refresh
    register_lsp_features(client, features)
    return client


async def start(
    root: Path | list[Path] | None, options: dict | None = None, capabilities: types.ClientCapabilities | None = None
) -> LanguageClient:
    """A client that has initialized the server; VS Code 1.65's capabilities (it is pushed diagnostics)."""
    config = ClientServerConfig(server_command=[PMNOTES, "server"], client_factory=make_client)
    client = await config.start()
    roots = root if isinstance(root, list) else [root] if root else []
    folders = [types.WorkspaceFolder(uri=r.as_uri(), name=r.name) for r in roots] or None
    root = roots[0] if roots else None
    params = types.InitializeParams(
        capabilities=capabilities or client_capabilities("visual-studio-code"),
        workspace_folders=folders,
        root_uri=root.as_uri() if root else None,
        initialization_options={"debounceMs": 10, **(options or {})},
    )
    client.capabilities = params.capabilities  # what pytest-lsp checks the server's answers against
    await client.initialize_async(params)
    client.initialized(types.InitializedParams())
    return client


async def stop(client: LanguageClient) -> None:
    """shutdown, then exit, then wait for the process: the orderly end a client owes a server."""
    if client.error is None:
        await client.shutdown_async(None)
        client.exit(None)
        if client._server is not None:
            assert await client._server.wait() == 0, "the server did not exit cleanly"
    await client.stop()


async def until(predicate, what: str):
    """Wait for `predicate()` to return something truthy; fail (not hang) after WAIT seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while True:
        value = predicate()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


def indexed(client: LanguageClient) -> int:
    """How many indexings (one per workspace folder) the server has finished."""
    return sum(
        any(isinstance(v, types.WorkDoneProgressEnd) for v in values)
        for token, values in client.progress_reports.items()
        if str(token).startswith("pmnotes-index")
    )


async def ready(client: LanguageClient, folders: int = 1) -> None:
    await until(lambda: indexed(client) >= folders, "the index")


def open_note(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    uri = path.as_uri()
    content = path.read_text(encoding="utf-8") if text is None else text
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=content)
        )
    )
    return uri


async def diagnostics(client: LanguageClient, uri: str, version: int | None = None, after: int = 0):
    """The first diagnostics published for `uri` (at `version`) after the `after`-th notification."""

    def found():
        for params in client.published[after:]:  # type: ignore[attr-defined]
            if params.uri == uri and (version is None or params.version == version):
                return params
        return None

    params = await until(found, f"diagnostics of {uri}")
    return list(params.diagnostics)


def change(
    client: LanguageClient, uri: str, version: int, start: tuple[int, int], end: tuple[int, int], text: str
) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(*start), types.Position(*end)), text=text
                )
            ],
        )
    )


def position_of(text: str, needle: str, nth: int = 0, inside: int = 0) -> types.Position:
    """The LSP position of the nth `needle` in `text` (plus `inside` characters); BMP text only."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    offset += inside
    line = text.count("\n", 0, offset)
    return types.Position(line, offset - (text.rfind("\n", 0, offset) + 1))


def apply_edit(edit: types.WorkspaceEdit) -> None:
    """Apply a WorkspaceEdit to the files on disk, as an editor would."""
    from pygls.uris import to_fs_path

    for change_ in edit.document_changes or []:
        if isinstance(change_, types.CreateFile):
            path = Path(to_fs_path(change_.uri))
            if not path.exists():
                path.write_text("", encoding="utf-8")
        elif isinstance(change_, types.RenameFile):
            Path(to_fs_path(change_.old_uri)).rename(to_fs_path(change_.new_uri))
        elif isinstance(change_, types.TextDocumentEdit):
            path = Path(to_fs_path(change_.text_document.uri))
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            path.write_text(apply_text_edits(text, change_.edits), encoding="utf-8", newline="")
    for uri, edits in (edit.changes or {}).items():
        path = Path(to_fs_path(uri))
        path.write_text(apply_text_edits(path.read_text(encoding="utf-8"), edits), encoding="utf-8", newline="")


def apply_text_edits(text: str, edits) -> str:
    from mkdocs_pmnotes.server.positions import Lines

    lines = Lines(text)
    spans = sorted(((lines.offset(e.range.start), lines.offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


class Servers:
    """Every server a test starts, stopped in order when the test ends."""

    def __init__(self) -> None:
        self.clients: list[LanguageClient] = []

    async def __call__(
        self,
        root: Path | list[Path] | None,
        options: dict | None = None,
        capabilities: types.ClientCapabilities | None = None,
    ) -> LanguageClient:
        client = await start(root, options, capabilities)
        self.clients.append(client)
        return client

    async def close(self) -> None:
        for client in self.clients:
            await stop(client)


def lsp(test):
    """Run an async test in an event loop of its own, on a thread of its own.

    The browser tests keep Playwright's event loop running on the main thread
    for the whole run, so these tests cannot share that thread's loop.
    """

    @functools.wraps(test)
    def run(*args, **kwargs):
        servers = next((v for v in kwargs.values() if isinstance(v, Servers)), None)
        outcome: dict = {}

        async def body():
            try:
                await test(*args, **kwargs)
            finally:
                if servers is not None:
                    await servers.close()

        def thread():
            try:
                asyncio.run(body())
            except BaseException as exc:
                outcome["error"] = exc

        worker = threading.Thread(target=thread, name=test.__name__)
        worker.start()
        worker.join()
        if "error" in outcome:
            raise outcome["error"]

    return run


def run_apart(coroutine):
    """`asyncio.run(coroutine)` on a thread of its own, for the reason `lsp` gives."""
    outcome: dict = {}

    def thread():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=thread)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
