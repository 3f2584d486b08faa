"""The lint cache, cold against warm, on a generated site of N notes.

Measures, each in a fresh process and interleaved round by round:

- whole-site lint with no cache (`--no-cache`) and with an empty cache folder (cold);
- whole-site lint with the cache the previous run left (warm, nothing changed);
- whole-site lint, warm, after one note changed;
- one changed note linted by itself (`pmnotes lint docs/<note>.md`, as pre-commit
  runs it), with no cache and warm.

"Changed" means new bytes: before each such run the note gets a new last line.
The note is restored at the end.

Targets: whole-site warm at most 0.3x cold; one changed file warm at most 0.3 s.

Usage: python benchmarks/bench_cache.py [--notes 8000] [--repeat 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable

from measure import (
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

WARM_RATIO, ONE_FILE_SECONDS = 0.3, 0.3
FINDINGS = (0, 1)  # the generated notes have findings on purpose


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=8000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    pmnotes = tool("pmnotes")
    if pmnotes is None:
        raise SystemExit("bench_cache: no `pmnotes` console script in this environment")
    folder = site(args.notes, args.seed)
    note = sorted((folder / "docs").glob("[0-9]*.md"))[0]
    original = note.read_bytes()
    cache = folder / "bench-cache"
    rel = note.relative_to(folder).as_posix()
    edits = iter(range(10**6))

    def change() -> None:
        note.write_bytes(original + f"\nChanged for the benchmark ({next(edits)}).\n".encode())

    def lint(*extra: str, before: Callable[[], None] | None = None) -> Callable[[], Sample]:
        def go() -> Sample:
            if before is not None:
                before()
            return measure([pmnotes, "lint", "--cache-dir", str(cache), *extra], folder, ok=FINDINGS)

        return go

    def empty() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    # Order matters: each warm job runs right after a job that left the cache it needs.
    jobs = {
        "no_cache": lint("--no-cache", "docs"),
        "cold": lint("docs", before=empty),
        "warm": lint("docs"),
        "warm_changed": lint("docs", before=change),
        "one_no_cache": lint("--no-cache", rel, before=change),
        "one_warm": lint(rel, before=change),
    }
    compile_package()
    at_start = machine()
    samples: dict[str, list[Sample]] = {name: [] for name in jobs}
    try:
        lint("docs", before=empty)()  # warm-up: page cache, bytecode; not counted
        for round_ in range(args.repeat):
            for name, job in jobs.items():
                samples[name].append(job())
                print(f"round {round_ + 1}/{args.repeat} {name}: {samples[name][-1].wall:.2f}s", file=sys.stderr)
    finally:
        note.write_bytes(original)
        shutil.rmtree(cache, ignore_errors=True)
    results = {name: summary(found) for name, found in samples.items()}
    get = lambda name, key="median_s": results[name][key]  # noqa: E731
    labels = {
        "no_cache": f"lint docs, {args.notes} notes, --no-cache",
        "cold": "lint docs, empty cache",
        "warm": "lint docs, warm, nothing changed",
        "warm_changed": "lint docs, warm, one note changed",
        "one_no_cache": "lint one changed note, --no-cache",
        "one_warm": "lint one changed note, warm",
    }
    lines = [results_table("lint", labels, results), ""]
    lines.append(f"whole site, warm / cold (median wall):   {verdict(ratio(get('warm'), get('cold')), WARM_RATIO)}")
    lines.append(
        f"whole site, warm / cold (median cpu):    {verdict(ratio(get('warm', 'cpu_median_s'), get('cold', 'cpu_median_s')), WARM_RATIO)}"
    )
    lines.append(f"whole site, one changed / cold (median): {ratio(get('warm_changed'), get('cold')):.2f}")
    lines.append(f"one changed note, warm (median wall s):  {verdict(get('one_warm'), ONE_FILE_SECONDS)}")
    lines.append(f"one changed note, warm / --no-cache:     {ratio(get('one_warm'), get('one_no_cache')):.2f}")
    text = header(at_start) + "\n".join(lines)
    print(text)
    print(f"\nresults: {save('cache', {'machine': at_start, 'args': vars(args), 'results': results, 'report': text})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
