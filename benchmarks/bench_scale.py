"""Lint and build at 5,000, 10,000 and 20,000 notes, each beside its peer in the same run.

For each size, a site generated as a real collection is laid out (`generate.py --folders 80
--collection --channel --problems --reader`: channel folders, episodes of five or ten notes,
the real problems and extension blocks) is measured, every command in a fresh process:

- `pmnotes lint --no-cache` (cold) and with its cache filled by the run before (warm), next to
  rumdl on the same files, cold (its cache cleared just before) and warm; and warm with one
  note edited (a warm run with nothing changed prints the last run's output whole);
- `pmnotes lint --fix --unsafe-fixes` on a fresh copy of the site, next to the plain lint;
- `pmnotes lint --format json` peak memory, next to the concise format's;
- `mkdocs build` time and peak memory with the plugin (`mkdocs.yml`) and without
  (`mkdocs-plain.yml`).

Peak memory is that of the whole process tree (a parallel lint runs several processes): the
probe adds up the resident sizes of the command and its descendants from `/proc` every 20 ms
and keeps the largest sum, or the largest single process that `getrusage` saw when that is
more. Ratios are against the peer measured in the same run, printed with the goals of issue 27;
the plugin's extra memory (plugin build minus plain build) is compared from the smallest size
to the largest, to show whether it grows linearly.

Usage: python benchmarks/bench_scale.py [--sizes 5000,10000,20000] [--folders 80] [--repeat 1] [--seed 1]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from measure import OUT, CommandFailed, Sample, compile_package, header, machine, ratio, save, summary, table, tool

# The goals of issue 27, as (measurement, peer, limit); each ratio is measurement / peer.
GOALS = {
    "lint cold / rumdl cold (wall)": ("lint_cold", "rumdl_cold", "wall", 1.0),
    "lint warm / rumdl warm (wall)": ("lint_warm", "rumdl_warm", "wall", 0.5),
    "fix / lint cold (wall)": ("fix", "lint_cold", "wall", 2.0),
    "fix / lint cold (peak memory)": ("fix", "lint_cold", "peak_mb", 1.0),
    "json / concise (peak memory)": ("lint_json", "lint_cold", "peak_mb", 1.2),
    "build plugin / plain (wall)": ("build_plugin", "build_plain", "wall", 1.10),
    "build plugin / plain (peak memory)": ("build_plugin", "build_plain", "peak_mb", 1.5),
}
# Not goals, shown for reading the ones above. A warm run with nothing changed prints the
# last run's output (`lint.replay`); with one note edited, the cache answers note by note.
WALL_RATIOS = {"lint warm, one note edited / rumdl warm (wall)": ("lint_warm_edit", "rumdl_warm")}
# CPU seconds are less disturbed by other work.
CPU_RATIOS = {
    "lint cold / rumdl cold (cpu)": ("lint_cold", "rumdl_cold"),
    "build plugin / plain (cpu)": ("build_plugin", "build_plain"),
}
LABELS = {
    "lint_cold": "pmnotes lint --no-cache",
    "rumdl_cold": "rumdl check, cache cleared",
    "lint_warm": "pmnotes lint, warm cache",
    "lint_warm_edit": "pmnotes lint, warm cache, one note edited",
    "rumdl_warm": "rumdl check, warm cache",
    "lint_json": "pmnotes lint --no-cache --format json",
    "fix": "pmnotes lint --no-cache --fix --unsafe-fixes (copy)",
    "build_plain": "mkdocs build, plain",
    "build_plugin": "mkdocs build, pmnotes",
}
LINT_OK = (0, 1)  # findings are expected: the sites carry real problems
PLAIN, PLUGIN = "mkdocs-plain.yml", "mkdocs.yml"  # written by generate.py
FLAGS = {"problems": True, "channel": True, "reader": True, "collection": True}

# Runs the command, adds up the resident memory of its process tree as it runs, and reports
# wall and CPU seconds and the peaks: the tree's sum and the largest single process.
_TREE_PROBE = r"""
import json, os, resource, subprocess, sys, time
cwd, cmd = sys.argv[1], sys.argv[2:]
page = os.sysconf("SC_PAGE_SIZE")

def tree(pid):
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return found

def resident(pid):
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * page
    except (OSError, IndexError, ValueError):
        return 0

start = time.perf_counter()
child = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
tail = []
import threading
reader = threading.Thread(target=lambda: tail.append(child.stderr.read()), daemon=True)
reader.start()
peak = 0
while child.poll() is None:
    peak = max(peak, sum(resident(p) for p in tree(child.pid)))
    time.sleep(0.02)
wall = time.perf_counter() - start
reader.join()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
single = usage.ru_maxrss * 1024
err = (tail[0] if tail else b"").decode("utf-8", "replace")[-3000:]
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "tree_mb": max(peak, single) / 2**20,
                  "single_mb": single / 2**20, "rc": child.returncode, "tail": err}))
"""


def measure_tree(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> tuple[Sample, float]:
    """One run of `cmd` in a fresh probe: the sample (its `rss_mb` the tree's peak) and the largest single process."""
    load = os.getloadavg()[0]
    done = subprocess.run(
        [sys.executable, "-c", _TREE_PROBE, str(cwd), *cmd], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    if result["rc"] not in ok:
        raise CommandFailed(f"{' '.join(cmd)} (in {cwd}) exited {result['rc']}:\n{result['tail']}")
    return Sample(result["wall"], result["cpu"], result["tree_mb"], result["rc"], load), result["single_mb"]


def scale_site(notes: int, folders: int, seed: int) -> Path:
    """The generated site of `notes` notes in `folders` folders, generated when missing or stale."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import MARKER, VERSION, generate

    folder = OUT / f"scale-{notes}-in-{folders}-folders"
    marker = folder / MARKER
    if marker.exists():
        known = json.loads(marker.read_text(encoding="utf-8"))
        if (known.get("notes"), known.get("seed"), known.get("version")) == (notes, seed, VERSION) and known.get(
            "folders", {}
        ).get("asked") == folders:
            return folder
    print(f"generating {notes} notes in {folders} folders into {folder} ...", file=sys.stderr)
    generate(folder, notes, seed, folders=folders, **FLAGS)
    return folder


def fresh_copy(site: Path) -> Path:
    """A copy of the site's notes and configs for `--fix` to change (made before the clock starts)."""
    copy = site.parent / f"{site.name}-fix"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir()
    shutil.copytree(site / "docs", copy / "docs")
    for name in (PLAIN, PLUGIN):
        shutil.copy2(site / name, copy / name)
    return copy


def checked_files(rumdl: str, site: Path) -> int | None:
    """How many files rumdl says it checked: it must see every note, or it only looks fast."""
    done = subprocess.run(
        [rumdl, *rumdl_args(site), "--no-cache", "docs"], cwd=site, capture_output=True, text=True, check=False
    )
    found = re.search(r"in (\d+) files?\b", done.stdout + done.stderr)
    return int(found[1]) if found else None


def rumdl_args(site: Path) -> list[str]:
    # Default rules, no configuration found upwards, and `benchmarks/out` is git-ignored: check it all.
    return ["check", "--no-config", "--respect-gitignore=false", "--cache-dir", str(site / "rumdl-cache")]


def run_size(notes: int, args: argparse.Namespace, pmnotes: str, rumdl: str | None, mkdocs: str) -> dict:
    site = scale_site(notes, args.folders, args.seed)
    generated = json.loads((site / "generated.json").read_text(encoding="utf-8"))
    cache = site / "pmnotes-cache"
    lint = [pmnotes, "lint", "--format", "concise"]
    samples: dict[str, list[Sample]] = {name: [] for name in LABELS}
    single: dict[str, float] = {}

    def run(name: str, cmd: list[str], cwd: Path = site, ok: tuple[int, ...] = (0,)) -> None:
        sample, largest = measure_tree(cmd, cwd, ok)
        samples[name].append(sample)
        single[name] = max(single.get(name, 0.0), largest)
        print(
            f"  {notes} notes, {name}: {sample.wall:.2f} s, {sample.rss_mb:.0f} MB (load {sample.load:.2f})",
            file=sys.stderr,
        )

    # Warm-up, not counted: the page cache holds the notes, bytecode is compiled.
    measure_tree([*lint, "--no-cache", "docs"], site, LINT_OK)
    for round_ in range(args.repeat):
        run("lint_cold", [*lint, "--no-cache", "docs"], ok=LINT_OK)
        if rumdl is not None:
            shutil.rmtree(site / "rumdl-cache", ignore_errors=True)
            run("rumdl_cold", [rumdl, *rumdl_args(site), "docs"], ok=LINT_OK)
            run("rumdl_warm", [rumdl, *rumdl_args(site), "docs"], ok=LINT_OK)
        if round_ == 0:  # fill the cache the warm runs read
            shutil.rmtree(cache, ignore_errors=True)
            measure_tree([*lint, "--cache-dir", str(cache), "docs"], site, LINT_OK)
        run("lint_warm", [*lint, "--cache-dir", str(cache), "docs"], ok=LINT_OK)
        with edited_note(site):
            run("lint_warm_edit", [*lint, "--cache-dir", str(cache), "docs"], ok=LINT_OK)
        measure_tree([*lint, "--cache-dir", str(cache), "docs"], site, LINT_OK)  # the next warm run's as before
        run("lint_json", [pmnotes, "lint", "--format", "json", "--no-cache", "docs"], ok=LINT_OK)
        copy = fresh_copy(site)
        run("fix", [*lint, "--no-cache", "--fix", "--unsafe-fixes", "docs"], cwd=copy, ok=LINT_OK)
        run("build_plain", [mkdocs, "build", "-q", "-f", PLAIN])
        run("build_plugin", [mkdocs, "build", "-q", "-f", PLUGIN])
    shutil.rmtree(site.parent / f"{site.name}-fix", ignore_errors=True)
    results = {name: summary(found) | {"largest_process_mb": single[name]} for name, found in samples.items() if found}
    return {
        "site": str(site),
        "generated": {k: generated[k] for k in ("notes", "bytes", "videos", "anchors", "links", "dangling_links")},
        "folders_used": generated.get("folders", {}).get("used"),
        "markdown_files": sum(1 for _ in (site / "docs").rglob("*.md")),
        "rumdl_files": checked_files(rumdl, site) if rumdl is not None else None,
        # The last builds' output: the pages MkDocs rendered and wrote, the generated ones included.
        "pages_written": {kind: pages(site / f"site-{kind}") for kind in ("plain", "plugin")},
        "results": results,
    }


@contextlib.contextmanager
def edited_note(site: Path) -> Iterator[None]:
    """One note with a line added (as an author's edit), put back as it was afterwards."""
    note = min((site / "docs").rglob("*.md"))
    data, before = note.read_bytes(), note.stat()
    try:
        note.write_bytes(data + b"\nOne more line.\n")
        past = time.time() - 10  # not "just written": the cache takes a note changed within 2 s as racy
        os.utime(note, (past, past))
        yield
    finally:
        note.write_bytes(data)
        os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))


def pages(site_dir: Path) -> int:
    return sum(1 for _ in site_dir.rglob("index.html")) if site_dir.is_dir() else 0


def figure(results: dict, name: str, what: str) -> float | None:
    found = results.get(name)
    if found is None:
        return None
    return found["median_s"] if what == "wall" else found["peak_mb"] if what == "peak_mb" else found["cpu_median_s"]


def ratios(results: dict) -> dict[str, float | None]:
    found = {
        label: ratio(figure(results, a, what), figure(results, b, what)) for label, (a, b, what, _) in GOALS.items()
    }
    found.update(
        {label: ratio(figure(results, a, "wall"), figure(results, b, "wall")) for label, (a, b) in WALL_RATIOS.items()}
    )
    found.update(
        {label: ratio(figure(results, a, "cpu"), figure(results, b, "cpu")) for label, (a, b) in CPU_RATIOS.items()}
    )
    return found


def growth(sizes: dict[int, dict]) -> dict:
    """The plugin's extra memory (plugin peak minus plain peak) at each size, and how it grows."""
    extra = {}
    for notes, data in sizes.items():
        plugin, plain = (
            figure(data["results"], "build_plugin", "peak_mb"),
            figure(data["results"], "build_plain", "peak_mb"),
        )
        if plugin is not None and plain is not None:
            extra[notes] = plugin - plain
    found: dict = {"extra_mb": extra, "extra_mb_per_1000_notes": {n: 1000 * v / n for n, v in extra.items()}}
    if len(extra) >= 2:
        small, large = min(extra), max(extra)
        found["notes_ratio"] = large / small
        if extra[small] > 0 and extra[large] > 0:
            found["extra_ratio"] = extra[large] / extra[small]
            # 1.0: linear; above: each note costs more on a larger site.
            found["exponent"] = math.log(found["extra_ratio"]) / math.log(found["notes_ratio"])
            found["linear"] = found["extra_ratio"] <= found["notes_ratio"]
    return found


def cell(value: float | None, limit: float | None = None) -> str:
    if value is None:
        return "n/a"
    if limit is None:
        return f"{value:.2f}"
    return f"{value:.2f} {'ok' if value <= limit else 'MISSED'}"


def report(sizes: dict[int, dict], grown: dict) -> str:
    notes = list(sizes)
    lines = []
    for n, data in sizes.items():
        results = data["results"]
        rows = [
            [
                LABELS[name],
                r["median_s"],
                r["cpu_median_s"],
                r["peak_mb"],
                r["largest_process_mb"],
                " ".join(map(str, r["load"])),
            ]
            for name, r in results.items()
        ]
        generated = data["generated"]
        lines.append(
            f"{n:,} notes in {data['folders_used']} folders ({generated['bytes'] / 2**20:.0f} MiB, "
            f"{generated['anchors']:,} anchors, {generated['links']:,} links; rumdl checked {data['rumdl_files']}"
            f" of {data['markdown_files']} Markdown files)"
        )
        lines.append(table(["command", "median s", "cpu s", "peak MB (tree)", "largest process MB", "load"], rows))
        lines.append("")
    headers = ["ratio (same run)", *(f"{n:,} notes" for n in notes), "goal"]
    rows = []
    found = {n: ratios(data["results"]) for n, data in sizes.items()}
    for label, (*_, limit) in GOALS.items():
        rows.append([label, *(cell(found[n][label], limit) for n in notes), f"<= {limit:.2f}"])
    for label in [*WALL_RATIOS, *CPU_RATIOS]:
        rows.append([label, *(cell(found[n][label]) for n in notes), ""])
    extra = grown["extra_mb"]
    rows.append(["plugin's extra memory, MB", *(cell(extra.get(n)) for n in notes), ""])
    rows.append(["the same per 1,000 notes", *(cell(grown["extra_mb_per_1000_notes"].get(n)) for n in notes), ""])
    lines.append(table(headers, rows))
    if "extra_ratio" in grown:
        lines.append(
            f"\nplugin's extra memory from {min(extra):,} to {max(extra):,} notes: x{grown['extra_ratio']:.2f} for"
            f" x{grown['notes_ratio']:.2f} the notes (exponent {grown['exponent']:.2f}; goal: at most linear):"
            f" {'ok' if grown['linear'] else 'MISSED, grows faster than the notes'}"
        )
    return "\n".join(lines)


def docs_table(sizes: dict[int, dict]) -> str:
    """The table of `docs/configuration.md` ("What a large site costs"), from this run."""

    def build(results: dict, name: str) -> str:
        r = results.get(name)
        return f"{r['median_s']:.0f} s, {r['peak_mb']:,.0f} MB" if r else "n/a"

    rows = []
    for notes, data in sizes.items():
        r = data["results"]
        lint = f"{r['lint_cold']['median_s']:.1f} s / {r['lint_warm']['median_s']:.1f} s"
        rows.append(
            [
                f"{notes:,}",
                lint,
                build(r, "build_plain"),
                build(r, "build_plugin"),
                f"{data['pages_written']['plugin']:,}",
            ]
        )
    headers = ["notes", "`pmnotes lint`, cold / warm cache", "`mkdocs build` without the plugin", "with the plugin"]
    return table([*headers, "pages written"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,10000,20000", help="comma-separated note counts")
    parser.add_argument("--folders", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes: not a list of numbers: {args.sizes!r}")
    if not sizes or min(sizes) < 1 or args.repeat < 1 or args.folders < 1:
        parser.error("--sizes, --repeat and --folders must be at least 1")
    pmnotes, mkdocs, rumdl = tool("pmnotes"), tool("mkdocs"), tool("rumdl")
    if pmnotes is None or mkdocs is None:
        raise SystemExit("bench_scale: `pmnotes` and `mkdocs` must be installed in this environment")
    if rumdl is None:
        print("bench_scale: rumdl not found (pip install rumdl): lint is measured without its peer", file=sys.stderr)
    compile_package()
    at_start = machine()
    measured: dict[int, dict] = {}
    try:
        for notes in sizes:
            measured[notes] = run_size(notes, args, pmnotes, rumdl, mkdocs)
    except CommandFailed as exc:
        print(f"bench_scale: {exc}", file=sys.stderr)
        return 1
    grown = growth(measured)
    text = header(at_start) + report(measured, grown)
    print(text)
    print('\nfor docs/configuration.md, "What a large site costs":\n')
    print(docs_table(measured))
    data = {
        "machine": at_start,
        "machine_at_end": machine(),
        "args": vars(args),
        "rumdl": subprocess.run([rumdl, "--version"], capture_output=True, text=True).stdout.strip() if rumdl else None,
        "sizes": measured,
        "ratios": {n: ratios(d["results"]) for n, d in measured.items()},
        "goals": {label: limit for label, (*_, limit) in GOALS.items()},
        "extra_memory": grown,
        "report": text,
    }
    print(f"\nresults: {save('scale', data)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
