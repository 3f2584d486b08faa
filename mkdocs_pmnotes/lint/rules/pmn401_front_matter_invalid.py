from __future__ import annotations

from collections.abc import Iterator

from ..rule import Finding, LintContext, Rule, Severity


class FrontMatterInvalid(Rule):
    """What it does: flags a note whose YAML front matter is missing, never
    closed by a `---` line, not valid YAML, or not a mapping of keys to
    values. The finding is on the line YAML complains about.

    Why: the front matter holds the note's `title` and `videoId`. Without it
    the page has no title and its timestamps cannot link to the video. When
    this rule fires, PMN402 and PMN105 stay quiet: they would only repeat it.

    Example:

        ---
        title: Pricing: the hard parts     <- a second `: ` is not valid YAML
        videoId: qNPPoj1qUG0
        ---
    """

    code = "PMN401"
    name = "front-matter-invalid"
    summary = "front matter that is missing, unterminated or not valid YAML"
    severity = Severity.ERROR
    build_report = "problem"

    def message(self, *, error: str | None = None) -> str:
        """YAML's complaint when there is one; else there is no front matter at all."""
        if error is not None:
            return error
        return "the note has no front matter: start it with a `---` block holding `title` and `videoId`"

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        note = ctx.note
        if note is None:
            return
        front = note.front
        if not front.present:
            yield self.at_line(ctx, 1, 1)
        elif front.error is not None:
            yield self.at_line(ctx, front.error_line or 1, 1, error=front.error)
