"""The guard every request about an open note shares, as a decorator of its feature."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from lsprotocol import types

from .app import PmnotesServer
from .buffer import Buffer
from .linted import Linted
from .workspace import Workspace


class _OnDocument(Protocol):
    text_document: types.TextDocumentIdentifier


P = TypeVar("P", bound=_OnDocument)
R = TypeVar("R")
Feature = Callable[[PmnotesServer, P, Workspace, Buffer, Linted], R]


def on_open_note(
    links: bool = False, progress: str | None = None
) -> Callable[[Feature[P, R]], Callable[[PmnotesServer, P], Awaitable[R | None]]]:
    """A request about an open note: None for a note that is not open; else it waits until the
    index has the pages (`links`: every link too), then the feature gets the note's workspace,
    buffer and current lint. `progress`: what the wait says on the request's work-done token."""

    def wrap(feature: Feature[P, R]) -> Callable[[PmnotesServer, P], Awaitable[R | None]]:
        @functools.wraps(feature)
        async def handler(ls: PmnotesServer, params: P) -> R | None:
            uri = params.text_document.uri
            ws = ls.ws_of(uri)
            if ws is None or ls.buffer(uri) is None:
                return None
            token = getattr(params, "work_done_token", None) if progress is not None else None
            await ls.wait_for(ws, links, token, progress or "this request")
            linted = ls.snapshot(uri)
            buffer = ls.buffer(uri)
            if linted is None or buffer is None:
                return None
            return feature(ls, params, ws, buffer, linted)

        return handler

    return wrap
