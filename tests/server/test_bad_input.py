"""Bad input: the server answers with an LSP error or a diagnostic and keeps running."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

from lsprotocol import types

from mkdocs_pmnotes.cli import main

from .lsp_support import change, diagnostics, lsp, open_note, ready, until
from .raw_client import RawServer


def test_malformed_json_rpc_gets_an_error_and_the_server_goes_on(site):
    server = RawServer(site)
    try:
        server.write(b"{this is not json")
        assert server.wait_for(None)["error"]["code"] == -32700
        server.write(b"[1, 2, 3]")
        assert server.wait_for(None)["error"]["code"] == -32600
        server.request(2, "textDocument/hover", {"textDocument": 7})  # params of the wrong shape
        assert server.wait_for(2)["error"]["code"] == -32602
        server.request(3, "workspace/symbol", {"query": "role"})
        answer = server.wait_for(3)
        assert [s["name"] for s in answer["result"]][:1] == ["Role and impact of AI in product management"]
    finally:
        code = server.close()
    assert code == 0
    assert server.garbage == []  # nothing but the protocol on stdout


def test_unknown_methods_are_errors_not_exits(site):
    server = RawServer(site)
    try:
        server.request(2, "pmnotes/noSuchThing", {})
        assert server.wait_for(2)["error"]["code"] == -32601
        server.send({"jsonrpc": "2.0", "method": "pmnotes/noSuchNotification", "params": {}})
        server.request(3, "workspace/symbol", {"query": ""})
        assert "result" in server.wait_for(3)
    finally:
        assert server.close() == 0
    assert server.garbage == []


def _cli(root: Path, relative: str, monkeypatch) -> list[str]:
    monkeypatch.chdir(root)
    out = io.StringIO()
    with redirect_stdout(out):
        main(["lint", "--format", "json", relative])
    return [f["code"] for f in json.loads(out.getvalue())]


@lsp
async def test_a_file_that_is_not_utf8_gets_the_cli_findings(server, site, monkeypatch):
    path = site / "docs" / "latin.md"
    path.write_bytes("---\ntitle: Café\n---\n\nCafé – crème.\n".encode("cp1252"))
    expected = _cli(site, "docs/latin.md", monkeypatch)
    assert "PMN305" in expected
    client = await server(site)
    await ready(client)
    uri = open_note(client, path, path.read_bytes().decode("cp1252"))
    assert [d.code for d in await diagnostics(client, uri, version=1)] == expected
    assert not [
        a
        for a in await client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(uri),
                types.Range(types.Position(0, 0), types.Position(9, 0)),
                types.CodeActionContext(diagnostics=[]),
            )
        )
        if a.title.startswith("Fix")
    ]  # a file that is not UTF-8 is never fixed


@lsp
async def test_a_note_deleted_while_open_is_still_linted(server, site):
    client = await server(site)
    await ready(client)
    path = site / "docs" / "doomed.md"
    path.write_text("---\ntitle: Doomed\n---\n\nSee [[nothing here]].\n", encoding="utf-8")
    uri = open_note(client, path)
    assert [d.code for d in await diagnostics(client, uri, version=1)] == ["PMN201"]
    path.unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=uri, type=types.FileChangeType.Deleted)])
    )
    change(client, uri, 2, (4, 0), (4, 0), "Now [[Role and impact of AI in product management]]. ")
    assert [d.code for d in await diagnostics(client, uri, version=2)] == ["PMN201"]
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(4, 8))
    )
    assert "Role and impact" in hover.contents.value
    count = len(client.published)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    await until(
        lambda: any(p.uri == uri and not p.diagnostics for p in client.published[count:]), "cleared diagnostics"
    )


@lsp
async def test_a_workspace_without_mkdocs_yml_is_one_folder_of_notes(server, tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Alpha\n---\n\nSee [[Beta]] and [[gamma]].\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("---\ntitle: Beta\n---\n", encoding="utf-8")
    client = await server(tmp_path)
    await ready(client)
    uri = open_note(client, tmp_path / "a.md")
    found = await diagnostics(client, uri, version=1)
    assert [(d.code, d.message.split("`")[1]) for d in found] == [("PMN201", "gamma")]


@lsp
async def test_a_broken_mkdocs_yml_is_reported_and_defaults_are_used(server, tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("---\ntitle: Alpha\n---\n\nSee [[gamma]].\n", encoding="utf-8")
    client = await server(tmp_path)
    await ready(client)
    uri = open_note(client, tmp_path / "a.md")
    assert [d.code for d in await diagnostics(client, uri, version=1)] == ["PMN201"]
    await until(lambda: any("not valid YAML" in m.message for m in client.messages), "a message about mkdocs.yml")


@lsp
async def test_no_workspace_folder_still_lints_an_open_note(server, tmp_path):
    path = tmp_path / "lonely.md"
    path.write_text("---\ntitle: Lonely\n---\n\nA caf\u00c3\u00a9.\n", encoding="utf-8")
    client = await server(None)
    await ready(client)
    uri = open_note(client, path)
    assert [d.code for d in await diagnostics(client, uri, version=1)] == ["PMN301"]


@lsp
async def test_a_ten_megabyte_note_gets_diagnostics_and_the_server_keeps_answering(server, site):
    client = await server(site)
    await ready(client)
    line = 'Claim about [[pricing]] and more <a class="yt-timestamp" data-t="00:10:00">[00:10:00]</a>.\n'
    text = "---\ntitle: Huge\nvideoId: abcdefghijk\n---\n\n" + line * (10_000_000 // len(line))
    path = site / "docs" / "huge.md"
    path.write_text(text, encoding="utf-8")
    uri = open_note(client, path)
    found = await diagnostics(client, uri, version=1)
    assert {d.code for d in found} == {"PMN201", None}
    assert found[-1].message.endswith(
        "more findings are not shown here; run `pmnotes lint` on this file for all of them"
    )
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="huge"))
    assert symbols[0].name == "Huge"


@lsp
async def test_a_document_that_is_not_a_file_is_left_alone(server, site):
    client = await server(site)
    await ready(client)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri="untitled:Untitled-1", language_id="markdown", version=1, text="[[x]]")
        )
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier("untitled:Untitled-1"), types.Position(0, 2))
    )
    assert hover is None
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="role"))
    assert symbols  # still answering
