"""What `pmnotes server` does before the protocol machinery is loaded.

Loading pygls and lsprotocol takes most of a second, and the client's `initialize`
request, which names the workspace folders, waits on stdin all that time. So the
first message is read at once (and handed to pygls' reader as it came), and the first
pass over each folder it names (`indexing.first_pass`) starts in a thread while the
rest loads: an opened note's diagnostics need that pass, not the protocol. On a large
site, processes forked before the thread starts (`forked`) read for it on the cores the
import leaves idle. The `initialize` handler adopts what was started for the folders it
names. Anything else (a first message that is not `initialize`, a header pygls would
not read) leaves the bytes read to pygls, and the server starts as it would have.
"""

from __future__ import annotations

import asyncio
import gc
import io
import json
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from pygls.uris import to_fs_path

from .options import Options

if TYPE_CHECKING:
    from .indexing import FirstPass
    from .workspace import Workspace

MAX_FIRST = 16 * 1024 * 1024  # a larger first message is left to pygls' (bounded) reader
MAX_HEADER = 4096  # bytes of one header line
MAX_HEADERS = 16  # header lines


def read_first(stdin: BinaryIO) -> tuple[bytes, dict[str, Any] | None]:
    """(every byte read, the first message when it is a JSON object), reading no further than it.

    The header is read as pygls reads it (`Content-Length: N` and a blank line); anything
    else stops the reading where it is, and pygls meets the same bytes.
    """
    read: list[bytes] = []
    length = None
    for _ in range(MAX_HEADERS):
        line = stdin.readline(MAX_HEADER)
        read.append(line)
        if not line.endswith(b"\r\n"):
            return b"".join(read), None
        if line == b"\r\n":
            break
        name, _, value = line[:-2].partition(b": ")
        if name == b"Content-Length" and value.isdigit() and length is None:
            length = int(value)
    else:
        return b"".join(read), None
    if length is None or length > MAX_FIRST:
        return b"".join(read), None
    body = stdin.read(length)
    read.append(body)
    try:
        message = json.loads(body)
    except ValueError:
        message = None
    return b"".join(read), message if isinstance(message, dict) else None


def roots_of(params: dict[str, Any]) -> list[Path]:
    """`handlers.workspace_roots` on the request as JSON."""
    folders = params.get("workspaceFolders")
    given = [f.get("uri") for f in folders if isinstance(f, dict)] if isinstance(folders, list) else []
    uris: list[str] = [uri for uri in given if isinstance(uri, str)]
    if not uris and isinstance(params.get("rootUri"), str):
        uris = [params["rootUri"]]
    found = [Path(path) for path in (to_fs_path(uri) for uri in uris) if path]
    if not found and isinstance(params.get("rootPath"), str) and params["rootPath"]:
        found = [Path(params["rootPath"])]
    return [root for root in found if root.is_dir()]


class Replay(io.RawIOBase):
    """stdin with the bytes already read put back in front of it."""

    def __init__(self, first: bytes, stdin: BinaryIO) -> None:
        super().__init__()
        self.first = io.BytesIO(first)
        self.stdin = stdin

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> bytes:
        size = -1 if size is None else size
        line = self.first.readline(size)
        if line.endswith(b"\n") or 0 <= size <= len(line):
            return line
        return line + self.stdin.readline(size - len(line) if size >= 0 else -1)

    def read(self, size: int | None = -1) -> bytes:
        size = -1 if size is None else size
        data = self.first.read(size)
        if size < 0:
            return data + self.stdin.read()
        if len(data) < size:
            data += self.stdin.read(size - len(data))
        return data


@dataclass
class Startup:
    """The first message, and the first passes started for the folders it names."""

    first: bytes = b""
    options: Options = field(default_factory=Options)
    passes: dict[Path, tuple[Workspace, Future[FirstPass]]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)  # logged before the server could send them
    loaded: threading.Event = field(default_factory=threading.Event)  # set once the server is loaded

    def take(self, root: Path) -> tuple[Workspace | None, Future[FirstPass] | None]:
        """The workspace of `root` and its first pass under way, which the caller now owns."""
        return self.passes.pop(root, (None, None))

    def drop(self) -> None:
        """Stop what no workspace adopted."""
        from .indexing import abandon

        for _, future in self.passes.values():
            abandon(future)
        self.passes = {}


def begin(stdin: BinaryIO) -> Startup:
    """Read the first message; when it is `initialize`, start the first pass of each folder."""
    first, message = read_first(stdin)
    startup = Startup(first)
    if message is None or message.get("method") != "initialize" or not isinstance(message.get("params"), dict):
        return startup
    params = message["params"]
    startup.options = Options.read(params.get("initializationOptions"))
    roots = roots_of(params)
    if not roots:
        return startup
    # Loaded here, before the thread starts: two threads importing the same modules may deadlock.
    from .indexing import Start, first_pass, prepare
    from .workspace import Workspace

    gc.disable()  # as `PmnotesServer.index_workspace` does, for the same reason
    processes = startup.options.index_processes
    # Forked readers (`forked`) only while this process has a single thread, on Linux: a fork
    # elsewhere (macOS) may leave the child's system libraries locked.
    fork = sys.platform.startswith("linux") and threading.active_count() == 1
    work: list[tuple[Workspace, Start, Future[FirstPass]]] = []
    try:
        for root in roots:
            if root not in startup.passes:
                ws = Workspace(root, log=startup.messages.append)
                startup.passes[root] = (ws, Future())
                start = prepare(ws, processes, fork)
                if start.readers is not None:
                    # The import is what this process does meanwhile: it reads too only after it.
                    start.readers.free = startup.loaded
                work.append((ws, start, startup.passes[root][1]))
    except Exception as exc:  # the `initialize` handler meets it again, where it can be reported
        startup.messages.append(f"pmnotes: could not begin indexing early: {type(exc).__name__}: {exc}")
        for _, start, _ in work:
            if start.readers is not None:
                start.readers.close()
        startup.passes = {}
        gc.enable()
        return startup

    def run() -> None:
        for ws, start, future in work:
            if not future.set_running_or_notify_cancel():
                if start.readers is not None:
                    start.readers.close()
                continue
            try:
                future.set_result(asyncio.run(first_pass(ws, processes, start)))
            except BaseException as exc:
                future.set_exception(exc)

    threading.Thread(target=run, name="pmnotes-first-pass", daemon=True).start()
    return startup
