"""Building a workspace's index in the background, on every core when the site is large.

Both passes over the site (`scanner`: every page's names, then every note's links)
are cut into slices of notes. On a large site worker processes take slices as they
free up, while this process takes some too for the first pass (the one an opened
note waits for); for the second, it only installs what comes back, so it keeps
answering the editor meanwhile. The workers are started for one indexing and
stopped after it, so they hold no memory while the author writes. Where processes
cannot be started, or stop, this process reads what is left in a thread.

A first pass begun as the server starts (`startup`) is shared with processes forked
there instead (`forked`): they are up at once, where a worker takes a fraction of a
second to start, and the workers then start only for the second pass.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..core.notes import NoteCache
from . import forked, page_cache
from .live_index import LiveIndex
from .page_cache import Kept
from .scanner import Scan, read_links, read_pages, worker_setup
from .workspace import Workspace

logger = logging.getLogger(__name__)

PROCESS_FLOOR = 5000  # notes from which worker processes help: fewer are read before they start
FORK_FLOOR = 2000  # notes to read from which forked readers help a first pass begun at start
MAX_WORKERS = 8
PAGE_SLICE = 500  # notes a worker reads at a time, for their names
LINK_SLICE = 250  # ... for their links: small enough for steady progress
FORK_SLICE = 250  # ... a forked reader's (`forked`): small, so that the readers finish together

T = TypeVar("T")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(notes: int, option: int | None = None) -> int:
    """How many worker processes help index `notes` notes: none for a small site."""
    if option is not None:
        return max(0, min(option, MAX_WORKERS))
    if notes < PROCESS_FLOOR or cores() < 2:
        return 0
    return min(cores(), MAX_WORKERS)


def reader_count(notes: int, option: int | None = None) -> int:
    """How many processes are forked to read the names of `notes` notes (`forked`): one per
    other core, none for a small site; the option (`indexProcesses`) sets it."""
    if option is not None:
        return max(0, min(option, MAX_WORKERS))
    if notes < FORK_FLOOR or cores() < 2:
        return 0
    return min(cores() - 1, MAX_WORKERS)


def _ready() -> None:
    """A task that does nothing: submitted once per worker, it starts them all at once."""


class Workers:
    """Worker processes for one indexing, and the slices of work they and this process share."""

    def __init__(self, count: int, log: Callable[[str], None]) -> None:
        self.count = count
        self.log = log
        self.pool: ProcessPoolExecutor | None = None
        self.started: list[Future[None]] = []  # one per worker: done once a worker runs

    def start(self) -> None:
        """Start the workers (they take a moment to be ready: `run` does not wait for them)."""
        if self.count > 0 and self.pool is None:
            try:
                # "spawn": a fresh interpreter, never a fork of this one with its threads and locks.
                context = multiprocessing.get_context("spawn")
                self.pool = ProcessPoolExecutor(max_workers=self.count, mp_context=context, initializer=worker_setup)
                self.started = [self.pool.submit(_ready) for _ in range(self.count)]
            except (OSError, ImportError, NotImplementedError, ValueError, RuntimeError) as exc:
                self.log(f"pmnotes: no worker processes ({exc}); indexing in this process")
                self.pool = None

    async def run(
        self,
        work: Callable[..., list[T]],
        slices: Sequence[list[Any]],
        args: tuple[Any, ...],
        install: Callable[[list[T]], None],
        here: bool,
    ) -> None:
        """Run `work(slice, *args)` on every slice, installing each result in this thread.

        `here`: this process takes slices too (in a thread); it always does without workers.
        """
        loop = asyncio.get_running_loop()
        queue = deque(slices)
        pool = self.pool

        async def remote(started: Future[None]) -> None:
            nonlocal pool
            # A slice handed to a worker still starting would wait for it: this process may be done first.
            with contextlib.suppress(Exception):
                await asyncio.wrap_future(started)
            while queue and pool is not None:
                part = queue.popleft()
                try:
                    found = await asyncio.wrap_future(pool.submit(work, part, *args))
                except (BrokenProcessPool, OSError, RuntimeError) as exc:
                    queue.appendleft(part)
                    if pool is not None:
                        self.log(f"pmnotes: the worker processes stopped ({exc}); indexing in this process")
                        self.stop()
                        pool = None
                    return
                install(found)

        async def local() -> None:
            while queue:
                part = queue.popleft()
                install(await loop.run_in_executor(None, work, part, *args))

        runners = [remote(started) for started in (self.started if pool is not None else [])]
        if here or pool is None:
            runners.append(local())
        await asyncio.gather(*runners)
        if queue:  # the workers stopped and nothing here was reading
            await local()

    def stop(self, wait: bool = False) -> None:
        """Stop the workers: at once (`wait` False), or once idle, which lets them exit quietly."""
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=True)
            self.pool = None


def _slices(jobs: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    return [jobs[at : at + size] for at in range(0, len(jobs), size)]


@dataclass
class Start:
    """What a first pass begins with: the site's notes, which of them `page_cache` kept, and the
    processes forked to read the others (`forked`), if any."""

    files: dict[str, str]  # site name -> file (`SiteFiles.walk`)
    kept: Mapping[str, list[Any]]  # what `page_cache` held
    known: list[Kept]  # the notes of `files` kept, unchanged: not read again
    unknown: list[tuple[str, str]]  # (site name, file) of the notes to read
    cache: Path | None  # where `page_cache` keeps this site's pages
    since: int  # when the pass began (`page_cache.now`)
    readers: forked.Readers | None = None


def prepare(ws: Workspace, processes: int | None, fork: bool = False) -> Start:
    """Walk the site and find what `page_cache` kept of it; `fork`: start the forked readers of
    the rest when there is much to read (only while this process has a single thread)."""
    since = page_cache.now()
    site_files = ws.site_files
    cache = page_cache.cache_file(site_files.roots, list(site_files.exclude), ws.settings.max_file_size)
    files = site_files.walk()
    kept = page_cache.load(cache)
    known, unknown = page_cache.split(kept, files)
    start = Start(files, kept, known, unknown, cache, since)
    count = reader_count(len(unknown), processes) if fork else 0
    if count:
        start.readers = forked.start(_slices(unknown, FORK_SLICE), ws.settings.max_file_size, count)
    return start


@dataclass
class FirstPass:
    """A workspace's first pass, done: the pages, and what the rest of the indexing goes on with."""

    ws: Workspace
    scan: Scan
    index: LiveIndex  # of the scan's pages (`Workspace.install_pages` adds the open notes')
    workers: Workers  # for the second pass (started, or `Workers.start` it)
    kept: Mapping[str, list[Any]]  # what `page_cache` held
    cache: Path | None  # where `page_cache` keeps this site's pages
    since: int  # when the pass began (`page_cache.now`)

    def save(self) -> None:
        """Keep the pages for the next start, unless they are the ones kept already."""
        scan = self.scan
        if scan.known < len(scan.pages) or len(self.kept) != len(scan.pages):
            page_cache.save(self.cache, scan.files, scan.kept(), self.since)


async def first_pass(ws: Workspace, processes: int | None, start: Start | None = None) -> FirstPass:
    """Read every page's names, on every core when the site is large. `start`: the pass as
    `prepare` began it (the site is walked here otherwise).

    It runs on the server's loop, or on a loop of its own while the server starts (`startup`).
    """
    loop = asyncio.get_running_loop()
    if start is None:
        start = await loop.run_in_executor(None, prepare, ws, processes)
    workers = Workers(worker_count(len(start.files), processes), ws.log)
    if start.readers is None:
        # Started now, they share the pass once they are up (this process starts it alone).
        workers.start()
    try:
        index = LiveIndex(notes=NoteCache(ws.load))
        scan = await scan_pages(ws, start, workers, index)
        await loop.run_in_executor(None, index.settle)
    except BaseException:
        if start.readers is not None:
            start.readers.close()
        workers.stop()
        raise
    return FirstPass(ws, scan, index, workers, start.kept, start.cache, start.since)


def abandon(early: Future[FirstPass]) -> None:
    """A first pass no one will install: its workers stop once it is done."""

    def stop(done: Future[FirstPass]) -> None:
        if not done.cancelled() and done.exception() is None:
            done.result().workers.stop()

    early.add_done_callback(stop)


async def scan_pages(ws: Workspace, start: Start, workers: Workers, index: LiveIndex | None = None) -> Scan:
    """The first pass: the page of every note `start` found to read, as `Workspace.scan_pages` reads
    them, after those it found kept (`page_cache`); by its forked readers and this process, or by
    the workers and this process.

    `index`: the pages are added to it as they come in, in the order of the walk, so that
    little is left to add once the last slice is in (`LiveIndex.settle` it then)."""
    loop = asyncio.get_running_loop()
    files = start.files
    scan = Scan(files, {}, {}, {}, {}, len(start.known))
    order = list(files)
    added = 0  # pages of `order` added to `index`

    def install(found: list[Kept]) -> None:
        nonlocal added
        scan.add(found)
        if index is not None:
            pages, keys = scan.pages, scan.keys
            while added < len(order) and order[added] in pages:
                index.add(pages[order[added]], keys[order[added]])
                added += 1

    install(start.known)
    if start.readers is not None:
        await loop.run_in_executor(None, start.readers.run, install)
    else:
        slices = _slices(start.unknown, PAGE_SLICE)
        await workers.run(read_pages, slices, (ws.settings.max_file_size,), install, here=True)
    # In the order of the walk, as `pmnotes lint` lists them (ambiguous candidates keep that order).
    scan.pages = {name: scan.pages[name] for name in files if name in scan.pages}
    if index is not None:
        for name in order[added:]:
            if name in scan.pages:
                index.add(scan.pages[name], scan.keys[name])
    return scan


async def scan_links(ws: Workspace, workers: Workers, report: Callable[[int, int], None]) -> None:
    """The second pass: every note's links, installed slice by slice."""
    workers.start()  # if the first pass did not
    jobs = ws.link_jobs()
    args = (list(ws.settings.source_prefixes), ws.encoding, ws.settings.max_file_size, ws.settings.dialect)
    ws.start_links()
    done = 0

    def install(found: list[Any]) -> None:
        nonlocal done
        ws.install_links(found)
        done += len(found)
        report(done, len(jobs))

    await workers.run(read_links, _slices(jobs, LINK_SLICE), args, install, here=False)
    ws.finish_links()
