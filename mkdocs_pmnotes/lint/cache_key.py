"""The key that signs this user's lint cache entries, kept outside the cache (see `lint.cache`)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from stat import S_ISREG

KEY_FILE = "cache-key"
_KEY_BYTES = 32


def key_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where this user's cache key lives: the user's cache home, never the cache folder itself."""
    home = environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(home):
        return Path(home) / "pmnotes"
    if os.name == "nt":
        local = environ.get("LOCALAPPDATA", "")
        return Path(local) / "pmnotes" if os.path.isabs(local) else None
    try:
        user = Path.home()
    except (RuntimeError, KeyError):
        return None
    if not user.is_absolute():
        return None  # HOME set to "": the key would land in the working folder, perhaps a shared one
    if sys.platform == "darwin":
        return user / "Library" / "Caches" / "pmnotes"
    return user / ".cache" / "pmnotes"


def user_key(folder: Path | None = None) -> bytes | None:
    """The key that signs this user's cache entries, made on first use; None when it cannot be had safely.

    A random file of 32 bytes that only its owner may read, in a folder only its owner
    may write to. Anything else there (a symlink, a file others can read, one of the
    wrong size) is left alone, and the run goes without the cache.
    """
    folder = folder if folder is not None else key_folder()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(folder), 0o022):
            return None
        try:
            return _read_key(folder / KEY_FILE)
        except FileNotFoundError:
            _make_key(folder)
        return _read_key(folder / KEY_FILE)
    except OSError:
        return None


def _read_key(path: Path) -> bytes | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb") as handle:
        status = os.fstat(handle.fileno())
        if not (S_ISREG(status.st_mode) and _private(status, 0o077) and status.st_size == _KEY_BYTES):
            return None
        key = handle.read(_KEY_BYTES + 1)
    return key if len(key) == _KEY_BYTES else None


def _make_key(folder: Path) -> None:
    """Write a new key under a temporary name, then link it into place.

    The key's name appears with all its bytes or not at all, and a link never replaces
    a file: runs that start at once for the first time all end up with the first key linked.
    """
    handle, temporary = temporary_beside(folder / KEY_FILE)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(os.urandom(_KEY_BYTES))
            out.flush()
            os.fsync(out.fileno())  # a key linked but never on disk would leave an empty file for good
        with contextlib.suppress(FileExistsError):
            os.link(temporary, folder / KEY_FILE)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _private(status: os.stat_result, others: int) -> bool:
    """Owned by this user, with none of the `others` permission bits set (POSIX only)."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the user's local application data is the user's alone
    return status.st_uid == os.getuid() and not status.st_mode & others


def temporary_beside(path: Path) -> tuple[int, str]:
    """A new file beside `path`, created as `tempfile.mkstemp` does (exclusive, owner only).

    Spelled out because importing `tempfile` costs a one-file run more than writing does.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = os.path.join(path.parent, f".{path.name}.{os.getpid()}{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")
