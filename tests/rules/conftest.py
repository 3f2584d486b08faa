"""Turn rule fixtures into real note files and read their expectation markers.

The conventions are described in `tests/fixtures/rules/README.md`.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mkdocs_pmnotes.core.settings import Settings
from mkdocs_pmnotes.lint.rule import Edit
from mkdocs_pmnotes.lint.runner import Result, Site, lint

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
SITE_PAGES = FIXTURES / "_site"

_CHAR = re.compile(rb"\{U\+([0-9A-F]{4,6})\}")
_BYTE = re.compile(rb"\{0x([0-9A-F]{2})\}")
_PAD = re.compile(rb"\{PAD (\d+)\}")
_CODES = r"(?P<codes>PMN\d{3}(?:[\s,]+PMN\d{3})*)"
_SAME_LINE = re.compile(r"(?<![\w-])expect:\s*" + _CODES)
_OTHER_LINE = re.compile(r"expect-line\s+(?P<line>\d+):\s*" + _CODES)


def expand(data: bytes) -> bytes:
    """Replace `{U+XXXX}` with that character (UTF-8) and `{0xNN}` with that raw byte."""
    data = _PAD.sub(lambda m: b"x" * int(m[1]), data)
    data = _CHAR.sub(lambda m: chr(int(m[1], 16)).encode("utf-8"), data)
    return _BYTE.sub(lambda m: bytes([int(m[1], 16)]), data)


def fixture_files(code: str) -> list[Path]:
    """The files of a rule's fixture: `CODE.md`, or every note in `CODE/`."""
    single = FIXTURES / f"{code}.md"
    if single.is_file():
        return [single]
    folder = FIXTURES / code
    return sorted(folder.rglob("*.md")) if folder.is_dir() else []


def expectations(name: str, text: str) -> list[tuple[str, int, str]]:
    """(file, line, code) for every marker in a fixture's text."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _SAME_LINE.finditer(line):
            found += [(name, number, code) for code in re.split(r"[\s,]+", match["codes"])]
        for match in _OTHER_LINE.finditer(line):
            found += [(name, int(match["line"]), code) for code in re.split(r"[\s,]+", match["codes"])]
    return sorted(found)


@dataclass
class Materialised:
    """A fixture written out as a site: its notes beside the shared pages."""

    root: Path
    notes: dict[str, Path]  # site name -> file

    def text(self, name: str) -> str:
        return self.notes[name].read_bytes().decode("utf-8", "replace")

    def lint(self, names: Iterable[str] | None = None, settings: Settings | None = None) -> Result:
        site = Site.from_roots([self.root])
        targets = [self.notes[name] for name in (names or sorted(self.notes))]
        return lint(targets, site, settings or Settings())


def materialise(code: str, into: Path) -> Materialised:
    """Copy `_site/` and a rule's fixture (placeholders expanded) into `into`."""
    root = into / "site"
    shutil.copytree(SITE_PAGES, root)
    notes: dict[str, Path] = {}
    base = FIXTURES / code
    for source in fixture_files(code):
        name = source.name if source.parent == FIXTURES else source.relative_to(base).as_posix()
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(expand(source.read_bytes()))
        notes[name] = target
    return Materialised(root, notes)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits, first come first served, as a fix applier would."""
    chosen: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if chosen and edit.start < chosen[-1].end:
            continue
        chosen.append(edit)
    for edit in reversed(chosen):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text
