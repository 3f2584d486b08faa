"""The language server reads a workspace's site config by any of its names, and again when it changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from mkdocs_pmnotes.core.site_files import Root
from mkdocs_pmnotes.server.workspace import Workspace

from .lsp_support import diagnostics, lsp, open_note, ready, until

ZENSICAL = '[project]\nsite_name = "Notes"\ndocs_dir = "pages"\n\n[project.markdown_extensions.pmnotes]\n{options}\n'
PROPERDOCS = "site_name: Notes\ndocs_dir: pages\nplugins:\n  - pmnotes:\n      {options}\n"


def _site(root: Path) -> Path:
    (root / "pages").mkdir(parents=True)
    (root / "pages" / "a.md").write_text("---\ntitle: A\n---\n\nSee [[b]] and [[nowhere]].\n", encoding="utf-8")
    (root / "pages" / "b.md").write_text("---\ntitle: B\n---\n\nBody.\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("zensical.toml", ZENSICAL.format(options='ignore = ["PMN303"]')),
        ("properdocs.yml", PROPERDOCS.format(options="ignore: [PMN303]")),
        ("mkdocs.yaml", PROPERDOCS.format(options="ignore: [PMN303]")),
    ],
)
def test_the_workspace_reads_its_site_config_by_any_name(tmp_path, name, text):
    root = _site(tmp_path)
    (root / name).write_text(text, encoding="utf-8")
    ws = Workspace(root)
    assert ws.problem is None
    assert ws.site_files.roots == (Root(str(root / "pages"), ""),)
    assert ws.settings.ignore == ["PMN303"]


@lsp
async def test_a_changed_zensical_toml_is_read_again(server, tmp_path):
    root = _site(tmp_path)
    config = root / "zensical.toml"
    config.write_text(ZENSICAL.format(options=""), encoding="utf-8")
    client = await server(root)
    await ready(client)
    uri = open_note(client, root / "pages" / "a.md")
    found = await diagnostics(client, uri, version=1)
    assert [(d.code, d.severity) for d in found] == [("PMN201", types.DiagnosticSeverity.Warning)]
    count = len(client.published)
    config.write_text(ZENSICAL.format(options='severity = { dangling-link = "error" }'), encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )

    def errors() -> bool:
        return any(
            p.uri == uri and [d.severity for d in p.diagnostics] == [types.DiagnosticSeverity.Error]
            for p in client.published[count:]
        )

    await until(errors, "the new severity")
