"""How findings are shown: concise, full, JSON, GitHub annotations, SARIF, statistics.

Every function returns text and prints nothing, so the CLI stays thin and
each format can be tested on its own; JSON and SARIF also write to a stream
(`write_json`, `write_sarif`) a finding at a time, so a large run never holds
the whole document. Columns are 1-based and count Unicode
characters (code points), as the findings do.
"""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .. import __version__
from ..core.scan import line_starts, position
from ..core.words import plural
from ..core.words import printable as printable  # re-exported: the linter's name for it stays
from .linter import NOT_SHOWN
from .rule import Applicability, Finding, Fix, Rule, Severity

if TYPE_CHECKING:  # `fixes` prints through this module
    from .fixes import Repair

FORMATS = ("concise", "full", "json", "github", "sarif")
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_WINDOW = 80  # characters of a long line shown around a finding in `full`
FAILING = ("error", "warning")  # info findings are shown but do not fail the run


_COLOURS = {"error": "31", "warning": "33", "info": "36", "path": "1", "code": "1", "mark": "36"}


def not_shown(finding: Finding) -> int:
    """How many findings `finding` stands for that are not listed (0 for an ordinary finding)."""
    count = finding.data.get(NOT_SHOWN, 0)
    return count if type(count) is int and count > 0 else 0


def counted(findings: Sequence[Finding]) -> int:
    """How many findings there are, counting those a cap held back and not the lines standing for them."""
    return sum(not_shown(f) or 1 for f in findings)


def use_colour(stream: IO[str], environ: Mapping[str, str] = os.environ) -> bool:
    """Colours for a terminal only: never when piped, nor with NO_COLOR set (no-color.org)."""
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and environ.get("TERM") != "dumb"


def fix_mark(finding: Finding, unsafe: bool = False) -> str:
    """`[*]` when `--fix` (with `--unsafe-fixes` if given) fixes it, `[-]` when only `--unsafe-fixes` would."""
    if finding.fix is None:
        return ""
    return "[*]" if finding.fix.safe or unsafe else "[-]"


def concise(findings: Sequence[Finding], *, colour: bool = False, unsafe: bool = False) -> str:
    """`path:line:col: severity CODE [*] message`, one finding a line."""
    paint = _painter(colour)
    lines = []
    path, shown = None, ""
    for f in findings:
        mark = fix_mark(f, unsafe)
        if f.path != path:  # findings come by file: each path made printable once
            path, shown = f.path, printable(f.path)
        where = f"{shown}:{f.line}:{f.column}:"
        if not colour:
            lines.append(f"{where} {f.severity} {f.code} {mark + ' ' if mark else ''}{printable(f.message)}\n")
            continue
        lines.append(
            f"{paint('path', where)} {paint(f.severity, f.severity)}"
            f" {paint('code', f.code)} {paint('mark', mark) + ' ' if mark else ''}{printable(f.message)}\n"
        )
    return "".join(lines)


@dataclass(frozen=True, slots=True)
class Rendered:
    """One file's findings as `concise` prints them without colour, with what `summary` counts of them.

    The lint cache keeps this beside the findings, so a warm run prints an unchanged
    note's findings without making them again.
    """

    path: str
    text: str
    # (start, end, replacement) spans of `text` that read otherwise with `--unsafe-fixes`, in order.
    unsafe_spans: Sequence[Sequence[Any]]
    count: int  # as `counted` counts
    safe: int  # fixable by `--fix`
    unsafe: int  # fixable only by `--fix --unsafe-fixes`
    failing: bool  # any finding at a level in FAILING

    @classmethod
    def of(cls, path: str, findings: Sequence[Finding]) -> Rendered:
        safe = sum(1 for f in findings if f.fix is not None and f.fix.safe)
        unsafe = sum(1 for f in findings if f.fix is not None and not f.fix.safe)
        failing = any(f.severity in FAILING for f in findings)
        text = concise(findings)
        spans = _differences(text, concise(findings, unsafe=True)) if unsafe else []
        return cls(path, text, spans, counted(findings), safe, unsafe, failing)

    def kept(self) -> tuple[str, list[Any], int, int, int, bool]:
        """What the lint cache keeps of it: every field but the path (`cache.Shown`)."""
        return self.text, list(self.unsafe_spans), self.count, self.safe, self.unsafe, self.failing

    def shown(self, unsafe: bool) -> str:
        """The text, with `--unsafe-fixes` or without."""
        if not unsafe or not self.unsafe_spans:
            return self.text
        parts: list[str] = []
        done = 0
        for start, end, replacement in self.unsafe_spans:
            parts += (self.text[done:start], replacement)
            done = end
        parts.append(self.text[done:])
        return "".join(parts)


def _differences(text: str, other: str) -> list[tuple[int, int, str]]:
    """The spans of `text` to replace to make `other`, line by line (the two have as many lines)."""
    spans = []
    start = 0
    for line, changed in zip(text.splitlines(keepends=True), other.splitlines(keepends=True), strict=True):
        if line != changed:
            head = _same_start(line, changed)
            tail = _same_start(line[head:][::-1], changed[head:][::-1])
            spans.append((start + head, start + len(line) - tail, changed[head : len(changed) - tail]))
        start += len(line)
    return spans


def _same_start(text: str, other: str) -> int:
    """How many characters the two start with alike."""
    for count, (a, b) in enumerate(zip(text, other, strict=False)):
        if a != b:
            return count
    return min(len(text), len(other))


def concise_with(findings: Sequence[Finding], rendered: Sequence[Rendered], *, unsafe: bool = False) -> str:
    """`concise` of `findings` (sorted by path) and of the files already `rendered`, in path order."""
    parts = [(r.path, r.shown(unsafe)) for r in rendered]
    for path, group in groupby(findings, key=lambda f: f.path):
        parts.append((path, concise(list(group), unsafe=unsafe)))
    parts.sort(key=lambda part: part[0])
    return "".join(text for _, text in parts)


def _painter(colour: bool) -> Callable[[str, str], str]:
    if not colour:
        return lambda kind, text: text
    return lambda kind, text: f"\x1b[{_COLOURS.get(kind, '0')}m{text}\x1b[0m" if text else text


def full(findings: Sequence[Finding], texts: Mapping[str, str]) -> str:
    """Each finding with its source line and a caret under the span, as ruff shows them."""
    blocks = []
    for f in findings:
        block = [f"{printable(f.path)}:{f.line}:{f.column}: {f.code} [{f.severity}] {printable(f.message)}"]
        lines = texts.get(f.path, "").splitlines()
        if 0 < f.line <= len(lines):
            shown, offset = _window(lines[f.line - 1], f.column - 1)
            width = 1
            if f.end_line == f.line and f.end_column and f.end_column > f.column:
                width = f.end_column - f.column
            gutter = " " * len(str(f.line))
            block += [
                f"{gutter} |",
                f"{f.line} | {shown}",
                f"{gutter} | {' ' * offset}{'^' * max(1, min(width, len(shown) - offset))} {f.name}",
            ]
        if f.fix is not None:
            block.append(f"  = help: {f.fix.description} ({f.fix.applicability} fix)")
        blocks.append("\n".join(block) + "\n")
    return "\n".join(blocks)


def _window(line: str, column: int) -> tuple[str, int]:
    """A long line cut down to the part around `column`; returns (text, caret offset)."""
    line = line.rstrip("\r").expandtabs(1)
    if len(line) <= _WINDOW:
        return line, column
    start = max(0, min(column - _WINDOW // 4, len(line) - _WINDOW))
    prefix = "…" if start else ""
    suffix = "…" if start + _WINDOW < len(line) else ""
    return prefix + line[start : start + _WINDOW] + suffix, column - start + len(prefix)


class _Positions:
    """Offsets of a text -> 1-based (line, column), for fix edits."""

    def __init__(self, text: str) -> None:
        self.starts = line_starts(text)

    def __call__(self, offset: int) -> tuple[int, int]:
        return position(self.starts, offset)


def fix_json(fix: Fix, position: _Positions | None) -> dict[str, Any]:
    edits = []
    for edit in fix.edits:
        item: dict[str, Any] = {"content": edit.replacement}
        if position is not None:
            (line, column), (end_line, end_column) = position(edit.start), position(edit.end)
            item.update(line=line, column=column, end_line=end_line, end_column=end_column)
        else:
            item.update(start=edit.start, end=edit.end)
        edits.append(item)
    return {"applicability": str(fix.applicability), "message": fix.description, "edits": edits}


def as_json(findings: Iterable[Finding], texts: Mapping[str, str]) -> str:
    """A JSON list: path, line, column, end_line, end_column, code, name, message, severity, fix."""
    out = io.StringIO()
    write_json(findings, texts, out)
    return out.getvalue()


def write_json(findings: Iterable[Finding], texts: Mapping[str, str], out: IO[str]) -> None:
    """`as_json` written to `out` a finding at a time: the whole document is never held.

    The bytes are those of `json.dumps(items, indent=2)`.
    """
    positions = _Positioner(texts)
    _write_items((_json_item(f, positions) for f in findings), 1, out)
    out.write("\n")


def _json_item(f: Finding, positions: _Positioner) -> dict[str, Any]:
    item = {
        "path": printable(f.path),
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "code": f.code,
        "name": f.name,
        "message": printable(f.message),
        "severity": str(f.severity),
    }
    if f.fix is not None:
        item["fix"] = fix_json(f.fix, positions(f.path))
    return item


def _write_items(items: Iterable[dict[str, Any]], depth: int, out: IO[str]) -> None:
    """A JSON list whose items sit `depth` levels deep, as `json.dumps(..., indent=2)` lays it out."""
    inner = "\n" + "  " * depth
    first = True
    for item in items:
        # A JSON string holds no raw line break: each line of the item is indented as a whole.
        out.write(("[" if first else ",") + inner + json.dumps(item, indent=2, ensure_ascii=False).replace("\n", inner))
        first = False
    out.write("[]" if first else "\n" + "  " * (depth - 1) + "]")


class _Positioner:
    """The `_Positions` of one file at a time: findings come grouped by file."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts
        self.path: str | None = None
        self.current: _Positions | None = None

    def __call__(self, path: str) -> _Positions | None:
        if path != self.path:
            self.path = path
            text = self.texts.get(path)
            self.current = _Positions(text) if text is not None else None
        return self.current


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands, one annotation per finding."""
    out = []
    for f in findings:
        props = [f"file={_escape_property(printable(f.path))}", f"line={f.line}", f"col={f.column}"]
        if f.end_line is not None and f.end_column is not None:
            props += [f"endLine={f.end_line}", f"endColumn={f.end_column}"]
        props.append(f"title={_escape_property(f'{f.code} {f.name}')}")
        out.append(
            f"::{_GITHUB_LEVEL.get(f.severity, 'warning')} {','.join(props)}::{printable(_escape_data(f'{f.code} {f.message}'))}\n"
        )
    return "".join(out)


def _uri(path: str) -> dict[str, Any]:
    """The file's URI: its name's bytes percent-encoded, so any name is a valid URI."""
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    from urllib.parse import quote  # SARIF only: not paid for by every run

    return {"uri": quote(os.fsencode(path.replace(os.sep, "/"))), "uriBaseId": "%SRCROOT%"}


def _region(line: int, column: int, end_line: int | None, end_column: int | None) -> dict[str, Any]:
    region = {"startLine": line, "startColumn": column}
    if end_line is not None and end_column is not None:
        region.update(endLine=end_line, endColumn=end_column)
    return region


def sarif(findings: Iterable[Finding], texts: Mapping[str, str], rules: Sequence[type[Rule]], cwd: Path) -> str:
    """A SARIF 2.1.0 log: one run, the rule catalogue as the driver's rules, one result per finding."""
    out = io.StringIO()
    write_sarif(findings, texts, rules, cwd, out)
    return out.getvalue()


def write_sarif(
    findings: Iterable[Finding], texts: Mapping[str, str], rules: Sequence[type[Rule]], cwd: Path, out: IO[str]
) -> None:
    """`sarif` written to `out` a result at a time: the whole log is never held."""
    order = {rule.code: i for i, rule in enumerate(rules)}
    positions = _Positioner(texts)
    driver = {
        "name": "pmnotes",
        "version": __version__,
        "informationUri": "https://pypi.org/project/mkdocs-pmnotes/",
        "rules": [_sarif_rule(rule) for rule in rules],
    }
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {"%SRCROOT%": {"uri": cwd.resolve().as_uri() + "/"}},
                "results": _RESULTS,
            }
        ],
    }
    # The log laid out around a stand-in for the results, which are written where it stands.
    head, tail = json.dumps(log, indent=2, ensure_ascii=False).rsplit(json.dumps(_RESULTS), 1)
    out.write(head)
    depth = (len(head) - head.rfind("\n") - 1 - len('"results": ')) // 2 + 1
    _write_items((_sarif_result(f, order, positions) for f in findings), depth, out)
    out.write(tail + "\n")


_RESULTS = "(the results)"  # the stand-in: a string no rule's text holds as a whole JSON value


def _sarif_result(f: Finding, order: Mapping[str, int], positions: _Positioner) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code,
        "level": _SARIF_LEVEL.get(f.severity, "warning"),
        "message": {"text": printable(f.message)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _uri(f.path),
                    "region": _region(f.line, f.column, f.end_line, f.end_column),
                }
            }
        ],
    }
    if f.code in order:
        result["ruleIndex"] = order[f.code]
    position = positions(f.path)
    if f.fix is not None and position is not None:
        replacements = [
            {
                "deletedRegion": _region(*position(e.start), *position(e.end)),
                "insertedContent": {"text": e.replacement},
            }
            for e in f.fix.edits
        ]
        result["fixes"] = [
            {
                "description": {"text": f.fix.description},
                "artifactChanges": [{"artifactLocation": _uri(f.path), "replacements": replacements}],
            }
        ]
    return result


def _sarif_rule(rule: type[Rule]) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": explanation(rule)},
        "help": {"text": explanation(rule)},
        "defaultConfiguration": {"level": _SARIF_LEVEL.get(rule.severity, "warning")},
        "properties": {"fixable": str(rule.fixable) if rule.fixable else "no"},
    }


def statistics(findings: Sequence[Finding], as_json_list: bool = False, unsafe: bool = False) -> str:
    """How many findings of each rule, most frequent first.

    `[*]`: `--fix` fixes some of them; `[-]`: only `--fix --unsafe-fixes` would.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for f in findings:
        counts[(f.code, f.name)] += not_shown(f) or 1
    marks: dict[tuple[str, str], str] = {}
    for f in findings:
        mark = fix_mark(f, unsafe)
        if mark and marks.get((f.code, f.name)) != "[*]":
            marks[(f.code, f.name)] = mark
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if as_json_list:
        data = [
            {
                "code": c,
                "name": n,
                "count": k,
                "fixable": marks.get((c, n)) == "[*]",
                "unsafe_fixable": marks.get((c, n)) == "[-]",
            }
            for (c, n), k in rows
        ]
        return json.dumps(data, indent=2) + "\n"
    width = max((len(str(k)) for _, k in rows), default=1)
    return "".join(f"{k:>{width}}\t{c}\t{marks[(c, n)] + ' ' if (c, n) in marks else ''}{n}\n" for (c, n), k in rows)


def summary(
    remaining: Sequence[Finding], fixed: int, unsafe_hidden: int, errors: int, rendered: Sequence[Rendered] = ()
) -> str:
    """The closing lines of the text formats; `rendered` files count with `remaining`."""
    lines = []
    left = counted(remaining) + sum(r.count for r in rendered)
    total = left + fixed
    if total == 0 and errors == 0:
        return "All checks passed!\n"
    if fixed:
        lines.append(f"Found {plural(total, 'finding')} ({fixed} fixed, {left} remaining).")
    elif left:
        lines.append(f"Found {plural(left, 'finding')}.")
    safe = sum(1 for f in remaining if f.fix is not None and f.fix.safe) + sum(r.safe for r in rendered)
    if safe:
        lines.append(f"[*] {safe} fixable with `pmnotes lint --fix`.")
    if unsafe_hidden:
        lines.append(f"[-] {unsafe_hidden} more fixable with `--fix --unsafe-fixes`.")
    if errors:
        lines.append(f"{plural(errors, 'path')} could not be linted (see above).")
    return "\n".join(lines) + "\n"


def explanation(rule: type[Rule]) -> str:
    import inspect  # `pmnotes rule` only: not paid for by every run

    return inspect.cleandoc(rule.__doc__ or rule.summary)


def rule_help(rule: type[Rule]) -> str:
    """`pmnotes rule CODE`: the rule's explanation, ruff style."""
    fix = {
        Applicability.SAFE: "a safe fix (applied by --fix)",
        Applicability.UNSAFE: "an unsafe fix (--fix --unsafe-fixes)",
    }.get(rule.fixable, "no automatic fix")
    return f"# {rule.name} ({rule.code})\n\nSeverity: {rule.severity}. Has {fix}.\n\n{explanation(rule)}\n"


def rules_table(rules: Sequence[type[Rule]], as_json_list: bool = False) -> str:
    """`pmnotes rules`: one line per rule."""
    if as_json_list:
        data = [
            {
                "code": r.code,
                "name": r.name,
                "severity": str(r.severity),
                "fixable": str(r.fixable) if r.fixable else None,  # null for a rule without a fix
                "summary": r.summary,
            }
            for r in rules
        ]
        return json.dumps(data, indent=2) + "\n"
    width = max((len(r.name) for r in rules), default=4)
    return "".join(
        f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {(r.fixable or '-'):<6}  {r.summary}\n" for r in rules
    )


def fixes_made(repairs: Iterable[Repair]) -> str:
    """`--show-fixes`: the fixes made, per file and rule (as ruff lists them)."""
    lines: list[str] = []
    total = 0
    for repair in sorted(repairs, key=lambda r: r.shown):
        counts = Counter((f.code, f.name) for f in repair.fixed)
        if not counts:
            continue
        total += sum(counts.values())
        lines.append(f"- {printable(repair.shown)}:")
        lines.extend(f"    {n} × {code} ({name})" for (code, name), n in sorted(counts.items()))
    if not total:
        return ""
    return f"Fixed {plural(total, 'finding')}:\n" + "\n".join(lines) + "\n\n"
