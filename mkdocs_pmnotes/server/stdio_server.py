"""pygls' language server as `pmnotes server` runs it over stdio.

A bounded reader (`protocol.BoundedReader`), the spec's exit code, an answer for a
message that could not be read, and log messages that reach both stderr and the client.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import threading
from typing import Any, BinaryIO

from lsprotocol import types
from pygls.exceptions import FeatureRequestError, JsonRpcException
from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer

from .. import __version__
from .protocol import BoundedReader, Protocol

logger = logging.getLogger("pmnotes.server")


class StdioServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "pmnotes",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=Protocol,
        )

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
