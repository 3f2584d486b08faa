"""Completion after `[[`: closest to the typed text first, then nearest to the note, then most linked."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from .lsp_support import diagnostics, lsp, open_note, ready

NOTES = {
    "topics/alpha_popular.md": "Alpha popular",
    "topics/alpha_recent.md": "Alpha recent",
    "topics/alpha_linked.md": "Alpha linked",
    "topics/beta_far.md": "Beta far",
    "shows/other/alpha_other.md": "Alpha other",
    "shows/lex/alpha_from_lex.md": "Alpha from lex",
    "shows/lex/about_beta.md": "About beta",
}


@pytest.fixture
def shows(tmp_path: Path) -> Path:
    root = tmp_path / "shows-site"
    for name, title in NOTES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {title}\n---\n\n# {title}\n", encoding="utf-8")
    # The most linked: five notes link to alpha_popular, two to alpha_other.
    for number in range(5):
        links = "[[alpha_popular]]" + (" [[alpha_other]]" if number < 2 else "")
        (root / "topics" / f"linker_{number}.md").write_text(f"---\ntitle: L{number}\n---\n\n{links}\n", "utf-8")
    for number in range(150):
        (root / "topics" / f"gamma_{number:03d}.md").write_text(f"---\ntitle: Gamma {number}\n---\n", "utf-8")
    return root


async def _typing(server, root: Path, typed: str, opened_before: list[str] = ()):
    client = await server(root)
    await ready(client)
    for name in opened_before:
        open_note(client, root / name)
    path = root / "shows" / "lex" / "draft.md"
    text = f"---\ntitle: Draft\n---\n\nAs said in [[alpha_linked]].\n\nSee [[{typed}"
    path.write_text(text, encoding="utf-8")
    uri = open_note(client, path)
    await diagnostics(client, uri, version=1)
    position = types.Position(text.count("\n"), len(text.split("\n")[-1]))
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )
    return result


@lsp
async def test_near_notes_come_before_more_linked_ones(server, shows):
    result = await _typing(server, shows, "alpha", opened_before=["topics/alpha_recent.md"])
    labels = [item.label for item in result.items]
    # Near (the folder, opened recently, linked from here), then by links: 5, then 2.
    assert labels[3:] == ["Alpha popular", "Alpha other"]
    assert sorted(labels[:3]) == ["Alpha from lex", "Alpha linked", "Alpha recent"]
    assert result.items[3].detail.endswith("linked 5×")
    assert result.is_incomplete is False  # every match is offered and the links are known


@lsp
async def test_closeness_to_the_typed_text_comes_first(server, shows):
    result = await _typing(server, shows, "beta")
    # `Beta far` starts with it; `About beta`, in the note's own folder, has it as a later word.
    assert [item.label for item in result.items][:2] == ["Beta far", "About beta"]


@lsp
async def test_with_nothing_typed_near_notes_come_first_then_the_most_linked(server, shows):
    result = await _typing(server, shows, "")
    paths = [item.detail.split(" ")[0] for item in result.items]
    assert sorted(paths[:3]) == ["shows/lex/about_beta.md", "shows/lex/alpha_from_lex.md", "topics/alpha_linked.md"]
    assert paths[3] == "topics/alpha_popular.md"


@lsp
async def test_a_cut_list_asks_to_be_asked_again(server, shows):
    result = await _typing(server, shows, "gamma")
    assert len(result.items) == 100 and result.is_incomplete is True
    narrower = await _typing(server, shows, "gamma 149")
    assert [item.label for item in narrower.items] == ["Gamma 149"] and narrower.is_incomplete is False
