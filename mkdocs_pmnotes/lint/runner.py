"""Lint a set of files against the index of the whole site they belong to."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from itertools import groupby
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ..core.blocks import CORE, Dialect
from ..core.files import MAX_FILE_SIZE, Source, read_note, read_page, read_source, walk_note_files, walk_notes
from ..core.index import SiteIndex
from ..core.model import Note
from ..core.parse import parse_note
from ..core.settings import Settings
from . import parallel
from .cache import Cache, context_key, digest
from .output import NOT_SHOWN, printable
from .pragmas import Suppressions
from .registry import matches, selected
from .rule import Finding, LintContext, Rule, Severity

if TYPE_CHECKING:
    from .fixes import Repair

# Findings kept per rule per file. A note of ten megabytes of unclosed `[[` has five million;
# every front end holds what the linter returns, so the cap is here, once. Above the language
# server's own cap (`server.diagnostics.MAX_DIAGNOSTICS`), which sends the reader to
# `pmnotes lint` for the rest: the command must then list more than the editor does.
MAX_FINDINGS_PER_RULE = 5_000


@dataclass
class Site:
    """The notes a run knows about: site name (POSIX, root-relative) -> file.

    Built from the configured roots, so that linting a few changed files (as
    pre-commit does) still resolves links against every page of the site.
    """

    files: dict[str, str | Path] = field(default_factory=dict)  # a plain string for each file found below a root
    roots: list[tuple[str, str]] = field(default_factory=list)  # (real root, site prefix)
    digests: dict[str, str] = field(default_factory=dict)  # site name -> content hash, when cached
    _names: dict[Path, str] | None = field(default=None, repr=False)

    @classmethod
    def from_roots(
        cls, roots: Sequence[Path], exclude: Sequence[str] = (), prefixes: Mapping[Path, str] | None = None
    ) -> Site:
        """Every note below `roots`; `prefixes` mounts a root under a folder of the site."""
        site = cls()
        files = site.files
        for root in roots:
            if root.is_dir():
                prefix = (prefixes or {}).get(root, "").strip("/")
                site.roots.append((os.path.realpath(root), prefix))
                # walk_note_files yields the root joined with the relative path: cut the string.
                start = len(os.fspath(root)) + 1
                lead = f"{prefix}/" if prefix else ""
                slash = os.sep != "/"
                for text in walk_note_files(root, exclude):
                    name = text[start:]
                    if slash:
                        name = name.replace(os.sep, "/")
                    files.setdefault(lead + name, text)
        return site

    def name_of(self, path: Path) -> str:
        """The site name of a file, adding it when it is outside every root."""
        real = os.path.realpath(path)
        for root, prefix in self.roots:
            # A file below a root is found without resolving every other file's path.
            if real.startswith(root + os.sep):
                rel = real[len(root) + 1 :].replace(os.sep, "/")
                name = f"{prefix}/{rel}" if prefix else rel
                if name in self.files:
                    return name
        if self._names is None:
            self._names = {_real(known): name for name, known in self.files.items()}
        resolved = _real(path)
        if resolved in self._names:
            return self._names[resolved]
        name = path.as_posix()
        self.files[name] = path
        self._names[resolved] = name
        return name

    def index(
        self, cache: Cache | None = None, limit: int | None = MAX_FILE_SIZE, dialect: Dialect = CORE
    ) -> SiteIndex:
        """A fresh index of every page; notes are parsed lazily, once each.

        With a cache, a note whose file is the one cached is not read at all, and
        `digests` holds every readable note's content hash.
        """
        load = lambda name: read_note(self.files[name], name, limit, dialect)[1]  # noqa: E731
        if cache is None:
            return SiteIndex.build((read_page(path, name, limit) for name, path in self.files.items()), load=load)
        index = SiteIndex(load=load)
        for name, path in self.files.items():
            page, found = cache.page(name, path, limit)
            if page is None:
                page = read_page(path, name, limit)
                if found is not None:
                    cache.remember_page(page, path, found)
            if found is not None:
                self.digests[name] = found
            index.add(page, cache.keys(name) if found is not None else None)
        cache.drop_missing(self.files)
        return index


def _real(path: str | Path) -> Path:
    """The file a path names; never raises, even for a symlink loop."""
    return Path(os.path.realpath(path))


@dataclass
class Result:
    findings: list[Finding]
    errors: list[str]  # "path: problem", for paths that are not notes at all
    texts: dict[str, str] = field(default_factory=dict)  # shown path -> text, for files with findings
    linter: Linter | None = None  # what produced them, so fixes can re-lint with the same index
    names: dict[str, tuple[Path, str]] = field(default_factory=dict)  # shown path -> (file, site name)
    repairs: list[Repair] = field(default_factory=list)  # with `fixing`: each file's fixes, to be written
    fix_problems: list[str] = field(default_factory=list)  # "path: problem" of files that cannot be fixed


class FileTexts(Mapping[str, str]):
    """The text of each file a result names: kept ones from `Result.texts`, others read when asked.

    Nothing read is held, so formats that need one file at a time (JSON and SARIF place
    fix edits by line and column) cost no more memory than the concise one.
    """

    def __init__(self, result: Result) -> None:
        self.result = result
        self.limit = result.linter.settings.max_file_size if result.linter is not None else MAX_FILE_SIZE

    def __getitem__(self, shown: str) -> str:
        if shown in self.result.texts:
            return self.result.texts[shown]
        if shown not in self.result.names:
            raise KeyError(shown)
        return read_source(self.result.names[shown][0], self.limit).text or ""

    def __contains__(self, shown: object) -> bool:
        return shown in self.result.texts or shown in self.result.names

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self.result.texts), **dict.fromkeys(self.result.names)})

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Linter:
    """The selected rules plus everything that filters what they report."""

    def __init__(self, settings: Settings, index: SiteIndex) -> None:
        self.settings = settings
        self.index = index
        self.rules: list[Rule] = [rule() for rule in selected(settings.select, settings.ignore)]
        self.errors: list[str] = []  # rules that failed on a file: reported, never raised

    def check(
        self, path: str, name: str, source: Source, note: Note | None, rules: Sequence[Rule] | None = None
    ) -> list[Finding]:
        """Findings for one file after per-file ignores, pragmas and configured severities.

        `rules`: only these of the selected rules (a round of `--fix` asks only the fixers).
        """
        if note is not None:
            self.index.remember(note)
        ignored = (
            per_file_selectors(self.settings, (path, name, _from_root(path, self.settings.project_root)))
            if self.settings.per_file_ignores
            else []
        )
        ctx = LintContext(path, name, source, note, self.index, self.settings)
        suppressions = Suppressions(note)
        found: list[Finding] = []
        for rule in self.rules if rules is None else rules:
            if any(matches(type(rule), selector) for selector in ignored):
                continue
            kept: list[Finding] = []  # a rule that fails reports nothing, not the findings before its failure
            first_hidden: Finding | None = None
            hidden = 0
            try:
                # Taken one by one, never listed whole: only what is kept is held.
                for finding in rule.check(ctx):
                    if suppressions and suppressions.silenced(finding):
                        continue
                    if len(kept) < MAX_FINDINGS_PER_RULE:
                        kept.append(self._leveled(finding))
                        continue
                    hidden += 1
                    if first_hidden is None:
                        first_hidden = self._leveled(finding)
            except Exception as exc:
                self.errors.append(f"{path}: {rule.code} failed on this file: {type(exc).__name__}: {exc}")
                continue
            found.extend(kept)
            if first_hidden is not None:
                found.append(not_shown_summary(first_hidden, hidden))
        return found

    def _leveled(self, finding: Finding) -> Finding:
        """The finding at the severity the settings give its rule."""
        level = self.settings.severity_for(finding.code, finding.name, finding.severity)
        return finding if level == finding.severity else replace(finding, severity=Severity(level))

    def check_text(
        self, path: str, name: str, text: str, rules: Sequence[Rule] | None = None
    ) -> tuple[Note, list[Finding]]:
        """Lint text held in memory (a fix being tried) as if it were the file's content."""
        note = parse_note(text, name, self.settings.dialect)
        source = Source(path, text.encode("utf-8", "surrogatepass"), text)
        return note, self.check(path, name, source, note, rules)

    @property
    def fixers(self) -> list[Rule]:
        """The rules a later round of `--fix` asks: those with fixes, but for the ones decided once."""
        return [rule for rule in self.rules if rule.fixable and not rule.decided_once]


def not_shown_summary(first: Finding, hidden: int) -> Finding:
    """One finding in place of the `hidden` findings of a rule past the cap, where the first of them is."""
    return Finding(
        first.path,
        first.line,
        first.column,
        first.code,
        first.name,
        f"{hidden:,} more {first.code} findings in this file are not shown",
        first.severity,
        data={NOT_SHOWN: hidden},
    )


def per_file_selectors(settings: Settings, candidates: Iterable[str]) -> list[str]:
    """The selectors `per-file-ignores` lists for a file, matched on any of its names."""
    names = [c for c in candidates if c]
    found: list[str] = []
    for pattern, selectors in settings.per_file_ignores.items():
        pattern = pattern.replace("\\", "/")
        if any(fnmatchcase(name, pattern) or fnmatchcase(name.rsplit("/", 1)[-1], pattern) for name in names):
            found.extend(selectors)
    return found


def _from_root(path: str, root: str | None) -> str:
    if not root:
        return ""
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return ""


def lint(
    targets: Sequence[Path],
    site: Site,
    settings: Settings,
    *,
    keep_text: bool = False,
    cache: Cache | None = None,
    jobs: int | None = 1,
    fixing: bool | None = None,
) -> Result:
    """Run the selected rules over `targets`, resolving links against `site`.

    A path that cannot be read becomes an error line, never an exception, and
    the run goes on with the other files. With a `cache`, a note whose findings
    were computed in the same context is not read again (see `lint.cache`).
    `jobs` is how many processes check the notes (None: as many as pay, see
    `lint.parallel`); the result is the same for any number.

    `fixing` (None: no fixes; else whether unsafe fixes are wanted): each file's fixes are
    also applied, in the process that checked it, once its video's notes are all checked;
    `Result.repairs` holds what to write. Nothing is written here: every note is read as
    it is before any is changed.
    """
    names = [(path, site.name_of(path)) for path in targets]
    index = site.index(cache, settings.max_file_size, settings.dialect)
    linter = Linter(settings, index)
    whole = _index_digest(index) if cache is not None else ""

    def video(pair: tuple[Path, str]) -> tuple[str, str]:
        return _video_key(index, pair[1])

    def context(name: str, shown: str, deps: Iterable[str]) -> str:
        page = index.pages.get(name)
        siblings = (
            sorted((p.path, site.digests.get(p.path)) for p in index.same_video(page.video_id))
            if page and page.video_id
            else []
        )
        return context_key(
            whole, shown, site.digests.get(name), siblings, sorted((d, site.digests.get(d)) for d in deps)
        )

    # Notes on one video are checked together, by one process (they are evidence for each
    # other). What the cache knows is taken first, here: only the rest is checked.
    order: list[tuple[Path, str, list[Finding] | None]] = []  # every target, with its cached findings
    groups: list[list[tuple[Path, str]]] = []
    for _, group in groupby(sorted(names, key=video), video):
        todo = []
        for path, name in group:
            hit = None
            if cache is not None and name in site.digests:
                shown = path.as_posix()
                hit = cache.findings(name, context(name, shown, cache.deps(name)), shown)
            order.append((path, name, hit))
            if hit is None:
                todo.append((path, name))
        if todo:
            groups.append(todo)
    checked = parallel.check(Checker(linter, keep_text, fixing), site, groups, jobs)

    findings: list[Finding] = []
    errors: list[str] = []
    failures: list[str] = []  # rules that failed on a file, in the order the files come
    texts: dict[str, str] = {}
    repairs: list[tuple[str, Repair | None, str | None]] = []  # (shown, repair, problem)
    cached_fixes: list[tuple[Path, str, str, Sequence[Finding]]] = []  # fixes of notes the cache answered
    for path, name, hit in order:
        shown = path.as_posix()
        if hit is not None:
            fix_it = fixing is not None and bool(_fixes().wanted(hit, fixing))
            if hit and (keep_text or fix_it):
                text = read_source(path, settings.max_file_size).text or ""
                if keep_text:
                    texts[shown] = text
                if fix_it:
                    cached_fixes.append((path, name, text, hit))
            findings.extend(hit)
            continue
        done = next(checked)
        if done.problem is not None:
            errors.append(f"{shown}: {done.problem}")
            continue
        failures.extend(done.failures)
        if done.text is not None:
            texts[shown] = done.text
        if done.repair is not None or done.fix_problem is not None:
            repairs.append((shown, done.repair, done.fix_problem))
        findings.extend(done.findings)
        if cache is not None and done.deps is not None and site.digests.get(name) == done.digest:
            cache.store(name, context(name, shown, done.deps), done.deps, done.findings)
    if cache is not None:
        cache.save()
    if cached_fixes:
        assert fixing is not None
        made = _fixes().repair_group(linter, cached_fixes, fixing)
        repairs.extend((path.as_posix(), *done) for (path, *_), done in zip(cached_fixes, made, strict=True))
    linter.errors[:] = failures  # the same whether this process or others checked the notes
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    shown_names = {path.as_posix(): (path, name) for path, name in names}
    repairs.sort(key=lambda item: item[0])
    return Result(
        findings,
        errors + failures,
        texts,
        linter,
        shown_names,
        [made for _, made, _ in repairs if made is not None],
        [f"{printable(shown)}: {problem}" for shown, _, problem in repairs if problem is not None],
    )


@dataclass
class Checked:
    """One note checked: what a process sends back to the one that reports."""

    findings: list[Finding] = field(default_factory=list)
    problem: str | None = None  # the file is no note at all: reported instead of findings
    failures: list[str] = field(default_factory=list)  # rules that failed on it
    text: str | None = None  # kept to show source lines, when it has findings
    digest: str | None = None  # of the bytes checked: findings are cached only for the file indexed
    deps: list[str] | None = None  # notes its heading links were checked against; None: not to be cached
    repair: Repair | None = None  # its fixes applied, when fixing
    fix_problem: str | None = None  # why its fixes cannot be applied


class Checker:
    """Reads, parses and checks notes, one video's group at a time."""

    def __init__(self, linter: Linter, keep_text: bool, fixing: bool | None = None) -> None:
        self.linter = linter
        self.keep_text = keep_text
        self.fixing = fixing  # None: no fixes; else whether unsafe ones are applied too

    def group(self, items: Sequence[tuple[Path, str]]) -> list[Checked]:
        done = [self.one(path, name) for path, name in items]
        if self.fixing is not None:
            self._fix(items, done, self.fixing)
        # After its group no note is needed again, so memory stays flat on a large site.
        self.linter.index.forget()
        return done

    def _fix(self, items: Sequence[tuple[Path, str]], done: list[Checked], unsafe: bool) -> None:
        """Each note's fixes, once its whole group is checked (they are evidence for each other)."""
        todo = [
            (i, (path, name, checked.text, checked.findings))
            for i, ((path, name), checked) in enumerate(zip(items, done, strict=True))
            if checked.text is not None and _fixes().wanted(checked.findings, unsafe)
        ]
        made = _fixes().repair_group(self.linter, [item for _, item in todo], unsafe)
        for (i, _), (repaired, problem) in zip(todo, made, strict=True):
            done[i].repair, done[i].fix_problem = repaired, problem
        if not self.keep_text:
            for checked in done:
                checked.text = None

    def one(self, path: Path, name: str) -> Checked:
        linter, index = self.linter, self.linter.index
        source = read_source(path, linter.settings.max_file_size)
        if source.text is None and source.too_large is None:
            return Checked(problem=source.problem)
        note = index.cached(name)
        if source.text is None:
            note = None  # too large to read: PMN306 reports it
        elif note is None or note.text != source.text:
            note = parse_note(source.text, name, linter.settings.dialect)
        failed = len(linter.errors)
        found = linter.check(path.as_posix(), name, source, note)
        failures = linter.errors[failed:]
        # A file too large to read shows no source lines.
        text = (source.text or "") if found and (self.keep_text or self.fixing is not None) else None
        if note is None or source.data is None or failures:
            return Checked(found, None, failures, text)
        return Checked(found, None, failures, text, digest(source.data), _heading_targets(index, note, name))


def _fixes() -> ModuleType:
    """`lint.fixes`, which builds on this module: imported when a run fixes."""
    from . import fixes

    return fixes


def _index_digest(index: SiteIndex) -> str:
    """What every link resolves against: each page's path, title, aliases and video."""
    return context_key([(p.path, p.title, list(p.aliases), p.video_id) for p in index.pages.values()])


def _heading_targets(index: SiteIndex, note: Note, name: str) -> list[str]:
    """The notes whose headings a note's `[[page#heading]]` links were checked against."""
    found = set()
    for link in note.links:
        if link.heading:
            page = index.resolve(link.target, name).page
            if page is not None and page.path != name:
                found.add(page.path)
    return sorted(found)


def _video_key(index: SiteIndex, name: str) -> tuple[str, str]:
    page = index.pages.get(name)
    return (page.video_id, "") if page and page.video_id else ("", name)


def discover(
    paths: Sequence[str], roots: Sequence[Path], settings: Settings, force_exclude: bool = False
) -> tuple[list[Path], list[str], list[str]]:
    """The files a run lints, a `path: problem` line for each path that is not there, and warnings.

    No paths: every note below the site's roots. A folder: every note below
    it. A file: that file, whatever its name, unless `force_exclude` and a
    configured `exclude` glob matches it (pre-commit passes files one by one).
    """
    cwd = Path.cwd()
    found: list[Path] = []
    errors: list[str] = []
    warnings: list[str] = []
    if not paths:
        for root in roots:
            if root.is_dir():
                found.extend(_shown(path, cwd) for path in walk_notes(root, settings.exclude))
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = list(walk_notes(path, settings.exclude))
            if not inside:
                warnings.append(f"{raw}: a folder with no notes in it")
            found.extend(inside)
        elif path.exists() or path.is_symlink():
            if not (force_exclude and _excluded(path, settings)):
                found.append(path)
        else:
            errors.append(f"{raw}: no such file or directory")
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(os.path.abspath(path), path)
    return list(unique.values()), errors, warnings


def _shown(path: Path, cwd: Path) -> Path:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        return path.relative_to(cwd)
    except ValueError:
        return path


def _excluded(path: Path, settings: Settings) -> bool:
    names = [n for n in (path.as_posix(), _from_root(path.as_posix(), settings.project_root)) if n]
    return any(fnmatchcase(n, p) or Path(n).match(p) for n in names for p in settings.exclude)
