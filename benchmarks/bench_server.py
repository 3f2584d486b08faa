"""How fast `pmnotes server` answers on a generated site, driven over stdio as an editor drives it.

Measures, on the N-note site (8,000 by default), in one server process:
- initialize -> first diagnostics of the opened note (the note's own findings,
  published before the site is indexed) and -> its complete diagnostics (the
  whole-site rules too, once the pages are indexed), and -> the end of indexing
  (every note's links read, reported with `$/progress`);
- edit -> new diagnostics: the time from a `didChange` to the `publishDiagnostics`
  of that version, debounce included (median of --edits edits);
- completion after `[[`: the time from the request to its answer (median of --completions);
- the server's resident memory after all that, and its peak (VmRSS, VmHWM).

Usage: python benchmarks/bench_server.py [--notes 8000] [--edits 40] [--completions 40] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import queue
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from measure import header, machine, save, site, table, tool

LIMITS = {"first_s": 1.0, "complete_s": 15.0, "edit_median_ms": 100.0, "completion_median_ms": 50.0, "rss_mb": 400.0}


class Client:
    """A bare LSP client on the server's pipes; every message is stamped when it arrives."""

    def __init__(self, cmd: list[str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.inbox: queue.Queue = queue.Queue()
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

    def until(self, wanted, timeout: float = 300.0) -> tuple[float, dict]:
        """The first message `wanted` accepts; requests from the server are answered on the way."""
        deadline = time.perf_counter() + timeout
        while True:
            stamp, message = self.inbox.get(timeout=max(deadline - time.perf_counter(), 0.01))
            if "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            if wanted(message):
                return stamp, message

    def memory(self) -> tuple[float, float]:
        """(VmRSS, VmHWM) of the server process, MiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        values = {
            k: float(v.split()[0]) / 1024
            for k, v in (line.split(":", 1) for line in status.splitlines())
            if k in ("VmRSS", "VmHWM")
        }
        return values["VmRSS"], values["VmHWM"]


def published(uri: str, version: int | None = None):
    def wanted(message: dict) -> bool:
        params = message.get("params") or {}
        return (
            message.get("method") == "textDocument/publishDiagnostics"
            and params.get("uri") == uri
            and (version is None or params.get("version") == version)
        )

    return wanted


def progress(kind: str, percentage: int | None = None):
    def wanted(message: dict) -> bool:
        value = (message.get("params") or {}).get("value") or {}
        return (
            message.get("method") == "$/progress"
            and value.get("kind") == kind
            and (percentage is None or value.get("percentage") == percentage)
        )

    return wanted


def response(msg_id: int):
    return lambda message: message.get("id") == msg_id and "method" not in message


def shifted_note(folder: Path) -> Path:
    """A fixed episode note with timestamp findings: the first `NNN_<hex>.md` in name order with PMN104."""
    names = sorted(p for p in (folder / "docs").glob("*.md") if p.name[:3].isdigit())
    return names[0]


def run(folder: Path, edits: int, completions: int) -> dict:
    pmnotes = tool("pmnotes")
    if pmnotes is None:
        raise SystemExit("pmnotes is not installed (run ./dev.sh test once)")
    note = shifted_note(folder)
    uri = note.resolve().as_uri()
    text = note.read_text(encoding="utf-8")
    capabilities = {
        "window": {"workDoneProgress": True},
        "textDocument": {"completion": {"completionItem": {"snippetSupport": False}}},
    }
    start = time.perf_counter()
    client = Client([pmnotes, "server"], folder)
    client.request(
        1, "initialize", {"processId": None, "rootUri": folder.resolve().as_uri(), "capabilities": capabilities}
    )
    client.until(response(1))
    client.notify("initialized", {})
    client.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}
    )
    first, message = client.until(published(uri, 1))
    first_count = len(message["params"]["diagnostics"])
    pages_at, _ = client.until(progress("report", 10))
    complete, message = client.until(published(uri))
    complete_count = len(message["params"]["diagnostics"])
    indexed, _ = client.until(progress("end"))

    lines = text.split("\n")
    row = len(lines) - 1
    edit_ms = []
    for version in range(2, edits + 2):
        # Alternately type a character at the end of the note and delete it again.
        change = {"range": {"start": {"line": row, "character": 0}, "end": {"line": row, "character": 0}}, "text": "x"}
        if version % 2:
            change = {
                "range": {"start": {"line": row, "character": 0}, "end": {"line": row, "character": 1}},
                "text": "",
            }
        sent = client.notify(
            "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
        )
        got, _ = client.until(published(uri, version))
        edit_ms.append((got - sent) * 1000)
    version = edits + 2
    typed = "See [[prod"
    client.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [
                {"range": {"start": {"line": row, "character": 0}, "end": {"line": row, "character": 0}}, "text": typed}
            ],
        },
    )
    client.until(published(uri, version))
    completion_ms = []
    counts = []
    for msg_id in range(100, 100 + completions):
        sent = client.request(
            msg_id,
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": row, "character": len(typed)}},
        )
        got, message = client.until(response(msg_id))
        completion_ms.append((got - sent) * 1000)
        counts.append(len((message.get("result") or {}).get("items", [])))
    rss, peak = client.memory()
    client.request(2, "shutdown", None)
    client.until(response(2))
    client.notify("exit", None)
    client.process.wait(timeout=60)
    return {
        "note": note.name,
        "first_s": first - start,
        "first_diagnostics": first_count,
        "pages_indexed_s": pages_at - start,
        "complete_s": complete - start,
        "complete_diagnostics": complete_count,
        "indexed_s": indexed - start,
        "edit_median_ms": statistics.median(edit_ms),
        "edit_max_ms": max(edit_ms),
        "completion_median_ms": statistics.median(completion_ms),
        "completion_max_ms": max(completion_ms),
        "completion_items": counts[0],
        "rss_mb": rss,
        "peak_rss_mb": peak,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=8000)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--completions", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    facts = machine()
    folder = site(args.notes, args.seed)
    result = run(folder, args.edits, args.completions)
    rows = [
        [
            "initialize -> first diagnostics (the note's own findings)",
            f"{result['first_s']:.2f} s",
            f"{LIMITS['first_s']:.0f} s",
            result["first_diagnostics"],
        ],
        [
            "initialize -> complete diagnostics (site indexed)",
            f"{result['complete_s']:.2f} s",
            f"{LIMITS['complete_s']:.0f} s",
            result["complete_diagnostics"],
        ],
        ["initialize -> every note's links read", f"{result['indexed_s']:.2f} s", "", ""],
        [
            "edit -> diagnostics, median (max)",
            f"{result['edit_median_ms']:.0f} ms ({result['edit_max_ms']:.0f})",
            f"{LIMITS['edit_median_ms']:.0f} ms",
            "",
        ],
        [
            "completion after `[[prod`, median (max)",
            f"{result['completion_median_ms']:.0f} ms ({result['completion_max_ms']:.0f})",
            f"{LIMITS['completion_median_ms']:.0f} ms",
            result["completion_items"],
        ],
        [
            "server memory, now (peak)",
            f"{result['rss_mb']:.0f} MB ({result['peak_rss_mb']:.0f})",
            f"{LIMITS['rss_mb']:.0f} MB",
            "",
        ],
    ]
    print(header(facts) + f"pmnotes server on {args.notes} notes, opening {result['note']}\n")
    print(table(["measure", "value", "limit", "items"], rows))
    missed = [k for k, limit in LIMITS.items() if result[k] > limit]
    print("\nall within the limits" if not missed else f"\nMISSED: {', '.join(missed)}")
    path = save("server", {"machine": facts, "args": vars(args), "result": result, "limits": LIMITS})
    print(f"saved {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
