"""Whether every timestamp link plays the moment its note means.

Generates a site (`generate.py`) whose notes carry the real timestamp patterns: real
clock time, shifted `MM:SS:00` time with junk last fields, mixed notes, streams that
run past 3:00:00, four-field times, labels that disagree with `data-t`. Beside it,
`timestamps.jsonl` records the true second of every anchor. The bench runs
`pmnotes timestamps --format json docs` in the site's folder (the same reading the
plugin puts into every link) and matches each row to the truth by path, line, `data-t`
and occurrence. A link is right when it plays within 15 s of the true second.

It prints the share right among anchors with a fitting reading (the true second is
`data-t` as written or as minutes:seconds, the label, or the first three of four
fields), the share over all anchors, the shares per note style and per anchor pattern,
the links that play 0 s though their time is written otherwise, and examples of the
misses, grouped by pattern. With `--before REF` it reads the same site with the package
as it was at commit REF too (exported by `git archive` into `out/before-REF`, put
first on `PYTHONPATH`), in the same run.

It also lints the site and counts timestamp findings (PMN1xx) on clean notes: notes in
real clock time with no planted defect.

Targets: at least 99% of the anchors with a fitting reading right; no timestamp finding
on a clean note. Exits 1 when either is missed.

Usage: python benchmarks/bench_timestamps.py [--notes 1000] [--seed 1] [--before REF] [--examples 3]
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tarfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from generate import readings
from measure import OUT, compile_package, header, machine, save, site, table, tool

TOLERANCE = 15  # seconds: a link this close lands in the same sentence of the episode
FITTING_GOAL = 0.99
ANCHORS = "timestamps.jsonl"
# The command line of another version of the package, put first on PYTHONPATH. It runs in
# the site's folder, where `python -c` finds no package of this checkout's own first.
CLI = "import sys; from mkdocs_pmnotes.cli import main; sys.exit(main())"


def exported(ref: str) -> Path:
    """The package as it was at `ref`, unpacked from `git archive`: no worktree, no checkout."""
    path = OUT / f"before-{ref.replace('/', '_')}"
    if not (path / "mkdocs_pmnotes").is_dir():
        done = subprocess.run(["git", "archive", ref, "mkdocs_pmnotes"], capture_output=True, check=True)
        path.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
            archive.extractall(path, filter="data")
    return path


def audit(folder: Path, before: Path | None) -> tuple[list[dict], float]:
    """The rows of `pmnotes timestamps --format json docs`, and the seconds it took."""
    if before is None:
        pmnotes = tool("pmnotes")
        if pmnotes is None:
            raise SystemExit("bench_timestamps: no `pmnotes` console script in this environment")
        cmd, env = [pmnotes], None
    else:
        cmd, env = [sys.executable, "-c", CLI], {"PYTHONPATH": str(before)}
    start = time.perf_counter()
    done = subprocess.run(
        [*cmd, "timestamps", "--format", "json", "docs"], cwd=folder, capture_output=True, text=True, env=env
    )
    took = time.perf_counter() - start
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"bench_timestamps: `pmnotes timestamps` exited {done.returncode}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout), took


def load_truth(folder: Path) -> dict[tuple[str, int, str, int], dict]:
    truth = {}
    with (folder / ANCHORS).open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            truth[record["path"], record["line"], record["data_t"], record["occurrence"]] = record
    return truth


def score(rows: list[dict], truth: dict[tuple[str, int, str, int], dict]) -> dict:
    """Match each row to its anchor's truth and count the right ones, per group."""
    left = dict(truth)
    seen: Counter = Counter()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # group -> [anchors, right]
    misses: list[dict] = []
    unmatched: list[dict] = []
    zero_plays = zero_wrong = 0
    for row in sorted(rows, key=lambda r: (r["path"], r["line"], r["column"])):
        place = (row["path"], row["line"], row["data_t"])
        occurrence = seen[place]
        seen[place] += 1
        known = left.pop((*place, occurrence), None)
        if known is None:
            unmatched.append(row)
            continue
        plays, seconds = row["plays"], known["seconds"]
        right = plays is not None and abs(plays - seconds) <= TOLERANCE
        groups = ["all", f"style {known['style']}", f"pattern {known['pattern']}"]
        if known["fitting"]:
            groups.append("fitting")
        for group in groups:
            counts[group][0] += 1
            counts[group][1] += right
        # A 0 s link for a time written as something else is the failure a reader notices first.
        if plays == 0 and readings(row["data_t"] or "", row["label"] or "") - {0}:
            zero_plays += 1
            zero_wrong += not right
        if not right:
            misses.append({**known, "plays": plays, "how": row["how"], "evidence": row["evidence"]})
    return {
        "groups": {name: {"anchors": n, "right": r, "share": r / n if n else 0.0} for name, (n, r) in counts.items()},
        "zero_plays_written_otherwise": zero_plays,
        "zero_plays_wrong": zero_wrong,
        "rows_without_truth": len(unmatched),
        "truth_without_rows": len(left),
        "misses": misses,
    }


def clean_findings(folder: Path, truth: dict) -> Counter:
    """Timestamp findings (PMN1xx) on notes in real clock time with no planted defect."""
    pmnotes = tool("pmnotes")
    if pmnotes is None:
        raise SystemExit("bench_timestamps: no `pmnotes` console script in this environment")
    done = subprocess.run(
        [pmnotes, "lint", "--no-cache", "--format", "json", "--select", "PMN1", "docs"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    found: Counter = Counter()
    for finding in json.loads(done.stdout or "[]"):
        note = truth["notes"].get(Path(finding["path"]).name)
        if note and note["style"] == "clock" and not note["defects"]:
            found[finding["code"]] += 1
    return found


def clock(seconds: int | None) -> str:
    if seconds is None:
        return "nothing"
    minutes, secs = divmod(seconds, 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}:{secs:02d}"


def examples(misses: list[dict], each: int) -> str:
    """A few misses per (style, pattern, how it was read), the largest groups first."""
    grouped: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for miss in misses:
        grouped[miss["style"], miss["pattern"], miss["how"]].append(miss)
    out = []
    for (style, pattern, how), found in sorted(grouped.items(), key=lambda kv: -len(kv[1])):
        out.append(
            f"{len(found)} {'miss' if len(found) == 1 else 'misses'}: {style} note, {pattern} anchor, read {how}"
        )
        for miss in found[:each]:
            label = f" [{miss['label']}]" if miss["label"] != miss["data_t"] else ""
            why = miss["evidence"] if len(miss["evidence"]) <= 110 else miss["evidence"][:107] + "..."
            out.append(
                f"  {miss['path']}:{miss['line']} {miss['data_t']}{label} -> {clock(miss['plays'])},"
                f" truth {clock(miss['seconds'])}" + (f"  ({why})" if why else "")
            )
    return "\n".join(out)


def share(group: dict | None) -> str:
    return f"{100 * group['share']:.2f}%" if group else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--before", metavar="REF", help="also read the site with the package as it was at this commit")
    parser.add_argument("--examples", type=int, default=3, metavar="N", help="misses shown per group (default 3)")
    args = parser.parse_args(argv)
    compile_package()
    facts = machine()
    folder = site(args.notes, args.seed)
    generated = json.loads((folder / "generated.json").read_text(encoding="utf-8"))
    truth = load_truth(folder)
    runs: dict[str, dict] = {}
    labels = {"after": "this checkout"}
    if args.before:
        labels = {"before": f"at {args.before}", **labels}
        rows, took = audit(folder, exported(args.before))
        runs["before"] = {"seconds": took, **score(rows, truth)}
    rows, took = audit(folder, None)
    runs["after"] = {"seconds": took, **score(rows, truth)}
    clean = clean_findings(folder, json.loads((folder / "truth.json").read_text(encoding="utf-8")))

    styles = ", ".join(f"{n} {style}" for style, n in generated["styles"].items())
    print(header(facts) + f"{args.notes} notes ({styles}), {generated['anchors']} anchors\n")
    after = runs["after"]["groups"]
    by_style, by_pattern = (sorted(g for g in after if g.startswith(kind)) for kind in ("style ", "pattern "))
    order = ["fitting", "all", *by_style, *by_pattern]
    rows_shown = [
        [name, after[name]["anchors"], *(share(runs[run]["groups"].get(name)) for run in labels)] for name in order
    ]
    within = [f"within {TOLERANCE} s, {label}" for label in labels.values()]
    print(table(["anchors", "count", *within], rows_shown) + "\n")
    for run, label in labels.items():
        result = runs[run]
        print(
            f"{label}: {result['zero_plays_written_otherwise']} links play 0 s though written otherwise"
            f" ({result['zero_plays_wrong']} of them wrong); {len(result['misses'])} misses;"
            f" audit took {result['seconds']:.1f} s"
        )
        if result["rows_without_truth"] or result["truth_without_rows"]:
            print(
                f"{label}: {result['rows_without_truth']} rows with no truth,"
                f" {result['truth_without_rows']} anchors with no row (the matching is off)"
            )
    print()
    if runs["after"]["misses"]:
        print("Misses (path:line data-t [label] -> plays, truth):\n" + examples(runs["after"]["misses"], args.examples))
        print()
    fitting = after.get("fitting", {"share": 0.0})["share"]
    verdict = "ok" if fitting >= FITTING_GOAL else "MISSED"
    print(f"fitting anchors right: {100 * fitting:.2f}% (goal {100 * FITTING_GOAL:.0f}%: {verdict})")
    print(f"timestamp findings on clean notes: {sum(clean.values())} {dict(clean) or ''} (limit 0)")
    path = save(
        "timestamps",
        {
            "machine": facts,
            "generated": generated,
            "tolerance_s": TOLERANCE,
            "runs": {labels[name]: result for name, result in runs.items()},
            "clean_findings": dict(clean),
        },
    )
    print(f"saved {path}", file=sys.stderr)
    return 0 if fitting >= FITTING_GOAL and not clean else 1


if __name__ == "__main__":
    sys.exit(main())
