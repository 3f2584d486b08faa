from __future__ import annotations

from collections.abc import Iterator

from ..rule import Finding, LintContext, Rule, Severity


class FileTooLarge(Rule):
    """What it does: flags a note file larger than `max_file_size` (32 MB by
    default, configurable), which is then not read at all.

    Why: no real note comes near the limit; a file that does is generated
    output, a dump or a mistake, and reading, decoding and parsing it would
    cost the run time and memory for every other note. The site leaves it out
    too, with a warning. Anything that is not a regular file (a FIFO, a device
    such as `/dev/zero` behind a symlink) is never read either: it is named on
    stderr, like a missing path.

    Example:

        transcript_dump.md   40 MB of text
    """

    code = "PMN306"
    name = "file-too-large"
    summary = "a file over the size limit, left unread"
    severity = Severity.ERROR

    def message(self, *, size: int, limit: int) -> str:
        return f"the file is {size:,} bytes, over the size limit of {limit:,} (`max_file_size`); not read"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        size = ctx.source.too_large
        if size is None:
            return
        yield self.at_line(ctx, 1, 1, size=size, limit=ctx.settings.max_file_size)
