"""Where the timestamp links of a built site land, before and after a change.

Generates a site whose notes mix the real patterns (`generate.py`: notes in
shifted `MM:SS:00` time, some sharing a video with notes in real clock time,
mixed notes, junk last fields), builds it with the plugin, and reads every
YouTube link of the built HTML (notes, backlinks panels, topic and episode
pages). `truth.json` knows each video's real length, so a link past it is a
link that plays nothing. With `--before REF`, the same site is also built with
the plugin as it was at commit REF (a detached git worktree put first on
`PYTHONPATH`), in the same run. A plain build (no plugin) is timed alongside,
so the plugin's cost is a ratio measured in the same run.

It also lints the site with the current linter and counts timestamp findings
(PMN1xx) on the clean notes: notes in real clock time with no planted defect.

Targets: at most 0.5% of timestamp links past the episode's end; no timestamp
finding on a clean note.

Usage: python benchmarks/bench_timestamps.py [--notes 1000] [--seed 1] [--before REF]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from measure import OUT, header, machine, measure, ratio, results_table, save, site, summary, table, tool

PAST_END_LIMIT = 0.005
_LINK = re.compile(r'href="https://www\.youtube\.com/watch\?v=([A-Za-z0-9_-]{11})&amp;t=(\d+)s"')
PLAIN, PLUGIN = "mkdocs-plain.yml", "mkdocs.yml"


def landing(site_dir: Path, videos: dict[str, int]) -> dict:
    """Count the YouTube links of a built site and those past their video's end."""
    links = past = beyond_3h = 0
    for page in site_dir.rglob("*.html"):
        for video, seconds in _LINK.findall(page.read_text(encoding="utf-8")):
            if video not in videos:
                continue
            links += 1
            past += int(seconds) > videos[video]
            beyond_3h += int(seconds) >= 3 * 3600
    return {
        "links": links,
        "past_end": past,
        "past_end_share": past / links if links else 0.0,
        "at_3h_or_more": beyond_3h,
    }


def built_with(folder: Path, mkdocs: str, site_dir: str, pythonpath: str | None) -> dict:
    env = {"PYTHONPATH": pythonpath} if pythonpath else None
    return summary([measure([mkdocs, "build", "-f", PLUGIN, "-d", site_dir], folder, env=env)])


def worktree(ref: str) -> Path:
    """A detached checkout of `ref` to import the old plugin from."""
    path = OUT / f"before-{ref}"
    if not (path / "mkdocs_pmnotes").is_dir():
        subprocess.run(["git", "worktree", "add", "--detach", str(path), ref], check=True, capture_output=True)
    return path


def clean_findings(folder: Path, truth: dict) -> Counter:
    """Timestamp findings (PMN1xx) on notes in real clock time with no planted defect."""
    pmnotes = tool("pmnotes")
    if pmnotes is None:
        raise SystemExit("bench_timestamps: no `pmnotes` console script in this environment")
    done = subprocess.run(
        [pmnotes, "lint", "--format", "json", "--select", "PMN1", "docs"], cwd=folder, capture_output=True, text=True
    )
    found: Counter = Counter()
    for finding in json.loads(done.stdout or "[]"):
        name = Path(finding["path"]).name
        note = truth["notes"].get(name)
        if note and note["style"] == "clock" and not note["defects"]:
            found[finding["code"]] += 1
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--before", metavar="REF", help="also build with the plugin as it was at this commit")
    args = parser.parse_args(argv)
    mkdocs = tool("mkdocs")
    if mkdocs is None:
        raise SystemExit("bench_timestamps: no `mkdocs` console script in this environment")
    facts = machine()
    folder = site(args.notes, args.seed)
    generated = json.loads((folder / "generated.json").read_text(encoding="utf-8"))
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    runs: dict[str, dict] = {"plain": summary([measure([mkdocs, "build", "-f", PLAIN], folder)])}
    labels = {"plain": "plain MkDocs", "after": "with pmnotes (this commit)"}
    lands = {}
    if args.before:
        old = worktree(args.before)
        runs["before"] = built_with(folder, mkdocs, "site-before", str(old))
        labels["before"] = f"with pmnotes at {args.before}"
        lands["before"] = landing(folder / "site-before", truth["videos"])
    runs["after"] = built_with(folder, mkdocs, "site-plugin", None)
    lands["after"] = landing(folder / "site-plugin", truth["videos"])
    clean = clean_findings(folder, truth)
    rows = [
        [labels[name], land["links"], land["past_end"], f"{100 * land['past_end_share']:.2f}%", land["at_3h_or_more"]]
        for name, land in lands.items()
    ]
    print(
        header(facts)
        + f"{args.notes} notes: {generated['shifted_notes']} shifted ({generated['shifted_sharing_a_video']}"
        f" sharing a video with real-time notes), {generated['mixed_notes']} mixed\n"
    )
    print(table(["build", "timestamp links", "past the end", "share", "at 3 h or more"], rows) + "\n")
    print(results_table("build", labels, runs) + "\n")
    share = lands["after"]["past_end_share"]
    print(
        f"past the end: {100 * share:.2f}% (limit {100 * PAST_END_LIMIT:.1f}%: {'ok' if share <= PAST_END_LIMIT else 'MISSED'})"
    )
    print(f"timestamp findings on clean notes: {sum(clean.values())} {dict(clean) or ''} (limit 0)")
    plugin_ratio = ratio(runs["after"]["median_s"], runs["plain"]["median_s"])
    print(f"build time, plugin / plain: {plugin_ratio:.2f}" if plugin_ratio else "")
    path = save(
        "timestamps",
        {"machine": facts, "generated": generated, "landing": lands, "runs": runs, "clean_findings": dict(clean)},
    )
    print(f"saved {path}", file=sys.stderr)
    return 0 if share <= PAST_END_LIMIT and not clean else 1


if __name__ == "__main__":
    sys.exit(main())
