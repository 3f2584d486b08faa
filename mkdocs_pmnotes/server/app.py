"""The language server's state: the workspace, each open note's last lint, and the background index."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.exceptions import FeatureRequestError, JsonRpcException
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..core.model import Note
from ..core.parse import parse_note
from ..lint.api import lint_source, lint_text
from ..lint.rule import Finding
from .diagnostics import GUIDE_URL, MAX_DIAGNOSTICS, diagnostic, is_local, too_many
from .positions import Lines
from .protocol import Protocol
from .workspace import Buffer, Workspace

logger = logging.getLogger("pmnotes.server")
DEBOUNCE = 0.05  # seconds of quiet typing before a note is linted again
PAUSE_PER_MB = 0.3  # and this much more per megabyte of the note
CONFIG_FILES = ("mkdocs.yml", "pyproject.toml")


@dataclass
class Linted:
    """The last lint of an open note: the text it saw and what it found."""

    text: str
    note: Note
    findings: list[Finding]
    lines: Lines
    fixable: bool  # False when the text is a lenient reading of a file that is not UTF-8
    complete: bool  # False before the site is indexed (site rules left out)


class PmnotesServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "pmnotes", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental, protocol_cls=Protocol
        )
        self.ws: Workspace | None = None
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.guide = GUIDE_URL
        self.delay = DEBOUNCE
        self.indexing: asyncio.Task | None = None

    # Messages -----------------------------------------------------------------------------

    def log(self, message: str, level: types.MessageType = types.MessageType.Info) -> None:
        logger.log(logging.WARNING if level <= types.MessageType.Warning else logging.INFO, "%s", message)
        try:
            self.window_log_message(types.LogMessageParams(type=level, message=message))
        except Exception:  # noqa: BLE001 - logging must never end the server
            logger.exception("cannot send a log message")

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Errors outside a request: a message the client could not send right gets a JSON-RPC error."""
        logger.error("%s: %s", getattr(source, "__name__", source), error)
        if source is FeatureRequestError:
            return
        if source is JsonRpcException:
            code, what = (-32700, "Parse error") if isinstance(error, json.JSONDecodeError) else (-32600, "Invalid request")
            self.protocol._send_data({"jsonrpc": "2.0", "id": None, "error": {"code": code, "message": f"{what}: {error}"}})
        self.log(f"pmnotes: {error}", types.MessageType.Error)

    @property
    def encoding(self) -> str:
        kind = getattr(self.workspace, "position_encoding", None) or types.PositionEncodingKind.Utf16
        return str(getattr(kind, "value", kind))

    # Documents ----------------------------------------------------------------------------

    def buffer(self, uri: str) -> Buffer | None:
        return self.ws.buffers.get(uri) if self.ws else None

    def snapshot(self, uri: str) -> Linted | None:
        """The open note as it is now, linted (at once, if a lint is pending)."""
        buffer = self.buffer(uri)
        if buffer is None:
            return None
        linted = self.linted.get(uri)
        if linted is None or linted.text != buffer.text or (self.ws.ready and not linted.complete):
            linted = self.lint(uri, publish=True)
        return linted

    def lint(self, uri: str, publish: bool = True) -> Linted | None:
        ws, buffer = self.ws, self.buffer(uri)
        if ws is None or buffer is None:
            return None
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        parsed = parse_note(buffer.text, buffer.name)
        if ws.changed(buffer.name, parsed):
            # A new title, heading or timestamp here: the other open notes may lint differently.
            for other in ws.buffers:
                if other != uri:
                    self.schedule(other)
        if buffer.disk is not None and not buffer.edited:
            # A file that is not UTF-8: judged on its bytes, exactly as the CLI reads it.
            note, findings = lint_source(ws.linter, buffer.shown, buffer.name, buffer.disk)
            text, fixable = buffer.disk.text or "", False
        else:
            note, findings = lint_text(ws.linter, buffer.shown, buffer.name, buffer.text, parsed)
            text, fixable = buffer.text, True
        for line in ws.linter.errors:
            self.log(line, types.MessageType.Warning)
        ws.linter.errors.clear()
        ws.index.forget()  # notes read for evidence are read again when needed; memory stays flat
        if not ws.ready:
            findings = [f for f in findings if is_local(f.code)]
        lines = Lines(text, self.encoding)
        linted = Linted(buffer.text, note, findings, lines, fixable, ws.ready)
        self.linted[uri] = linted
        if publish:
            diagnostics = [diagnostic(f, note, lines, self.guide) for f in findings[:MAX_DIAGNOSTICS]]
            if len(findings) > MAX_DIAGNOSTICS:
                diagnostics.append(too_many(len(findings) - MAX_DIAGNOSTICS))
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=buffer.version)
            )
        return linted

    def schedule(self, uri: str, delay: float | None = None) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        if delay is None:
            buffer = self.buffer(uri)
            # A huge note takes seconds to lint: wait for a longer pause in the typing first.
            size = len(buffer.text) if buffer is not None else 0
            delay = self.delay + PAUSE_PER_MB * size / 1_000_000
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(delay, self._run_lint, uri)

    def _run_lint(self, uri: str) -> None:
        self.pending.pop(uri, None)
        try:
            self.lint(uri)
        except Exception as exc:  # noqa: BLE001 - a failed lint is logged, the server goes on
            logger.exception("lint failed")
            self.log(f"pmnotes: linting {uri} failed: {type(exc).__name__}: {exc}", types.MessageType.Error)

    def relint_all(self) -> None:
        for uri in list(self.ws.buffers if self.ws else ()):
            self.schedule(uri)

    # Indexing -----------------------------------------------------------------------------

    async def index_workspace(self) -> None:
        ws = self.ws
        if ws is None:
            return
        loop = asyncio.get_running_loop()
        token = await self.begin_progress("pmnotes: indexing notes")
        try:
            scan = await loop.run_in_executor(None, ws.scan_pages)
            if self.ws is not ws:
                return
            ws.install_pages(scan)
            self.report_progress(token, f"{len(scan.pages)} notes; reading their links", 10)
            for uri in list(ws.buffers):
                self._run_lint(uri)

            def report(done: int, total: int) -> None:
                percent = 10 + int(90 * done / max(total, 1))
                loop.call_soon_threadsafe(self.report_progress, token, f"links of {done}/{total} notes", percent)

            files = dict(ws.files)
            links, sources = await loop.run_in_executor(
                None, ws.scan_links, files, list(ws.settings.source_prefixes), report
            )
            if self.ws is ws:
                ws.install_links(links, sources)
                self.log(f"pmnotes: indexed {len(ws.pages)} notes")
        except Exception as exc:  # noqa: BLE001
            logger.exception("indexing failed")
            self.log(f"pmnotes: indexing failed: {type(exc).__name__}: {exc}", types.MessageType.Error)
        finally:
            self.end_progress(token, f"{len(ws.pages)} notes indexed")

    async def begin_progress(self, title: str) -> str | None:
        window = self.client_capabilities.window
        if not (window and window.work_done_progress):
            return None
        token = f"pmnotes-index-{id(self.ws)}"
        try:
            await self.work_done_progress.create_async(token)
        except Exception:  # noqa: BLE001 - a client that refuses still gets diagnostics
            return None
        self.work_done_progress.begin(token, types.WorkDoneProgressBegin(title=title, percentage=0, cancellable=False))
        return token

    def report_progress(self, token: str | None, message: str, percent: int) -> None:
        if token is not None:
            self.work_done_progress.report(token, types.WorkDoneProgressReport(message=message, percentage=percent))

    def end_progress(self, token: str | None, message: str) -> None:
        if token is not None:
            self.work_done_progress.end(token, types.WorkDoneProgressEnd(message=message))

    def start_indexing(self) -> None:
        if self.indexing is not None and not self.indexing.done():
            self.indexing.cancel()
        self.indexing = asyncio.ensure_future(self.index_workspace())
