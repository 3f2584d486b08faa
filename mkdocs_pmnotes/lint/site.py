"""Which files a run lints and which notes its links resolve against."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from ..core.blocks import CORE, Dialect
from ..core.files import MAX_FILE_SIZE, read_note, read_page, walk_notes
from ..core.index import SiteIndex
from ..core.notes import NoteCache
from ..core.settings import Settings
from ..core.site_files import SiteFiles
from .cache import Cache


@dataclass
class Site:
    """The notes a run knows about: site name (POSIX, root-relative) -> file.

    Built from the configured roots, so that linting a few changed files (as
    pre-commit does) still resolves links against every page of the site.
    """

    files: dict[str, str | Path] = field(default_factory=dict)  # a plain string for each file found below a root
    site_files: SiteFiles = field(default_factory=SiteFiles)  # the roots, their prefixes and `exclude`
    digests: dict[str, str] = field(default_factory=dict)  # site name -> content hash, when cached
    _names: dict[Path, str] | None = field(default=None, repr=False)
    _folders: dict[str, str] = field(default_factory=dict, repr=False)  # resolved once per run

    @classmethod
    def from_roots(
        cls, roots: Sequence[Path], exclude: Sequence[str] = (), prefixes: Mapping[Path, str] | None = None
    ) -> Site:
        """Every note below `roots`; `prefixes` mounts a root under a folder of the site."""
        site_files = SiteFiles.of(((root, (prefixes or {}).get(root, "")) for root in roots), exclude)
        files: dict[str, str | Path] = dict(site_files.walk())
        return cls(files, site_files)

    def name_of(self, path: Path) -> str:
        """The site name of a file, adding it when it is outside every root."""
        # A file below a root is found without resolving every other file's path.
        for name in self.site_files.names_of(path, self._folders):
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
        notes = NoteCache(lambda name: read_note(self.files[name], name, limit, dialect)[1])
        if cache is None:
            return SiteIndex.build((read_page(path, name, limit) for name, path in self.files.items()), notes)
        index = SiteIndex(notes=notes)
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


def root_relative(path: str, root: str | None) -> str:
    if not root:
        return ""
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return ""


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
    if len(paths) + (0 if paths else len(roots)) <= 1:
        return found, errors, warnings  # one folder walked, or one file: no file twice
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
    names = [n for n in (path.as_posix(), root_relative(path.as_posix(), settings.project_root)) if n]
    return any(fnmatchcase(n, p) or Path(n).match(p) for n in names for p in settings.exclude)
