"""How fast `pmnotes lint` is on a generated site, next to rumdl and markdownlint-cli2 on the same files.

Measures, each in a fresh process and repeated (runs interleaved, so a change in
the machine's load hits every command alike):
- `pmnotes lint` over the N-note site and over the 4N-note site (the scaling check);
- `pmnotes lint` on one file inside the N-note site, run from the site folder so
  the whole site's index is still built (what pre-commit does);
- markdownlint-cli2 over the same N files, when it is installed
  (`npm install --prefix benchmarks`, or on PATH);
- `pmnotes lint` cold (`--no-cache`) and warm (the cache of the warm-up run) in one
  process (`--jobs 1`) and on every core (`--jobs auto`), next to rumdl (a Rust
  Markdown linter from PyPI: `pip install rumdl`) cold and warm on the same files;
- peak memory of `--format json` next to `--format concise` (cold, one process);
- `pmnotes lint --fix --unsafe-fixes --no-cache` on a fresh copy of the N-note site
  each run (the copy is not timed), next to the plain cold lint: time and memory.

The package's bytecode is compiled first (`compileall`), as installing it does: with
PYTHONDONTWRITEBYTECODE set, every run would otherwise compile each module again.

Usage: python benchmarks/bench_lint.py [--notes 2000] [--scale 4] [--repeat 3] [--seed 1] [--quick]
(`--quick`: only the cold/warm, jobs and format comparison, not the 4x site.)
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from measure import (
    HERE,
    CommandFailed,
    Sample,
    compile_package,
    header,
    machine,
    measure,
    ratio,
    results_table,
    save,
    site,
    summary,
    tool,
    verdict,
)

SCALING_LIMIT = 4.4  # 4x the notes may cost at most 4.4x the time


def markdownlint() -> str | None:
    local = HERE / "node_modules" / ".bin" / "markdownlint-cli2"
    return str(local) if local.exists() else shutil.which("markdownlint-cli2")


def one_note(folder: Path) -> str:
    """A fixed episode note of the site: the first `NNN_<hex>.md` in name order."""
    names = sorted(p.name for p in (folder / "docs").glob("*.md") if p.name[:3].isdigit())
    return f"docs/{names[0]}"


def fresh_copy(folder: Path) -> Path:
    """The site's notes and config copied afresh, for a run of `--fix` to change."""
    copy = folder.with_name(f"{folder.name}-fixing")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder / "docs", copy / "docs")
    shutil.copy2(folder / "mkdocs.yml", copy / "mkdocs.yml")
    return copy


def jobs(args: argparse.Namespace) -> dict[str, Callable[[], Sample]]:
    pmnotes = tool("pmnotes")
    if pmnotes is None:
        raise SystemExit("bench_lint: no `pmnotes` console script; install the package first (pip install -e .)")
    small = site(args.notes, args.seed)
    lint = [pmnotes, "lint", "--format", "concise"]
    found: dict[str, Callable[[], Sample]] = {}
    if not args.quick:
        large = site(args.notes * args.scale, args.seed)
        found["lint"] = lambda: measure([*lint, "docs"], small, ok=(0, 1))
        found["lint_scaled"] = lambda: measure([*lint, "docs"], large, ok=(0, 1))
        found["lint_one_file"] = lambda: measure([*lint, one_note(small)], small, ok=(0, 1))
    # Cold: nothing cached. Warm: the cache the warm-up round wrote, every note unchanged.
    for jobs in ("1", "auto"):
        found[f"cold_jobs_{jobs}"] = lambda j=jobs: measure(
            [*lint, "--no-cache", "--jobs", j, "docs"], small, ok=(0, 1)
        )
        found[f"warm_jobs_{jobs}"] = lambda j=jobs: measure([*lint, "--jobs", j, "docs"], small, ok=(0, 1))
    for form in ("concise", "json"):
        command = [pmnotes, "lint", "--no-cache", "--jobs", "1", "--format", form, "docs"]
        found[f"format_{form}"] = lambda c=command: measure(c, small, ok=(0, 1))
    for jobs in ("1", "auto"):
        command = [*lint, "--no-cache", "--jobs", jobs, "--fix", "--unsafe-fixes", "docs"]
        found[f"fix_jobs_{jobs}"] = lambda c=command: measure(c, fresh_copy(small), ok=(0, 1))
    rumdl = tool("rumdl")
    if rumdl:
        found["rumdl_cold"] = lambda: measure([rumdl, "check", "--no-cache", "docs"], small, ok=(0, 1))
        found["rumdl_warm"] = lambda: measure([rumdl, "check", "docs"], small, ok=(0, 1))
    else:
        print("bench_lint: rumdl not found; run `pip install rumdl`", file=sys.stderr)
    mdl = None if args.quick else markdownlint()
    if mdl:
        found["markdownlint"] = lambda: measure([mdl, "docs/**/*.md"], small, ok=(0, 1))
    elif not args.quick:
        print("bench_lint: markdownlint-cli2 not found; run `npm install --prefix benchmarks`", file=sys.stderr)
    return found


def report(args: argparse.Namespace, results: dict[str, dict]) -> str:
    get = lambda name, key="median_s": results[name][key] if name in results else None  # noqa: E731
    labels = {
        "lint": f"pmnotes lint, {args.notes} notes",
        "lint_scaled": f"pmnotes lint, {args.notes * args.scale} notes",
        "lint_one_file": f"pmnotes lint, 1 file in {args.notes}",
        "markdownlint": f"markdownlint-cli2, {args.notes} notes",
    }
    for jobs in ("1", "auto"):
        labels[f"cold_jobs_{jobs}"] = f"pmnotes lint --no-cache --jobs {jobs}, {args.notes} notes"
        labels[f"warm_jobs_{jobs}"] = f"pmnotes lint --jobs {jobs}, warm, {args.notes} notes"
    for form in ("concise", "json"):
        labels[f"format_{form}"] = f"pmnotes lint --no-cache --jobs 1 --format {form}, {args.notes} notes"
    for jobs in ("1", "auto"):
        labels[f"fix_jobs_{jobs}"] = f"pmnotes lint --no-cache --jobs {jobs} --fix --unsafe-fixes, {args.notes} notes"
    labels["rumdl_cold"] = f"rumdl check --no-cache, {args.notes} notes"
    labels["rumdl_warm"] = f"rumdl check, warm, {args.notes} notes"
    lines = [results_table("command", labels, results), ""]
    for kind in ("cold", "warm"):
        lines.append(
            f"{kind}: --jobs auto / --jobs 1 (median wall): {_fmt(ratio(get(f'{kind}_jobs_auto'), get(f'{kind}_jobs_1')))};"
            f" --jobs auto / rumdl (median wall): {_fmt(ratio(get(f'{kind}_jobs_auto'), get(f'rumdl_{kind}')))};"
            f" (median cpu): {_fmt(ratio(get(f'{kind}_jobs_auto', 'cpu_median_s'), get(f'rumdl_{kind}', 'cpu_median_s')))}"
        )
    lines.append(
        f"peak memory, json / concise: {_fmt(ratio(get('format_json', 'peak_mb'), get('format_concise', 'peak_mb')))}"
        f" ({_fmt(get('format_json', 'peak_mb'))} MB / {_fmt(get('format_concise', 'peak_mb'))} MB)"
    )
    for jobs in ("1", "auto"):
        fix, cold = f"fix_jobs_{jobs}", f"cold_jobs_{jobs}"
        lines.append(
            f"--fix --unsafe-fixes / lint --no-cache, --jobs {jobs}: wall {_fmt(ratio(get(fix), get(cold)))},"
            f" cpu {_fmt(ratio(get(fix, 'cpu_median_s'), get(cold, 'cpu_median_s')))},"
            f" peak memory {_fmt(ratio(get(fix, 'peak_mb'), get(cold, 'peak_mb')))}"
        )
    if args.quick:
        return "\n".join(lines)
    lines.append(f"lint / markdownlint (median wall): {_fmt(ratio(get('lint'), get('markdownlint')))}")
    lines.append(
        f"lint / markdownlint (median cpu):  {_fmt(ratio(get('lint', 'cpu_median_s'), get('markdownlint', 'cpu_median_s')))}"
    )
    lines.append(
        f"{args.scale}x notes / 1x (median wall): {verdict(ratio(get('lint_scaled'), get('lint')), SCALING_LIMIT)}"
    )
    lines.append(
        f"{args.scale}x notes / 1x (median cpu):  {verdict(ratio(get('lint_scaled', 'cpu_median_s'), get('lint', 'cpu_median_s')), SCALING_LIMIT)}"
    )
    lines.append(f"one file in the {args.notes}-note site: {_fmt(get('lint_one_file'))} s median")
    lines.append(
        f"peak memory, {args.notes} notes: {_fmt(get('lint', 'peak_mb'))} MB; {args.notes * args.scale} notes: {_fmt(get('lint_scaled', 'peak_mb'))} MB"
    )
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="leave out the 4x site, the one file and markdownlint")
    args = parser.parse_args(argv)
    compile_package()
    todo = jobs(args)
    at_start = machine()
    samples: dict[str, list[Sample]] = {name: [] for name in todo}
    try:
        for run in todo.values():  # warm-up: page cache, bytecode; not counted
            run()
        for round_ in range(args.repeat):
            for name, run in todo.items():
                samples[name].append(run())
                print(f"round {round_ + 1}/{args.repeat} {name}: {samples[name][-1].wall:.2f}s", file=sys.stderr)
    except CommandFailed as exc:
        print(f"bench_lint: {exc}", file=sys.stderr)
        return 1
    results = {name: summary(found) for name, found in samples.items()}
    text = report(args, results)
    text = header(at_start) + text
    print(text)
    path = save(
        "lint",
        {"machine": at_start, "machine_at_end": machine(), "args": vars(args), "results": results, "report": text},
    )
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
