from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..rule import Applicability, Edit, Finding, Fix, LintContext, Rule, Severity

# Zero-width characters, a BOM, C0/C1 controls other than tab/LF/CR, DEL, and
# the bidi embedding, override and isolate controls.
_INVISIBLE = re.compile(
    "[\u200b-\u200d\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+"
)
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Controls that `str.splitlines`, YAML (U+0085) and some editors read as a line break, and
# Markdown does not: removing one joins the words of two lines, and a line break in its
# place may change what the page shows. So they are reported with no fix to apply.
_LINE_BREAKING = frozenset("\x0b\x0c\x1c\x1d\x1e\x85")
_JOINERS = "\u200c\u200d"
_CONTROL_NAMES = {"\x00": "NUL", "\x7f": "DELETE"}


def _joiner_is_meant(text: str, at: int) -> bool:
    """Is the joiner at `at` part of an emoji sequence or of a script that needs it?

    ZWJ glues emoji into one (woman + ZWJ + laptop is "woman technologist"), and
    ZWNJ/ZWJ shape Arabic or Indic letters; only a joiner between such
    characters is left alone.
    """
    import regex  # type: ignore[import-untyped, unused-ignore]

    before = text[at - 1] if at > 0 else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if not before or not after:
        return False
    if text[at] == "\u200d" and regex.match(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]", before):
        return regex.match(r"\p{Extended_Pictographic}", after) is not None
    joined = r"[\p{L}\p{M}--[\p{Latin}\p{Greek}\p{Cyrillic}\p{Common}]]"
    return bool(regex.match(joined, before, flags=regex.V1) and regex.match(joined, after, flags=regex.V1))


def describe(char: str) -> str:
    """`U+200B ZERO WIDTH SPACE`, or `U+0000 NUL` for a control character."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "control character")
    return f"U+{ord(char):04X} {name}"


class InvisibleChar(Rule):
    """What it does: flags characters that cannot be seen but change the text:
    zero-width spaces and joiners (U+200B-U+200D, U+2060-U+2064), a byte order
    mark (U+FEFF), C0 and C1 control characters other than tab, CR and LF
    (NUL and DEL included), and the bidi embedding, override and isolate controls
    (U+202A-U+202E, U+2066-U+2069). A joiner inside an emoji sequence or
    between letters of a script that needs it (Arabic, Indic) is left alone.

    A BOM at the very start of the file is left alone: it is valid UTF-8,
    MkDocs and the linter read the front matter behind it, and editors on
    Windows write it. Only a BOM anywhere else is invisible text. A file that
    is not UTF-8 is PMN305's alone: read as cp1252, a UTF-16 file would show a
    NUL between every two letters.

    Why: invisible characters break searches, links and slugs (`pro`, U+200B,
    `duct` looks like `product` but does not match it), and bidi controls can
    make text display in an order other than the one it is stored in.

    Fix (safe): remove them. Not the controls some readers take for a line
    break (U+000B, U+000C, U+001C-U+001E, U+0085): removing one would join the
    words of two lines, so each is reported with no fix, to be replaced by hand
    with a line break or a space.

    Example:

        [[product<U+200B>market_fit]]   <- a zero-width space inside the target
    """

    code = "PMN303"
    name = "invisible-char"
    summary = "zero-width, control, bidi characters or a BOM after the start"
    severity = Severity.WARNING
    fixable = Applicability.SAFE

    def message(self, *, count: int, characters: tuple[str, ...], breaks_lines: bool = False) -> str:
        found = f"{_what(count)}: {', '.join(characters)}"
        if breaks_lines:
            return f"{found}; some readers break the line there: put a line break or a space in its place"
        return found

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        if ctx.note is None or not ctx.source.utf8:
            return
        text = ctx.note.text
        if text.isascii() and _ASCII_CONTROL.search(text) is None:
            return  # the common case, and a much faster test than the full scan
        for run in _INVISIBLE.finditer(text, 1 if text.startswith("\ufeff") else 0):
            start, end = run.span()
            run_text = run.group()
            kept = []
            if "\u200c" in run_text or "\u200d" in run_text:
                kept = [i for i in range(start, end) if text[i] in _JOINERS and _joiner_is_meant(text, i)]
            for a, b in _pieces(start, end, kept):
                for c, d, breaks_lines in _by_line_breaking(text, a, b):
                    yield self._finding(ctx, text[c:d], c, d, breaks_lines)

    def _finding(self, ctx: LintContext, chars: str, start: int, end: int, breaks_lines: bool) -> Finding:
        names = tuple(describe(c) for c in dict.fromkeys(chars))
        if breaks_lines:
            return self.at(ctx, start, end=end, count=len(chars), characters=names, breaks_lines=True)
        fix = Fix((Edit(start, end, ""),), f"remove {_what(len(chars))}")
        return self.at(ctx, start, end=end, fix=fix, count=len(chars), characters=names)


def _what(count: int) -> str:
    return "an invisible character" if count == 1 else f"{count} invisible characters"


def _by_line_breaking(text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    """[start, end) cut into runs of line-breaking controls and runs of the rest, each marked."""
    pos = start
    while pos < end:
        breaks_lines = text[pos] in _LINE_BREAKING
        stop = pos + 1
        while stop < end and (text[stop] in _LINE_BREAKING) == breaks_lines:
            stop += 1
        yield pos, stop, breaks_lines
        pos = stop


def _pieces(start: int, end: int, kept: list[int]) -> Iterator[tuple[int, int]]:
    """[start, end) minus the offsets in `kept`, as contiguous pieces."""
    pos = start
    for cut in [*kept, end]:
        if cut > pos:
            yield pos, cut
        pos = cut + 1
