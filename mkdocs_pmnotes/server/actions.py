"""Code actions: each fix, fix-all-safe, a pragma for the line, and a note for a dangling link."""

from __future__ import annotations

import posixpath
from pathlib import Path

from lsprotocol import types

from ..core.slugs import generator_key
from ..lint.api import Finding, fixed_text
from .app import Linted
from .diagnostics import diagnostic, span
from .links import link_at, uri_of
from .workspace import Buffer, Workspace

FIX_ALL = types.CodeActionKind.SourceFixAll + ".pmnotes"


def code_actions(
    ws: Workspace, buffer: Buffer, linted: Linted, params: types.CodeActionParams
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
                found.extend(_for_finding(ws, buffer, linted, finding))
    if wanted(FIX_ALL):
        action = fix_all(ws, buffer, linted)
        if action is not None:
            found.append(action)
    return found


def _edit(buffer: Buffer, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=buffer.uri, version=buffer.version),
                edits=edits,
            )
        ]
    )


def _for_finding(ws: Workspace, buffer: Buffer, linted: Linted, finding: Finding) -> list[types.CodeAction]:
    lines = linted.lines
    diag = diagnostic(finding, linted.note, lines)
    found = []
    fix = finding.fix
    if fix is not None and fix.edits and linted.fixable:
        label = (
            f"Fix {finding.code}: {fix.description}" if fix.safe else f"Fix {finding.code} (unsafe): {fix.description}"
        )
        edits = [types.TextEdit(range=lines.range(e.start, e.end), new_text=e.replacement) for e in fix.edits]
        found.append(
            types.CodeAction(
                title=label,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag],
                is_preferred=fix.safe,
                edit=_edit(buffer, edits),
            )
        )
    if finding.code == "PMN201":
        create = create_note(ws, buffer, linted, finding)
        if create is not None:
            create.diagnostics = [diag]
            found.append(create)
    pragma = disable(buffer, linted, finding)
    if pragma is not None:
        pragma.diagnostics = [diag]
        found.append(pragma)
    return found


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


def note_title(target: str) -> str:
    """A title for a new note: the target as written, or a slug made readable."""
    if any(ch.isupper() for ch in target) or " " in target:
        return target.strip()
    words = target.replace("_", " ").replace("-", " ").split()
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def create_note(ws: Workspace, buffer: Buffer, linted: Linted, finding: Finding) -> types.CodeAction | None:
    """A new note for a dangling link, named by the generator's rule, beside the linking note."""
    from .positions import core_offset

    link = link_at(linted.note, core_offset(linted.note.line_starts, finding.line, finding.column))
    if link is None or not link.target:
        return None
    stem = generator_key(posixpath.basename(link.target))
    if not stem:
        return None
    path = Path(buffer.path).parent / f"{stem}.md"
    if path.exists():
        return None
    title = note_title(posixpath.basename(link.target))
    quoted = title if _plain(title) else '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    uri = uri_of(path)
    return types.CodeAction(
        title=f"Create note {path.name} for `{link.target}`",
        kind=types.CodeActionKind.QuickFix,
        edit=types.WorkspaceEdit(
            document_changes=[
                types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=True)),
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                    edits=[
                        types.TextEdit(
                            range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                            new_text=f"---\ntitle: {quoted}\n---\n\n# {title}\n",
                        )
                    ],
                ),
            ]
        ),
    )


def _plain(title: str) -> bool:
    """Can the title stand unquoted in YAML, reading back as the same string?"""
    import yaml

    try:
        return bool(yaml.safe_load(f"title: {title}") == {"title": title})
    except yaml.YAMLError:
        return False
