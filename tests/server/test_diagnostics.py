"""Diagnostics as the author types: exactly what `pmnotes lint` reports for the file."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from lsprotocol import types

from mkdocs_pmnotes.cli import main
from mkdocs_pmnotes.lint.api import lint_text
from mkdocs_pmnotes.server.buffer import Buffer
from mkdocs_pmnotes.server.diagnostics import is_local
from mkdocs_pmnotes.server.workspace import Workspace

from .conftest import SEEDS
from .lsp_support import change, diagnostics, lsp, open_note, ready, until

SEVERITY = {"error": 1, "warning": 2, "info": 3}


def cli_findings(root: Path, relative: str, monkeypatch) -> list[dict]:
    monkeypatch.chdir(root)
    out = io.StringIO()
    with redirect_stdout(out):
        main(["lint", "--format", "json", relative])
    return json.loads(out.getvalue())


def as_cli(diag: types.Diagnostic) -> dict:
    """A diagnostic in the CLI's JSON terms (the seeds have no characters outside the BMP)."""
    return {
        "code": diag.code,
        "severity": diag.severity.value,
        "message": diag.message,
        "line": diag.range.start.line + 1,
        "column": diag.range.start.character + 1,
    }


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.md")))
@lsp
async def test_seed_diagnostics_are_the_cli_findings(server, site, monkeypatch, seed):
    (site / "pyproject.toml").write_text('[tool.pmnotes]\nseverity = { dangling-link = "info" }\n', encoding="utf-8")
    expected = cli_findings(site, f"seeds/{seed}", monkeypatch)
    assert expected, "every seed has findings"
    client = await server(site)
    await ready(client)
    uri = open_note(client, site / "seeds" / seed)
    found = await diagnostics(client, uri, version=1)
    assert [as_cli(d) for d in found] == [
        {
            "code": f["code"],
            "severity": SEVERITY[f["severity"]],
            "message": f"{f['message']} ({f['name']})",
            "line": f["line"],
            "column": f["column"],
        }
        for f in expected
    ]
    ends = [(d.range.end.line + 1, d.range.end.character + 1) for d in found]
    assert [e for e, f in zip(ends, expected, strict=False) if f["end_line"]] == [
        (f["end_line"], f["end_column"]) for f in expected if f["end_line"]
    ]
    assert all(d.source == "pmnotes" for d in found)
    assert all(d.code_description.href.endswith(f"/reference/rules/#{d.code.lower()}") for d in found)


@lsp
async def test_an_edit_publishes_new_diagnostics_for_its_version(server, site):
    client = await server(site)
    await ready(client)
    path = site / "seeds" / "000_89ad6f01fa81b329.md"
    uri = open_note(client, path)
    before = await diagnostics(client, uri, version=1)
    text = path.read_text(encoding="utf-8")
    line = text.count("\n")  # the last line
    change(client, uri, 2, (line, 0), (line, 0), "See [[no_such_topic_anywhere | nothing]].\n")
    after = await diagnostics(client, uri, version=2)
    new = [d for d in after if "no_such_topic_anywhere" in d.message]
    assert len(after) == len(before) + 1 and [d.code for d in new] == ["PMN201"]
    assert new[0].range.start == types.Position(line, 4)


@lsp
async def test_open_buffers_win_over_the_disk(server, site):
    """A note created in the editor (not yet saved) resolves links from other notes."""
    client = await server(site)
    await ready(client)
    linking = site / "docs" / "linking.md"
    linking.write_text("---\ntitle: Linking\n---\n\nSee [[brand new topic]].\n", encoding="utf-8")
    uri = open_note(client, linking)
    assert [d.code for d in await diagnostics(client, uri, version=1)] == ["PMN201"]
    count = len(client.published)
    open_note(client, site / "docs" / "fresh.md", "---\ntitle: Brand new topic\n---\n\nBody.\n")
    await until(
        lambda: any(p.uri == uri and not p.diagnostics for p in client.published[count:]), "the link to resolve"
    )


@lsp
async def test_a_file_created_on_disk_is_indexed(server, site):
    client = await server(site)
    await ready(client)
    linking = site / "docs" / "linking.md"
    linking.write_text("---\ntitle: Linking\n---\n\nSee [[written on disk]].\n", encoding="utf-8")
    uri = open_note(client, linking)
    assert [d.code for d in await diagnostics(client, uri, version=1)] == ["PMN201"]
    count = len(client.published)
    created = site / "docs" / "written_on_disk.md"
    created.write_text("---\ntitle: Written on disk\n---\n", encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=created.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    await until(
        lambda: any(p.uri == uri and not p.diagnostics for p in client.published[count:]), "the link to resolve"
    )
    count = len(client.published)
    created.unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=created.as_uri(), type=types.FileChangeType.Deleted)]
        )
    )
    await until(
        lambda: any(p.uri == uri and p.diagnostics for p in client.published[count:]), "the link to dangle again"
    )


@lsp
async def test_indexing_reports_progress(server, site):
    client = await server(site)
    await ready(client)
    kinds = [type(v).__name__ for values in client.progress_reports.values() for v in values]
    assert kinds[0] == "WorkDoneProgressBegin" and kinds[-1] == "WorkDoneProgressEnd"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.md")))
def test_before_the_site_is_indexed_a_note_gets_only_findings_that_need_no_other_page(site, seed):
    """What is published before the index is ready is exactly what the index will not change."""
    ws = Workspace(site)
    path = site / "seeds" / seed
    text = path.read_text(encoding="utf-8")
    name, shown = ws.name_for(path)
    ws.open(Buffer(path.as_uri(), path, name, shown, text, 1))
    _, early = lint_text(ws.linter, shown, name, text)
    early = [f for f in early if is_local(f.code)]
    ws.install_pages(ws.scan_pages())
    _, full = lint_text(ws.linter, shown, name, text)
    assert early == [f for f in full if is_local(f.code)]
    assert len(early) < len(full)  # the seeds all have dangling links, which need the index


@lsp
async def test_a_changed_configuration_is_read_again(server, site):
    client = await server(site)
    await ready(client)
    path = site / "docs" / "linking.md"
    path.write_text("---\ntitle: Linking\n---\n\nSee [[nowhere]].\n", encoding="utf-8")
    uri = open_note(client, path)
    assert [d.severity for d in await diagnostics(client, uri, version=1)] == [types.DiagnosticSeverity.Warning]
    count = len(client.published)
    config = site / "pyproject.toml"
    config.write_text('[tool.pmnotes]\nseverity = { dangling-link = "error" }\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]
        )
    )

    def errors():
        return any(
            p.uri == uri and [d.severity for d in p.diagnostics] == [types.DiagnosticSeverity.Error]
            for p in client.published[count:]
        )

    await until(errors, "the new severity")


@lsp
async def test_a_heading_renamed_in_one_buffer_is_missing_in_another(server, site):
    client = await server(site)
    await ready(client)
    target = site / "docs" / "target.md"
    target.write_text("---\ntitle: Target\n---\n\n## Evaluation\n", encoding="utf-8")
    linking = site / "docs" / "linking.md"
    linking.write_text("---\ntitle: Linking\n---\n\nSee [[target#Evaluation]].\n", encoding="utf-8")
    target_uri = open_note(client, target)
    uri = open_note(client, linking)
    assert await diagnostics(client, uri, version=1) == []
    count = len(client.published)
    change(client, target_uri, 2, (4, 3), (4, 13), "Evals")  # `## Evaluation` -> `## Evals`
    await until(
        lambda: any(p.uri == uri and [d.code for d in p.diagnostics] == ["PMN204"] for p in client.published[count:]),
        "PMN204 in the linking note",
    )


@lsp
async def test_a_title_edited_in_one_buffer_changes_what_links_to_it_in_another(server, site):
    client = await server(site)
    await ready(client)
    target = site / "docs" / "target.md"
    target.write_text("---\ntitle: Old name\n---\n", encoding="utf-8")
    linking = site / "docs" / "linking.md"
    linking.write_text("---\ntitle: Linking\n---\n\nSee [[Old name]] and [[New name]].\n", encoding="utf-8")
    target_uri = open_note(client, target)
    uri = open_note(client, linking)
    found = await diagnostics(client, uri, version=1)
    assert [(d.code, d.message.split("`")[1]) for d in found] == [("PMN201", "New name")]
    count = len(client.published)
    change(client, target_uri, 2, (1, 7), (1, 15), "New name")
    await until(
        lambda: any(
            p.uri == uri and [(d.code, d.message.split("`")[1]) for d in p.diagnostics] == [("PMN201", "Old name")]
            for p in client.published[count:]
        ),
        "the old title to dangle",
    )


@lsp
async def test_each_workspace_folder_is_a_site_of_its_own(server, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
    (first / "alpha.md").write_text("---\ntitle: Alpha\n---\n", encoding="utf-8")
    (second / "beta.md").write_text("---\ntitle: Beta\n---\n", encoding="utf-8")
    (second / "b.md").write_text("---\ntitle: B\n---\n\n[[Alpha]] and [[Beta]].\n", encoding="utf-8")
    client = await server([first, second])
    await ready(client, folders=2)
    uri = open_note(client, second / "b.md")
    found = await diagnostics(client, uri, version=1)
    assert [(d.code, d.message.split("`")[1]) for d in found] == [("PMN201", "Alpha")]
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
    assert {s.name for s in symbols} == {"Alpha", "Beta", "B"}
