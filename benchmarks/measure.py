"""Shared plumbing for the benchmark scripts: measuring a command, sites, tables, JSON.

Every measurement runs the command under a fresh Python probe process. The probe
times the command (wall clock, from just before the spawn to its exit) and reads
`getrusage(RUSAGE_CHILDREN)`, which covers only that command and its own
children: CPU seconds and peak resident memory. A fresh probe per measurement
keeps one run's peak from leaking into the next.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent

_PROBE = r"""
import json, resource, subprocess, sys, time
cwd, capture, cmd = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]
sink = subprocess.PIPE if capture else subprocess.DEVNULL
start = time.perf_counter()
done = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
tail = ((done.stdout or b"") + (done.stderr or b"")).decode("utf-8", "replace")[-3000:]
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss_mb": usage.ru_maxrss / 1024, "rc": done.returncode, "tail": tail}))
"""


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the command and its children
    rss_mb: float  # peak resident set size, MiB
    rc: int
    load: float  # 1-minute load average just before the run


class CommandFailed(RuntimeError):
    pass


def measure(cmd: Sequence[str], cwd: Path, ok: Sequence[int] = (0,), env: dict[str, str] | None = None) -> Sample:
    """Run `cmd` once in a fresh probe; output goes to /dev/null.

    An exit code outside `ok` is rerun with its output captured, and raised.
    `env` adds variables to the command's environment.
    """
    load = os.getloadavg()[0]
    result = _probe(cmd, cwd, capture=False, env=env)
    if result["rc"] not in ok:
        again = _probe(cmd, cwd, capture=True, env=env)
        raise CommandFailed(f"{' '.join(cmd)} (in {cwd}) exited {again['rc']}:\n{again['tail']}")
    return Sample(result["wall"], result["cpu"], result["rss_mb"], result["rc"], load)


def _probe(cmd: Sequence[str], cwd: Path, capture: bool, env: dict[str, str] | None = None) -> dict:
    probe = [sys.executable, "-c", _PROBE, str(cwd), "1" if capture else "0", *cmd]
    done = subprocess.run(probe, capture_output=True, text=True, check=True, env={**os.environ, **(env or {})})
    return json.loads(done.stdout)


def summary(samples: Sequence[Sample]) -> dict:
    """Best and median of the timings, the highest peak memory, the loads seen."""
    walls = [s.wall for s in samples]
    return {
        "runs": len(samples),
        "best_s": min(walls),
        "median_s": statistics.median(walls),
        "cpu_median_s": statistics.median(s.cpu for s in samples),
        "peak_mb": max(s.rss_mb for s in samples),
        "load": [round(s.load, 2) for s in samples],
        "samples": [asdict(s) for s in samples],
    }


def compile_package() -> None:
    """Write the package's bytecode first, as an installed package has it.

    From a checkout, or with PYTHONDONTWRITEBYTECODE set, every measured command would
    otherwise compile each module it imports: a tenth of a second, a fifth of a warm lint.
    Bytecode is written even with that variable set, and only where it is stale.
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("mkdocs_pmnotes")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(os.path.dirname(spec.origin), quiet=1)


def tool(name: str) -> str | None:
    """A console script from this Python's environment, else from PATH."""
    local = BIN / name
    if local.exists():
        return str(local)
    return shutil.which(name)


def site(notes: int, seed: int, problems: bool = False) -> Path:
    """The generated site for `notes` notes (with `generate.py --problems`), generating it when missing or stale."""
    sys.path.insert(0, str(HERE))
    from generate import MARKER, VERSION, generate

    folder = OUT / (f"site-{notes}-problems" if problems else f"site-{notes}")
    marker = folder / MARKER
    if marker.exists():
        known = json.loads(marker.read_text(encoding="utf-8"))
        if (
            known.get("notes") == notes
            and known.get("seed") == seed
            and known.get("version") == VERSION
            and ("problems" in known) == problems
        ):
            return folder
    print(f"generating {notes} notes into {folder} ...", file=sys.stderr)
    generate(folder, notes, seed, problems)
    return folder


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_at_start": os.getloadavg(),
        "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "commit": _git("rev-parse", "--short", "HEAD"),
        # Uncommitted changes to the package mean the figures belong to no commit.
        "package_changes": len(_git("status", "--porcelain", "--", ":(top)mkdocs_pmnotes").splitlines()),
    }


def header(facts: dict) -> str:
    """One line saying what was measured and how busy the machine was."""
    dirty = f" + {facts['package_changes']} uncommitted package files" if facts["package_changes"] else ""
    return f"commit {facts['commit'] or '?'}{dirty}; {facts['cpus']} CPUs; at start: {facts['uptime']}\n\n"


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def save(kind: str, data: dict) -> Path:
    """Write results to `out/<kind>-<time>.json` and `out/<kind>-latest.json`."""
    OUT.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    text = json.dumps(data, indent=2) + "\n"
    path = OUT / f"{kind}-{stamp}.json"
    path.write_text(text, encoding="utf-8")
    (OUT / f"{kind}-latest.json").write_text(text, encoding="utf-8")
    return path


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain Markdown table, so the output can be pasted into a note."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    line = lambda values: "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=False)) + " |"  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def results_table(first: str, labels: dict[str, str], results: dict[str, dict]) -> str:
    """The table both benchmarks print: one row per measured command."""
    rows = [
        [labels[name], r["best_s"], r["median_s"], r["cpu_median_s"], r["peak_mb"], " ".join(map(str, r["load"]))]
        for name, r in results.items()
    ]
    return table([first, "best s", "median s", "cpu s", "peak MB", "load (1 min) per run"], rows)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def ratio(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None


def verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "n/a"
    return f"{value:.2f} (limit {limit:.2f}: {'ok' if value <= limit else 'MISSED'})"
