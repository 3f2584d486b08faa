"""The first pass shared with forked processes while the server loads (on Linux).

On a large site the first pass (every note's names) is most of what stands between
`initialize` and an opened note's diagnostics, and this process spends that time loading
pygls: a thread reading beside it would only slow the import down, both holding one
core's worth of Python. So `startup`, while the process is still single-threaded, forks
one reader per other core. The slices of notes wait in a pipe, one 4-byte number each,
written whole before the fork: a process takes the next by reading 4 bytes (a pipe hands
them out whole and once). A reader sends back each slice's pages as `marshal` data on a
pipe of its own and exits when none is left; this process installs them as they come,
and takes slices too once the server is loaded. A slice taken by a reader that died, or
went silent for `STALL` seconds (it is then killed), is read here: the pass always ends,
with the pages a thread alone would have read.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import select
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..core.index import Page
from .page_cache import Kept
from .scanner import read_pages

STALL = 30.0  # seconds without a word from a reader, once this process has nothing left to read
POLL = 0.02  # seconds between looks at `Readers.free`
_NUMBER = 4  # bytes of a slice number, and of a message's length
_PIPE = 65536  # what a pipe holds (Linux): every slice number is written before any is read


@dataclass
class _Reader:
    pid: int
    fd: int  # the end this process reads the reader's messages from
    data: bytearray = field(default_factory=bytearray)


class Readers:
    """Forked processes reading slices of the first pass; `run` reads the rest here and gathers theirs."""

    def __init__(self, slices: Sequence[list[tuple[str, str]]], limit: int | None, jobs: int) -> None:
        self.slices = slices
        self.limit = limit
        self.jobs = jobs  # the read end of the pipe of slice numbers
        self.readers: list[_Reader] = []
        # Set once this process may read slices too (the server has loaded): until then the
        # readers take them all, and this process only installs what they send. None: at once.
        self.free: threading.Event | None = None

    def take(self) -> int | None:
        """The next slice no process has taken; None when none is left."""
        got = os.read(self.jobs, _NUMBER)
        return int.from_bytes(got, "little") if len(got) == _NUMBER else None

    def run(self, install: Callable[[list[Kept]], None]) -> None:
        """Every slice's pages handed to `install` (in this thread), once each: what the readers
        send, the slices this process takes once it is `free`, then those no reader sent."""
        done: set[int] = set()
        try:
            while self.readers and self.free is not None and not self.free.is_set():
                self._gather(install, done, POLL)
            while (number := self.take()) is not None:
                install(read_pages(self.slices[number], self.limit))
                done.add(number)
                self._gather(install, done, 0)
            while self.readers:
                if not self._gather(install, done, STALL):
                    for reader in list(self.readers):  # silent too long: stopped, or stuck on a file
                        self._end(reader, kill=True)
        finally:
            self.close()
        for number, part in enumerate(self.slices):
            if number not in done:  # its reader died or stalled
                install(read_pages(part, self.limit))

    def _gather(self, install: Callable[[list[Kept]], None], done: set[int], wait: float) -> bool:
        """Install what the readers sent, waiting up to `wait` seconds for it; False if none sent a word."""
        ready, _, _ = select.select([r.fd for r in self.readers], [], [], wait)
        for reader in [r for r in self.readers if r.fd in ready]:
            try:
                more = os.read(reader.fd, 1 << 20)
            except OSError:
                more = b""
            if not more:
                self._end(reader)
                continue
            reader.data += more
            for number, found in _messages(reader.data):
                if number not in done and number < len(self.slices):
                    pages = _pages(self.slices[number], found)
                    if pages is not None:
                        install(pages)
                        done.add(number)
        return bool(ready)

    def _end(self, reader: _Reader, kill: bool = False) -> None:
        if kill:
            with contextlib.suppress(OSError):
                os.kill(reader.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.close(reader.fd)
        with contextlib.suppress(OSError):
            os.waitpid(reader.pid, 0)
        self.readers.remove(reader)

    def close(self) -> None:
        """Stop every reader still running (a pass given up), and let go of the pipes."""
        for reader in list(self.readers):
            self._end(reader, kill=True)
        if self.jobs >= 0:
            with contextlib.suppress(OSError):
                os.close(self.jobs)
            self.jobs = -1


def start(slices: Sequence[list[tuple[str, str]]], limit: int | None, count: int) -> Readers | None:
    """Fork `count` readers for the slices of (site name, file) (call it while this process
    has a single thread); None when none could be started."""
    if count < 1 or not slices or len(slices) * _NUMBER > _PIPE or not hasattr(os, "fork"):
        return None
    try:
        jobs, feed = os.pipe()
    except OSError:
        return None
    try:
        os.write(feed, b"".join(n.to_bytes(_NUMBER, "little") for n in range(len(slices))))
    except OSError:
        os.close(jobs)
        return None
    finally:
        os.close(feed)  # written whole: a reader meets the end once the numbers are taken
    readers = Readers(slices, limit, jobs)
    for _ in range(count):
        try:
            out, into = os.pipe()
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            _read(readers, out, into)  # never returns
        os.close(into)
        readers.readers.append(_Reader(pid, out))
    if not readers.readers:
        readers.close()
        return None
    return readers


def _read(readers: Readers, out: int, into: int) -> None:
    """A reader's life: slices taken and sent back until none is left."""
    code = 0
    try:
        os.close(out)
        for other in readers.readers:
            os.close(other.fd)
        # stdin and stdout carry the protocol: a reader touches neither.
        os.dup2(2, 1)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        while (number := readers.take()) is not None:
            found = read_pages(readers.slices[number], readers.limit)
            data = marshal.dumps(
                [(p.title, p.aliases, p.video_id, keys, loose, stamp) for p, keys, loose, stamp in found]
            )
            message = number.to_bytes(_NUMBER, "little") + len(data).to_bytes(_NUMBER, "little") + data
            view = memoryview(message)
            while view:
                view = view[os.write(into, view) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _messages(data: bytearray) -> list[tuple[int, object]]:
    """The whole messages at the start of `data` (taken out of it): (slice number, what marshal made)."""
    found = []
    while len(data) >= 2 * _NUMBER:
        size = int.from_bytes(data[_NUMBER : 2 * _NUMBER], "little")
        if len(data) < 2 * _NUMBER + size:
            break
        number = int.from_bytes(data[:_NUMBER], "little")
        with contextlib.suppress(EOFError, ValueError, TypeError):  # if not, the slice is read here
            found.append((number, marshal.loads(data[2 * _NUMBER : 2 * _NUMBER + size])))
        del data[: 2 * _NUMBER + size]
    return found


def _pages(part: list[tuple[str, str]], found: object) -> list[Kept] | None:
    """A slice's pages from what a reader sent for it; None if it is not what `_read` sends."""
    if not isinstance(found, list) or len(found) != len(part):
        return None
    pages: list[Kept] = []
    for (name, _), entry in zip(part, found, strict=True):
        if not isinstance(entry, tuple) or len(entry) != 6:
            return None
        title, aliases, video, keys, loose, stamp = entry
        if not (isinstance(aliases, tuple) and isinstance(keys, list) and isinstance(loose, tuple)):
            return None
        if not (isinstance(stamp, tuple) or stamp is None):
            return None
        pages.append((Page(name, title, aliases, video), keys, loose, stamp))
    return pages
