"""JSON-RPC as pygls speaks it, plus an answer for a request whose params do not fit its method.

pygls turns such a request into an exception while decoding, before it knows
the request's id, so the client would wait for an answer forever.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import RPCMessage


@dataclass
class Unusable:
    """A request that could not be read as its method's params."""

    id: Any
    error: JsonRpcException
    jsonrpc: str = "2.0"


class Protocol(LanguageServerProtocol):
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
            self._send_response(message.id, None, message.error.to_response_error())
            return
        super().handle_message(message)
