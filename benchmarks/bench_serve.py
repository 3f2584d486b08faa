"""Edit-to-served under `mkdocs serve`: plain MkDocs against the plugin, `--dirty` and default.

Copies the generated N-note site into `out/serve-N/` and gives it an automatic
nav (no `nav:`), as a real collection has, so every page carries Material's
N-entry navigation. For each of four servers (plain and plugin, each with and
without `--dirty`) it starts a real `mkdocs serve` process, waits for the first
build, then repeats: append a new sentence to one note, and poll that note's
served page until the sentence is there. The time from the write to the first
response that shows it is what an author waits for. The servers run one after
the other (each holds the port and both cores while it builds), and the note is
restored after each.

MkDocs notices a save by polling the docs folder every half second, so what an
author waits for includes up to 0.5 s before the rebuild starts. With a fixed
pause between edits, that wait would be the same for every edit of one server
but differ between servers (it depends on how long their builds take); each
pause therefore adds a random part, the same sequence for every server, so all
of them see the polling's whole range. The build time MkDocs logs for each
rebuild ("Documentation built in") is reported beside it, and so is the CPU time
the server spent from each write to the response that shows it (on Linux, from
`/proc`): on a machine other work is slowing down, the CPU seconds of plain and
plugin still compare, when their wall seconds no longer do.

With `--problems` the site is generated with its real problems planted
(`generate.py --problems`: hundreds of errors to the linter, as a real collection
has), into `out/serve-N-problems/`; the plugin lints every rebuild under serve (its
default), so this measures the log of such a site too. Each server's log is kept
beside the site, and the report counts the `pmnotes` lines of its last rebuild.

Targets: under `--dirty`, the plugin at most 1.5x plain MkDocs, or plain + 0.5 s,
whichever is larger; by default (full rebuilds), the plugin at most 1.10x plain.

Usage: python benchmarks/bench_serve.py [--notes 1000] [--repeat 7] [--default-repeat 2] [--seed 1] [--problems]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from measure import OUT, compile_package, header, machine, save, site, table, tool

DIRTY_RATIO, DIRTY_SLACK, DEFAULT_RATIO = 1.5, 0.5, 1.10
NOTE = "002_276fa54d4c412ae7"  # a note of the generated site (seed 1), linked from others by its title
CONFIG = """\
# Written by benchmarks/bench_serve.py: the generated site with an automatic nav.
site_name: pmnotes serve benchmark ({count} notes)
docs_dir: docs
theme:
  name: material
plugins:
{plugins}
"""
POLL = 0.5  # seconds between MkDocs' looks at the docs folder (its `PollingObserver`)
BUILT = re.compile(rb"Documentation built in ([0-9.]+) seconds")
REBUILD = b"Building documentation"  # MkDocs' line at the start of every build
START_LIMIT = 1800  # seconds the first build may take on a busy machine
EDIT_LIMIT = 900


def prepare(notes: int, seed: int, problems: bool = False) -> Path:
    source = site(notes, seed, problems)
    folder = OUT / (f"serve-{notes}-problems" if problems else f"serve-{notes}")
    if not (folder / "docs").is_dir():
        shutil.copytree(source / "docs", folder / "docs")
    (folder / "plain.yml").write_text(CONFIG.format(count=notes, plugins="  - search"), encoding="utf-8")
    (folder / "plugin.yml").write_text(CONFIG.format(count=notes, plugins="  - search\n  - pmnotes"), encoding="utf-8")
    return folder


def note_of(folder: Path) -> Path:
    path = folder / "docs" / f"{NOTE}.md"
    if path.is_file():
        return path
    return sorted((folder / "docs").glob("[0-9]*.md"))[0]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait(url: str, text: str, limit: float, process: subprocess.Popen) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if process.poll() is not None:
            raise SystemExit(f"bench_serve: mkdocs serve exited with {process.returncode}")
        page = _get(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise SystemExit(f"bench_serve: {url} did not show {text!r} within {limit} s")


def _cpu(pid: int) -> float | None:
    """User and system seconds a process has used so far, all its threads; None off Linux."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def serve(folder: Path, config: str, dirty: bool, repeat: int, note: Path, seed: int) -> dict:
    """One server: seconds to the first build, then edit-to-served for each edit."""
    pauses = random.Random(seed)  # the same pauses for every server
    mkdocs = tool("mkdocs")
    port = _port()
    command = [mkdocs, "serve", "-f", config, "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log_path = folder / f"{Path(config).stem}{'-dirty' if dirty else ''}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - the server writes to it until stopped
    original = note.read_bytes()
    url = f"http://127.0.0.1:{port}/{note.stem}/"
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        first = _wait(url, "</html>", START_LIMIT, process)
        time.sleep(2)  # let the watcher settle after the first build
        edits, cpu = [], []
        for i in range(repeat):
            marker = f"Edited for the benchmark, round {i} at {time.time():.0f}."
            before = _cpu(process.pid)
            note.write_bytes(original + f"\n{marker}\n".encode())
            edits.append(_wait(url, marker, EDIT_LIMIT, process))
            after = _cpu(process.pid)
            if before is not None and after is not None:
                cpu.append(after - before)
            print(
                f"  {Path(config).stem}{' --dirty' if dirty else ''} edit {i + 1}/{repeat}: {edits[-1]:.2f}s",
                file=sys.stderr,
            )
            time.sleep(1 + pauses.uniform(0, POLL))
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        note.write_bytes(original)
    logged = log_path.read_bytes()
    builds = [float(found) for found in BUILT.findall(logged)][1:]  # the first is the start-up
    last = logged.rsplit(REBUILD, 1)[-1]
    return {
        "first_build_s": first,
        "builds_s": builds,
        "median_build_s": statistics.median(builds) if builds else None,
        "startup_wall_s": time.perf_counter() - started - sum(edits) if edits else None,
        "edits_s": edits,
        "median_s": statistics.median(edits),
        "edits_cpu_s": cpu,
        "median_cpu_s": statistics.median(cpu) if cpu else None,
        "best_s": min(edits),
        "load": load,
        "pmnotes_lines_last_rebuild": last.count(b"pmnotes: "),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7, help="edits under --dirty")
    parser.add_argument("--default-repeat", type=int, default=2, help="edits under the default full rebuild")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-default", action="store_true", help="measure --dirty only")
    parser.add_argument("--problems", action="store_true", help="the site with real problems planted (generate.py)")
    args = parser.parse_args(argv)
    if tool("mkdocs") is None:
        raise SystemExit("bench_serve: no `mkdocs` console script in this environment")
    folder = prepare(args.notes, args.seed, args.problems)
    note = note_of(folder)
    compile_package()
    at_start = machine()
    runs = [("plain_dirty", "plain.yml", True, args.repeat), ("plugin_dirty", "plugin.yml", True, args.repeat)]
    if not args.skip_default:
        runs += [
            ("plain", "plain.yml", False, args.default_repeat),
            ("plugin", "plugin.yml", False, args.default_repeat),
        ]
    results = {}
    for name, config, dirty, repeat in runs:
        print(f"{name} ...", file=sys.stderr)
        results[name] = serve(folder, config, dirty, repeat, note, args.seed)
    labels = {
        "plain_dirty": "serve --dirty, plain",
        "plugin_dirty": "serve --dirty, pmnotes",
        "plain": "serve, plain",
        "plugin": "serve, pmnotes",
    }
    rows = [
        [
            labels[n],
            r["first_build_s"],
            r["best_s"],
            r["median_s"],
            " ".join(f"{e:.2f}" for e in r["edits_s"]),
            r["median_build_s"],
            r["median_cpu_s"],
            r["pmnotes_lines_last_rebuild"],
            f"{r['load']:.2f}",
        ]
        for n, r in results.items()
    ]
    problems = ", real problems planted (--problems)" if args.problems else ""
    headers = ["server", "first build s", "best edit s", "median edit s", "edits s", "median rebuild s"]
    lines = [
        f"{args.notes} notes{problems}, automatic nav, Material; edited note: {note.name}",
        "",
        table([*headers, "median edit CPU s", "pmnotes lines, last rebuild", "load"], rows),
        "",
    ]
    plain, plugin = results["plain_dirty"]["median_s"], results["plugin_dirty"]["median_s"]
    limit = max(plain * DIRTY_RATIO, plain + DIRTY_SLACK)
    lines.append(
        f"--dirty, plugin / plain (median edit-to-served): {plugin / plain:.2f}"
        f" ({plugin:.2f}s vs {plain:.2f}s; limit {limit:.2f}s: {'ok' if plugin <= limit else 'MISSED'})"
    )
    cpu = results["plain_dirty"]["median_cpu_s"], results["plugin_dirty"]["median_cpu_s"]
    if None not in cpu:
        lines.append(f"--dirty, CPU per edit: {cpu[1]:.2f}s vs {cpu[0]:.2f}s (+{cpu[1] - cpu[0]:.2f}s)")
    built = results["plain_dirty"]["median_build_s"], results["plugin_dirty"]["median_build_s"]
    if None not in built:
        lines.append(
            f"--dirty, rebuild as MkDocs logs it: {built[1]:.2f}s vs {built[0]:.2f}s (+{built[1] - built[0]:.2f}s)"
        )
    if "plain" in results:
        ratio = results["plugin"]["median_s"] / results["plain"]["median_s"]
        lines.append(
            f"default, plugin / plain (median edit-to-served): {ratio:.2f}"
            f" (limit {DEFAULT_RATIO:.2f}: {'ok' if ratio <= DEFAULT_RATIO else 'MISSED'})"
        )
        lines.append(f"--dirty / default, plugin: {plugin / results['plugin']['median_s']:.3f}")
    text = header(at_start) + "\n".join(lines)
    print(text)
    print(f"\nresults: {save('serve', {'machine': at_start, 'args': vars(args), 'results': results, 'report': text})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
