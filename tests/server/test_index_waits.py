"""What needs the index waits for it: complete diagnostics first time, full answers, never empty ones.

The site here is slow to index on purpose: thousands of notes for the first pass
(every page's names) and a ten-megabyte note for the second (every link), so the
requests below reach the server long before the index is ready.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from lsprotocol import types

from mkdocs_pmnotes.cli import main

from .lsp_support import diagnostics, indexed, lsp, open_note, ready, until

TARGET = "---\ntitle: The target\n---\n\n# The target\n\n## Part\n"
LINKING = "---\ntitle: Linking\n---\n\nBy stem [[target]], by title [[The target | it]], nowhere [[no such note]].\n"
OTHER = "---\ntitle: Other\n---\n\nBy path [[a/target#Part]].\n"
LINE = 'Claim about [[elsewhere]] and <a class="yt-timestamp" data-t="00:10:00">[00:10:00]</a>.\n'


@pytest.fixture
def slow(tmp_path: Path) -> Path:
    root = tmp_path / "slow"
    for folder in ("a", "b", "c", "many"):
        (root / folder).mkdir(parents=True)
    (root / "a" / "target.md").write_text(TARGET, encoding="utf-8")
    (root / "b" / "linking.md").write_text(LINKING, encoding="utf-8")
    (root / "c" / "other.md").write_text(OTHER, encoding="utf-8")
    for number in range(3000):
        (root / "many" / f"note_{number:04d}.md").write_text(
            f"---\ntitle: Note {number}\n---\n\n[[note_{(number + 1) % 3000:04d}]]\n", encoding="utf-8"
        )
    huge = "---\ntitle: Huge\n---\n\n" + LINE * (10_000_000 // len(LINE))
    (root / "c" / "huge.md").write_text(huge, encoding="utf-8")
    return root


def _cli(root: Path, relative: str, monkeypatch) -> list[tuple[str, int, int]]:
    """`pmnotes lint`'s findings for one note of the folder, linted as the site it is."""
    monkeypatch.chdir(root)
    out = io.StringIO()
    with redirect_stdout(out):
        main(["lint", "--no-cache", "--format", "json", "a", "b"])
    return [(f["code"], f["line"], f["column"]) for f in json.loads(out.getvalue()) if f["path"] == relative]


@lsp
async def test_the_first_diagnostics_published_are_complete(server, slow, monkeypatch):
    expected = _cli(slow, "b/linking.md", monkeypatch)
    assert ("PMN201", 5, LINKING.split("\n")[4].index("[[no") + 1) in expected  # a site rule: it needs every name
    client = await server(slow)
    uri = open_note(client, slow / "b" / "linking.md")  # at once: the first pass has barely begun
    first = await diagnostics(client, uri, version=1)
    assert [(d.code, d.range.start.line + 1, d.range.start.character + 1) for d in first] == expected
    await ready(client)
    published = [p for p in client.published if p.uri == uri]
    assert len(published) == 1  # nothing partial came before it, nothing had to correct it


@lsp
async def test_references_asked_before_the_links_are_read_wait_for_them(server, slow):
    client = await server(slow)
    uri = open_note(client, slow / "a" / "target.md")
    client.progress_reports.setdefault("references-1", [])
    found = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri),
            position=types.Position(5, 3),
            context=types.ReferenceContext(include_declaration=False),
            work_done_token="references-1",
        )
    )
    linking, other = (slow / "b" / "linking.md").as_uri(), (slow / "c" / "other.md").as_uri()
    line = LINKING.split("\n")[4]
    assert sorted((loc.uri, loc.range.start.line, loc.range.start.character) for loc in found) == sorted(
        [(linking, 4, line.index("[[target")), (linking, 4, line.index("[[The")), (other, 4, 8)]
    )
    # It waited, and said so on the request's own token, from start to end.
    kinds = [type(v).__name__ for v in client.progress_reports["references-1"]]
    assert kinds[0] == "WorkDoneProgressBegin" and kinds[-1] == "WorkDoneProgressEnd"


@lsp
async def test_a_rename_asked_before_the_links_are_read_rewrites_every_link(server, slow):
    client = await server(slow)
    path = slow / "b" / "linking.md"
    uri = open_note(client, path)
    edit = await client.text_document_rename_async(
        types.RenameParams(types.TextDocumentIdentifier(uri), types.Position(4, 12), "goal")
    )
    edited = {change.text_document.uri: [e.new_text for e in change.edits] for change in edit.document_changes[:-1]}
    assert edited == {uri: ["goal"], (slow / "c" / "other.md").as_uri(): ["a/goal"]}
    assert isinstance(edit.document_changes[-1], types.RenameFile)


@lsp
async def test_workspace_symbols_wait_for_every_page(server, slow):
    client = await server(slow)
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="note 2999"))
    assert [s.name for s in found][:1] == ["Note 2999"]
    assert len(await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="note"))) == 200  # the cap


@lsp
async def test_worker_processes_read_the_same_links(server, slow):
    client = await server(slow, {"indexProcesses": 2})
    await ready(client)
    uri = open_note(client, slow / "a" / "target.md")
    found = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri),
            position=types.Position(5, 3),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert len(found) == 3
    note = open_note(client, slow / "many" / "note_0001.md")
    back = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(note),
            position=types.Position(0, 0),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert [loc.uri for loc in back] == [(slow / "many" / "note_0000.md").as_uri()]
    await until(lambda: indexed(client) >= 1, "the index")
