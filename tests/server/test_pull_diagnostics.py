"""Pulled diagnostics (LSP 3.17) for a client that asks for them; pushed ones for the others."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import client_capabilities

from .lsp_support import change, diagnostics, lsp, open_note, ready, until

LINKING = "---\ntitle: Linking\n---\n\nSee [[Old name]] and [[New name]].\n"


def pulling() -> types.ClientCapabilities:
    """VS Code's capabilities, with pulled diagnostics and their refresh (as VS Code 1.67 and later have)."""
    capabilities = client_capabilities("visual-studio-code")
    capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities(dynamic_registration=False)
    capabilities.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return capabilities


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    root = tmp_path / "pull"
    root.mkdir()
    (root / "target.md").write_text("---\ntitle: Old name\n---\n", encoding="utf-8")
    (root / "linking.md").write_text(LINKING, encoding="utf-8")
    for number in range(2000):  # the first pass takes a moment: the first pull waits for it
        (root / f"note_{number}.md").write_text(f"---\ntitle: Note {number}\n---\n", encoding="utf-8")
    return root


def _pull(client, uri: str, previous: str | None = None):
    return client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri), previous_result_id=previous)
    )


def _dangling(report) -> list[str]:
    return [d.message.split("`")[1] for d in report.items if d.code == "PMN201"]


@lsp
async def test_a_pull_at_once_waits_for_complete_diagnostics(server, notes):
    client = await server(notes, capabilities=pulling())
    uri = open_note(client, notes / "linking.md")
    report = await _pull(client, uri)
    assert report.kind == "full" and _dangling(report) == ["New name"]
    await ready(client)
    assert not [p for p in client.published if p.uri == uri]  # pulled, never pushed as well


@lsp
async def test_an_unchanged_note_is_reported_unchanged(server, notes):
    client = await server(notes, capabilities=pulling())
    await ready(client)
    uri = open_note(client, notes / "linking.md")
    first = await _pull(client, uri)
    again = await _pull(client, uri, first.result_id)
    assert again.kind == "unchanged" and again.result_id == first.result_id
    change(client, uri, 2, (4, 0), (4, 0), "Also [[nowhere]]. ")
    edited = await _pull(client, uri, first.result_id)
    assert edited.kind == "full" and edited.result_id != first.result_id
    assert _dangling(edited) == ["nowhere", "New name"]


@lsp
async def test_a_change_in_another_note_asks_the_client_to_pull_again(server, notes):
    client = await server(notes, capabilities=pulling())
    await ready(client)
    target, linking = notes / "target.md", notes / "linking.md"
    target_uri, uri = open_note(client, target), open_note(client, linking)
    assert _dangling(await _pull(client, uri)) == ["New name"]
    await _pull(client, target_uri)
    before = client.refreshes
    change(client, target_uri, 2, (1, 7), (1, 15), "New name")
    await _pull(client, target_uri)  # the client pulls the note it changed; the others wait for a refresh
    await until(lambda: client.refreshes > before, "a refresh")
    assert _dangling(await _pull(client, uri)) == ["Old name"]


@lsp
async def test_a_client_that_does_not_pull_is_pushed_diagnostics(server, notes):
    client = await server(notes)  # VS Code 1.65: no pulled diagnostics
    await ready(client)
    uri = open_note(client, notes / "linking.md")
    pushed = await diagnostics(client, uri, version=1)
    assert [d.message.split("`")[1] for d in pushed if d.code == "PMN201"] == ["New name"]
    await asyncio.sleep(0)
    assert client.refreshes == 0


@lsp
async def test_a_pulling_client_can_ask_to_be_pushed_instead(server, notes):
    client = await server(notes, {"diagnostics": "push"}, capabilities=pulling())
    await ready(client)
    uri = open_note(client, notes / "linking.md")
    pushed = await diagnostics(client, uri, version=1)
    assert [d.message.split("`")[1] for d in pushed if d.code == "PMN201"] == ["New name"]
