"""Quick fixes and renames, applied to the files as an editor would apply them."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from lsprotocol import types

from mkdocs_pmnotes.cli import main

from .lsp_support import apply_edit, diagnostics, lsp, open_note, position_of, ready

MOJIBAKE = "004_8eb36e0c5cf3a945.md"  # one PMN301 (safe fix), PMN102 and PMN104 (unsafe)


def _actions(client, uri, start, end=None, only=None):
    return client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=types.Range(start, end or start),
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )


def _reopen(client, uri: str, path: Path, version: int) -> None:
    """Send the file's new text as a whole-document change, as the editor does after an edit."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=path.read_text(encoding="utf-8"))],
        )
    )


@lsp
async def test_safe_fix_removes_the_finding_and_fix_all_is_idempotent(server, site):
    client = await server(site)
    await ready(client)
    path = site / "seeds" / MOJIBAKE
    uri = open_note(client, path)
    found = await diagnostics(client, uri, version=1)
    mojibake = next(d for d in found if d.code == "PMN301")
    actions = await _actions(client, uri, mojibake.range.start, mojibake.range.end)
    fix = next(a for a in actions if a.title.startswith("Fix PMN301"))
    assert fix.is_preferred and "(unsafe)" not in fix.title
    apply_edit(fix.edit)
    _reopen(client, uri, path, 2)
    after = await diagnostics(client, uri, version=2)
    assert [d.code for d in after].count("PMN301") == 0
    assert len(after) == len(found) - 1
    # Nothing safe is left: fix-all offers nothing, so applying it twice changes nothing.
    assert not [a for a in await _actions(client, uri, types.Position(0, 0), only=["source.fixAll"])]


@lsp
async def test_fix_all_applies_every_safe_fix_once(server, site):
    client = await server(site)
    await ready(client)
    path = site / "docs" / "messy.md"
    path.write_text(
        "---\ntitle: Messy\n---\n\nIt\u200bs a caf\u00c3\u00a9 &amp;amp; more \u00e2\u20ac\u201c done.\n",
        encoding="utf-8",
    )
    uri = open_note(client, path)
    found = await diagnostics(client, uri, version=1)
    assert {d.code for d in found} >= {"PMN301", "PMN303", "PMN304"}
    actions = await _actions(client, uri, types.Position(0, 0), only=["source.fixAll"])
    assert len(actions) == 1 and actions[0].kind == "source.fixAll.pmnotes"
    apply_edit(actions[0].edit)
    assert path.read_text(encoding="utf-8") == "---\ntitle: Messy\n---\n\nIts a café &amp; more – done.\n"
    _reopen(client, uri, path, 2)
    assert await diagnostics(client, uri, version=2) == []
    assert not list(await _actions(client, uri, types.Position(0, 0), only=["source.fixAll"]))


@lsp
async def test_unsafe_fixes_are_separate_labelled_actions(server, site):
    client = await server(site)
    await ready(client)
    path = site / "seeds" / MOJIBAKE
    uri = open_note(client, path)
    found = await diagnostics(client, uri, version=1)
    shifted = next(d for d in found if d.code == "PMN104")
    actions = await _actions(client, uri, shifted.range.start, shifted.range.end)
    unsafe = [a for a in actions if a.title.startswith("Fix PMN104 (unsafe)")]
    assert len(unsafe) == 1 and not unsafe[0].is_preferred
    before = path.read_text(encoding="utf-8")
    apply_edit(unsafe[0].edit)
    after = path.read_text(encoding="utf-8")
    assert after != before and len(after) == len(before)  # one HH:MM:SS for another


@lsp
async def test_disable_for_this_line_inserts_the_pragma(server, site):
    client = await server(site)
    await ready(client)
    path = site / "docs" / "linking.md"
    path.write_text("---\ntitle: Linking\n---\n\n- See [[nowhere at all]].\n", encoding="utf-8")
    uri = open_note(client, path)
    found = await diagnostics(client, uri, version=1)
    dangling = next(d for d in found if d.code == "PMN201")
    actions = await _actions(client, uri, dangling.range.start)
    disable = next(a for a in actions if a.title == "Disable PMN201 for this line")
    apply_edit(disable.edit)
    assert path.read_text(encoding="utf-8").endswith(
        "<!-- pmnotes-disable-next-line PMN201 -->\n- See [[nowhere at all]].\n"
    )
    _reopen(client, uri, path, 2)
    assert await diagnostics(client, uri, version=2) == []


def _lint(root: Path, monkeypatch) -> list[dict]:
    monkeypatch.chdir(root)
    out = io.StringIO()
    with redirect_stdout(out):
        main(["lint", "--format", "json", "--select", "PMN201,PMN203"])
    return json.loads(out.getvalue())


RENAMED = "---\ntitle: Pricing basics\n---\n\n# Pricing\n\nSelf: [[pricing_basics#Pricing]].\n"


@pytest.fixture
def linked(site: Path) -> Path:
    docs = site / "docs"
    (docs / "pricing_basics.md").write_text(RENAMED, encoding="utf-8")
    (docs / "a.md").write_text(
        "---\ntitle: A\n---\n\nBy stem [[pricing_basics | the basics]], by title [[Pricing basics]].\n",
        encoding="utf-8",
    )
    (docs / "b.md").write_text(
        "---\ntitle: B\n---\n\n[[pricing_basics#Pricing | see pricing]] and [[Pricing Basics|prices]].\n",
        encoding="utf-8",
    )
    return site


@lsp
async def test_rename_by_title_rewrites_title_links_and_keeps_labels(server, linked, monkeypatch):
    before = {d["message"] for d in _lint(linked, monkeypatch)}
    client = await server(linked)
    await ready(client)
    path = linked / "docs" / "pricing_basics.md"
    uri = open_note(client, path)
    await diagnostics(client, uri, version=1)
    at = position_of(RENAMED, "Pricing basics", inside=2)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(types.TextDocumentIdentifier(uri), at)
    )
    assert prepared.placeholder == "Pricing basics"
    edit = await client.text_document_rename_async(
        types.RenameParams(types.TextDocumentIdentifier(uri), at, "Price: the basics")
    )
    apply_edit(edit)
    docs = linked / "docs"
    assert (docs / "pricing_basics.md").read_text(encoding="utf-8").startswith('---\ntitle: "Price: the basics"\n')
    assert "by title [[Price: the basics]]" in (docs / "a.md").read_text(encoding="utf-8")
    assert "[[Price: the basics|prices]]" in (docs / "b.md").read_text(encoding="utf-8")
    assert "[[pricing_basics | the basics]]" in (docs / "a.md").read_text(encoding="utf-8")
    assert {d["message"] for d in _lint(linked, monkeypatch)} == before  # every link still resolves


@lsp
async def test_rename_by_stem_moves_the_file_and_rewrites_stem_links(server, linked, monkeypatch):
    before = {d["message"] for d in _lint(linked, monkeypatch)}
    client = await server(linked)
    await ready(client)
    a = linked / "docs" / "a.md"
    text = a.read_text(encoding="utf-8")
    uri = open_note(client, a)
    await diagnostics(client, uri, version=1)
    at = position_of(text, "pricing_basics", inside=3)
    edit = await client.text_document_rename_async(
        types.RenameParams(types.TextDocumentIdentifier(uri), at, "pricing_101")
    )
    assert isinstance(edit.document_changes[-1], types.RenameFile)
    apply_edit(edit)
    docs = linked / "docs"
    assert not (docs / "pricing_basics.md").exists() and (docs / "pricing_101.md").exists()
    assert "By stem [[pricing_101 | the basics]], by title [[Pricing basics]]." in a.read_text(encoding="utf-8")
    assert "[[pricing_101#Pricing | see pricing]]" in (docs / "b.md").read_text(encoding="utf-8")
    assert "Self: [[pricing_101#Pricing]]." in (docs / "pricing_101.md").read_text(encoding="utf-8")
    assert {d["message"] for d in _lint(linked, monkeypatch)} == before


@lsp
async def test_will_rename_files_rewrites_the_links(server, linked, monkeypatch):
    before = {d["message"] for d in _lint(linked, monkeypatch)}
    client = await server(linked)
    await ready(client)
    docs = linked / "docs"
    old, new = docs / "pricing_basics.md", docs / "pricing_guide.md"
    edit = await client.workspace_will_rename_files_async(
        types.RenameFilesParams(files=[types.FileRename(old_uri=old.as_uri(), new_uri=new.as_uri())])
    )
    apply_edit(edit)
    old.rename(new)
    assert "[[pricing_guide | the basics]]" in (docs / "a.md").read_text(encoding="utf-8")
    assert "[[pricing_guide#Pricing | see pricing]]" in (docs / "b.md").read_text(encoding="utf-8")
    assert {d["message"] for d in _lint(linked, monkeypatch)} == before


@lsp
async def test_rename_refuses_a_name_that_cannot_be_a_link_target(server, linked):
    client = await server(linked)
    await ready(client)
    uri = open_note(client, linked / "docs" / "pricing_basics.md")
    at = position_of(RENAMED, "Pricing basics", inside=2)
    with pytest.raises(Exception, match="not a usable note name"):
        await client.text_document_rename_async(types.RenameParams(types.TextDocumentIdentifier(uri), at, "a [[b]]"))


@lsp
async def test_a_file_rename_follows_links_that_resolve_by_the_generator_rule(server, site):
    docs = site / "docs"
    (docs / "productmarket_fit.md").write_text("---\ntitle: PMF\n---\n", encoding="utf-8")
    (docs / "a.md").write_text("---\ntitle: A\n---\n\n[[Product-Market Fit | fit]] and [[PMF]].\n", encoding="utf-8")
    client = await server(site)
    await ready(client)
    old, new = docs / "productmarket_fit.md", docs / "market_fit.md"
    edit = await client.workspace_will_rename_files_async(
        types.RenameFilesParams(files=[types.FileRename(old_uri=old.as_uri(), new_uri=new.as_uri())])
    )
    apply_edit(edit)
    assert (docs / "a.md").read_text(encoding="utf-8").endswith("[[market_fit | fit]] and [[PMF]].\n")
