"""The build's log: each fact once, a summary line per kind, details where they help.

A site of a thousand notes has thousands of dangling links, shifted timestamps and
lint findings, and hundreds of real problems (broken front matter, times that are
not clock times), most of them known and left for later. Logged one by one, on every
`mkdocs serve` rebuild, they bury the one line that matters: what the edit did. So a
build logs at most one line per kind (per rule, for the linter's findings), and
individually only what it says about the notes that changed in this rebuild (under
`mkdocs serve`; the first build and `mkdocs build` have none). `mkdocs build -v`
lists everything.

A summary line is logged at the level of the worst line it stands for, so
`--strict`, which counts warnings, fails on the same builds as when every line is
logged.

A fact the build reports (a dangling link, a shifted note) is not reported again
as the linter's finding for it; the line takes the higher of the two levels, so
`--strict` fails whenever either setting says it should.

Lines quote notes (targets, labels, `data-t` values, file names), so every line
is escaped as `pmnotes lint` escapes its output: a control character in a note
never reaches the terminal or the CI log the build prints to.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from ..core.words import plural, printable
from .config import LEVELS, LogLevel
from .program import running_program

if TYPE_CHECKING:  # the rules load only when a build lints
    from ..lint.api import Finding


# What the build did with a note it could not read as written (`sources.read_docs_file`
# says it in each note's problem), for the line that sums such notes up.
PROBLEMS = {
    "PMN305": "bytes that are not UTF-8 (PMN305): built from a cp1252 reading",
    "PMN401": "broken front matter (PMN401): built as plain text",
}
_PROBLEM_CODE = re.compile(r"(?:^|; )(PMN\d{3}) ")
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@cache
def build_codes() -> dict[str, str]:
    """Lint codes whose fact the build reports itself, each to the kind that reports it (its
    rule's `build_report`; a "problem" only for the notes the build could not read as they are)."""
    from ..lint.api import RULES  # loaded once a build lints, not before

    return {rule.code: rule.build_report for rule in RULES if rule.build_report is not None}


class Logged(NamedTuple):
    """What the log shows of a lint finding. `mkdocs serve` keeps every note's findings
    between rebuilds, and the fix each finding carries would cost the collector dearly."""

    path: str
    line: int
    column: int
    code: str
    severity: str
    message: str

    @classmethod
    def of(cls, finding: Finding) -> Logged:
        return cls(finding.path, finding.line, finding.column, finding.code, str(finding.severity), finding.message)


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A dangling or ambiguous link, kept until the build knows its topic pages."""

    path: str
    where: str
    target: str
    key: str | None
    candidates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NoteReport:
    """What the build has to say about one note; the same for the same note and index."""

    problem: str | None = None
    unresolved: tuple[Unresolved, ...] = ()
    shifted: str | None = None  # the note's one line about its shifted timestamps


@dataclass
class BuildLog:
    log: logging.LoggerAdapter[logging.Logger]
    shifted_level: int | None
    dangling_level: int | None
    lint_level: str = "info"
    changed: Collection[str] = ()  # site paths whose file changed in this rebuild (serve)
    verbose: bool = False
    command: str = "build"  # the `mkdocs` command whose `-v` lists everything
    notes: list[tuple[str, NoteReport]] = field(default_factory=list)
    findings: list[tuple[str, Logged]] = field(default_factory=list)  # (site path, finding)
    program: str = field(default_factory=running_program)  # `mkdocs`, or `properdocs` under ProperDocs

    def note(self, path: str, report: NoteReport) -> None:
        self.notes.append((path, report))
        if report.problem and self.detailed(path):
            self._say(logging.WARNING, report.problem)

    def lint(self, path: str, findings: Iterable[Logged]) -> None:
        self.findings.extend((path, f) for f in findings)

    def detailed(self, path: str) -> bool:
        return self.verbose or path in self.changed

    def flush(self, topic_urls: Collection[str], source_urls: Collection[str]) -> None:
        """Log everything gathered, once every note is in and the generated pages are known."""
        raised = self._raised()
        self._problems()
        self._links(_max(self.dangling_level, raised.get("dangling")), topic_urls, source_urls)
        self._shifted(_max(self.shifted_level, raised.get("shifted")))
        self._findings()

    def _raised(self) -> dict[str, int]:
        """The highest lint level of each kind the build reports itself."""
        raised: dict[str, int] = {}
        for _, finding in self.findings:
            kind = build_codes().get(finding.code)
            level = finding_level(self.lint_level, finding)
            if kind and level is not None:
                raised[kind] = max(raised.get(kind, level), level)
        return raised

    def _problems(self) -> None:
        """One line per kind of note the build could not read as written (each said as read when detailed)."""
        quiet: Counter[str] = Counter()
        for path, report in self.notes:
            if report.problem and not self.detailed(path):
                quiet.update({code for code in _PROBLEM_CODE.findall(report.problem) if code in PROBLEMS})
        for code in sorted(quiet):
            self._say(logging.WARNING, f"{plural(quiet[code], 'note')} with {PROBLEMS[code]}{self._more()}")

    def _links(self, level: int | None, topic_urls: Collection[str], source_urls: Collection[str]) -> None:
        if level is None:
            return
        quiet: Counter[str] = Counter()
        targets: dict[str, set[str]] = {}
        ambiguous = 0
        for path, report in self.notes:
            for item in report.unresolved:
                if item.candidates and not self.detailed(path):
                    ambiguous += 1
                    continue
                if item.candidates:
                    self._say(
                        level,
                        f"{item.where}: link to '{item.target}' matches several pages: {', '.join(item.candidates)}",
                    )
                    continue
                if item.key in source_urls:  # a source named on a `From:` line has its page
                    continue
                then = "linked to its topic page" if item.key in topic_urls else "shown as plain text"
                if self.detailed(path):
                    self._say(level, f"{item.where}: link to '{item.target}' matches no page; {then}")
                else:
                    quiet[then] += 1
                    targets.setdefault(then, set()).add(item.key or item.target)
        for then, count in quiet.items():
            pages = len(targets[then])
            verb = ("go to topic pages", "are shown as plain text")[then.startswith("shown")]
            if count == 1:
                verb = verb.replace("go ", "goes ").replace("are ", "is ")
            self._say(level, f"{plural(count, 'link')} to {plural(pages, 'missing page')} {verb}{self._more()}")
        if ambiguous:
            verb = "matches" if ambiguous == 1 else "match"
            self._say(level, f"{plural(ambiguous, 'link')} {verb} several pages{self._more()}")

    def _shifted(self, level: int | None) -> None:
        if level is None:
            return
        quiet = 0
        for path, report in self.notes:
            if report.shifted is None:
                continue
            if self.detailed(path):
                self._say(level, report.shifted)
            else:
                quiet += 1
        if quiet:
            verb = "uses" if quiet == 1 else "use"
            self._say(
                level,
                f"{plural(quiet, 'note')} {verb} shifted timestamps (minutes:seconds written as hours:minutes);"
                f" links corrected{self._more()}",
            )

    def _findings(self) -> None:
        quiet: dict[str, list[tuple[str, Logged, int]]] = {}  # code -> its findings left to a summary
        problems = {path for path, report in self.notes if report.problem}  # said when the note was read
        reported = build_codes()
        for path, finding in self.findings:
            level = finding_level(self.lint_level, finding)
            if level is None or (
                finding.code in reported and (reported[finding.code] != "problem" or path in problems)
            ):
                continue
            if self.detailed(path):
                line = f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
                self._say(level, line)
            else:
                quiet.setdefault(finding.code, []).append((path, finding, level))
        if not quiet:
            return
        from ..lint.api import BY_CODE  # loaded already: the build linted

        def order(code: str) -> tuple[int, str]:
            return min(_SEVERITY_ORDER.get(f.severity, 3) for _, f, _ in quiet[code]), code

        for code in sorted(quiet, key=order):
            found = quiet[code]
            severities = {f.severity for _, f, _ in found}
            word = severities.pop() if len(severities) == 1 and "info" not in severities else "finding"
            rule = BY_CODE.get(code)
            what = f"{rule.summary} ({code})" if rule is not None else code
            self._say(
                max(level for _, _, level in found),
                f"{plural(len(found), word)} in {plural(len({path for path, _, _ in found}), 'note')}: {what};"
                f" {self._listed()} lists them",
            )

    def _say(self, level: int, line: str) -> None:
        self.log.log(level, printable(line))

    def _more(self) -> str:
        return "" if self.verbose else f" (`{self.program} {self.command} -v` lists them)"

    def _listed(self) -> str:
        return f"`{self.program} {self.command} -v` or `pmnotes lint`"


def level_of(name: str) -> int | None:
    """A `*_level` option as a logging level; None for `ignore`."""
    return LogLevel(name).logging_level if name in LEVELS else None


def finding_level(option: str, finding: Logged) -> int | None:
    return _severity_level(option, finding.severity)


@cache  # a build asks once per finding, and a large site has tens of thousands
def _severity_level(option: str, severity: str) -> int | None:
    if option == "auto":
        return logging.INFO if severity == "info" else logging.WARNING
    return level_of(option)


def _max(*levels: int | None) -> int | None:
    known = [level for level in levels if level is not None]
    return max(known) if known else None
