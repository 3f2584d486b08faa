"""Code actions: each fix, fix-all-safe, a pragma for the line, and a note for a dangling link."""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types

from ..core.slugs import generator_key
from ..lint.api import BY_CODE, Finding, fixed_text
from .buffer import Buffer
from .diagnostics import diagnostic, span
from .links import link_at, uri_of
from .linted import Linted
from .naming import file_name_problem, note_title, title_problem, title_value
from .positions import core_offset
from .workspace import Workspace

logger = logging.getLogger(__name__)

FIX_ALL = types.CodeActionKind.SourceFixAll + ".pmnotes"


@dataclass(frozen=True)
class Client:
    """What the client can do with a code action."""

    create_files: bool = True  # `workspace.workspaceEdit.resourceOperations` has "create"
    disabled: bool = False  # `codeAction.disabledSupport`: an action it cannot do is shown with why


def code_actions(
    ws: Workspace, buffer: Buffer, linted: Linted, params: types.CodeActionParams, client: Client = Client()
) -> list[types.CodeAction]:
    lines = linted.lines
    start, end = lines.offset(params.range.start), lines.offset(params.range.end)
    only = params.context.only

    def wanted(kind: str) -> bool:
        return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)

    found: list[types.CodeAction] = []
    if wanted(types.CodeActionKind.QuickFix):
        for finding in linted.findings:
            lo, hi = span(finding, linted.note, lines)
            if lo <= end and start <= hi:
                found.extend(_for_finding(ws, buffer, linted, finding, client))
    if wanted(FIX_ALL):
        action = _safely(fix_all, ws, buffer, linted)
        if action is not None:
            found.append(action)
    return found


def _safely(make: Callable[..., types.CodeAction | None], *args: Any) -> types.CodeAction | None:
    """One action, or None when making it fails: the line's other actions are still offered."""
    try:
        return make(*args)
    except Exception:
        logger.exception("a code action could not be made")
        return None


def _edit(buffer: Buffer, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=buffer.uri, version=buffer.version),
                edits=edits,
            )
        ]
    )


def _for_finding(
    ws: Workspace, buffer: Buffer, linted: Linted, finding: Finding, client: Client
) -> list[types.CodeAction]:
    diag = diagnostic(finding, linted.note, linted.lines)
    found = []
    made = [_safely(fix_finding, buffer, linted, finding)]
    rule = BY_CODE.get(finding.code)
    if rule is not None and "create-note" in rule.quick_fixes:
        made.append(_safely(create_note, ws, buffer, linted, finding, client))
    made.append(_safely(disable, buffer, linted, finding))
    for action in made:
        if action is not None:
            action.diagnostics = [diag]
            found.append(action)
    return found


def fix_finding(buffer: Buffer, linted: Linted, finding: Finding) -> types.CodeAction | None:
    """The finding's own fix, safe or (marked so) unsafe."""
    fix = finding.fix
    if fix is None or not fix.edits or not linted.fixable:
        return None
    label = f"Fix {finding.code}: {fix.description}" if fix.safe else f"Fix {finding.code} (unsafe): {fix.description}"
    lines = linted.lines
    edits = [types.TextEdit(range=lines.range(e.start, e.end), new_text=e.replacement) for e in fix.edits]
    return types.CodeAction(
        title=label, kind=types.CodeActionKind.QuickFix, is_preferred=fix.safe, edit=_edit(buffer, edits)
    )


def fix_all(ws: Workspace, buffer: Buffer, linted: Linted) -> types.CodeAction | None:
    """Every safe fix of the file, applied in rounds as `pmnotes lint --fix` does."""
    if not linted.fixable or not any(f.fix is not None and f.fix.safe for f in linted.findings):
        return None
    after, fixed = fixed_text(ws.linter, buffer.shown, buffer.name, linted.text, linted.findings)
    if after == linted.text or not fixed:
        return None
    before = linted.text
    # Only the changed middle is replaced, so the editor keeps the cursor and folds elsewhere.
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[len(before) - 1 - tail] == after[len(after) - 1 - tail]:
        tail += 1
    edit = types.TextEdit(range=linted.lines.range(head, len(before) - tail), new_text=after[head : len(after) - tail])
    count = len(fixed)
    return types.CodeAction(
        title=f"Fix all safe pmnotes findings ({count})",
        kind=FIX_ALL,
        edit=_edit(buffer, [edit]),
    )


def disable(buffer: Buffer, linted: Linted, finding: Finding) -> types.CodeAction | None:
    """`<!-- pmnotes-disable-next-line CODE -->` above the line; file-wide inside the front matter."""
    note, lines = linted.note, linted.lines
    if not linted.fixable:
        return None
    offset = note.line_starts[min(finding.line, len(note.line_starts)) - 1]
    newline = "\r\n" if "\r\n" in linted.text[:2000] else "\n"
    body = note.front.body_start if note.front.present else 0
    if offset < body or (note.front.present and note.front.error):
        text = f"<!-- pmnotes-disable-file {finding.code} -->{newline}"
        at = body if note.front.error is None else len(linted.text)
        if at == len(linted.text) and not linted.text.endswith("\n"):
            text = newline + text
        title = f"Disable {finding.code} for this file"
    else:
        line_text = linted.text[offset : lines.line_end(lines.position(offset).line)]
        indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
        text = f"{indent}<!-- pmnotes-disable-next-line {finding.code} -->{newline}"
        at = offset
        title = f"Disable {finding.code} for this line"
    edit = types.TextEdit(range=lines.range(at, at), new_text=text)
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, edit=_edit(buffer, [edit]))


def create_note(
    ws: Workspace, buffer: Buffer, linted: Linted, finding: Finding, client: Client = Client()
) -> types.CodeAction | None:
    """A new note for a dangling link, named by the generator's rule, beside the linking note.

    The edit creates the file (neither overwriting nor ignoring one that exists: an
    editor told to ignore an existing file may write none at all) and then inserts the
    note's front matter and heading into it.
    """
    link = link_at(linted.note, core_offset(linted.note.line_starts, finding.line, finding.column))
    if link is None or not link.target:
        return None
    base = posixpath.basename(link.target)
    stem = generator_key(base)
    title = note_title(base)
    folder = Path(buffer.path).parent
    problem = file_name_problem(stem, folder) if stem else f"{base!r} has no letter or digit to name a file by"
    problem = problem or title_problem(title)
    path = folder / f"{stem}.md"
    if problem is None:
        try:
            if os.path.lexists(path):
                return None  # there is a file by that name: creating it is not the fix
        except (OSError, ValueError) as exc:
            problem = f"{path.name} cannot be checked: {exc}"
    if problem is not None:
        if not client.disabled:
            return None
        return types.CodeAction(
            title=f"Create a note for `{shorten(link.target, 40)}`",
            kind=types.CodeActionKind.QuickFix,
            disabled=types.CodeActionDisabled(reason=problem),
        )
    if not client.create_files:
        return None
    uri = uri_of(path)
    return types.CodeAction(
        title=f"Create note {path.name} for `{shorten(link.target, 60)}`",
        kind=types.CodeActionKind.QuickFix,
        edit=types.WorkspaceEdit(
            document_changes=[
                types.CreateFile(uri=uri, options=types.CreateFileOptions(overwrite=False, ignore_if_exists=False)),
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                    edits=[
                        types.TextEdit(
                            range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                            new_text=f"---\ntitle: {title_value(title)}\n---\n\n# {title}\n",
                        )
                    ],
                ),
            ]
        ),
    )


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
