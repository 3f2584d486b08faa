"""A run whose every input is as the last run left it prints what that run printed.

A warm run of a large site otherwise reads each note's index entry and findings
from the cache, and works out each note's context, to find that nothing changed.
The concise output depends on the settings (the cache folder's key), the working
directory, the files named, `--unsafe-fixes` and the notes of the site: when all
are unchanged, with the same size, mtime and inode (what the cache itself trusts),
so is the output, and one stat per note is the whole check.

Only a clean run is kept: one with no error line, whose notes did not change while
it ran, and with no note changed within the file system's clock tick (see `cache._size`).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from stat import S_ISREG

from .cache import RACY_NS, Cache

FILE = "replay.json"


def stamp(files: Mapping[str, str | os.PathLike[str]], targets: Sequence[Path], *parts: str) -> str | None:
    """What the output of a run over `targets` depends on besides the settings; None when it cannot be told.

    `files` are the site's notes (name -> file); a target that is not one of them is stated too.
    """
    hasher = hashlib.blake2b(digest_size=16)
    cwd = os.getcwd()
    hasher.update("\0".join((cwd, *parts, str(len(files)), str(len(targets)))).encode("utf-8", "surrogatepass"))
    now = time.time_ns()
    seen: set[str] = set()
    for name, path in files.items():
        file = os.fspath(path)
        seen.add(file)
        if not _stated(hasher, now, name, file):
            return None
    for target in targets:
        shown = target.as_posix()
        file = os.path.join(cwd, os.fspath(target))
        hasher.update(f"{shown}\0".encode("utf-8", "surrogatepass"))
        if file not in seen and not _stated(hasher, now, shown, file):
            return None
    return hasher.hexdigest()


def _stated(hasher: hashlib.blake2b, now: int, name: str, file: str) -> bool:
    try:
        stat = os.stat(file)
    except OSError:
        return False
    if not S_ISREG(stat.st_mode) or now - stat.st_mtime_ns < RACY_NS:
        return False  # changed just now, it may change again unseen
    hasher.update(
        f"{name}\0{file}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\0".encode("utf-8", "surrogatepass")
    )
    return True


def replayed(cache: Cache, mark: str) -> tuple[str, bool] | None:
    """The output the last run kept under `mark`, and whether it failed; None when there is none."""
    held = cache.sealed(FILE)
    if (
        isinstance(held, dict)
        and held.get("stamp") == mark
        and type(held.get("text")) is str
        and type(held.get("failing")) is bool
    ):
        return held["text"], held["failing"]
    return None


def keep(cache: Cache, mark: str, text: str, failing: bool) -> None:
    cache.write_sealed(FILE, {"stamp": mark, "failing": failing, "text": text})
