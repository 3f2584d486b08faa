"""How fast `pmnotes server` answers on a large generated site, driven over stdio as an editor drives it.

The site: N generated notes (20,000 by default, `generate.py`) spread over F folders (80),
as a real collection is kept, one folder per show. One server process, measured from its
start (spawn) and from the moment the note is opened (`didOpen`, sent right after
`initialized`):
- the opened note's first published diagnostics: when, how many, and whether they are
  complete (the same count `pmnotes lint` gives for the note);
- the whole index ready (every note's links read: the end of the indexing `$/progress`);
- references asked for before the index is ready: they wait for it, and are checked
  against every link to the note the core resolves (links from every folder);
- completion after `[[` as an author types: titles of the site typed letter by letter,
  each keystroke a `didChange` and a completion request (median and 95th percentile),
  and how many of the first ten offered for a bare `[[` are in the note's own folder;
- references to the most linked note, and a rename of that note's file (the edits only);
- edit -> new diagnostics (median), and the memory of the server (now, peak) and of the
  server with its indexing workers (peak, sampled).

Usage: python benchmarks/bench_server.py [--notes 20000] [--folders 80] [--seed 1]
       [--rounds 2] [--edits 20] [--processes N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlparse

from measure import OUT, compile_package, header, machine, save, table, tool

GOALS = {"complete_from_open_s": 1.0, "indexed_s": 10.0, "completion_p95_ms": 50.0, "rss_mb": 400.0}


def folder_site(notes: int, seed: int, folders: int) -> Path:
    """The generated site of `notes` notes, its notes moved into `folders` folders (`f00` ...)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import VERSION, generate

    folder = OUT / f"site-{notes}-in-{folders}-folders"
    layout = folder / "folders.json"
    wanted = {"notes": notes, "seed": seed, "version": VERSION, "folders": folders}
    if layout.exists() and json.loads(layout.read_text(encoding="utf-8")) == wanted:
        return folder
    print(f"generating {notes} notes into {folder} ...", file=sys.stderr)
    generate(folder, notes, seed)
    docs = folder / "docs"
    names = sorted(p.name for p in docs.glob("*.md") if p.name != "index.md")
    for i, name in enumerate(names):
        sub = docs / f"f{i % folders:02d}"
        sub.mkdir(exist_ok=True)
        os.rename(docs / name, sub / name)
    layout.write_text(json.dumps(wanted), encoding="utf-8")
    return folder


class Client:
    """A bare LSP client on the server's pipes; every message is stamped when it arrives."""

    def __init__(self, cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
        self.inbox: queue.Queue = queue.Queue()
        self.seen: list[tuple[float, dict]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.process.stdout
        while True:
            line = out.readline()
            if not line:
                return
            if line.startswith(b"Content-Length:"):
                length = int(line.split(b":")[1])
                while out.readline().strip():
                    pass
                self.inbox.put((time.perf_counter(), json.loads(out.read(length))))

    def send(self, message: dict) -> float:
        body = json.dumps(message).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return time.perf_counter()

    def notify(self, method: str, params) -> float:
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, msg_id: int, method: str, params) -> float:
        return self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})

    def until(self, wanted, timeout: float = 600.0) -> tuple[float, dict]:
        """The first message `wanted` accepts, among those seen already or still to come.

        Requests from the server are answered on the way.
        """
        for at, (stamp, message) in enumerate(self.seen):
            if wanted(message):
                del self.seen[at]
                return stamp, message
        deadline = time.perf_counter() + timeout
        while True:
            stamp, message = self.inbox.get(timeout=max(deadline - time.perf_counter(), 0.01))
            if "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            if wanted(message):
                return stamp, message
            self.seen.append((stamp, message))

    def memory(self, pid: int | None = None) -> tuple[float, float]:
        """(VmRSS, VmHWM) of the server process (or `pid`), MiB."""
        status = Path(f"/proc/{pid or self.process.pid}/status").read_text()
        values = {
            k: float(v.split()[0]) / 1024
            for k, v in (line.split(":", 1) for line in status.splitlines())
            if k in ("VmRSS", "VmHWM")
        }
        return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)

    def cpu(self) -> float:
        """CPU seconds (user + system) of the server, its workers alive and those it has waited for."""
        tick = os.sysconf("SC_CLK_TCK")

        def of(pid: int, children: bool) -> float:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            used = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
            return used / tick

        total = of(self.process.pid, True)
        for pid in self.children():
            with contextlib.suppress(OSError):
                total += of(pid, False)
        return total

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except OSError:
            return []

    def family_rss(self) -> float:
        """VmRSS of the server and its child processes together, MiB."""
        total = self.memory()[0]
        for pid in self.children():
            with contextlib.suppress(OSError):
                total += self.memory(pid)[0]
        return total


def published(uri: str, version: int | None = None):
    def wanted(message: dict) -> bool:
        params = message.get("params") or {}
        return (
            message.get("method") == "textDocument/publishDiagnostics"
            and params.get("uri") == uri
            and (version is None or params.get("version") == version)
        )

    return wanted


def progress_end(message: dict) -> bool:
    value = (message.get("params") or {}).get("value") or {}
    token = str((message.get("params") or {}).get("token"))
    return message.get("method") == "$/progress" and value.get("kind") == "end" and token.startswith("pmnotes-index")


def file_of(uri: str) -> str:
    return os.path.realpath(unquote(urlparse(uri).path))


def response(msg_id: int):
    return lambda message: message.get("id") == msg_id and "method" not in message


def opened_note(docs: Path) -> Path:
    """A fixed episode note: the first `NNN_<hex>.md` of the first folder."""
    return sorted(p for p in (docs / "f00").glob("*.md") if p.name[:3].isdigit())[0]


def expected_links(site: Path) -> tuple[str, list[tuple[str, int, int]], dict[str, str]]:
    """The most linked page, every link to it as (file, line, character) by the core's own resolution, and titles."""
    from mkdocs_pmnotes.core.files import read_file, read_page, walk_note_files
    from mkdocs_pmnotes.core.index import SiteIndex
    from mkdocs_pmnotes.core.parse import parse_links

    docs = site / "docs"
    files = {os.path.relpath(p, docs).replace(os.sep, "/"): p for p in walk_note_files(docs)}
    index = SiteIndex.build(read_page(path, name) for name, path in files.items())
    counts: Counter[str] = Counter()
    links: dict[str, list[tuple[str, int, int]]] = {}
    for name, path in files.items():
        text = read_file(path).text or ""
        for link in parse_links(text):
            page = index.resolve(link.target, name).page if link.target else None
            if page is not None and page.path != name:
                counts[page.path] += 1
                links.setdefault(page.path, []).append((path, link.line - 1, link.column - 1))
    target = counts.most_common(1)[0][0]
    titles = {name: page.title or page.stem for name, page in index.pages.items()}
    return target, links[target], titles


def cli_count(site: Path, note: Path) -> int:
    """How many findings `pmnotes lint` reports for the note."""
    pmnotes = tool("pmnotes")
    done = subprocess.run(
        [pmnotes, "lint", "--no-cache", "--format", "json", str(note.relative_to(site))],
        cwd=site,
        capture_output=True,
        text=True,
    )
    return len(json.loads(done.stdout or "[]"))


class Sampler(threading.Thread):
    """The peak memory of the server and its workers, sampled while it indexes."""

    def __init__(self, client: Client) -> None:
        super().__init__(daemon=True)
        self.client = client
        self.peak = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            try:
                self.peak = max(self.peak, self.client.family_rss())
            except OSError:
                return


def change(uri: str, version: int, line: int, start: int, end: int, text: str) -> dict:
    return {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [
            {
                "range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}},
                "text": text,
            }
        ],
    }


def restart(site: Path, note: Path, options: dict, env: dict[str, str]) -> dict:
    """A second start on the same site: the pages kept by the first (`page_cache`) are not read again."""
    uri = note.resolve().as_uri()
    start = time.perf_counter()
    client = Client([tool("pmnotes"), "server"], site, env)
    client.request(
        1,
        "initialize",
        {
            "processId": None,
            "rootUri": site.resolve().as_uri(),
            "capabilities": {"window": {"workDoneProgress": True}},
            "initializationOptions": options,
        },
    )
    initialized, _ = client.until(response(1))
    client.notify("initialized", {})
    text = note.read_text(encoding="utf-8")
    opened = client.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}
    )
    first, message = client.until(published(uri, 1))
    indexed, _ = client.until(progress_end)
    client.request(2, "shutdown", None)
    client.until(response(2))
    client.notify("exit", None)
    client.process.wait(timeout=60)
    return {
        "again_started_s": initialized - start,
        "again_first_from_open_s": first - opened,
        "again_first_s": first - start,
        "again_first_diagnostics": len(message["params"]["diagnostics"]),
        "again_indexed_s": indexed - start,
    }


def run(site: Path, rounds: int, edits: int, processes: int | None, seed: int) -> dict:
    pmnotes = tool("pmnotes")
    if pmnotes is None:
        raise SystemExit("pmnotes is not installed (run ./dev.sh test once)")
    docs = site / "docs"
    note = opened_note(docs)
    uri = note.resolve().as_uri()
    text = note.read_text(encoding="utf-8")
    print("reading every link with the core, for the references check ...", file=sys.stderr)
    target, expected, titles = expected_links(site)
    expected_count = cli_count(site, note)
    capabilities = {
        "window": {"workDoneProgress": True},
        "textDocument": {"completion": {"completionItem": {"snippetSupport": False}}},
    }
    options = {"debounceMs": 50, **({"indexProcesses": processes} if processes is not None else {})}
    target_file = docs / target
    target_uri = target_file.resolve().as_uri()
    linking_file, link_line, link_column = next(e for e in expected if Path(e[0]).parent != target_file.parent)

    # A cache home of the run's own: the first start finds nothing kept, the second what the first kept.
    home = tempfile.mkdtemp(prefix="bench-server-cache-")
    env = {"XDG_CACHE_HOME": home}
    start = time.perf_counter()
    client = Client([pmnotes, "server"], site, env)
    sampler = Sampler(client)
    sampler.start()
    client.request(
        1,
        "initialize",
        {
            "processId": None,
            "rootUri": site.resolve().as_uri(),
            "capabilities": capabilities,
            "initializationOptions": options,
        },
    )
    initialized, _ = client.until(response(1))
    client.notify("initialized", {})
    opened = client.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}
    )
    # References at once, long before every link is read: the answer waits for the index.
    client.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": target_uri,
                "languageId": "markdown",
                "version": 1,
                "text": target_file.read_text(encoding="utf-8"),
            }
        },
    )
    early_sent = client.request(
        3,
        "textDocument/references",
        {
            "textDocument": {"uri": target_uri},
            "position": {"line": 0, "character": 0},
            "context": {"includeDeclaration": False},
            "workDoneToken": "bench-references",
        },
    )
    first, message = client.until(published(uri, 1))
    first_cpu = client.cpu()
    first_count = len(message["params"]["diagnostics"])
    early_got, early = client.until(response(3))
    indexed, _ = client.until(progress_end)
    indexed_cpu = client.cpu()
    sampler.done.set()
    found = {(file_of(loc["uri"]), loc["range"]["start"]["line"]) for loc in early.get("result") or []}
    wanted = {(os.path.realpath(path), line) for path, line, _ in expected}

    # Completion as an author types titles of the site, letter by letter, after `[[`.
    lines = text.split("\n")
    row = len(lines) - 1
    version = 1
    rng = random.Random(seed)
    words = [t for t in sorted(set(titles.values())) if len(t) >= 8]
    typed_titles = [rng.choice(words) for _ in range(6)]
    completion_ms: list[float] = []
    own_folder = None
    msg_id = 100
    for _ in range(rounds):
        for title in typed_titles:
            version += 1
            client.notify("textDocument/didChange", change(uri, version, row, 0, 0, "See [["))
            column = len("See [[")
            for ch in ["", *list(title[:8])]:
                if ch:
                    version += 1
                    client.notify("textDocument/didChange", change(uri, version, row, column, column, ch))
                    column += 1
                msg_id += 1
                sent = client.request(
                    msg_id,
                    "textDocument/completion",
                    {"textDocument": {"uri": uri}, "position": {"line": row, "character": column}},
                )
                got, answer = client.until(response(msg_id))
                completion_ms.append((got - sent) * 1000)
                if not ch and own_folder is None:
                    items = (answer.get("result") or {}).get("items", [])[:10]
                    own_folder = sum(1 for item in items if (item.get("detail") or "").startswith("f00/"))
                time.sleep(0.05)
            version += 1
            client.notify("textDocument/didChange", change(uri, version, row, 0, column, ""))

    msg_id += 1
    sent = client.request(
        msg_id,
        "textDocument/references",
        {
            "textDocument": {"uri": target_uri},
            "position": {"line": 0, "character": 0},
            "context": {"includeDeclaration": False},
        },
    )
    got, answer = client.until(response(msg_id))
    references_ms = (got - sent) * 1000
    references = len(answer.get("result") or [])

    linking_uri = Path(linking_file).resolve().as_uri()
    client.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": linking_uri,
                "languageId": "markdown",
                "version": 1,
                "text": Path(linking_file).read_text(encoding="utf-8"),
            }
        },
    )
    msg_id += 1
    sent = client.request(
        msg_id,
        "textDocument/rename",
        {
            "textDocument": {"uri": linking_uri},
            "position": {"line": link_line, "character": link_column + 3},
            "newName": Path(target).stem + "_renamed",
        },
    )
    got, answer = client.until(response(msg_id))
    rename_ms = (got - sent) * 1000
    changes = (answer.get("result") or {}).get("documentChanges") or []
    renamed_files = sum(1 for c in changes if "edits" in c)
    rename_error = (answer.get("error") or {}).get("message")

    edit_ms = []
    for _ in range(edits):
        version += 1
        sent = client.notify("textDocument/didChange", change(uri, version, row, 0, 0, "x"))
        got, _ = client.until(published(uri, version))
        edit_ms.append((got - sent) * 1000)
        version += 1
        client.notify("textDocument/didChange", change(uri, version, row, 0, 1, ""))
        client.until(published(uri, version))

    rss, peak = client.memory()
    client.request(2, "shutdown", None)
    client.until(response(2))
    client.notify("exit", None)
    client.process.wait(timeout=60)
    completion_ms.sort()
    again = restart(site, note, options, env)
    shutil.rmtree(home, ignore_errors=True)
    return {
        **again,
        "note": str(note.relative_to(docs)),
        "started_s": initialized - start,
        "first_s": first - start,
        "first_from_open_s": first - opened,
        "first_diagnostics": first_count,
        "first_cpu_s": first_cpu,
        "indexed_cpu_s": indexed_cpu,
        "load": os.getloadavg()[0],
        "cli_findings": expected_count,
        "complete_from_open_s": first - opened if first_count == expected_count else float("inf"),
        "indexed_s": indexed - start,
        "indexed_from_initialize_s": indexed - initialized,
        "early_references_s": early_got - early_sent,
        "early_references": len(found),
        "early_references_expected": len(wanted),
        "early_references_missing": len(wanted - found),
        "target": target,
        "completion_median_ms": statistics.median(completion_ms),
        "completion_p95_ms": completion_ms[int(0.95 * (len(completion_ms) - 1))],
        "completion_max_ms": completion_ms[-1],
        "completions": len(completion_ms),
        "own_folder_in_top10": own_folder,
        "references_ms": references_ms,
        "references": references,
        "rename_ms": rename_ms,
        "rename_files": renamed_files,
        "rename_error": rename_error,
        "edit_median_ms": statistics.median(edit_ms) if edit_ms else None,
        "rss_mb": rss,
        "peak_rss_mb": peak,
        "peak_with_workers_mb": max(sampler.peak, peak),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=20000)
    parser.add_argument("--folders", type=int, default=80)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2, help="times the titles are typed (default 2)")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--processes", type=int, default=None, help="indexProcesses (default: the server's choice)")
    args = parser.parse_args(argv)
    compile_package()
    facts = machine()
    site = folder_site(args.notes, args.seed, args.folders)
    r = run(site, args.rounds, args.edits, args.processes, args.seed)
    complete = "yes" if r["first_diagnostics"] == r["cli_findings"] else f"NO ({r['cli_findings']} from the CLI)"
    rows = [
        ["start -> initialize answered", f"{r['started_s']:.2f} s", "", ""],
        [
            "opened note's first diagnostics: from didOpen (from start)",
            f"{r['first_from_open_s']:.2f} s ({r['first_s']:.2f})",
            f"{GOALS['complete_from_open_s']:.0f} s",
            f"{r['first_diagnostics']}, complete: {complete}; {r['first_cpu_s']:.1f} CPU s since start",
        ],
        [
            "started again: first diagnostics from didOpen (from start)",
            f"{r['again_first_from_open_s']:.2f} s ({r['again_first_s']:.2f})",
            f"{GOALS['complete_from_open_s']:.0f} s",
            f"{r['again_first_diagnostics']}; the names of unchanged notes are not read again",
        ],
        [
            "whole index ready: from start (from initialize)",
            f"{r['indexed_s']:.2f} s ({r['indexed_from_initialize_s']:.2f})",
            f"{GOALS['indexed_s']:.0f} s",
            f"{r['indexed_cpu_s']:.1f} CPU s since start, workers included",
        ],
        [
            "references asked at once, answered when the index is",
            f"{r['early_references_s']:.2f} s",
            "",
            f"{r['early_references']} of {r['early_references_expected']} links,"
            f" {r['early_references_missing']} missed",
        ],
        [
            f"completion after `[[`, median / p95 (max), {r['completions']} keystrokes",
            f"{r['completion_median_ms']:.0f} / {r['completion_p95_ms']:.0f} ms ({r['completion_max_ms']:.0f})",
            f"p95 {GOALS['completion_p95_ms']:.0f} ms",
            f"bare `[[`: {r['own_folder_in_top10']} of the first 10 in the note's folder",
        ],
        [f"references to {r['target']}", f"{r['references_ms']:.0f} ms", "", r["references"]],
        [
            "rename of its file (the edits)",
            f"{r['rename_ms']:.0f} ms",
            "",
            r["rename_error"] or f"{r['rename_files']} files",
        ],
        ["edit -> diagnostics, median", f"{r['edit_median_ms']:.0f} ms" if r["edit_median_ms"] else "", "", ""],
        [
            "server memory now (peak); with its workers, peak",
            f"{r['rss_mb']:.0f} MiB ({r['peak_rss_mb']:.0f}); {r['peak_with_workers_mb']:.0f} MiB",
            f"{GOALS['rss_mb']:.0f} MiB",
            "",
        ],
    ]
    print(header(facts) + f"pmnotes server on {args.notes} notes in {args.folders} folders, opening {r['note']}\n")
    print(table(["measure", "value", "goal", "items"], rows))
    measured = {**r, "rss_mb": r["peak_rss_mb"]}
    missed = [k for k, goal in GOALS.items() if measured[k] > goal]
    print("\nall goals met" if not missed else f"\nMISSED: {', '.join(missed)}")
    path = save("server", {"machine": facts, "args": vars(args), "result": r, "goals": GOALS})
    print(f"saved {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
