from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator

from ..rule import Applicability, Edit, Finding, Fix, LintContext, Rule, Severity
from ._text import line_bounds, shorten

# UTF-8 read as latin-1 or cp1252 shows a lead byte 0xC2-0xF4 as one of `Â`-`ô`,
# followed by a continuation byte 0x80-0xBF as U+0080-U+00BF or one of cp1252's
# punctuation marks (`€`, `’`, `“`, `™`, ...); a no-break space that became a
# plain space leaves `Â ` or `Ã `. Only lines with such a pair go to ftfy, which
# is slow: correct accented text (`café`, `Björk`) and curly quotes never do.
_CP1252_HIGH = "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d" + (
    "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
)
_SUSPECT = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]|[\u00c2\u00c3] ")
_WORD_GAP = re.compile(r"\s")
_CONTEXT = 64  # characters on either side of a suspect pair given to ftfy
_LONGEST = 2000  # a stretch of close suspects is cut about here
_SYNC = 3  # characters that must agree again after a repair
_WINDOW = 48  # the widest repair looked for before falling back to difflib


def _windows(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) stretches of a line around its suspect pairs, for ftfy.

    ftfy's cost grows with the text it is given, and a note may be one line
    of megabytes; `_CONTEXT` characters either side, cut just after a space,
    are context enough. Mojibake stays inside a word, or ends in the space
    that was a no-break space (`Ã ` for `à`), so such a cut never splits it.
    """
    end = 0
    suspect = _SUSPECT.search(line)
    while suspect:
        start = max(end, _cut(line, suspect.start() - _CONTEXT, backwards=True))
        end = _cut(line, suspect.end() + _CONTEXT)
        suspect = _SUSPECT.search(line, end - 1)
        while suspect and suspect.start() < end + _CONTEXT and (end - start < _LONGEST or suspect.start() < end):
            end = _cut(line, suspect.end() + _CONTEXT)
            suspect = _SUSPECT.search(line, end - 1)
        yield start, end


def _cut(line: str, pos: int, backwards: bool = False) -> int:
    """Just after the space nearest `pos` (within `_CONTEXT`), else `pos` itself."""
    pos = min(max(pos, 0), len(line))
    if backwards:
        space = line.rfind(" ", max(pos - _CONTEXT, 0), pos)
    else:
        space = line.find(" ", pos, pos + _CONTEXT)
    return pos if space == -1 else space + 1


def _repairer() -> Callable[[str], str]:
    """ftfy's encoding repair alone: quotes, dashes, widths and HTML left as they are."""
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return lambda text: ftfy.fix_encoding(text, config)


def _differences(old: str, new: str) -> Iterator[tuple[int, int, int, int]]:
    """(i1, i2, j1, j2) of each place where `old[i1:i2]` became `new[j1:j2]`.

    A repair is local: a few characters become fewer, and the text after them
    agrees again. So after each difference the two texts are searched for the
    nearest point where `_SYNC` characters (or both ends) agree again, which is
    linear in the text. `difflib`, quadratic on long repetitive lines, is used
    only for a difference wider than `_WINDOW`, which no repair makes.
    """
    i = j = 0
    n, m = len(old), len(new)
    while True:
        while i < n and j < m and old[i] == new[j]:
            i += 1
            j += 1
        if i == n and j == m:
            return
        resync = _resync(old, new, i, j)
        if resync is None:
            matcher = difflib.SequenceMatcher(None, old[i:], new[j:], autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag != "equal":
                    yield i + i1, i + i2, j + j1, j + j2
            return
        yield i, resync[0], j, resync[1]
        i, j = resync


def _resync(old: str, new: str, i: int, j: int) -> tuple[int, int] | None:
    """The nearest (i2, j2) after a difference at (i, j) where the texts agree again."""
    for total in range(1, 2 * _WINDOW + 1):
        for di in range(max(0, total - _WINDOW), min(total, _WINDOW) + 1):
            i2, j2 = i + di, j + total - di
            if i2 > len(old) or j2 > len(new):
                continue
            ahead = min(_SYNC, len(old) - i2)
            if (
                len(new) - j2 >= ahead
                and old[i2 : i2 + ahead] == new[j2 : j2 + ahead]
                and (ahead == _SYNC or (i2 + ahead == len(old) and j2 + ahead == len(new)))
            ):
                return i2, j2
    return None


def changed_words(before: str, after: str) -> list[list[tuple[int, int, str]]]:
    """The smallest edits of `before` that give `after`, grouped by word.

    Each edit is (start, end, replacement). Edits inside one word form one
    group, so `CafÃ©` is one finding however many pieces it has.
    """
    groups: list[list[tuple[int, int, str]]] = []
    for i1, i2, j1, j2 in _differences(before, after):
        edit = (i1, i2, after[j1:j2])
        if groups and not _WORD_GAP.search(before, groups[-1][-1][1], i1):
            groups[-1].append(edit)
        else:
            groups.append([edit])
    return groups


def _in_word(char: str) -> bool:
    return char.isalnum() or (not char.isascii() and not char.isspace())


def _word(line: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to the word around it, for a readable message."""
    while start > 0 and _in_word(line[start - 1]) and end - start < 40:
        start -= 1
    while end < len(line) and _in_word(line[end]) and end - start < 40:
        end += 1
    return start, end


class Mojibake(Rule):
    """What it does: flags UTF-8 text that was once decoded as cp1252 or
    latin-1 (`â€“` for `–`, `â€™` for `’`, `Ã©` for `é`). The message shows
    the repaired text.

    The repair is ftfy's encoding fix alone, and only the characters it
    changes are reported, so correct curly quotes, dashes and accents on the
    same line are left alone. Files that are not UTF-8 are PMN305's: their
    text is a guess, and a repair would rest on it.

    Why: mojibake reads as garbage and spreads, since notes are copied.

    Fix (safe): replace the garbled characters with the repaired text.

    Example:

        PMs should be "wanderers" â€“ actively exploring   <- "wanderers" – actively
    """

    code = "PMN301"
    name = "mojibake"
    summary = "UTF-8 text that was decoded as cp1252 or latin-1"
    severity = Severity.WARNING
    fixable = Applicability.SAFE

    def message(self, *, garbled: str, repaired: str) -> str:
        return f"mojibake `{shorten(garbled)}` should read `{shorten(repaired)}`"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        if ctx.note is None or not ctx.source.utf8 or ctx.note.text.isascii():
            return
        text = ctx.note.text
        suspect = _SUSPECT.search(text)
        repair: Callable[[str], str] | None = None
        while suspect:
            start, end = line_bounds(text, suspect.start())
            line = text[start:end]
            for a, b in _windows(line):
                piece = line[a:b]
                repair = repair or _repairer()
                fixed = repair(piece)
                if fixed != piece:
                    for edits in changed_words(piece, fixed):
                        yield self._finding(ctx, piece, start + a, edits)
            suspect = _SUSPECT.search(text, end)

    def _finding(self, ctx: LintContext, line: str, offset: int, edits: list[tuple[int, int, str]]) -> Finding:
        first, last = edits[0][0], edits[-1][1]
        w1, w2 = _word(line, first, last)
        repaired, pos = [], w1
        for a, b, new in edits:
            repaired += [line[pos:a], new]
            pos = b
        shown_new = "".join(repaired) + line[pos:w2]
        shown_old = line[w1:w2]
        fix = Fix(
            tuple(Edit(offset + a, offset + b, new) for a, b, new in edits),
            f"repair `{shorten(shown_old)}` as `{shorten(shown_new)}`",
        )
        return self.at(ctx, offset + first, end=offset + last, fix=fix, garbled=shown_old, repaired=shown_new)
