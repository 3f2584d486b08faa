"""The linter's cache (`.pmnotes_cache`, like ruff's `.ruff_cache`): a warm run reads what changed.

Two kinds of entry, kept per tool version and per settings:

- the index: for each note, its size, mtime and content hash, and what the index
  needs of it (title, aliases, video). A note whose size and mtime are unchanged
  is not opened; one whose hash is unchanged is not parsed.
- findings: for each note, the findings of its last lint and the context they
  were computed in: its own hash, the hashes of the notes on its video (they are
  evidence for its timestamps), the hashes of the notes it links to by heading, a
  digest of the whole index (every page's path, title, aliases and video: what
  links resolve against), and the path it was shown under. Any difference and
  the note is linted again.

Entries are JSON, written to a temporary file beside the target and renamed over
it, so a reader sees an old file or a new one, never half of one; two runs at
once (pre-commit runs hooks in parallel) each write complete files and the last
one wins.

A cache folder is shared more often than it seems (a CI cache restored from another
branch's run, `cache_dir` in a shared temporary folder), and a findings entry is
obeyed: `--fix` writes its edits into the note. So every entry is signed with a
key that is this user's on this machine and is never written into the cache
(`user_key`: a random file in the user's cache home, readable by the user alone).
An entry whose signature does not match, or that holds anything the linter could
not have made (a wrong type, a number out of range or not finite, an unknown rule,
an edit outside the note), is dropped and its note linted again: never obeyed,
never a crash. When no key can be had safely, the run goes without the cache.

The cache makes its markers, its folders and its files itself, so a symlink among
them was put there by someone else (a cloned repository can hold one): the cache
is then neither read nor written, and no file is ever opened through a link.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import Any

from .. import __version__
from ..core.files import MAX_FILE_SIZE, read_bytes
from ..core.index import Page, page_keys
from ..core.settings import Settings
from .registry import BY_CODE
from .rule import Applicability, Edit, Finding, Fix, Severity

DEFAULT_DIR = ".pmnotes_cache"
RACY_NS = 2_000_000_000
SHARDS = 256  # a run that lints one note reads and rewrites one shard: keep them small
FEW = 8  # findings are split so a run that lints one note rewrites one small file
_FORMAT = 10  # 8: every entry signed with the user's key; 9: a bare CR ends a line; 10: no fix a next run would undo
KEY_FILE = "cache-key"
_KEY_BYTES = 32
# One encoder for every signature: the same values always give the same text (a tuple as a list).
_CANONICAL = json.JSONEncoder(separators=(",", ":"), check_circular=False)


def settings_key(settings: Settings, rules: Iterable[str]) -> str:
    """What the findings depend on besides the notes: the tool, its rules and the settings."""
    values = asdict(settings)
    values.pop("cache_dir", None)
    text = json.dumps([_FORMAT, __version__, sorted(rules), values], sort_keys=True, default=str)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Cache:
    """One run's view of the cache folder for one version and set of settings."""

    def __init__(self, folder: Path, key: str, secret: bytes | None = None) -> None:
        """`secret` signs the entries; by default the user's key (`user_key`), read when first needed."""
        self.root = folder
        self.folder = folder / __version__ / key
        # name -> [path, size, mtime_ns, digest, title, aliases, video, keys, signature]
        self.entries: dict[str, list[Any]] = {}
        self.changed_index = 0  # entries added or refreshed this run
        self.dropped = False
        self._shards: dict[int, dict[str, list[Any]]] = {}
        self._dirty_shards: set[int] = set()
        self._loaded_index = False
        self._usable: bool | None = None
        self._secret = secret
        self._signer: Any = None  # keyed BLAKE2b over this folder's name, copied for each entry
        self._sizes: dict[str, int] = {}  # name -> bytes of the note this run: what cached offsets must fit in
        self.memory = False  # held in this process only (`in_memory`)

    @classmethod
    def in_memory(cls) -> Cache:
        """A cache that reads and writes no file: what one run knows, for its own next lint.

        `--fix --no-cache` lints, fixes, and lints again: the second lint takes from it the
        findings of every note whose context the fixes left alone, as a warm run would.
        Nothing in it came from outside this process, so nothing is signed.
        """
        cache = cls(Path(), "memory", b"")
        cache.memory = True
        cache._usable = True
        return cache

    # --- the index -------------------------------------------------------------------------

    def page(
        self, name: str, path: str | os.PathLike[str], limit: int | None = MAX_FILE_SIZE
    ) -> tuple[Page | None, str | None]:
        """The cached stub of a note and its content hash, when its file is the one cached.

        Returns (None, hash) when the file changed (hash None when unreadable, not a
        regular file or over the size limit: such files are never cached).
        """
        self._load_index()
        file = os.fspath(path)
        try:
            stat = os.stat(file)
        except OSError:
            return None, None
        if not S_ISREG(stat.st_mode):
            return None, None  # a FIFO would block the run, a device would never end
        self._sizes[name] = stat.st_size
        entry = self.entries.get(name)
        if entry is not None and not (_valid_entry(name, entry) and self._signed("page", name, entry[:8], entry[8])):
            # Checked here, on use, rather than all at load: a warm run then checks each entry once.
            del self.entries[name]
            self.dropped = True
            entry = None
        if entry is not None and entry[0] == file and entry[1] == stat.st_size and entry[2] == stat.st_mtime_ns:
            return Page(name, entry[4], tuple(entry[5]), entry[6]), entry[3]

        data = read_bytes(file, limit)[0]
        if data is None:
            return None, None
        found = digest(data)
        if entry is not None and entry[3] == found:
            entry[0:3] = [file, _size(stat), stat.st_mtime_ns]
            entry[8] = self._sign("page", name, entry[:8])
            self.changed_index += 1
            return Page(name, entry[4], tuple(entry[5]), entry[6]), found
        return None, found

    def remember_page(self, page: Page, path: str | os.PathLike[str], found: str) -> None:
        try:
            stat = os.stat(path)
        except OSError:
            return
        entry = [
            os.fspath(path),
            _size(stat),
            stat.st_mtime_ns,
            found,
            page.title,
            list(page.aliases),
            page.video_id,
            page_keys(page),
        ]
        self.entries[page.path] = [*entry, self._sign("page", page.path, entry)]
        self.changed_index += 1

    def keys(self, name: str) -> list[str] | None:
        """The cached lookup keys of a note (see `SiteIndex.add`)."""
        entry = self.entries.get(name)
        return entry[7] if entry is not None else None

    def drop_missing(self, names: Iterable[str]) -> None:
        """Forget notes that are no longer part of the site."""
        keep = set(names)
        for name in [n for n in self.entries if n not in keep]:
            del self.entries[name]
            self.dropped = True

    def _load_index(self) -> None:
        if self._loaded_index:
            return
        self._loaded_index = True
        data = _read_json(self.folder / "index.json") if self.usable and not self.memory else None
        # Each entry is checked when `page` first uses it (see there); one that fails is dropped
        # then. A missing, broken or partly broken index is written afresh at the end of the run.
        if isinstance(data, dict):
            self.entries = data
        self.dropped = not isinstance(data, dict)

    # --- findings --------------------------------------------------------------------------

    def findings(self, name: str, context: str, shown: str) -> list[Finding] | None:
        """The cached findings of a note in this context, or None.

        None too when any of them is not what the linter could have made of the note:
        signed or not, none of the entry is used, and the note is linted again.
        """
        entry = self._shard(name).get(name)
        size = self._sizes.get(name)
        if entry is None or entry[0] != context or size is None:
            return None
        made = []
        for item in entry[2]:
            finding = _finding(shown, item, size)
            if finding is None:
                return None
            made.append(finding)
        return made

    def deps(self, name: str) -> list[str]:
        """The notes whose headings the note's last findings relied on."""
        entry = self._shard(name).get(name)
        return list(entry[1]) if entry is not None else []

    def store(self, name: str, context: str, deps: Sequence[str], findings: Sequence[Finding]) -> None:
        shard = _shard_of(name)
        entry = [context, sorted(deps), [_item(f) for f in findings]]
        self._shard(name)[name] = [*entry, self._sign("findings", name, entry)]
        self._dirty_shards.add(shard)

    def _shard(self, name: str) -> dict[str, list[Any]]:
        shard = _shard_of(name)
        if shard not in self._shards:
            data = _read_json(self.folder / f"findings-{shard:03d}.json") if self.usable and not self.memory else None
            self._shards[shard] = (
                {k: v for k, v in data.items() if _valid_findings(v) and self._signed("findings", k, v[:3], v[3])}
                if isinstance(data, dict)
                else {}
            )
        return self._shards[shard]

    @property
    def usable(self) -> bool:
        """False when a link stands where the cache puts its own markers or folders, or there is no key."""
        if self._usable is None:
            self._usable = not _linked(self.root, self.folder) and self._start_signing()
        return self._usable

    # --- signatures ------------------------------------------------------------------------

    def _start_signing(self) -> bool:
        secret = self._secret if self._secret is not None else user_key()
        if secret is None:
            return False
        # The folder's name is signed too: an entry copied from the folder of other settings
        # (fewer rules selected, say) is not taken for one of these.
        scope = self.folder.relative_to(self.root).as_posix().encode("utf-8", "surrogatepass")
        self._signer = hashlib.blake2b(scope, key=secret, digest_size=16, person=b"pmnotes-cache")
        return True

    def _sign(self, kind: str, name: str, entry: list[Any]) -> str:
        if not self.usable or self.memory:
            return ""  # never written, never read
        signer = self._signer.copy()
        signer.update(_CANONICAL.encode([kind, name, entry]).encode("ascii"))
        return str(signer.hexdigest())

    def _signed(self, kind: str, name: str, entry: list[Any], signature: object) -> bool:
        if self.memory:
            return True  # made by this run
        if type(signature) is not str or not self.usable:
            return False
        try:
            expected = self._sign(kind, name, entry)
        except (ValueError, TypeError, RecursionError):
            return False
        return hmac.compare_digest(expected, signature)

    # --- writing ---------------------------------------------------------------------------

    def save(self) -> None:
        """Write what changed; a cache that cannot be written is only a slower next run."""
        if not self.usable or self.memory:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if _linked(self.root, self.folder):  # planted while this run linted
                return
            _mark(self.root)
            # A few changed notes are only hashed again next time: cheaper than rewriting the index.
            if self.dropped or self.changed_index > FEW:
                _write_json(self.folder / "index.json", self.entries)
            for shard in sorted(self._dirty_shards):
                _write_json(self.folder / f"findings-{shard:03d}.json", self._shards[shard])
        except OSError:
            pass


def _size(stat: os.stat_result) -> int:
    """The size to compare next time; -1 (always read again) for a file changed just now.

    A file written twice within the file system's clock tick keeps its mtime, and
    with the same size the second write would look unchanged (git's "racy" case).
    """
    if time.time_ns() - stat.st_mtime_ns < RACY_NS:
        return -1
    return stat.st_size


def context_key(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _shard_of(name: str) -> int:
    return (
        int.from_bytes(hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=2).digest(), "big") % SHARDS
    )


def _item(f: Finding) -> list[Any]:
    fix = None
    if f.fix is not None:
        fix = [f.fix.description, str(f.fix.applicability), [[e.start, e.end, e.replacement] for e in f.fix.edits]]
    return [f.line, f.column, f.code, f.name, f.message, str(f.severity), f.end_line, f.end_column, fix, dict(f.data)]


_SEVERITIES = {str(s): s for s in Severity}
# The fixes a rule may offer: none, unsafe ones only, or safe and unsafe ones.
_APPLICABLE = {
    Applicability.UNSAFE: {"unsafe": Applicability.UNSAFE},
    Applicability.SAFE: {"safe": Applicability.SAFE, "unsafe": Applicability.UNSAFE},
}
_EMPTY: dict[str, Any] = {}


def _finding(shown: str, item: object, size: int) -> Finding | None:
    """A cached finding, or None when it is not one the linter could make of a note of `size` bytes.

    Exact types: JSON gives nothing else for what the cache writes, and a bool is not a
    line; `1e400` and `NaN` are floats, never counts. No line, column or offset is past the
    end of the note (a character is at least one byte), and a fix is one its rule offers.
    Written out rather than in helpers: a warm run checks every finding of the site.
    """
    if type(item) is not list or len(item) != 10:
        return None
    line, column, code, name, message, severity, end_line, end_column, fix, data = item
    rule = BY_CODE.get(code) if type(code) is str else None
    level = _SEVERITIES.get(severity) if type(severity) is str else None
    if rule is None or level is None or name != rule.name or type(message) is not str:
        return None
    last = size + 1  # the line or column just past the end of the note
    if type(line) is not int or type(column) is not int or not (1 <= line <= last and 1 <= column <= last):
        return None
    if end_line is not None and (type(end_line) is not int or not 1 <= end_line <= last):
        return None
    if end_column is not None and (type(end_column) is not int or not 1 <= end_column <= last):
        return None
    made = None
    if fix is not None:
        made = _fix(fix, _APPLICABLE.get(rule.fixable, _EMPTY), size)
        if made is None:
            return None
    if type(data) is not dict:
        return None
    fields = _fields(data) if data else {}
    if fields is None:
        return None
    return Finding(shown, line, column, code, name, message, level, made, end_line, end_column, fields)


def _fix(fix: object, applicable: dict[str, Applicability], size: int) -> Fix | None:
    if type(fix) is not list or len(fix) != 3:
        return None
    description, applicability, edits = fix
    if type(description) is not str or type(applicability) is not str or type(edits) is not list:
        return None
    kind = applicable.get(applicability)
    if kind is None:
        return None
    made = []
    for edit in edits:
        if type(edit) is not list or len(edit) != 3:
            return None
        start, end, replacement = edit
        if type(start) is not int or type(end) is not int or type(replacement) is not str:
            return None
        if not 0 <= start <= end <= size:
            return None
        made.append(Edit(start, end, replacement))
    return Fix(tuple(made), description, kind)


def _fields(data: dict[Any, Any]) -> dict[str, Any] | None:
    """A finding's data as the rule made it (JSON gives back a tuple as a list), or None."""
    fields: dict[str, Any] = {}
    for key, value in data.items():
        kind = type(value)
        if kind is list:
            if not all(type(v) is str for v in value):
                return None
            value = tuple(value)
        elif not (value is None or kind is str or kind is int or kind is bool):
            return None
        fields[key] = value
    return fields


def _valid_entry(name: object, entry: object) -> bool:
    # Exact types (JSON gives nothing else for what the cache writes), so a run checks
    # thousands of entries cheaply; a bool is not taken for a size.
    if type(entry) is not list or len(entry) != 9 or type(name) is not str:
        return False
    path, size, mtime, found, title, aliases, video, keys, _ = entry
    if not (
        type(path) is str
        and type(size) is int
        and type(mtime) is int
        and type(found) is str
        and (title is None or type(title) is str)
        and type(aliases) is list
        and (video is None or type(video) is str)
        and type(keys) is list
    ):
        return False
    try:
        # Every item a string, checked at C speed: join refuses anything else.
        "".join(aliases)
        "".join(keys)
    except TypeError:
        return False
    return True


def _valid_findings(entry: object) -> bool:
    return (
        isinstance(entry, list)
        and len(entry) == 4
        and isinstance(entry[0], str)
        and isinstance(entry[1], list)
        and all(isinstance(d, str) for d in entry[1])
        and isinstance(entry[2], list)
        and all(isinstance(i, list) and len(i) == 10 for i in entry[2])
    )


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
    handle, temporary = _temporary(folder / KEY_FILE)
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


def _read_json(path: Path) -> Any:
    # Never through a link, and only a regular file: a FIFO would block the run, /dev/zero never end.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        with open(os.open(path, flags), "rb") as handle:
            if not S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            return json.loads(handle.read())
    except (OSError, ValueError, RecursionError):
        return None


def _write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    handle, temporary = _temporary(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="surrogatepass") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _temporary(path: Path) -> tuple[int, str]:
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


_MARKERS = {
    ".gitignore": b"# Written by pmnotes.\n*\n",
    "CACHEDIR.TAG": b"Signature: 8a477f597d28d172789f06886806bc55\n# A cache folder of pmnotes.\n",
}


def _mark(root: Path) -> None:
    """Keep the cache out of git and out of backups, as ruff does."""
    for name, data in _MARKERS.items():
        _create(root / name, data)


def _create(path: Path, data: bytes) -> None:
    """Write a new file. Whatever is there already, a symlink above all, is left as it is:
    `O_EXCL` refuses to open through a link, dangling or not."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags, 0o666)
    except FileExistsError:
        return
    with os.fdopen(handle, "wb") as out:
        out.write(data)


def _linked(root: Path, folder: Path) -> bool:
    """Is any marker, or the version or settings folder, a symlink? The cache never makes one.

    The root itself may be a link: it is the user's to place (`cache-dir`).
    """
    for path in (*(root / name for name in _MARKERS), folder.parent, folder):
        try:
            if S_ISLNK(os.lstat(path).st_mode):
                return True
        except OSError:
            continue  # not made yet
    return False
