"""The linter's cache (`.pmnotes_cache`, like ruff's `.ruff_cache`): a warm run reads what changed.

Two kinds of entry, kept per tool version and per settings:

- the index: for each note, its size, mtime, inode and content hash, and what the
  index needs of it (title, aliases, video). A note whose size, mtime and inode are
  unchanged is not opened; one whose hash is unchanged is not parsed.
- findings: for each note, the findings of its last lint and the context they
  were computed in: its own hash, the hashes of the notes on its video (they are
  evidence for its timestamps), the hashes of the notes it links to by heading, a
  digest of the whole index (every page's path, title, aliases and video: what
  links resolve against), and the path it was shown under. Any difference and
  the note is linted again. They are kept twice: as the concise format prints
  them (`shown-NNN.json`, with what the summary counts), which a warm run prints as
  it is, and as findings (`findings-NNN.json`), read only by a run that needs them
  made again (other formats, `--fix`).

Entries are JSON, written to a temporary file beside the target and renamed over
it, so a reader sees an old file or a new one, never half of one; two runs at
once (pre-commit runs hooks in parallel) each write complete files and the last
one wins.

A cache folder is shared more often than it seems (a CI cache restored from another
branch's run, `cache_dir` in a shared temporary folder), and a findings entry is
obeyed: `--fix` writes its edits into the note. So every entry is signed with a
key that is this user's on this machine and is never written into the cache
(`user_key`: a random file in the user's cache home, readable by the user alone).
An entry is kept as the JSON text it was signed over, so checking it encodes
nothing again; it is decoded only once its signature is known good.
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
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import Any

from .. import __version__
from ..core.files import MAX_FILE_SIZE, read_bytes
from ..core.index import Page, page_keys
from ..core.settings import Settings
from . import cache_entries
from .cache_key import KEY_FILE as KEY_FILE  # re-exported: the cache's names stay where they were
from .cache_key import key_folder as key_folder
from .cache_key import temporary_beside, user_key
from .cache_seal import SEAL, unsealed, with_seal
from .rule import Finding

# A note's cached findings as `concise` shows them: the fields of `output.Rendered` after its path
# (text, spans that read otherwise with `--unsafe-fixes`, findings, safe fixes, unsafe fixes, failing).
Shown = tuple[str, list[Any], int, int, int, bool]

DEFAULT_DIR = ".pmnotes_cache"
RACY_NS = 2_000_000_000
SHARDS = 256  # a run that lints one note reads and rewrites one shard: keep them small
FEW = 8  # findings are split so a run that lints one note rewrites one small file
# 8: every entry signed with the user's key; 9: a bare CR ends a line; 10: no fix a next run would undo;
# 11: findings kept as text and as `concise` shows them, every entry signed over the text written;
# 12: each file sealed as a whole too (`cache_seal`)
_FORMAT = 12
# One encoder for every signature: the same values always give the same text (a tuple as a list).
_CANONICAL = json.JSONEncoder(separators=(",", ":"), check_circular=False)
# What a findings entry holds as text (signed as written, read only when used).
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


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
        # name -> [entry as JSON text, signature]; the entry:
        # [path, size, mtime_ns, digest, title, aliases, video, keys, inode]
        self.entries: dict[str, list[Any]] = {}
        self.changed_index = 0  # entries added or refreshed this run
        self.dropped = False
        self._pages: dict[str, list[Any] | None] = {}  # name -> its index entry, read and checked, or None
        self._shards: dict[tuple[str, int], dict[str, list[Any]]] = {}  # (kind, number) -> what the file holds
        self._heads: dict[str, list[Any] | None] = {}  # name -> its findings entry's checked head, or None
        self._dirty_shards: set[tuple[str, int]] = set()
        self._sealed: set[str] = set()  # the files read whose seal is good: their entries are not checked one by one
        self._decoded: dict[str, dict[str, Any]] = {}  # sealed file -> its entries' first texts, decoded at once
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
        entry = self._entry(name)
        if (
            entry is not None
            and entry[0] == file
            and entry[1] == stat.st_size
            and entry[2] == stat.st_mtime_ns
            and entry[8] == stat.st_ino
        ):
            return Page(name, entry[4], tuple(entry[5]), entry[6]), entry[3]

        data = read_bytes(file, limit)[0]
        if data is None:
            return None, None
        found = digest(data)
        if entry is not None and entry[3] == found:
            entry[0:3] = [file, _size(stat), stat.st_mtime_ns]
            entry[8] = stat.st_ino
            self._put(name, entry)
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
            stat.st_ino,
        ]
        self._put(page.path, entry)

    def keys(self, name: str) -> list[str] | None:
        """The cached lookup keys of a note (see `SiteIndex.add`)."""
        entry = self._pages.get(name)
        return entry[7] if entry is not None else None

    def drop_missing(self, names: Iterable[str]) -> None:
        """Forget notes that are no longer part of the site."""
        keep = set(names)
        for name in [n for n in self.entries if n not in keep]:
            del self.entries[name]
            self._pages.pop(name, None)
            self.dropped = True

    def _entry(self, name: str) -> list[Any] | None:
        """A note's index entry, once its signature and types are checked; a bad one is dropped.

        Checked here, on use, rather than all at load: a warm run then checks each entry once.
        """
        if name in self._pages:
            return self._pages[name]
        held = self.entries.get(name)
        if held is None:
            return None
        entry = None
        if (
            type(held) is list
            and len(held) == 2
            and type(held[0]) is str
            and ("index.json" in self._sealed or self._signed("page", name, held[:1], held[1]))
        ):
            entry = self._loads("index.json", name, held[0])
        if not cache_entries.valid_page(entry):
            entry = None
            del self.entries[name]
            self.dropped = True
        self._pages[name] = entry
        return entry

    def _put(self, name: str, entry: list[Any]) -> None:
        text = _COMPACT.encode(entry)
        self.entries[name] = [text, self._sign("page", name, [text])]
        self._pages[name] = entry
        self._decoded.get("index.json", {}).pop(name, None)
        self.changed_index += 1

    def _load_index(self) -> None:
        if self._loaded_index:
            return
        self._loaded_index = True
        data = self._read("index.json") if self.usable and not self.memory else None
        # Each entry is checked when `page` first uses it (see there); one that fails is dropped
        # then. A missing, broken or partly broken index is written afresh at the end of the run.
        if isinstance(data, dict):
            self.entries = data
        self.dropped = not isinstance(data, dict)

    # --- findings --------------------------------------------------------------------------
    # Two files per shard: `shown-NNN.json` (what a warm run prints) and `findings-NNN.json`
    # (the findings themselves, read only by a run that needs them: other formats, `--fix`).

    def findings(self, name: str, context: str, shown: str) -> list[Finding] | None:
        """The cached findings of a note in this context, or None.

        None too when any of them is not what the linter could have made of the note:
        signed or not, none of the entry is used, and the note is linted again.
        """
        head = self._head(name)
        size = self._sizes.get(name)
        if head is None or head[0] != context or size is None:
            return None
        held = self._shard("findings", name).get(name)
        if not (
            type(held) is list
            and len(held) == 2
            and type(held[0]) is str
            and self._signed("findings", name, [self._shard("shown", name)[name][0], held[0]], held[1])
        ):
            return None
        items = cache_entries.loads(held[0])
        if type(items) is not list:
            return None
        made = []
        for item in items:
            finding = cache_entries.finding_of(shown, item, size)
            if finding is None:
                return None
            made.append(finding)
        return made

    def rendered(self, name: str, context: str) -> Shown | None:
        """The cached findings of a note in this context as `concise` prints them, or None.

        Nothing is made of them but the text: a warm run prints an unchanged note from it.
        """
        head = self._head(name)
        if head is None or head[0] != context:
            return None
        text = self._shard("shown", name)[name][1]
        return text, head[6], head[2], head[3], head[4], head[5]

    def deps(self, name: str) -> list[str]:
        """The notes whose headings the note's last findings relied on."""
        head = self._head(name)
        return list(head[1]) if head is not None else []

    def store(self, name: str, context: str, deps: Sequence[str], findings: Sequence[Finding], shown: Shown) -> None:
        """Keep a note's findings, and `shown`: the same findings as `concise` prints them."""
        text, spans, count, safe, unsafe, failing = shown
        head = _COMPACT.encode([context, sorted(deps), count, safe, unsafe, failing, [list(span) for span in spans]])
        items = _COMPACT.encode([cache_entries.as_item(f) for f in findings])
        self._shard("shown", name)[name] = [head, text, self._sign("shown", name, [head, text])]
        self._shard("findings", name)[name] = [items, self._sign("findings", name, [head, items])]
        self._heads.pop(name, None)
        self._decoded.get(_shard_file("shown", name), {}).pop(name, None)  # what was read is no longer so
        number = _shard_of(name)
        self._dirty_shards.update({("shown", number), ("findings", number)})

    def forget(self, names: Iterable[str]) -> None:
        """Drop what this run holds of these notes' findings (they are known to be stale)."""
        for name in names:
            number = _shard_of(name)
            for kind in ("shown", "findings"):
                self._shards.get((kind, number), {}).pop(name, None)
            self._heads.pop(name, None)

    def _head(self, name: str) -> list[Any] | None:
        """What a note's shown entry says of its context and counts, once its signature and types are checked.

        Each entry is signed over the text it was written as: checking it encodes nothing again.
        """
        if name in self._heads:
            return self._heads[name]
        held = self._shard("shown", name).get(name)
        head = None
        if (
            type(held) is list
            and len(held) == 3
            and type(held[0]) is str
            and type(held[1]) is str
            and (_shard_file("shown", name) in self._sealed or self._signed("shown", name, held[:2], held[2]))
        ):
            head = self._loads(_shard_file("shown", name), name, held[0])
            if not cache_entries.valid_head(head, len(held[1])):
                head = None
        self._heads[name] = head
        return head

    def _shard(self, kind: str, name: str) -> dict[str, list[Any]]:
        number = _shard_of(name)
        shard = self._shards.get((kind, number))
        if shard is None:
            data = self._read(f"{kind}-{number:03d}.json") if self.usable and not self.memory else None
            shard = self._shards[(kind, number)] = data if isinstance(data, dict) else {}
        return shard

    @property
    def usable(self) -> bool:
        """False when a link stands where the cache puts its own markers or folders, or there is no key."""
        if self._usable is None:
            self._usable = not _linked(self.root, self.folder) and self._start_signing()
        return self._usable

    def _read(self, file: str) -> Any:
        """What a cache file holds, noting whether its seal is good (`cache_seal`)."""
        raw = _read_bytes(self.folder / file)
        try:
            data = json.loads(raw) if raw is not None else None
        except (ValueError, RecursionError):
            return None
        if isinstance(data, dict) and data.pop(SEAL, None) is not None:
            sealed = unsealed(raw or b"")
            if sealed is not None and hmac.compare_digest(self._seal(file, sealed[0]), sealed[1]):
                self._sealed.add(file)
                if file == "index.json" or file.startswith("shown-"):  # what every warm run reads of every note
                    self._decoded[file] = _decoded_at_once(data)
        return data

    def sealed(self, file: str) -> Any:
        """What a file of this folder holds when its seal is good, else None (`replay`)."""
        if not self.usable or self.memory:
            return None
        data = self._read(file)
        return data if file in self._sealed else None

    def write_sealed(self, file: str, data: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):
            if self._writable():
                self._write(file, data)

    def _loads(self, file: str, name: str, text: str) -> Any:
        decoded = self._decoded.get(file)
        if decoded is not None and name in decoded:
            return decoded.pop(name)
        return cache_entries.loads(text)

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

    def _sign(self, kind: str, name: str, parts: Sequence[str]) -> str:
        """The signature of texts as they are written: their bytes, after their lengths."""
        if not self.usable or self.memory:
            return ""  # never written, never read
        data = [part.encode("utf-8", "surrogatepass") for part in parts]
        signer = self._signer.copy()
        # No name holds a NUL (no path can): the fields before the texts read one way only.
        signer.update(f"{kind}\0{name}\0{' '.join(str(len(d)) for d in data)}\0".encode("utf-8", "surrogatepass"))
        signer.update(b"".join(data))
        return str(signer.hexdigest())

    def _seal(self, file: str, body: bytes) -> str:
        """The signature of a whole file as written; `file` is its name, so shards cannot trade places."""
        signer = self._signer.copy()
        signer.update(f"file\0{file}\0".encode())  # no entry is of kind "file"
        signer.update(body)
        return str(signer.hexdigest())

    def _signed(self, kind: str, name: str, parts: Sequence[str], signature: object) -> bool:
        if self.memory:
            return True  # made by this run
        if type(signature) is not str or not self.usable:
            return False
        return hmac.compare_digest(self._sign(kind, name, parts), signature)

    # --- writing ---------------------------------------------------------------------------

    def save(self) -> None:
        """Write what changed; a cache that cannot be written is only a slower next run."""
        try:
            if not self._writable():
                return
            # A few changed notes are only hashed again next time: cheaper than rewriting the index.
            if self.dropped or self.changed_index > FEW:
                self._write("index.json", self.entries)
            for kind, number in sorted(self._dirty_shards):
                self._write(f"{kind}-{number:03d}.json", self._shards[(kind, number)])
        except OSError:
            pass

    def _writable(self) -> bool:
        """Make and mark the folder; False when this cache writes nothing or a link was planted in it."""
        if not self.usable or self.memory:
            return False
        self.folder.mkdir(parents=True, exist_ok=True)
        if _linked(self.root, self.folder):  # planted while this run linted
            return False
        _mark(self.root)
        return True

    def _write(self, file: str, data: dict[str, Any]) -> None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        _write_text(self.folder / file, with_seal(text, self._seal(file, text.encode("utf-8", "surrogatepass"))))


def _decoded_at_once(data: dict[str, Any]) -> dict[str, Any]:
    """Each entry's first text decoded, in one pass over them all: a sealed file holds only
    what this user's runs wrote, each text one JSON value (a count that differs says otherwise)."""
    names = [name for name, held in data.items() if type(held) is list and held and type(held[0]) is str]
    try:
        values = json.loads("[" + ",".join(data[name][0] for name in names) + "]")
    except (ValueError, RecursionError):
        return {}
    return dict(zip(names, values, strict=True)) if type(values) is list and len(values) == len(names) else {}


def _shard_file(kind: str, name: str) -> str:
    return f"{kind}-{_shard_of(name):03d}.json"


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


def names_key(names: Iterable[str]) -> str:
    """`context_key` of names and hashes that hold no NUL (paths cannot): joined, not encoded as JSON."""
    return hashlib.blake2b("\0".join(names).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _shard_of(name: str) -> int:
    return (
        int.from_bytes(hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=2).digest(), "big") % SHARDS
    )


def _read_bytes(path: Path) -> bytes | None:
    # Never through a link, and only a regular file: a FIFO would block the run, /dev/zero never end.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        with open(os.open(path, flags), "rb") as handle:
            if not S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            return handle.read()
    except OSError:
        return None


def _write_text(path: Path, text: str) -> None:
    handle, temporary = temporary_beside(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="surrogatepass") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


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
