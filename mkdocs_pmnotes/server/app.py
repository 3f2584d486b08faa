"""The language server's state: the workspaces, each open note's last lint, and the background index.

A note's diagnostics are never published before they are complete: the site
rules need every page's names, so an open note is linted once the first pass over
the site (`indexing.first_pass`, begun before pygls is even loaded: `startup`) is
installed. A client that pulls diagnostics (LSP 3.17) gets them in answer to its
request, which waits for that pass; one that does not gets them pushed.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from concurrent.futures import Future
from pathlib import Path

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.uris import to_fs_path

from ..core.discovery import CONFIG_NAMES
from ..lint.api import lint_file, lint_text
from .buffer import Buffer
from .completion import warm
from .diagnostics import is_local
from .indexing import FirstPass, Workers, abandon, first_pass, scan_links
from .linted import Linted
from .options import Options
from .positions import Lines
from .progress import Progress
from .startup import Startup
from .stdio_server import StdioServer
from .workspace import Workspace

logger = logging.getLogger("pmnotes.server")
PAUSE_PER_MB = 0.3  # seconds of quiet typing per megabyte of the note, beyond `debounceMs`
CONFIG_FILES = CONFIG_NAMES  # a change to any of them re-reads the workspace's configuration


class PmnotesServer(StdioServer):
    def __init__(self) -> None:
        super().__init__()
        self.workspaces: list[Workspace] = []  # one per workspace folder
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.options = Options()  # the client's `initializationOptions`
        self.startup = Startup()  # what began before the server was up
        self.indexing: dict[int, asyncio.Task[None]] = {}  # id(workspace) -> its indexing
        self.pull = False  # the client pulls diagnostics: nothing is pushed
        self.reports = Progress(self)
        self._serial = 0
        self._refresh: asyncio.Handle | None = None

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
            read, findings = lint_file(ws.linter, buffer.shown, buffer.name, buffer.disk)
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
                uri=buffer.uri, diagnostics=linted.diagnostics(self.options.guide_url), version=buffer.version
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
            delay = self.options.delay + PAUSE_PER_MB * size / 1_000_000
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

    async def index_workspace(self, ws: Workspace, early: Future[FirstPass] | None = None) -> None:
        """Index a workspace: its pages, then every note's links. `early`: its first pass, started
        before the server was up (`startup`)."""
        workers: Workers | None = None
        gc.unfreeze()  # the last indexing's objects may go now
        # Hundreds of thousands of objects are made below, all kept: each of the collector's walks
        # over them (it walks more often as they grow) would only slow the index down.
        gc.disable()
        loop = asyncio.get_running_loop()
        ws.progress = (0, "reading the notes' names")
        pending: asyncio.Future[FirstPass]
        if early is None:
            # The pass does not wait for the client to accept a progress token.
            pending = asyncio.ensure_future(first_pass(ws, self.options.index_processes))
        else:
            pending = asyncio.wrap_future(early)
        try:
            token = await self.reports.begin("pmnotes: indexing notes")
        except asyncio.CancelledError:
            pending.cancel()
            if early is not None:
                abandon(early)
            gc.enable()
            raise
        try:
            try:
                done = await pending
            except asyncio.CancelledError:
                if early is not None:
                    abandon(early)
                raise
            workers = done.workers
            workers.log = self.log
            ws.install_pages(done.scan, done.index)
            ws.progress = (10, f"{len(ws.pages)} notes; reading their links")
            self.reports.report(token, ws.progress[1], ws.progress[0])
            for uri in list(ws.buffers):
                self._run_lint(uri)

            def report(count: int, total: int) -> None:
                ws.progress = (10 + int(90 * count / max(total, 1)), f"links of {count}/{total} notes")
                self.reports.report(token, ws.progress[1], ws.progress[0])

            await scan_links(ws, workers, report)
            workers.stop(wait=True)  # idle by now
            await loop.run_in_executor(None, done.save)
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

    def start_indexing(self, ws: Workspace, early: Future[FirstPass] | None = None) -> None:
        running = self.indexing.get(id(ws))
        if running is not None and not running.done():
            running.cancel()
        self.indexing[id(ws)] = asyncio.ensure_future(self.index_workspace(ws, early))

    async def wait_for(self, ws: Workspace, links: bool, token: types.ProgressToken | None, what: str) -> None:
        """Wait until the index has the pages (or every link), showing progress on the request's token."""
        event = ws.links_known if links else ws.pages_known
        if event.is_set():
            return
        await self.reports.wait(event, token, f"pmnotes: {what} waits for the index", lambda: ws.progress)
        if ws.failed is not None:
            raise JsonRpcException(f"pmnotes could not index the workspace: {ws.failed}", code=-32803)
