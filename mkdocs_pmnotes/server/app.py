"""The language server's state: the workspaces, each open note's last lint, and the background index.

A note's diagnostics are never published before they are complete: the site
rules need every page's names, so an open note is linted once the first pass over
the site (`Workspace.scan_pages`, under a second on tens of thousands of notes) is
installed. A client that pulls diagnostics (LSP 3.17) gets them in answer to its
request, which waits for that pass; one that does not gets them pushed.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from lsprotocol import types
from pygls.exceptions import FeatureRequestError, JsonRpcException
from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..core.discovery import CONFIG_NAMES
from ..core.model import Note
from ..lint.api import Finding, lint_source, lint_text
from . import page_cache
from .completion import warm
from .diagnostics import GUIDE_URL, MAX_DIAGNOSTICS, diagnostic, is_local, too_many
from .indexing import Workers, scan_links, scan_pages, worker_count
from .positions import Lines
from .progress import Progress
from .protocol import BoundedReader, Protocol
from .workspace import Buffer, Workspace

logger = logging.getLogger("pmnotes.server")
DEBOUNCE = 0.05  # seconds of quiet typing before a note is linted again
PAUSE_PER_MB = 0.3  # and this much more per megabyte of the note
CONFIG_FILES = CONFIG_NAMES  # a change to any of them re-reads the workspace's configuration


@dataclass
class Linted:
    """The last lint of an open note: the text it saw and what it found."""

    text: str
    note: Note
    findings: list[Finding]
    lines: Lines
    fixable: bool  # False when the text is a lenient reading of a file that is not UTF-8
    complete: bool  # False before the site's pages are known (site rules left out)
    serial: int = 0  # which lint this is: a pulled report's result id

    def diagnostics(self, guide: str) -> list[types.Diagnostic]:
        found = [diagnostic(f, self.note, self.lines, guide) for f in self.findings[:MAX_DIAGNOSTICS]]
        if len(self.findings) > MAX_DIAGNOSTICS:
            found.append(too_many(len(self.findings) - MAX_DIAGNOSTICS))
        return found


class PmnotesServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "pmnotes",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=Protocol,
        )
        self.workspaces: list[Workspace] = []  # one per workspace folder
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.guide = GUIDE_URL
        self.delay = DEBOUNCE
        self.indexing: dict[int, asyncio.Task[None]] = {}  # id(workspace) -> its indexing
        self.workers: int | None = None  # `indexProcesses`: None chooses by the site's size
        self.pull = False  # the client pulls diagnostics: nothing is pushed
        self.reports = Progress(self)
        self._serial = 0
        self._refresh: asyncio.Handle | None = None

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """pygls' stdio loop with a reader that never allocates an absurd `Content-Length`."""
        self._stop_event = threading.Event()
        reader = BoundedReader(stdin or sys.stdin.buffer, self.thread_pool)
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(
                run_async(
                    stop_event=self._stop_event,
                    reader=reader,
                    protocol=self.protocol,
                    logger=logger,
                    error_handler=self.report_server_error,
                )
            )
        except BrokenPipeError:
            logger.error("the client is gone; shutting down")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]  # pygls leaves it unannotated

    @property
    def exit_code(self) -> int:
        """The spec's: 0 after `shutdown`, 1 when the server stops without one."""
        return 0 if self.protocol._shutdown else 1

    # Messages -----------------------------------------------------------------------------

    def log(self, message: str, level: types.MessageType = types.MessageType.Info) -> None:
        logger.log(logging.WARNING if level <= types.MessageType.Warning else logging.INFO, "%s", message)
        try:
            self.window_log_message(types.LogMessageParams(type=level, message=message))
        except Exception:
            logger.exception("cannot send a log message")

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Errors outside a request: a message the client could not send right gets a JSON-RPC error."""
        logger.error("%s: %s", getattr(source, "__name__", source), error)
        if source is FeatureRequestError:
            return
        if source is JsonRpcException:
            code, what = (
                (-32700, "Parse error") if isinstance(error, json.JSONDecodeError) else (-32600, "Invalid request")
            )
            self.protocol._send_data(
                {"jsonrpc": "2.0", "id": None, "error": {"code": code, "message": f"{what}: {error}"}}
            )
        self.log(f"pmnotes: {error}", types.MessageType.Error)

    @property
    def encoding(self) -> str:
        kind = getattr(self.workspace, "position_encoding", None) or types.PositionEncodingKind.Utf16
        return str(getattr(kind, "value", kind))

    # Documents ----------------------------------------------------------------------------

    @property
    def ws(self) -> Workspace | None:
        """The first workspace folder's workspace."""
        return self.workspaces[0] if self.workspaces else None

    def ws_for(self, path: Path | None) -> Workspace | None:
        """The workspace of the innermost folder holding `path`; the first one otherwise."""
        best, depth = self.ws, -1
        if path is not None:
            real = os.path.realpath(path)
            for ws in self.workspaces:
                if ws.root is None:
                    continue
                root = os.path.realpath(ws.root)
                if (real == root or real.startswith(root + os.sep)) and len(root) > depth:
                    best, depth = ws, len(root)
        return best

    def ws_of(self, uri: str) -> Workspace | None:
        """The workspace holding the open document `uri`, else the one its path belongs to."""
        for ws in self.workspaces:
            if uri in ws.buffers:
                return ws
        path = to_fs_path(uri)
        return self.ws_for(Path(path) if path else None)

    def buffer(self, uri: str) -> Buffer | None:
        for ws in self.workspaces:
            if uri in ws.buffers:
                return ws.buffers[uri]
        return None

    def snapshot(self, uri: str) -> Linted | None:
        """The open note as it is now, linted (at once, if a lint is pending)."""
        buffer = self.buffer(uri)
        if buffer is None:
            return None
        linted = self.linted.get(uri)
        ws = self.ws_of(uri)
        stale = ws is not None and ws.ready and not linted.complete if linted is not None else True
        if linted is None or linted.text != buffer.text or stale or uri in self.pending:
            linted = self.lint(uri, publish=not self.pull)
        return linted

    def lint(self, uri: str, publish: bool = True) -> Linted | None:
        """Lint an open note; publish its diagnostics when they are complete (and pushed)."""
        ws, buffer = self.ws_of(uri), self.buffer(uri)
        if ws is None or buffer is None:
            return None
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        parsed = ws.parse(buffer.text, buffer.name)
        if ws.changed(buffer.name, parsed):
            # A new title, heading or timestamp here: the other open notes may lint differently.
            for other in ws.buffers:
                if other != uri:
                    self.schedule(other)
        if buffer.disk is not None and not buffer.edited:
            # A file that is not UTF-8: judged on its bytes, exactly as the CLI reads it.
            read, findings = lint_source(ws.linter, buffer.shown, buffer.name, buffer.disk)
            # A source without text (which did_open does not keep) has no note to lint: the buffer's stands in.
            note = read if read is not None else parsed
            text, fixable = buffer.disk.text or "", False
        else:
            note, findings = lint_text(ws.linter, buffer.shown, buffer.name, buffer.text, parsed)
            text, fixable = buffer.text, True
        for line in ws.linter.errors:
            self.log(line, types.MessageType.Warning)
        ws.linter.errors.clear()
        ws.index.forget()  # notes read for evidence are read again when needed; memory stays flat
        complete = ws.ready
        if ws.failed is not None:
            findings = [f for f in findings if is_local(f.code)]  # no index: only what needs none
            complete = True
        self._serial += 1
        linted = Linted(buffer.text, note, findings, Lines(text, self.encoding), fixable, complete, self._serial)
        self.linted[uri] = linted
        if publish and complete:
            self.publish(buffer, linted)
        return linted

    def publish(self, buffer: Buffer, linted: Linted) -> None:
        if self.pull:
            self.refresh_diagnostics()
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=buffer.uri, diagnostics=linted.diagnostics(self.guide), version=buffer.version
            )
        )

    def refresh_diagnostics(self) -> None:
        """Ask a pulling client to pull again (once for every change made in one turn of the loop)."""
        if self._refresh is not None:
            return
        workspace = self.client_capabilities.workspace
        refresh = workspace.diagnostics.refresh_support if workspace and workspace.diagnostics else False
        if not refresh:
            return

        def send() -> None:
            self._refresh = None
            self.workspace_diagnostic_refresh(None)

        self._refresh = asyncio.get_running_loop().call_soon(send)

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
        except Exception as exc:
            logger.exception("lint failed")
            self.log(f"pmnotes: linting {uri} failed: {type(exc).__name__}: {exc}", types.MessageType.Error)

    def relint_all(self, ws: Workspace | None = None) -> None:
        for each in [ws] if ws is not None else self.workspaces:
            for uri in list(each.buffers):
                self.schedule(uri)

    # Indexing -----------------------------------------------------------------------------

    async def index_workspace(self, ws: Workspace) -> None:
        workers: Workers | None = None
        gc.unfreeze()  # the last indexing's objects may go now
        # Hundreds of thousands of objects are made below, all kept: each of the collector's walks
        # over them (it walks more often as they grow) would only slow the index down.
        gc.disable()
        loop = asyncio.get_running_loop()
        since = page_cache.now()
        cache = page_cache.cache_file(ws.roots, list(ws.settings.exclude), ws.settings.max_file_size)
        ws.progress = (0, "reading the notes' names")
        # The walk does not wait for the client to accept a progress token.
        walking = asyncio.gather(
            loop.run_in_executor(None, ws.walk), loop.run_in_executor(None, page_cache.load, cache)
        )
        token = await self.reports.begin("pmnotes: indexing notes")
        try:
            files, kept = await walking
            workers = Workers(worker_count(len(files), self.workers), self.log)
            # Started now, they share the first pass once they are up (this process starts it alone).
            workers.start()
            scan = await scan_pages(ws, files, workers, kept)
            ws.install_pages(scan)
            ws.progress = (10, f"{len(ws.pages)} notes; reading their links")
            self.reports.report(token, ws.progress[1], ws.progress[0])
            for uri in list(ws.buffers):
                self._run_lint(uri)

            def report(done: int, total: int) -> None:
                ws.progress = (10 + int(90 * done / max(total, 1)), f"links of {done}/{total} notes")
                self.reports.report(token, ws.progress[1], ws.progress[0])

            await scan_links(ws, workers, report)
            workers.stop(wait=True)  # idle by now
            if scan.known < len(scan.pages) or len(kept) != len(scan.pages):
                await loop.run_in_executor(None, page_cache.save, cache, scan.files, scan.kept(), since)
            warm(ws)  # the first completion should not pay for ranking tables of the whole site
            # What the index holds lives until the next indexing: the collector need not walk it
            # again and again (on a large site, each walk would pause the server).
            gc.freeze()
            self.log(f"pmnotes: indexed {len(ws.pages)} notes in {ws.root or 'no folder'}")
        except Exception as exc:
            logger.exception("indexing failed")
            self.log(f"pmnotes: indexing failed: {type(exc).__name__}: {exc}", types.MessageType.Error)
            ws.failed = f"{type(exc).__name__}: {exc}"
            ws.pages_known.set()
            ws.links_known.set()
            self.relint_all(ws)
        finally:
            gc.enable()
            if workers is not None:
                workers.stop()
            ws.progress = (100, "")
            self.reports.end(token, f"{len(ws.pages)} notes indexed")

    def start_indexing(self, ws: Workspace) -> None:
        running = self.indexing.get(id(ws))
        if running is not None and not running.done():
            running.cancel()
        self.indexing[id(ws)] = asyncio.ensure_future(self.index_workspace(ws))

    async def wait_for(self, ws: Workspace, links: bool, token: types.ProgressToken | None, what: str) -> None:
        """Wait until the index has the pages (or every link), showing progress on the request's token."""
        event = ws.links_known if links else ws.pages_known
        if event.is_set():
            return
        await self.reports.wait(event, token, f"pmnotes: {what} waits for the index", lambda: ws.progress)
        if ws.failed is not None:
            raise JsonRpcException(f"pmnotes could not index the workspace: {ws.failed}", code=-32803)
