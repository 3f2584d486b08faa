"""`pmnotes`: lint podcast transcript notes, following ruff's conventions.

    pmnotes lint [PATHS...]   check notes (no paths: the site's docs_dir and notes folders)
    pmnotes rules             list every rule
    pmnotes rule PMN104       explain one rule
    pmnotes timestamps [PATHS...]  the second every timestamp link plays, and why
    pmnotes server            the language server, over stdio (for editors)

Exit codes: 0 clean (info-level findings allowed), 1 findings or unreadable
paths remain, 2 a usage or configuration error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .core.discovery import start_folder
from .lint.api import (
    BY_CODE,
    DEFAULT_DIR,
    RULES,
    Cache,
    CommandLine,
    ConfigError,
    FileTexts,
    Finding,
    FixError,
    Project,
    Repair,
    Result,
    Site,
    audit,
    discover,
    lint,
    lint_text,
    load_project,
    make_linter,
    output,
    repair,
    replay,
    settings_key,
    stale,
    sweep,
    unified_diff,
    write_all,
)

FAILING = output.FAILING  # info findings are shown but do not fail the run


def build_parser() -> argparse.ArgumentParser:
    # No abbreviated options (`--form json`): a later option could make them mean another.
    parser = argparse.ArgumentParser(prog="pmnotes", description="Lint podcast transcript notes.", allow_abbrev=False)
    parser.add_argument("--version", action="version", version=f"pmnotes {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "lint", help="check notes for broken links, timestamps, encoding and front matter", allow_abbrev=False
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: docs_dir and notes folders); `-` reads a note from standard input",
    )
    check.add_argument(
        "--output-format",
        "--format",
        dest="format",
        choices=output.FORMATS,
        default="concise",
        help="how findings are shown (`--format` is the same)",
    )
    check.add_argument(
        "--stdin-filename", metavar="PATH", help="with `-`: the note's path in the site, for links, config and output"
    )
    check.add_argument("--quiet", action="store_true", help="show only the findings that fail the run, and no summary")
    check.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="colour the text output (default: auto)"
    )
    check.add_argument(
        "--select", action="append", default=[], metavar="RULES", help="only these codes, prefixes or names"
    )
    check.add_argument(
        "--ignore", action="append", default=[], metavar="RULES", help="skip these codes, prefixes or names"
    )
    check.add_argument("--fix", action="store_true", help="apply safe fixes")
    check.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes (with --fix or --diff)")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; change nothing")
    check.add_argument("--statistics", action="store_true", help="count findings per rule instead of listing them")
    add_config_option(check)
    check.add_argument("--default-end", metavar="TIME", help="episode end when a note has no duration (e.g. 2:30:00)")
    check.add_argument(
        "--force-exclude", action="store_true", help="apply `exclude` to files named on the command line too"
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings remain")
    check.add_argument("--show-fixes", action="store_true", help="with --fix: list the fixes made, per file and rule")
    check.add_argument("--no-cache", action="store_true", help="read every note; neither use nor write the cache")
    check.add_argument(
        "--cache-dir", type=Path, metavar="DIR", help="cache folder (default .pmnotes_cache in the project)"
    )
    check.add_argument(
        "--jobs",
        type=jobs_count,
        default=None,
        metavar="N",
        help="processes that check notes (default auto: every CPU on a site of a few hundred notes or more)",
    )

    listing = commands.add_parser("rules", help="list every rule", allow_abbrev=False)
    listing.add_argument("--format", choices=("text", "json"), default="text")
    explain = commands.add_parser("rule", help="explain one rule", allow_abbrev=False)
    explain.add_argument("rule", metavar="CODE", help="a rule code or name, e.g. PMN104 or timestamp-shifted")
    commands.add_parser("server", help="run the language server over stdio (for editors)")

    times = commands.add_parser(
        "timestamps", help="show the second every timestamp link plays, and why", allow_abbrev=False
    )
    times.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: docs_dir and notes folders)"
    )
    times.add_argument("--format", choices=("text", "json"), default="text", help="how the readings are shown")
    add_config_option(times)
    times.add_argument("--default-end", metavar="TIME", help="episode end when nothing shows it (e.g. 2:30:00)")
    return parser


def jobs_count(text: str) -> int | None:
    """`--jobs`: a number of processes, at least 1, or `auto`."""
    if text == "auto":
        return None
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes (1 or more) or `auto`, got {text!r}")
    return count


def add_config_option(command: argparse.ArgumentParser) -> None:
    # `-f/--config-file` as MkDocs spells it; `--config` is the older name.
    command.add_argument(
        "-f",
        "--config-file",
        "--config",
        dest="config",
        type=Path,
        metavar="FILE",
        help="the config file to use instead of the one found: the site's (mkdocs.yml, properdocs.yml,"
        " zensical.toml ...) or the linter's alone (pyproject.toml, pmnotes.toml)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # The subcommand's own usage, not the top-level one: that is where the option belongs.
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        (commands.choices.get(args.command) or parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.command == "rules":
        sys.stdout.write(output.rules_table(RULES, args.format == "json"))
        return 0
    if args.command == "rule":
        wanted = args.rule.strip()
        rule = BY_CODE.get(wanted.upper()) or next((r for r in RULES if r.name == wanted.lower()), None)
        if rule is None:
            print(f"pmnotes: unknown rule `{wanted}` (see `pmnotes rules`)", file=sys.stderr)
            return 2
        sys.stdout.write(output.rule_help(rule))
        return 0
    if args.command == "lint":
        return run_lint(args)
    if args.command == "timestamps":
        return run_timestamps(args)
    if args.command == "server":
        from .server import main as serve

        return serve()
    parser.print_help(sys.stderr)
    return 2


def configure(args: argparse.Namespace) -> Project:
    """The project's configuration with the command line laid over it (ruff's layering)."""
    line = CommandLine(tuple(args.select), tuple(args.ignore), args.default_end)
    # The config is looked for from the working directory up, else from the files named.
    named = [p for p in args.paths if p != "-"]
    stdin_name = getattr(args, "stdin_filename", None)  # `timestamps` reads no standard input
    if stdin_name and not named:
        named = [stdin_name]
    project = load_project(start_folder(Path.cwd(), named), args.config, line)
    project.check_folders()  # as the plugin says too
    return project


def run_lint(args: argparse.Namespace) -> int:
    try:
        project = configure(args)
    except ConfigError as exc:
        print(f"pmnotes: {exc}", file=sys.stderr)
        return 2
    for notice in project.notices:
        print(output.printable(f"pmnotes: {notice}"), file=sys.stderr)
    if "-" in args.paths:
        return lint_stdin(args, project)
    settings = project.settings
    targets, missing, warnings = discover(args.paths, project.roots, settings, args.force_exclude)
    for line in warnings + missing:
        print(output.printable(line), file=sys.stderr)
    if not targets:
        if not missing:
            print("pmnotes: no notes to lint", file=sys.stderr)
        return 1 if missing else 0
    site = Site.from_roots(project.roots, settings.exclude, project.prefixes)
    keep_text = args.format == "full"  # JSON and SARIF read each file as they write it (`FileTexts`)
    # `--fix` lints again after writing: without a cache folder, one in memory spares it the notes the fixes left alone.
    cache = open_cache(args, project) if not args.no_cache else Cache.in_memory() if args.fix else None
    # `--fix`: each note's fixes are made where it is checked (on every core), and written once all are checked.
    fixing = args.unsafe_fixes if args.fix and not args.diff else None
    # The concise format without colour prints an unchanged note as the cache keeps it.
    rendered = args.format == "concise" and not (args.quiet or args.statistics or colour(args))
    # ... and a run with every input unchanged prints what the last one printed (`replay`).
    mark = None
    if rendered and cache is not None and not (cache.memory or args.fix or args.diff or missing or warnings):
        mark = replay.stamp(site.files, targets, str(args.unsafe_fixes))
        held = replay.replayed(cache, mark) if mark is not None else None
        if held is not None:
            sys.stdout.write(held[0])
            return 1 if held[1] and not args.exit_zero else 0
    result = lint(
        targets,
        site,
        settings,
        keep_text=keep_text or args.diff,
        cache=cache,
        jobs=args.jobs,
        fixing=fixing,
        rendered=rendered,
    )
    fixed = 0
    if args.diff or args.fix:
        if args.diff:
            repairs = plan_repairs(result, args.unsafe_fixes)
            for line in result.errors:
                print(output.printable(line), file=sys.stderr)
            return show_diff(repairs)
        for line in result.fix_problems:
            print(line, file=sys.stderr)
        written = write_repairs(result.repairs)
        fixed = sum(len(item.fixed) for item in written)
        if args.show_fixes and args.format == "concise" and not args.quiet:
            sys.stdout.write(output.fixes_made(written))
        if fixed or result.left_out:
            if cache is not None and cache.memory:
                cache.forget(stale(result, written))
            # Round one's findings and fixed texts are done with: the next round's workers are
            # forked without a copy of them.
            del result, written
            # Fixes may change titles and headings: lint again with a fresh index of the site.
            site = Site.from_roots(project.roots, settings.exclude, project.prefixes)
            cache = cache if args.no_cache else open_cache(args, project)
            result = lint(targets, site, settings, keep_text=keep_text, cache=cache, jobs=args.jobs, rendered=rendered)
    for line in result.errors:
        print(output.printable(line), file=sys.stderr)
    failing = any(f.severity in FAILING for f in result.findings) or any(r.failing for r in result.rendered)
    if mark is not None and not result.errors:
        assert cache is not None
        text = concise_report(args, result, fixed, len(missing))
        sys.stdout.write(text)
        if replay.stamp(site.files, targets, str(args.unsafe_fixes)) == mark:  # nothing changed while it ran
            replay.keep(cache, mark, text, failing)
    else:
        report(args, result, fixed, len(missing))
    if args.exit_zero:
        return 0
    return 1 if failing or result.errors or missing else 0


def run_timestamps(args: argparse.Namespace) -> int:
    """The audit of every timestamp: exit 0, or 1 when a path cannot be read."""
    args.select, args.ignore = [], []
    try:
        project = configure(args)
    except ConfigError as exc:
        print(f"pmnotes: {exc}", file=sys.stderr)
        return 2
    settings = project.settings
    targets, missing, warnings = discover(args.paths, project.roots, settings)
    for line in warnings + missing:
        print(output.printable(line), file=sys.stderr)
    site = Site.from_roots(project.roots, settings.exclude, project.prefixes)
    rows, errors = audit.audit(targets, site, settings)
    for line in errors:
        print(output.printable(line), file=sys.stderr)
    if args.format == "json":
        sys.stdout.writelines(audit.as_json(rows))
    else:
        sys.stdout.writelines(audit.as_text(rows))
        print(audit.summary(rows), file=sys.stderr)
    return 1 if errors or missing else 0


def lint_stdin(args: argparse.Namespace, project: Project) -> int:
    """`pmnotes lint -`: a note from standard input, linted as the file `--stdin-filename` names.

    The site is read from disk as usual, so links resolve and the notes on the same video
    count; the buffer stands in for that file. Nothing is written: fixes need a file.
    """
    if args.paths != ["-"]:
        print("pmnotes: `-` reads one note from standard input and takes no other path", file=sys.stderr)
        return 2
    if args.fix or args.diff:
        print("pmnotes: `-` is checked, not fixed: --fix and --diff need a file", file=sys.stderr)
        return 2
    raw = sys.stdin.buffer.read()
    text = raw.decode("utf-8", "surrogateescape")
    settings = project.settings
    shown = Path(args.stdin_filename) if args.stdin_filename else Path("-")
    site = Site.from_roots(project.roots, settings.exclude, project.prefixes)
    name = site.name_of(shown) if args.stdin_filename else "-"
    linter = make_linter(settings, site.index(None, settings.max_file_size))
    _, findings = lint_text(linter, shown.as_posix(), name, text)
    result = Result(findings, linter.errors, {shown.as_posix(): text}, linter)
    for line in result.errors:
        print(output.printable(line), file=sys.stderr)
    report(args, result, 0, 0)
    if args.exit_zero:
        return 0
    return 1 if any(f.severity in FAILING for f in findings) or result.errors else 0


def open_cache(args: argparse.Namespace, project: Project) -> Cache:
    """The cache folder: `--cache-dir`, else PMNOTES_CACHE_DIR, else `cache_dir`, else `.pmnotes_cache`."""
    folder = args.cache_dir or os.environ.get("PMNOTES_CACHE_DIR") or project.settings.cache_dir or DEFAULT_DIR
    path = Path(folder)
    if not path.is_absolute():
        path = (Path.cwd() if args.cache_dir or os.environ.get("PMNOTES_CACHE_DIR") else project.root) / path
    return Cache(path, settings_key(project.settings, (rule.code for rule in RULES)))


def plan_repairs(result: Result, unsafe: bool) -> list[Repair]:
    """Fixed texts for every file with applicable fixes; a file that cannot be fixed is named on stderr."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_path[finding.path].append(finding)
    repairs = []
    assert result.linter is not None
    for shown, findings in by_path.items():
        path, name = result.names[shown]
        try:
            fixed = repair(result.linter, path, shown, name, findings, unsafe, result.texts.get(shown))
        except FixError as exc:
            print(f"{output.printable(shown)}: {exc}", file=sys.stderr)
            continue
        if fixed is not None:
            repairs.append(fixed)
    return repairs


def show_diff(repairs: list[Repair]) -> int:
    for item in repairs:
        sys.stdout.write(unified_diff(item))
    count = sum(len(r.fixed) for r in repairs)
    if repairs:
        print(
            f"Would fix {count} finding{'s' if count != 1 else ''} in {len(repairs)} file{'s' if len(repairs) != 1 else ''}.",
            file=sys.stderr,
        )
    else:
        print("No fixes available.", file=sys.stderr)
    return 1 if repairs else 0


def write_repairs(repairs: list[Repair]) -> list[Repair]:
    """Write each repaired file; returns those written."""
    sweep(repairs)  # what a killed run left beside these notes
    written = []
    for item, problem in zip(repairs, write_all(repairs), strict=True):
        if problem is not None:
            print(f"{output.printable(item.shown)}: {problem}", file=sys.stderr)
            continue
        written.append(item)
    return written


def report(args: argparse.Namespace, result: Result, fixed: int, missing: int) -> None:
    findings = shown_findings(args, result)
    if args.statistics:
        sys.stdout.write(output.statistics(findings, args.format == "json", args.unsafe_fixes))
        return
    if args.format == "json":
        output.write_json(findings, FileTexts(result), sys.stdout)
    elif args.format == "sarif":
        output.write_sarif(findings, FileTexts(result), RULES, Path.cwd(), sys.stdout)
    elif args.format == "github":
        sys.stdout.write(output.github(findings))
    else:
        sys.stdout.write(concise_report(args, result, fixed, missing))


def concise_report(args: argparse.Namespace, result: Result, fixed: int, missing: int) -> str:
    """The text formats' output: the findings, then (unless `--quiet`) the summary."""
    findings = shown_findings(args, result)
    if args.format == "full":
        text = output.full(findings, result.texts)
    elif result.rendered:
        text = output.concise_with(findings, result.rendered, unsafe=args.unsafe_fixes)
    else:
        text = output.concise(findings, colour=colour(args), unsafe=args.unsafe_fixes)
    if args.quiet:
        return text
    unsafe_hidden = 0
    if not args.unsafe_fixes:
        unsafe_hidden = sum(1 for f in findings if f.fix is not None and not f.fix.safe)
        unsafe_hidden += sum(r.unsafe for r in result.rendered)
    errors = len(result.errors) + missing
    return text + output.summary(findings, fixed, unsafe_hidden, errors, result.rendered)


def shown_findings(args: argparse.Namespace, result: Result) -> list[Finding]:
    """The findings a report lists: with `--quiet`, only those that fail the run."""
    if args.quiet:
        return [f for f in result.findings if f.severity in FAILING]
    return result.findings


def colour(args: argparse.Namespace) -> bool:
    """Does the text output use colours (`--color`, else a terminal's)?"""
    return {"always": True, "never": False}.get(args.color, output.use_colour(sys.stdout))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
