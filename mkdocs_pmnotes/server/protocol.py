"""JSON-RPC as pygls speaks it, with an answer for every request and a bounded reader.

- A request whose params do not fit its method: pygls turns it into an exception while
  decoding, before it knows the request's id, so the client would wait forever.
- A request before `initialize` gets the spec's ServerNotInitialized (-32002); one after
  `shutdown` gets InvalidRequest (-32600): pygls would drop both unanswered.
- An id that is neither a number nor a string cannot be echoed: the error goes out with
  id null, as JSON-RPC says.
- A `Content-Length` past `MAX_MESSAGE` is never allocated: its bytes are read and dropped
  in small pieces, and the message is answered like any other that cannot be read.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, BinaryIO

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.io_ import StdinAsyncReader
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import RPCMessage

logger = logging.getLogger(__name__)

MAX_MESSAGE = 256 * 1024 * 1024  # a 32 MB note, JSON-escaped, with room to spare
_PIECE = 1024 * 1024
NOT_INITIALIZED = -32002
INVALID_REQUEST = -32600
# What the reader hands on in place of an oversized message: a notification of a method
# no one serves (`$/` methods may be ignored), so the loop goes on and nothing is answered.
OVERSIZED = b'{"jsonrpc": "2.0", "method": "$/pmnotes/oversizedMessage", "params": null}'


@dataclass
class Unusable:
    """A request that could not be read as its method's params."""

    id: Any
    error: JsonRpcException
    jsonrpc: str = "2.0"


def _usable_id(value: Any) -> int | str | None:
    return value if isinstance(value, (int, str)) and not isinstance(value, bool) else None


class Protocol(LanguageServerProtocol):
    initialized = False  # set once `initialize` has been answered

    # As json's object hook this meets every object of a message, so it returns plain dicts too.
    def structure_message(self, data: dict[str, Any]) -> object:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "id" in data and "method" in data:
                return Unusable(data["id"], exc)
            raise

    def handle_message(self, message: RPCMessage | Unusable) -> None:
        if isinstance(message, Unusable):
            error = message.error.to_response_error()
            self._send_data({"jsonrpc": "2.0", "id": _usable_id(message.id), "error": error})
            return
        method = getattr(message, "method", None)
        request_id = getattr(message, "id", None)
        is_request = method is not None and request_id is not None
        if is_request and _usable_id(request_id) is None:
            self._refuse(message, INVALID_REQUEST, "a request id is a number or a string")
            return
        if is_request and method != types.INITIALIZE and not self.initialized:
            self._refuse(message, NOT_INITIALIZED, "the server is not initialized: send `initialize` first")
            return
        if is_request and self._shutdown and method != types.EXIT:
            self._refuse(message, INVALID_REQUEST, "the server is shutting down: only `exit` is served")
            return
        if method == types.INITIALIZE:
            self.initialized = True
        super().handle_message(message)

    def _refuse(self, message: Any, code: int, text: str) -> None:
        self._send_data({"jsonrpc": "2.0", "id": _usable_id(message.id), "error": {"code": code, "message": text}})


class BoundedReader(StdinAsyncReader):
    """stdin for pygls' message loop, refusing to allocate an absurd `Content-Length`."""

    def __init__(self, stdin: BinaryIO, executor: ThreadPoolExecutor | None = None) -> None:
        super().__init__(stdin, executor)

    def readexactly(self, n: int) -> Any:
        if n <= MAX_MESSAGE:
            return super().readexactly(n)
        return self.loop.run_in_executor(self.executor, self._drop, n)

    def _drop(self, n: int) -> bytes:
        logger.error("a message of %d bytes is over the %d-byte limit: dropped", n, MAX_MESSAGE)
        while n > 0:
            piece = self.stdin.read(min(n, _PIECE))
            if not piece:
                return b""  # the client is gone
            n -= len(piece)
        return OVERSIZED
