"""`pmnotes timestamps`: what every timestamp link plays, how it was read and why.

The rows come from the same reading the rules and the plugin use (`core.times`),
with the notes on each video read together as `pmnotes lint` reads them, so the
audit shows exactly what a reader of the site will hear.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import groupby
from pathlib import Path

from ..core.clock import format_clock
from ..core.files import read_file
from ..core.parse import parse_note
from ..core.settings import Settings
from ..core.times import AnchorTime
from .output import printable
from .rule import LintContext
from .runner import Site, _video_key


@dataclass(frozen=True, slots=True)
class Row:
    """One anchor: as written, what it plays (whole seconds, or None) and why."""

    path: str
    line: int
    column: int
    data_t: str | None
    label: str | None
    plays: int | None
    how: str
    evidence: str


def row(path: str, time: AnchorTime) -> Row:
    anchor = time.anchor
    return Row(path, anchor.line, anchor.column, anchor.data_t, anchor.label, time.seconds, time.how.word, time.why)


def audit(targets: Sequence[Path], site: Site, settings: Settings) -> tuple[list[Row], list[str]]:
    """A row per anchor of `targets` in document order, and an error line per unreadable file."""
    names = [(path, site.name_of(path)) for path in targets]
    index = site.index(None, settings.max_file_size, settings.dialect)
    rows: list[Row] = []
    errors: list[str] = []
    key = lambda pair: _video_key(index, pair[1])  # noqa: E731
    for _, group in groupby(sorted(names, key=key), key):
        for path, name in group:
            shown = path.as_posix()
            source = read_file(path, settings.max_file_size)
            if source.text is None:
                errors.append(f"{shown}: {source.problem or 'too large to read'}")
                continue
            note = index.cached(name)
            if note is None or note.text != source.text:
                note = parse_note(source.text, name, settings.dialect)
                index.remember(note)
            times = LintContext(shown, name, source, note, index, settings).times
            rows.extend(row(shown, t) for t in times)
        index.forget()
    order = {path.as_posix(): i for i, (path, _) in enumerate(names)}
    rows.sort(key=lambda r: (order.get(r.path, 0), r.line, r.column))
    return rows, errors


def as_json(rows: Sequence[Row]) -> Iterator[str]:
    """The rows as one JSON list, streamed a row at a time."""
    yield "["
    for i, item in enumerate(rows):
        yield ("\n  " if i == 0 else ",\n  ") + json.dumps(asdict(item), ensure_ascii=False)
    yield "\n]\n" if rows else "]\n"


def as_text(rows: Sequence[Row]) -> Iterator[str]:
    """`path:line:column: written -> plays (how): evidence`, a line per anchor."""
    for item in rows:
        written = item.data_t if item.data_t is not None else "(no data-t)"
        if item.label is not None and item.label.strip() != (item.data_t or "").strip():
            written += f" [{item.label}]"
        plays = format_clock(item.plays) if item.plays is not None else "nothing"
        text = f"{item.path}:{item.line}:{item.column}: {written} -> {plays} ({item.how})"
        if item.evidence:
            text += f": {item.evidence}"
        yield printable(text) + "\n"


def summary(rows: Sequence[Row]) -> str:
    """How many anchors were read each way."""
    counts: dict[str, int] = {}
    for item in rows:
        counts[item.how] = counts.get(item.how, 0) + 1
    parts = ", ".join(f"{n} {how}" for how, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    total = len(rows)
    return f"{total} timestamp{'' if total == 1 else 's'}" + (f": {parts}" if parts else "")
