"""Apply the fixes rules offer, byte-exactly and atomically.

Edits are offsets into the decoded note. A UTF-8 file decodes to exactly one
string and encodes back to exactly its bytes, so every byte outside an edit,
line endings and a leading BOM included, is written back unchanged. A file that
is not valid UTF-8 is never written (its text is only a lenient reading).

Fixing goes in rounds, as in ruff: apply every fix that does not overlap an
earlier one, lint the new text, and repeat until nothing is left to fix, so
that a second `--fix` changes nothing. Timestamp corrections are taken from the
first round only (`Rule.decided_once`): they are decided from the notes as they
were, whatever the order files are fixed in.

A run killed while writing leaves its temporary file (`.a.md.k3j_x9q2.tmp`) beside
the note; the next run that fixes the note removes it (`sweep`).
"""

from __future__ import annotations

import itertools
import os
import stat
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.files import read_file
from ..core.words import printable
from .cache import digest
from .linter import Linter
from .rule import Edit, Finding, Fix

MAX_ROUNDS = 10
# A writer holds its temporary file for one write and fsync: one left alone this long was
# left by a run that was killed. Should a writer ever be slower, its rename fails and the
# note is left as it was ("fixes not written"), never damaged.
STALE_AFTER = 60  # seconds
_TEMP_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")  # what `tempfile.mkstemp` draws from


class FixError(Exception):
    """Why a file's fixes were not written, worded for `path: problem`."""


@dataclass
class Repair:
    """The fixed text of one file, before it is written (or shown as a diff)."""

    path: Path
    shown: str
    before: str
    after: str
    data: bytes  # the bytes read, so a file changed meanwhile is not overwritten
    fixed: list[Finding] = field(default_factory=list)
    skipped: int = 0  # fixes that were invalid (edits out of range)
    root: str | None = None  # the project folder, `Settings.project_root`; nothing outside it is written
    digest: str | None = None  # of `data`, when `data` is not kept (`slim`)

    def slim(self) -> Repair:
        """The repair without the text before it and the bytes read (their hash stands in for them),
        and of each finding fixed only where and what rule (what `--show-fixes` and the count need).

        What `pmnotes lint --fix` holds of each note until every note is checked and it writes them.
        """
        fixed = [replace(f, message="", fix=None, data={}) for f in self.fixed]
        return replace(self, before="", data=b"", digest=digest(self.data), fixed=fixed)

    @property
    def changed(self) -> bool:
        return self.after != self.before


def wanted(findings: Iterable[Finding], unsafe: bool) -> list[Finding]:
    """Findings whose fix may be applied: safe ones, and unsafe ones when asked for."""
    return [f for f in findings if f.fix is not None and f.fix.edits and (f.fix.safe or unsafe)]


def _valid(fix: Fix, size: int) -> bool:
    edits = sorted(fix.edits, key=lambda e: (e.start, e.end))
    if any(not (0 <= e.start <= e.end <= size) for e in edits):
        return False
    return not any(_overlap(a, b) for a, b in itertools.pairwise(edits))


def _overlap(a: Edit, b: Edit) -> bool:
    """Do two edits touch the same text? Two insertions at one point count: their order is undefined."""
    if a.start < b.end and b.start < a.end:
        return True
    return (
        a.start == b.start
        or (a.start == a.end and b.start < a.start < b.end)
        or (b.start == b.end and a.start < b.start < a.end)
    )


def apply_fixes(text: str, findings: Sequence[Finding]) -> tuple[str, list[Finding], int]:
    """Apply each finding's fix unless it overlaps one already taken.

    A fix is applied whole or not at all. Returns the new text, the findings
    whose fixes were applied, and how many fixes were invalid. The edits taken
    are kept sorted and do not overlap, so a new edit can only overlap its two
    neighbours there: each check is a bisection, not a pass over every edit.
    """
    keys: list[tuple[int, int]] = []  # (start, end) of the edits taken, sorted
    taken: list[Edit] = []
    applied: list[Finding] = []
    invalid = 0
    for finding in sorted(findings, key=lambda f: min(e.start for e in f.fix.edits) if f.fix else 0):
        fix = finding.fix
        if fix is None:
            continue
        if not _valid(fix, len(text)):
            invalid += 1
            continue
        if any(_overlaps_taken(edit, keys, taken) for edit in fix.edits):
            continue  # a later round sees it again if it still applies
        for edit in fix.edits:
            at = bisect_left(keys, (edit.start, edit.end))
            keys.insert(at, (edit.start, edit.end))  # at the end, nearly always: findings come in order
            taken.insert(at, edit)
        applied.append(finding)
    pieces: list[str] = []
    cursor = 0
    for edit in taken:
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces), applied, invalid


def _overlaps_taken(edit: Edit, keys: list[tuple[int, int]], taken: list[Edit]) -> bool:
    at = bisect_left(keys, (edit.start, edit.end))
    return any(_overlap(edit, taken[i]) for i in (at - 1, at) if 0 <= i < len(taken))


def repair(
    linter: Linter,
    path: Path,
    shown: str,
    name: str,
    findings: Sequence[Finding],
    unsafe: bool,
    linted: str | None = None,
) -> Repair | None:
    """The text of `path` with its fixes applied, round after round; None when nothing applies.

    `linted` is the text the findings were made from: if the file no longer
    holds it, the offsets are stale and nothing is fixed. Raises `FixError`
    when the file cannot be fixed (unreadable, not UTF-8, changed).
    """
    if not wanted(findings, unsafe):
        return None
    source = read_file(path, linter.settings.max_file_size)
    if source.text is None:
        raise FixError(source.problem or "cannot be read")
    if not source.utf8:
        raise FixError("not valid UTF-8; fixes are not applied to a file that is not")
    if linted is not None and source.text != linted:
        raise FixError("file changed while it was being linted; fixes not applied")
    after, fixed, skipped = fix_text(linter, shown, name, source.text, findings, unsafe)
    if after == source.text:
        return None
    return Repair(path, shown, source.text, after, source.data, fixed, skipped, linter.settings.project_root)


def fix_text(
    linter: Linter, shown: str, name: str, text: str, findings: Sequence[Finding], unsafe: bool
) -> tuple[str, list[Finding], int]:
    """Apply fixes in rounds until none applies: (new text, findings fixed, invalid fixes)."""
    fixed: list[Finding] = []
    skipped = 0
    todo = wanted(findings, unsafe)
    fixers = linter.fixers  # what a later round can fix: nothing else is asked again
    for _ in range(MAX_ROUNDS):
        if not todo:
            break
        new, applied, invalid = apply_fixes(text, todo)
        skipped += invalid
        if not applied or new == text:
            break
        text = new
        fixed.extend(applied)
        _, again = linter.check_text(shown, name, text, fixers)
        todo = wanted(again, unsafe)
    return text, fixed, skipped


def write(repair: Repair) -> None:
    """Write a repaired file atomically: temp file beside it, same mode, then `os.replace`.

    Only inside the project folder (the working directory when none is known): a note
    may be a symlink, and a cloned repository must not be able to aim `--fix` at a
    file of the user's elsewhere.
    """
    try:
        data = repair.after.encode("utf-8")
    except UnicodeEncodeError:
        raise FixError("the fixed text cannot be encoded as UTF-8; file not written") from None
    target = Path(os.path.realpath(repair.path))  # replace the file a symlink points to, not the link
    root = project_folder(repair.root)
    if not inside(target, root):
        raise FixError(
            f"resolves to {printable(str(target))}, outside the project folder {printable(str(root))}; fixes not written"
        )
    try:
        status = target.stat()
        if not status.st_mode & stat.S_IWUSR:
            raise FixError("file is read-only; fixes not written")
        current = target.read_bytes()
        if current != repair.data if repair.digest is None else digest(current) != repair.digest:
            raise FixError("file changed while it was being linted; fixes not written")
        import tempfile  # only a run that writes fixes needs it

        # `sweep` knows this name: keep the two in step.
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise FixError(f"{exc.strerror or exc}; fixes not written") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, stat.S_IMODE(status.st_mode))
        with suppress(OSError, AttributeError):
            os.chown(temp, status.st_uid, status.st_gid)  # only root may; others keep their own
        os.replace(temp, target)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(temp)
        raise FixError(f"{exc.strerror or exc}; fixes not written") from None


WRITERS = 4  # files written at once: most of a write is waiting for the disk (`fsync`)


def write_all(repairs: Sequence[Repair]) -> list[str | None]:
    """`write` each repair, several at once; for each, in order, None or why it was not written.

    Two repairs of one file (a note and a link to it) are written one after the other,
    in order, so the second finds the file changed and leaves it, as one at a time would.
    """
    targets = [os.path.realpath(r.path) for r in repairs]
    shared = {t for t, n in Counter(targets).items() if n > 1}
    alone = [i for i, t in enumerate(targets) if t not in shared]
    problems: list[str | None] = [None] * len(repairs)

    def attempt(i: int) -> None:
        try:
            write(repairs[i])
        except FixError as exc:
            problems[i] = str(exc)

    if len(alone) > 1:
        from concurrent.futures import ThreadPoolExecutor  # only a run that writes fixes needs it

        with ThreadPoolExecutor(min(WRITERS, len(alone))) as pool:
            list(pool.map(attempt, alone))
    else:
        for i in alone:
            attempt(i)
    for i, target in enumerate(targets):
        if target in shared:
            attempt(i)
    return problems


def repair_group(
    linter: Linter, checked: Iterable[tuple[Path, str, str, Sequence[Finding]]], unsafe: bool
) -> list[tuple[Repair | None, str | None]]:
    """`repair` for each (file, site name, text linted, findings) of a group checked together: (repair, problem).

    Called once the whole group is checked: a round lints a fixed text, and the notes on
    one video are evidence for each other, so none is fixed before all were read as they are.
    """
    done: list[tuple[Repair | None, str | None]] = []
    for path, name, text, findings in checked:
        try:
            made = repair(linter, path, path.as_posix(), name, findings, unsafe, text)
        except FixError as exc:
            done.append((None, str(exc)))
            continue
        done.append((made.slim() if made is not None else None, None))
    return done


def sweep(repairs: Iterable[Repair], now: float | None = None) -> int:
    """Remove the temporary files killed runs left beside the notes about to be written.

    Only names `write` makes for those notes (`.` note name `.` eight characters of
    `mkstemp` `.tmp`), only regular files (a symlink is never followed nor removed),
    only untouched for `STALE_AFTER`, only inside the project. Each folder is listed
    once, however many of its notes are fixed. Returns how many files were removed.
    """
    limit = (time.time() if now is None else now) - STALE_AFTER
    notes: dict[Path, set[str]] = {}
    for repair in repairs:
        target = Path(os.path.realpath(repair.path))
        if inside(target, project_folder(repair.root)):
            notes.setdefault(target.parent, set()).add(target.name)
    removed = 0
    for folder, names in notes.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if _temporary_of(entry.name) not in names:
                continue
            with suppress(OSError):
                if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(entry.path)
                    removed += 1
    return removed


def _temporary_of(name: str) -> str | None:
    """The note a name of `write`'s temporary files belongs to (`.a.md.k3j_x9q2.tmp` -> `a.md`), or None."""
    if not (name.startswith(".") and name.endswith(".tmp")):
        return None
    note, dot, drawn = name[1:-4].rpartition(".")
    if not (note and dot and len(drawn) == 8 and _TEMP_CHARACTERS.issuperset(drawn)):
        return None
    return note


def project_folder(root: str | None) -> Path:
    """The real path of the project folder, or of the working directory when there is none."""
    return Path(os.path.realpath(root if root is not None else os.getcwd()))


def inside(path: Path, folder: Path) -> bool:
    """Is the real path `path` in `folder` (itself a real path) or below it?"""
    return path == folder or folder in path.parents


def unified_diff(repair: Repair) -> str:
    """The repair as a unified diff, `a/` and `b/` paths as git shows them."""
    import difflib  # only `--diff` needs it

    lines = difflib.unified_diff(
        repair.before.splitlines(keepends=True),
        repair.after.splitlines(keepends=True),
        fromfile=f"a/{printable(repair.shown)}",
        tofile=f"b/{printable(repair.shown)}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
