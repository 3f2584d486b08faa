"""The first pass's findings kept between runs: a server started again reads only the notes that changed.

Every page stub of a site, with its lookup keys, is kept in one file of the user's
cache folder (`$XDG_CACHE_HOME/pmnotes/server/`: the user's alone, unlike a project's
`.pmnotes_cache`, which may be shared), named by the site's folders and settings.
A note whose size and modification time are the ones kept is not opened. A note
changed less than two seconds before its entry was made is not kept: a second change
within the file system's clock resolution would leave both the same. A file that
cannot be read, or does not hold what this version writes, is ignored: the pass
then reads every note, as it does the first time. The folder keeps the files of the
`KEEP` sites used last (a file is touched when it is read); older ones are removed
when a new one is written, so sites moved, renamed or set up differently do not pile up.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.index import Page
from ..lint.api import key_folder
from .scanner import stamp_of

FORMAT = 1
RACY_NS = 2_000_000_000
KEEP = 16  # sites whose pages are kept
# A stub, its `page_keys`, the loose key of each name, and (size, mtime_ns) of the file it was read from.
Kept = tuple[Page, list[str], tuple[str, ...], tuple[int, int] | None]


def cache_file(roots: Sequence[tuple[str, str]], exclude: Sequence[str], limit: int | None) -> Path | None:
    """Where the pages of the site with these folders and settings are kept; None without a cache folder."""
    home = key_folder()
    if home is None:
        return None
    site = json.dumps([FORMAT, __version__, [(os.path.realpath(f), p) for f, p in roots], list(exclude), limit])
    return (
        home
        / "server"
        / f"pages-{hashlib.blake2b(site.encode('utf-8', 'surrogatepass'), digest_size=12).hexdigest()}.json"
    )


def load(path: Path | None) -> dict[str, list[Any]]:
    """The kept entries (name -> [file, size, mtime_ns, title, aliases, video, keys, loose keys]); {} when unusable."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: `prune` keeps the files used last
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != __version__:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def known(entries: Mapping[str, list[Any]], name: str, path: str) -> Kept | None:
    """The kept stub of a note, when its file is the one kept."""
    entry = entries.get(name)
    if not isinstance(entry, list) or len(entry) != 8 or entry[0] != path:
        return None
    stamp = stamp_of(path)
    if stamp is None or [entry[1], entry[2]] != list(stamp):
        return None
    _, _, _, title, aliases, video, keys, loose = entry
    if not (
        isinstance(title, (str, type(None)))
        and isinstance(video, (str, type(None)))
        and _strings(aliases)
        and _strings(keys)
        and _strings(loose)
    ):
        return None
    return Page(name, title, tuple(aliases), video), keys, tuple(loose), stamp


def split(entries: Mapping[str, list[Any]], files: Mapping[str, str]) -> tuple[list[Kept], list[tuple[str, str]]]:
    """(what is kept of the notes of `files`, the (name, file) of those to read)."""
    kept, unknown = [], []
    for name, path in files.items():
        found = known(entries, name, path) if entries else None
        if found is None:
            unknown.append((name, path))
        else:
            kept.append(found)
    return kept, unknown


def save(path: Path | None, files: Mapping[str, str], found: Iterable[Kept], since: int) -> None:
    """Keep every stub of `found`, but those of files changed in the racy window before `since` (`now()`)."""
    if path is None:
        return
    entries = {}
    for page, keys, loose, stamp in found:
        file = files.get(page.path)
        if file is None or stamp is None or stamp[1] > since - RACY_NS:
            continue
        entries[page.path] = [file, *stamp, page.title, list(page.aliases), page.video_id, keys, list(loose)]
    data = json.dumps({"format": FORMAT, "version": __version__, "entries": entries}, separators=(",", ":"))
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temporary = tempfile.mkstemp(prefix=".pages-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        prune(path.parent)


def prune(folder: Path, keep: int = KEEP) -> None:
    """Remove all but the `keep` files of sites used last."""
    found = []
    for entry in folder.glob("pages-*.json"):
        with contextlib.suppress(OSError):
            found.append((entry.stat().st_mtime_ns, entry))
    found.sort(reverse=True)
    for _, entry in found[keep:]:
        with contextlib.suppress(OSError):
            entry.unlink()


def now() -> int:
    return time.time_ns()
