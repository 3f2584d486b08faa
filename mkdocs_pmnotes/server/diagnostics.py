"""Findings as LSP diagnostics: same codes, severities and messages as `pmnotes lint`."""

from __future__ import annotations

from lsprotocol import types

from ..core.model import Note
from ..lint.api import BY_CODE, Finding, output
from .options import GUIDE_URL
from .positions import Lines, core_offset

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
# An editor slows to a crawl under tens of thousands of markers; `pmnotes lint` lists the rest.
# Below the linter's own cap per rule and file (`lint.linter.MAX_FINDINGS_PER_RULE`), so that
# the command does list every finding the last marker says is not shown here.
MAX_DIAGNOSTICS = 2000  # malformed links: a PMN2 rule that looks at the note alone


def rule_url(guide: str, code: str) -> str:
    return f"{guide.rstrip('/')}/reference/rules/#{code.lower()}"


def is_local(code: str) -> bool:
    """Does a finding of this code need no other page of the site (its rule's `scope`)?"""
    rule = BY_CODE.get(code)
    return rule is None or rule.scope == "note"


def span(finding: Finding, note: Note, lines: Lines) -> tuple[int, int]:
    """Text offsets of what a finding points at; the rest of the line when it has no end."""
    start = core_offset(note.line_starts, finding.line, finding.column)
    if finding.end_line is not None and finding.end_column is not None:
        end = core_offset(note.line_starts, finding.end_line, finding.end_column)
    else:
        end = lines.line_end(lines.position(start).line)
    return start, max(end, start)


def diagnostic(finding: Finding, note: Note, lines: Lines, guide: str = GUIDE_URL) -> types.Diagnostic:
    start, end = span(finding, note, lines)
    data = {"name": finding.name}
    if finding.fix is not None:
        data["fix"] = "safe" if finding.fix.safe else "unsafe"
    # The line standing for a rule's findings past the linter's cap is a count, not a problem there.
    severity = (
        types.DiagnosticSeverity.Information
        if output.not_shown(finding)
        else SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning)
    )
    return types.Diagnostic(
        range=lines.range(start, end),
        message=f"{finding.message} ({finding.name})",
        severity=severity,
        code=finding.code,
        code_description=types.CodeDescription(href=rule_url(guide, finding.code)),
        source="pmnotes",
        data=data,
    )


def too_many(more: int) -> types.Diagnostic:
    """One marker at the top of the note saying how many findings are not shown."""
    return types.Diagnostic(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        message=f"{more} more findings are not shown here; run `pmnotes lint` on this file for all of them",
        severity=types.DiagnosticSeverity.Information,
        source="pmnotes",
    )
