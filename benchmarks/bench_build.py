"""How much the plugin adds to `mkdocs build` of a generated site, and how it scales.

Builds the same generated N-note site (Material theme, `search`) without and with
the plugin, and the 4N-note site the same two ways, each build in a fresh process,
repeated with the runs interleaved (plain, plugin, plain, plugin, ...), so a
change in the machine's load hits both alike. Reports medians, the plugin/plain
ratios of time and peak memory, and the 4N/N scaling. After the last plugin build
it checks that the links really were resolved: a plugin that skipped the work
would look fast.

Targets: time at most 1.10x the plain build, peak memory at most 1.2x, and 4x the
notes at most 4.4x the time.

Usage: python benchmarks/bench_build.py [--notes 2000] [--scale 4] [--repeat 3] [--seed 1] [--no-plain-scaled]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from measure import (
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

TIME_LIMIT = 1.10
MEMORY_LIMIT = 1.2
SCALING_LIMIT = 4.4
PLAIN, PLUGIN = "mkdocs-plain.yml", "mkdocs.yml"  # written by generate.py


def jobs(args: argparse.Namespace) -> dict[str, Callable[[], Sample]]:
    mkdocs = tool("mkdocs")
    if mkdocs is None:
        raise SystemExit("bench_build: no `mkdocs` console script in this environment")
    small = site(args.notes, args.seed)
    large = site(args.notes * args.scale, args.seed)
    build = lambda folder, config: lambda: measure([mkdocs, "build", "-f", config], folder)  # noqa: E731
    found = {"plain": build(small, PLAIN), "plugin": build(small, PLUGIN)}
    if args.plain_scaled:
        found["plain_scaled"] = build(large, PLAIN)
    found["plugin_scaled"] = build(large, PLUGIN)
    return found


def resolution_check(folder: Path) -> dict:
    """Compare the links the core resolves with the links in the plugin's HTML.

    Counts, in each note's built page (its content before the backlinks panel),
    links to existing pages (`class="pmn-link"`), topic links, and any `[[` left over.
    """
    from mkdocs_pmnotes.core.files import read_note, read_page, walk_notes
    from mkdocs_pmnotes.core.index import SiteIndex
    from mkdocs_pmnotes.core.parse import is_source_link

    docs = folder / "docs"
    files = {p.relative_to(docs).as_posix(): p for p in walk_notes(docs)}
    index = SiteIndex.build(read_page(path, name) for name, path in files.items())
    expected = 0
    for name, path in files.items():
        note = read_note(path, name)[1]
        if note is not None:
            expected += sum(
                1 for link in note.links
                if not is_source_link(note, link) and index.resolve(link.target, name).status == "found"
            )  # fmt: skip
    html = {"page_links": 0, "topic_links": 0, "left_over": 0}
    for name in files:
        stem = name[:-3]
        page = folder / "site-plugin" / ("index.html" if stem == "index" else f"{stem}/index.html")
        if not page.exists():
            continue
        content = page.read_text(encoding="utf-8").split('<aside class="pmn-backlinks"', 1)[0]
        html["page_links"] += content.count('class="pmn-link"')
        html["topic_links"] += content.count('class="pmn-link pmn-topic"')
        html["left_over"] += content.count("[[")
    return {"resolvable_links": expected, **html, "ok": html["left_over"] == 0 and html["page_links"] >= expected}


def paired(first: list[Sample], second: list[Sample]) -> float:
    """Median of the per-round ratios second/first (both ran back to back)."""
    return statistics.median(b.wall / a.wall for a, b in zip(first, second, strict=False))


def report(args: argparse.Namespace, results: dict[str, dict], pairs: dict[str, float], check: dict) -> str:
    get = lambda name, key="median_s": results[name][key] if name in results else None  # noqa: E731
    big = args.notes * args.scale
    labels = {
        "plain": f"mkdocs build, {args.notes} notes, plain",
        "plugin": f"mkdocs build, {args.notes} notes, pmnotes",
        "plain_scaled": f"mkdocs build, {big} notes, plain",
        "plugin_scaled": f"mkdocs build, {big} notes, pmnotes",
    }
    lines = [results_table("build", labels, results), ""]
    lines.append(f"time, plugin / plain (median wall):      {verdict(ratio(get('plugin'), get('plain')), TIME_LIMIT)}")
    lines.append(f"time, plugin / plain (per-round median): {verdict(pairs.get('plugin'), TIME_LIMIT)}")
    lines.append(
        f"time, plugin / plain (median cpu):       {verdict(ratio(get('plugin', 'cpu_median_s'), get('plain', 'cpu_median_s')), TIME_LIMIT)}"
    )
    lines.append(
        f"memory, plugin / plain (peak):           {verdict(ratio(get('plugin', 'peak_mb'), get('plain', 'peak_mb')), MEMORY_LIMIT)}"
    )
    lines.append(
        f"scaling, plugin {big} / {args.notes} (median wall): {verdict(ratio(get('plugin_scaled'), get('plugin')), SCALING_LIMIT)}"
    )
    lines.append(
        f"scaling, plugin {big} / {args.notes} (median cpu):  {verdict(ratio(get('plugin_scaled', 'cpu_median_s'), get('plugin', 'cpu_median_s')), SCALING_LIMIT)}"
    )
    if "plain_scaled" in results:
        lines.append(
            f"scaling, plain {big} / {args.notes} (median wall, for reference): {ratio(get('plain_scaled'), get('plain')):.2f}"
        )
        lines.append(
            f"time, plugin / plain at {big} notes (median wall): {ratio(get('plugin_scaled'), get('plain_scaled')):.2f}"
        )
        lines.append(
            f"memory, plugin / plain at {big} notes (peak): {ratio(get('plugin_scaled', 'peak_mb'), get('plain_scaled', 'peak_mb')):.2f}"
        )
    lines.append(
        f"links resolved in the HTML: {check['page_links']} page links for {check['resolvable_links']} resolvable"
        f" ({check['topic_links']} topic links, {check['left_over']} `[[` left over): {'ok' if check['ok'] else 'CHECK'}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-plain-scaled", dest="plain_scaled", action="store_false",
        help="skip the plain build of the scaled site (it shows how MkDocs itself scales)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    todo = jobs(args)
    compile_package()
    at_start = machine()
    samples: dict[str, list[Sample]] = {name: [] for name in todo}
    try:
        for name in ("plain", "plugin"):  # warm-up: page cache, bytecode; not counted
            todo[name]()
        for round_ in range(args.repeat):
            for name, run in todo.items():
                samples[name].append(run())
                print(f"round {round_ + 1}/{args.repeat} {name}: {samples[name][-1].wall:.2f}s", file=sys.stderr)
    except CommandFailed as exc:
        print(f"bench_build: {exc}", file=sys.stderr)
        return 1
    # Each site has its own site-plugin/, so this reads the small site's last plugin build.
    check = resolution_check(site(args.notes, args.seed))
    results = {name: summary(found) for name, found in samples.items()}
    pairs = {"plugin": paired(samples["plain"], samples["plugin"])}
    text = report(args, results, pairs, check)
    text = header(at_start) + text
    print(text)
    data = {"machine": at_start, "machine_at_end": machine(), "args": vars(args), "results": results,
            "paired_ratios": pairs, "resolution_check": check, "report": text}  # fmt: skip
    print(f"\nresults: {save('build', data)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
