"""Work done progress (`$/progress`): the index's own, and a waiting request's.

The index reports on a token the server creates (when the client can show one).
A request that must wait for the index (references, rename, workspace symbols)
reports on the token the client sent with it, if any, so the editor shows that
this answer is coming rather than an empty one.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from lsprotocol import types
from pygls.lsp.server import LanguageServer

POLL = 0.25  # seconds between two reports to a waiting request


class Progress:
    def __init__(self, server: LanguageServer) -> None:
        self.server = server
        self.count = 0

    async def begin(self, title: str) -> str | None:
        """A token of the server's own, begun; None when the client shows no progress."""
        window = self.server.client_capabilities.window
        if not (window and window.work_done_progress):
            return None
        self.count += 1
        token = f"pmnotes-index-{self.count}"
        try:
            await self.server.work_done_progress.create_async(token)
        except Exception:
            return None
        self._begin(token, title)
        return token

    def _begin(self, token: types.ProgressToken, title: str) -> None:
        begun = types.WorkDoneProgressBegin(title=title, percentage=0, cancellable=False)
        self.server.work_done_progress.begin(token, begun)

    def report(self, token: types.ProgressToken | None, message: str, percent: int) -> None:
        if token is not None:
            update = types.WorkDoneProgressReport(message=message, percentage=percent)
            self.server.work_done_progress.report(token, update)

    def end(self, token: types.ProgressToken | None, message: str) -> None:
        if token is not None:
            self.server.work_done_progress.end(token, types.WorkDoneProgressEnd(message=message))

    async def wait(
        self,
        event: asyncio.Event,
        token: types.ProgressToken | None,
        title: str,
        state: Callable[[], tuple[int, str]],
    ) -> None:
        """Wait for `event`, reporting `state()` (percent, message) on `token` meanwhile."""
        if token is None:
            await event.wait()
            return
        self._begin(token, title)
        try:
            while not event.is_set():
                percent, message = state()
                self.report(token, message, percent)
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(event.wait(), POLL)
        finally:
            self.end(token, "the index is ready")
