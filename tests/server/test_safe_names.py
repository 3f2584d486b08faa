"""Renames that would make a link ambiguous are refused; impossible names get a sentence, not a crash;
a new note is created in a way every editor writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import client_capabilities

from .lsp_support import apply_edit, diagnostics, lsp, open_note, position_of, ready

NOTE = "---\ntitle: Pricing basics\n---\n\n# Pricing\n"
LINKING = "---\ntitle: A\n---\n\nBy stem [[pricing_basics]], to the other [[exists_b]].\n"


@pytest.fixture
def two(tmp_path: Path) -> Path:
    root = tmp_path / "two"
    root.mkdir()
    (root / "pricing_basics.md").write_text(NOTE, encoding="utf-8")
    (root / "exists_b.md").write_text("---\ntitle: Something else\n---\n", encoding="utf-8")
    (root / "a.md").write_text(LINKING, encoding="utf-8")
    return root


async def _rename(client, uri: str, at: types.Position, name: str):
    return await client.text_document_rename_async(types.RenameParams(types.TextDocumentIdentifier(uri), at, name))


@pytest.mark.parametrize("name", ["EXISTS_B", "exists-b", "Exists B", "exists b.md"])
@lsp
async def test_a_file_rename_to_another_spelling_of_a_note_is_refused(server, two, name):
    client = await server(two)
    await ready(client)
    uri = open_note(client, two / "a.md")
    with pytest.raises(JsonRpcException, match=r"would also reach exists_b\.md") as refused:
        await _rename(client, uri, position_of(LINKING, "pricing_basics", inside=2), name)
    assert refused.value.code == -32803  # RequestFailed
    assert not (two / f"{name}.md").exists()


@pytest.mark.parametrize("name", ["Exists B", "exists_b", "Something else"])
@lsp
async def test_a_title_rename_to_a_name_another_note_answers_to_is_refused(server, two, name):
    client = await server(two)
    await ready(client)
    uri = open_note(client, two / "pricing_basics.md")
    with pytest.raises(JsonRpcException, match=r"would also reach exists_b\.md"):
        await _rename(client, uri, position_of(NOTE, "Pricing basics", inside=2), name)


@lsp
async def test_a_rename_no_other_note_answers_to_is_done(server, two):
    client = await server(two)
    await ready(client)
    uri = open_note(client, two / "a.md")
    edit = await _rename(client, uri, position_of(LINKING, "pricing_basics", inside=2), "pricing_guide")
    apply_edit(edit)
    assert "By stem [[pricing_guide]]" in (two / "a.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("..", "cannot start with a dot"),
        (".hidden", "cannot start with a dot"),
        ("a\x00b", "cannot hold a NUL character"),
        ("x" * 300, "the file name would be 303 bytes long"),
        ("!!!", "no letter or digit"),
        ("sub/name", "without folders"),
        ("a [[b]]", "cannot name"),
    ],
)
@lsp
async def test_an_impossible_file_name_is_refused_in_words(server, two, name, said):
    client = await server(two)
    await ready(client)
    uri = open_note(client, two / "a.md")
    with pytest.raises(JsonRpcException, match=said):
        await _rename(client, uri, position_of(LINKING, "pricing_basics", inside=2), name)
    assert sorted(p.name for p in two.iterdir()) == ["a.md", "exists_b.md", "pricing_basics.md"]


BAD_LINKS = "---\ntitle: Bad\n---\n\n- See [[..]], [[" + "x" * 300 + "]] and [[a\x00b]].\n"


def _code_actions(client, uri: str, line: int):
    return client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=types.Range(types.Position(line, 0), types.Position(line, 400)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )


@pytest.mark.parametrize("disabled_support", [True, False])
@lsp
async def test_impossible_note_names_keep_the_line_s_other_actions(server, two, disabled_support):
    capabilities = client_capabilities("visual-studio-code")
    capabilities.text_document.code_action.disabled_support = disabled_support
    client = await server(two, capabilities=capabilities)
    await ready(client)
    path = two / "bad.md"
    path.write_text(BAD_LINKS, encoding="utf-8")
    uri = open_note(client, path)
    found = await diagnostics(client, uri, version=1)
    assert [d.code for d in found].count("PMN201") == 3
    actions = await _code_actions(client, uri, 4)
    titles = [a.title for a in actions]
    assert "Disable PMN201 for this line" in titles
    create = [a for a in actions if a.title.startswith("Create")]
    if disabled_support:
        reasons = sorted(a.disabled.reason for a in create)
        assert len(create) == 3 and all(a.edit is None for a in create)
        assert any("no letter or digit" in r for r in reasons)
        assert any("303 bytes" in r for r in reasons)
        assert any("NUL" in r for r in reasons)
    else:
        assert create == []


@lsp
async def test_create_note_creates_the_file_then_writes_the_note_into_it(server, two):
    client = await server(two)
    await ready(client)
    path = two / "linking.md"
    path.write_text("---\ntitle: Linking\n---\n\nSee [[Brand New Topic]].\n", encoding="utf-8")
    uri = open_note(client, path)
    await diagnostics(client, uri, version=1)
    actions = await _code_actions(client, uri, 4)
    create = next(a for a in actions if a.title.startswith("Create note"))
    made, written = create.edit.document_changes
    # Neither overwrite nor ignore: an editor told to ignore an existing file may write none at all.
    assert isinstance(made, types.CreateFile)
    assert made.options == types.CreateFileOptions(overwrite=False, ignore_if_exists=False)
    assert isinstance(written, types.TextDocumentEdit) and written.text_document.uri == made.uri
    apply_edit(create.edit)
    assert (two / "brand_new_topic.md").read_text(encoding="utf-8") == (
        "---\ntitle: Brand New Topic\n---\n\n# Brand New Topic\n"
    )


@lsp
async def test_no_create_action_for_a_client_that_cannot_create_files(server, two):
    capabilities = client_capabilities("visual-studio-code")
    capabilities.workspace.workspace_edit.resource_operations = [types.ResourceOperationKind.Rename]
    client = await server(two, capabilities=capabilities)
    await ready(client)
    path = two / "linking.md"
    path.write_text("---\ntitle: Linking\n---\n\nSee [[Brand New Topic]].\n", encoding="utf-8")
    uri = open_note(client, path)
    await diagnostics(client, uri, version=1)
    titles = [a.title for a in await _code_actions(client, uri, 4)]
    assert "Disable PMN201 for this line" in titles and not any(t.startswith("Create") for t in titles)
