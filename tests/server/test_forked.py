"""The first pass shared with forked readers gives the pages a thread alone gives, and always ends."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from mkdocs_pmnotes.server import forked, indexing
from mkdocs_pmnotes.server.scanner import read_pages
from mkdocs_pmnotes.server.workspace import Workspace

from .conftest import SEEDS
from .lsp_support import diagnostics, lsp, open_note, ready, run_apart
from .test_diagnostics import as_cli, cli_findings
from .test_index_parts import ODD_FILES

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="readers are forked where fork exists"),
    # A full run has other threads (Playwright's): Python 3.12+ warns at every fork then. The
    # server forks while it has a single thread; the readers here run core code alone.
    pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning"),
]


def _site(root: Path) -> Path:
    """Forty notes over three folders (titles shared, aliases, one video id twice), and the odd files."""
    titles = ["Pricing", "Jane Doe", "Growth loops", "pricing", None, "B2B sales"]
    for n in range(40):
        folder = root / f"f{n % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        title = titles[n % len(titles)]
        front = f"---\ntitle: {title}\naliases: [N{n}, Same]\nvideoId: abcdefghij{n % 2}\n---\n" if title else ""
        (folder / f"note_{n % 7}_{n}.md").write_text(front + "Body [[Pricing]].\n", encoding="utf-8")
    for name, data in ODD_FILES.items():
        (root / "odd").mkdir(exist_ok=True)
        (root / "odd" / name).write_bytes(data)
    return root


def _pass(ws: Workspace, start: indexing.Start) -> indexing.FirstPass:
    done = run_apart(indexing.first_pass(ws, 0, start))
    done.workers.stop()
    return done


def _gone(pid: int) -> bool:
    """Has the child been reaped (no zombie left)?"""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.fixture
def sliced(monkeypatch):
    monkeypatch.setattr(indexing, "FORK_SLICE", 3)  # many slices: the readers and this process share them


def test_forked_readers_give_the_pages_a_thread_gives(tmp_path, monkeypatch, sliced):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    ws = Workspace(_site(tmp_path / "site"))
    alone = _pass(ws, indexing.prepare(ws, 0, fork=True))  # `indexProcesses` 0: nothing forked
    start = indexing.prepare(ws, 2, fork=True)
    assert start.readers is not None and len(start.readers.readers) == 2
    pids = [reader.pid for reader in start.readers.readers]
    shared = _pass(ws, start)
    assert list(shared.scan.pages.items()) == list(alone.scan.pages.items())
    for part in ("keys", "loose", "stamps"):
        assert getattr(shared.scan, part) == getattr(alone.scan, part)
    assert shared.index.collisions() == alone.index.collisions()
    assert shared.index._rank == alone.index._rank
    assert all(_gone(pid) for pid in pids)


@pytest.mark.parametrize("fate", ["dies", "stalls", "garbles"])
def test_a_reader_that_fails_leaves_its_slices_to_this_process(tmp_path, monkeypatch, fate):
    ws = Workspace(_site(tmp_path))
    jobs = list(ws.site_files.walk().items())
    slices = [jobs[at : at + 2] for at in range(0, len(jobs), 2)]
    parent = os.getpid()

    def failing(files, limit=None):
        if os.getpid() != parent:  # in the reader
            if fate == "dies":
                os._exit(3)
            if fate == "stalls":
                time.sleep(60)
            return [(found[0], ["not", "these"], "keys", None) for found in read_pages(files, limit)][:1]
        return read_pages(files, limit)

    monkeypatch.setattr(forked, "read_pages", failing)
    monkeypatch.setattr(forked, "STALL", 0.5)
    readers = forked.start(slices, None, 1)
    assert readers is not None
    pid = readers.readers[0].pid
    got: list = []
    readers.run(got.extend)
    assert sorted(got, key=lambda found: found[0].path) == sorted(read_pages(jobs), key=lambda found: found[0].path)
    assert len(got) == len(jobs)
    assert _gone(pid)


def test_without_fork_the_pass_is_read_here(tmp_path, monkeypatch):
    def refused():
        raise OSError("no fork here")

    monkeypatch.setattr(forked.os, "fork", refused)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    ws = Workspace(_site(tmp_path))
    start = indexing.prepare(ws, 2, fork=True)
    assert start.readers is None
    assert len(_pass(ws, start).scan.pages) == len(ws.site_files.walk())


def test_small_sites_fork_nothing_unless_told():
    assert indexing.reader_count(indexing.FORK_FLOOR - 1) == 0
    assert indexing.reader_count(10, 1) == 1 and indexing.reader_count(10**6, 0) == 0
    assert indexing.reader_count(10**6) == min(indexing.cores() - 1, indexing.MAX_WORKERS)


@lsp
async def test_a_server_with_forked_readers_publishes_the_cli_findings(server, site, monkeypatch):
    seed = sorted(p.name for p in SEEDS.glob("*.md"))[0]
    expected = cli_findings(site, f"seeds/{seed}", monkeypatch)
    client = await server(site, {"indexProcesses": 2})
    uri = open_note(client, site / "seeds" / seed)
    found = await diagnostics(client, uri, version=1)
    await ready(client)
    assert [as_cli(d) for d in found] == [
        {
            "code": f["code"],
            "severity": {"error": 1, "warning": 2, "info": 3}[f["severity"]],
            "message": f"{f['message']} ({f['name']})",
            "line": f["line"],
            "column": f["column"],
        }
        for f in expected
    ]


def test_while_the_server_loads_the_readers_take_every_slice(tmp_path, monkeypatch):
    ws = Workspace(_site(tmp_path))
    jobs = list(ws.site_files.walk().items())
    slices = [jobs[at : at + 2] for at in range(0, len(jobs), 2)]
    here: list[int] = []  # slices read by this process (a reader's calls stay in the reader)

    def counted(files, limit=None):
        here.append(len(files))
        return read_pages(files, limit)

    monkeypatch.setattr(forked, "read_pages", counted)
    readers = forked.start(slices, None, 1)
    assert readers is not None
    readers.free = threading.Event()  # never set: the server is still loading
    got: list = []
    readers.run(got.extend)
    assert here == []
    assert sorted(got, key=lambda found: found[0].path) == sorted(read_pages(jobs), key=lambda found: found[0].path)
