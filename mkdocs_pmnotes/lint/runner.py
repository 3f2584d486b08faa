"""Lint a set of files against the index of the whole site they belong to."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from ..core.files import MAX_FILE_SIZE, read_file
from ..core.index import SiteIndex
from ..core.settings import Settings
from . import fixes, parallel
from .cache import Cache, context_key, names_key
from .checker import Checked, Checker
from .fixes import Repair
from .linter import MAX_FINDINGS_PER_RULE, Linter
from .output import Rendered, printable
from .rule import Finding
from .site import Site, discover

# Names other modules have imported from here since before the linter was split.
__all__ = [
    "MAX_FINDINGS_PER_RULE",
    "Checked",
    "Checker",
    "FileTexts",
    "Linter",
    "Result",
    "Site",
    "discover",
    "lint",
    "stale",
]


@dataclass
class Result:
    findings: list[Finding]
    errors: list[str]  # "path: problem", for paths that are not notes at all
    texts: dict[str, str] = field(default_factory=dict)  # shown path -> text, for files with findings
    linter: Linter | None = None  # what produced them, so fixes can re-lint with the same index
    names: dict[str, tuple[Path, str]] = field(default_factory=dict)  # shown path -> (file, site name)
    repairs: list[Repair] = field(default_factory=list)  # with `fixing`: each file's fixes, to be written
    fix_problems: list[str] = field(default_factory=list)  # "path: problem" of files that cannot be fixed
    # With `lint(..., rendered=True)`: the files the cache answered, as `concise` prints them.
    # Their findings are not in `findings`.
    rendered: list[Rendered] = field(default_factory=list)
    # With `fixing`: the findings of notes with fixes to write are left out (they are
    # linted again once written, and a large site's would be held for nothing).
    left_out: bool = False


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
        return read_file(self.result.names[shown][0], self.limit).text or ""

    def __contains__(self, shown: object) -> bool:
        return shown in self.result.texts or shown in self.result.names

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self.result.texts), **dict.fromkeys(self.result.names)})

    def __len__(self) -> int:
        return sum(1 for _ in self)


def lint(
    targets: Sequence[Path],
    site: Site,
    settings: Settings,
    *,
    keep_text: bool = False,
    cache: Cache | None = None,
    jobs: int | None = 1,
    fixing: bool | None = None,
    rendered: bool = False,
) -> Result:
    """Run the selected rules over `targets`, resolving links against `site`.

    A path that cannot be read becomes an error line, never an exception, and
    the run goes on with the other files. With a `cache`, a note whose findings
    were computed in the same context is not read again (see `lint.cache`).
    `jobs` is how many processes check the notes (None: as many as pay, see
    `lint.parallel`); the result is the same for any number.

    `fixing` (None: no fixes; else whether unsafe fixes are wanted): each file's fixes are
    also applied, in the process that checked it, once its video's notes are all checked;
    `Result.repairs` holds what to write, and the findings of a note with a repair are
    left out (`Result.left_out`): the caller lints it again once written. Nothing is
    written here: every note is read as it is before any is changed.

    `rendered`: a note the cache answers comes back in `Result.rendered`, as the concise
    format prints it, and none of its findings is made again (a warm run's output).
    """
    names = [(path, site.name_of(path)) for path in targets]
    index = site.index(cache, settings.max_file_size, settings.dialect)
    linter = Linter(settings, index)
    whole = _index_digest(index) if cache is not None else ""

    def video(pair: tuple[Path, str]) -> tuple[str, str]:
        return _video_key(index, pair[1])

    digests = site.digests

    def context(name: str, shown: str, deps: Iterable[str]) -> str:
        """What a note's findings depend on: the index, its name and text, its video's notes, the headings it links to."""
        page = index.pages.get(name)
        siblings = sorted(p.path for p in index.same_video(page.video_id)) if page and page.video_id else []
        parts = [whole, shown, digests.get(name) or "-", str(len(siblings))]
        for other in [*siblings, *sorted(deps)]:
            parts += (other, digests.get(other) or "-")
        return names_key(parts)

    # Notes on one video are checked together, by one process (they are evidence for each
    # other). What the cache knows is taken first, here: only the rest is checked.
    shown_as_stored = rendered and fixing is None and not keep_text
    order: list[tuple[Path, str, list[Finding] | Rendered | None]] = []  # every target, with what the cache knows
    groups: list[list[tuple[Path, str]]] = []
    for _, group in groupby(sorted(names, key=video), video):
        todo = []
        for path, name in group:
            hit: list[Finding] | Rendered | None = None
            if cache is not None and name in site.digests:
                shown = path.as_posix()
                key = context(name, shown, cache.deps(name))
                if shown_as_stored:
                    stored = cache.rendered(name, key)
                    hit = Rendered(shown, *stored) if stored is not None else None
                else:
                    hit = cache.findings(name, key, shown)
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
    shown_notes: list[Rendered] = []
    left_out = False
    for path, name, hit in order:
        shown = path.as_posix()
        if isinstance(hit, Rendered):
            shown_notes.append(hit)
            continue
        if hit is not None:
            fix_it = fixing is not None and bool(fixes.wanted(hit, fixing))
            if hit and (keep_text or fix_it):
                text = read_file(path, settings.max_file_size).text or ""
                if keep_text:
                    texts[shown] = text
                if fix_it:
                    cached_fixes.append((path, name, text, hit))
            if fix_it:
                left_out = True
            else:
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
        if done.repair is not None:
            left_out = True  # its findings change once it is written
            continue
        if cache is not None and done.deps is not None and site.digests.get(name) == done.digest:
            in_order = sorted(done.findings, key=lambda f: (f.line, f.column, f.code))
            as_shown = Rendered.of(shown, in_order)
            cache.store(name, context(name, shown, done.deps), done.deps, done.findings, as_shown.kept())
            if shown_as_stored:  # printed as stored, not rendered a second time
                shown_notes.append(as_shown)
                continue
        findings.extend(done.findings)
    if cache is not None:
        cache.save()
    if cached_fixes:
        assert fixing is not None
        made = fixes.repair_group(linter, cached_fixes, fixing)
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
        shown_notes,
        left_out,
    )


def stale(result: Result, written: Iterable[Repair]) -> set[str]:
    """The notes whose findings the written fixes change: each note written and the notes on its video."""
    found: set[str] = set()
    pages = result.linter.index if result.linter is not None else SiteIndex()
    for repair in written:
        if repair.shown in result.names:
            name = result.names[repair.shown][1]
            page = pages.pages.get(name)
            video = page.video_id if page is not None else None
            found.update([name, *(p.path for p in (pages.same_video(video) if video else ()))])
    return found


def _index_digest(index: SiteIndex) -> str:
    """What every link resolves against: each page's path, title, aliases and video."""
    return context_key([(p.path, p.title, list(p.aliases), p.video_id) for p in index.pages.values()])


def _video_key(index: SiteIndex, name: str) -> tuple[str, str]:
    page = index.pages.get(name)
    return (page.video_id, "") if page and page.video_id else ("", name)
