"""A bare JSON-RPC client over the server's stdio, for messages no well-behaved client sends."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path

from .lsp_support import PMNOTES, WAIT


class RawServer:
    def __init__(self, root: Path | None, initialize: bool = True) -> None:
        self.process = subprocess.Popen(
            [PMNOTES, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.messages: queue.Queue = queue.Queue()
        self.garbage: list[bytes] = []  # stdout bytes that are not a framed message
        self.readers = [
            threading.Thread(target=self._read, daemon=True),
            threading.Thread(target=self.process.stderr.read, daemon=True),
        ]
        for reader in self.readers:
            reader.start()
        if not initialize:
            return
        self.request(
            1, "initialize", {"processId": None, "rootUri": root.as_uri() if root else None, "capabilities": {}}
        )
        self.wait_for(1)
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            header = stream.readline()
            if not header:
                return
            if not header.startswith(b"Content-Length: "):
                if header.strip() and not header.startswith(b"Content-Type: "):
                    self.garbage.append(header)
                continue
            length = int(header.split(b":")[1])
            while stream.readline().strip():
                pass
            body = stream.read(length)
            try:
                self.messages.put(json.loads(body))
            except ValueError:
                self.garbage.append(body)

    def write(self, body: bytes) -> None:
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def send(self, message: dict) -> None:
        self.write(json.dumps(message).encode("utf-8"))

    def request(self, msg_id, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})

    def wait_for(self, msg_id, error_of_none: bool = False) -> dict:
        """The response to `msg_id` (`None`: an error answering no request)."""
        while True:
            message = self.messages.get(timeout=WAIT)
            if "method" in message:
                if "id" in message:  # a request from the server: say yes
                    self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            if message.get("id") == msg_id:
                return message

    def close(self) -> int:
        if self.process.poll() is None:
            self.request(999, "shutdown", None)
            self.wait_for(999)
            self.send({"jsonrpc": "2.0", "method": "exit", "params": None})
        try:
            return self.process.wait(timeout=WAIT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            for reader in self.readers:
                reader.join(timeout=WAIT)
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                stream.close()
