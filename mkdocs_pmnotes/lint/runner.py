"""Lint a set of files against the index of the whole site they belong to."""

from __future__ import annotations

import os
from itertools import groupby
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path

from ..core.files import MAX_FILE_SIZE, Source, read_note, read_page, read_source, walk_notes
from ..core.index import SiteIndex
from ..core.model import Note
from ..core.parse import parse_note
from .pragmas import Suppressions
from .registry import matches, selected
from .rule import Finding, LintContext, Rule
from .settings import Settings


@dataclass
class Site:
    """The notes a run knows about: site name (POSIX, root-relative) -> file.

    Built from the configured roots, so that linting a few changed files (as
    pre-commit does) still resolves links against every page of the site.
    """

    files: dict[str, Path] = field(default_factory=dict)
    roots: list[tuple[str, str]] = field(default_factory=list)  # (real root, site prefix)
    _names: dict[Path, str] | None = field(default=None, repr=False)

    @classmethod
    def from_roots(
        cls, roots: Sequence[Path], exclude: Sequence[str] = (), prefixes: Mapping[Path, str] | None = None
    ) -> Site:
        """Every note below `roots`; `prefixes` mounts a root under a folder of the site."""
        site = cls()
        for root in roots:
            if root.is_dir():
                prefix = (prefixes or {}).get(root, "").strip("/")
                site.roots.append((os.path.realpath(root), prefix))
                for path in walk_notes(root, exclude):
                    name = path.relative_to(root).as_posix()
                    site.files.setdefault(f"{prefix}/{name}" if prefix else name, path)
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

    def index(self, limit: int | None = MAX_FILE_SIZE) -> SiteIndex:
        """A fresh index of every page; notes are parsed lazily, once each."""
        return SiteIndex.build(
            (read_page(path, name, limit) for name, path in self.files.items()),
            load=lambda name: read_note(self.files[name], name, limit)[1],
        )


def _real(path: Path) -> Path:
    """The file a path names; never raises, even for a symlink loop."""
    return Path(os.path.realpath(path))


@dataclass
class Result:
    findings: list[Finding]
    errors: list[str]  # "path: problem", for paths that are not notes at all
    texts: dict[str, str] = field(default_factory=dict)  # shown path -> text, for files with findings
    linter: Linter | None = None  # what produced them, so fixes can re-lint with the same index
    names: dict[str, tuple[Path, str]] = field(default_factory=dict)  # shown path -> (file, site name)


class Linter:
    """The selected rules plus everything that filters what they report."""

    def __init__(self, settings: Settings, index: SiteIndex) -> None:
        self.settings = settings
        self.index = index
        self.rules: list[Rule] = [rule() for rule in selected(settings.select, settings.ignore)]
        self.errors: list[str] = []  # rules that failed on a file: reported, never raised

    def check(self, path: str, name: str, source: Source, note: Note | None) -> list[Finding]:
        """Findings for one file after per-file ignores, pragmas and configured severities."""
        if note is not None:
            self.index.remember(note)
        ignored = per_file_selectors(self.settings, (path, name, _from_root(path, self.settings.project_root)))
        ctx = LintContext(path, name, source, note, self.index, self.settings)
        suppressions = Suppressions(note)
        found: list[Finding] = []
        for rule in self.rules:
            if any(matches(type(rule), selector) for selector in ignored):
                continue
            try:
                reported = list(rule.check(ctx))
            except Exception as exc:  # noqa: BLE001 - one faulty rule must not end the run
                self.errors.append(f"{path}: {rule.code} failed on this file: {type(exc).__name__}: {exc}")
                continue
            for finding in reported:
                if suppressions and suppressions.silenced(finding):
                    continue
                level = self.settings.severity_for(finding.code, finding.name, finding.severity)
                found.append(finding if level == finding.severity else replace(finding, severity=level))
        return found

    def check_text(self, path: str, name: str, text: str) -> tuple[Note, list[Finding]]:
        """Lint text held in memory (a fix being tried) as if it were the file's content."""
        from ..core.parse import parse_note

        note = parse_note(text, name)
        source = Source(path, text.encode("utf-8", "surrogatepass"), text)
        return note, self.check(path, name, source, note)


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


def lint(targets: Sequence[Path], site: Site, settings: Settings, *, keep_text: bool = False) -> Result:
    """Run the selected rules over `targets`, resolving links against `site`.

    A path that cannot be read becomes an error line, never an exception, and
    the run goes on with the other files.
    """
    names = [(path, site.name_of(path)) for path in targets]
    index = site.index(settings.max_file_size)
    linter = Linter(settings, index)
    findings: list[Finding] = []
    errors: list[str] = []
    texts: dict[str, str] = {}
    def video(pair: tuple[Path, str]) -> tuple[str, str]:
        return _video_key(index, pair[1])

    for _, group in groupby(sorted(names, key=video), video):
        for path, name in group:
            source = read_source(path, settings.max_file_size)
            if source.text is None and source.too_large is None:
                errors.append(f"{path.as_posix()}: {source.problem}")
                continue
            note = index.cached(name)
            if source.text is None:
                note = None  # too large to read: PMN306 reports it
            elif note is None or note.text != source.text:
                note = parse_note(source.text, name)
            found = linter.check(path.as_posix(), name, source, note)
            if found and keep_text:
                texts[path.as_posix()] = source.text
            findings.extend(found)
        # Notes on one video are linted together (they are evidence for each other);
        # after that none is needed again, so memory stays flat on a large site.
        index.forget()
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    shown = {path.as_posix(): (path, name) for path, name in names}
    return Result(findings, errors + linter.errors, texts, linter, shown)


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
