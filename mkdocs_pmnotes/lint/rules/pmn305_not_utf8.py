from __future__ import annotations

from collections.abc import Iterator

from ..rule import Finding, LintContext, Rule, Severity


class NotUtf8(Rule):
    """What it does: flags a file whose bytes are not valid UTF-8, at the first
    byte that is not.

    The file is still read (as cp1252, or latin-1 for the five bytes cp1252
    leaves out) so that its other problems can be reported and the site can
    be built, but that reading is a guess. Mojibake (PMN301) is not looked
    for in such a file, as it would be judged against the guess.

    Why: MkDocs reads notes as UTF-8 and stops at the first bad byte.

    Example: a note saved by an editor set to Windows-1252, where `café` is
    stored as the bytes `63 61 66 E9`.
    """

    code = "PMN305"
    name = "not-utf8"
    summary = "the file's bytes are not valid UTF-8"
    severity = Severity.ERROR
    build_report = "problem"

    def message(self, *, offset: int, byte: int | None = None) -> str:
        shown = f"byte 0x{byte:02X}" if byte is not None else "a byte"
        return f"the file is not valid UTF-8 ({shown} at offset {offset}); it was read as cp1252"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        source = ctx.source
        if ctx.note is None or source.utf8 or source.bad_offset is None:
            return
        offset = source.bad_offset
        byte = source.data[offset] if offset < len(source.data) else None
        # The fallback reading maps one byte to one character, so the byte
        # offset is also the text offset.
        yield self.at(ctx, min(offset, len(ctx.note.text)), offset=offset, byte=byte)
