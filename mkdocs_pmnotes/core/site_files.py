"""The site's files: which folders hold its notes, where the site serves each, and their names.

A site is made of roots: `docs_dir` at the site root, and notes folders mounted under
a folder of the site (`mount:`). A note's site name is its path below its root, under
the root's prefix, in POSIX form. The plugin, the linter and the server all name
files here, so a note has the same name in the build, in `pmnotes lint` and in the editor.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from .files import walk_note_files


class Root(NamedTuple):
    """A folder of notes and its folder in the site ("" for the site root)."""

    folder: str
    prefix: str = ""


@dataclass(frozen=True)
class SiteFiles:
    """The roots of a site, in order (the first to name a file wins), and the `exclude` globs."""

    roots: tuple[Root, ...] = ()
    exclude: tuple[str, ...] = ()

    @classmethod
    def of(cls, folders: Iterable[tuple[str | os.PathLike[str], str]], exclude: Iterable[str] = ()) -> SiteFiles:
        """The roots among `folders` (each with its prefix) that are folders now."""
        roots = tuple(Root(os.fspath(folder), prefix.strip("/")) for folder, prefix in folders if os.path.isdir(folder))
        return cls(roots, tuple(exclude))

    def walk(self) -> dict[str, str]:
        """Site name -> file of every note below the roots, in the order of the roots and of
        `files.walk_note_files` (sorted, hidden folders and `exclude` left out)."""
        files: dict[str, str] = {}
        slash = os.sep != "/"
        for folder, prefix in self.roots:
            # `walk_note_files` yields the folder joined with the relative path: cut the string.
            cut = len(os.path.join(folder, ""))
            lead = f"{prefix}/" if prefix else ""
            for path in walk_note_files(folder, self.exclude):
                name = path[cut:]
                if slash:
                    name = name.replace(os.sep, "/")
                files.setdefault(lead + name, path)
        return files

    def names_of(self, path: str | os.PathLike[str], folders: dict[str, str] | None = None) -> Iterator[str]:
        """The name a file has below each root that holds it, in the order of the roots.

        Both sides are resolved first: a file is named by where it really is, so a root
        that is a symlink still holds its files, and a link in a root to a file elsewhere
        does not (the linter's `Site` finds that file by its link). `folders` keeps the
        folders resolved so far, for a caller naming many files at one moment.
        """
        real = real_path(path, folders)
        for base, prefix in self._real:
            if real.startswith(base + os.sep):
                rel = real[len(base) + 1 :].replace(os.sep, "/")
                yield f"{prefix}/{rel}" if prefix else rel

    def name_of(self, path: str | os.PathLike[str]) -> str | None:
        """A file's site name; None when it is outside every root."""
        return next(self.names_of(path), None)

    @cached_property
    def _real(self) -> tuple[Root, ...]:
        # Resolved once: naming a file (every change the editor reports) then resolves one path.
        return tuple(Root(os.path.realpath(folder), prefix) for folder, prefix in self.roots)


def real_path(path: str | os.PathLike[str], folders: dict[str, str] | None = None) -> str:
    """`os.path.realpath`, resolving each folder once into `folders` when given.

    A file that is no link is where its folder really is: one `lstat`, where resolving
    the whole path costs one per folder above it, for each of thousands of notes.
    """
    text = os.fspath(path)
    head, tail = os.path.split(text)
    if folders is None or not head or tail in ("", ".", ".."):
        return os.path.realpath(text)
    try:
        if stat.S_ISLNK(os.lstat(text).st_mode):
            return os.path.realpath(text)
    except OSError:
        return os.path.realpath(text)
    base = folders.get(head)
    if base is None:
        base = folders[head] = os.path.realpath(head)
    return os.path.join(base, tail)
