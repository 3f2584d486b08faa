"""Completion, definition, references, hover and symbols, end to end over stdio."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from .lsp_support import diagnostics, lsp, open_note, position_of, ready

SHIFTED = "001_90afb0178530e277.md"  # written in shifted time: 06:33:00 means 00:06:33
TOPIC = """\
---
title: Impact of AI on product management
aliases: [AI impact]
---

# Impact of AI on product management

## Evaluation

Evals decide. <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>

## Hiring
"""


@pytest.fixture
def topics(site: Path) -> Path:
    """The seeds plus a topic note that two of them link to."""
    (site / "docs" / "impact_of_ai_on_product_management.md").write_text(TOPIC, encoding="utf-8")
    (site / "docs" / "pricing.md").write_text("---\ntitle: Pricing\n---\n\n# Pricing\n", encoding="utf-8")
    return site


async def _writing(server, root: Path, body: str):
    """A client with a new note open whose last line is `body` (the cursor goes at its end)."""
    client = await server(root)
    await ready(client)
    path = root / "docs" / "draft.md"
    text = f"---\ntitle: Draft\n---\n\n{body}"
    path.write_text(text, encoding="utf-8")
    uri = open_note(client, path)
    await diagnostics(client, uri, version=1)
    return client, uri, types.Position(text.count("\n"), len(body))


def _complete(client, uri, position):
    return client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )


@lsp
async def test_completion_after_brackets_ranks_close_and_often_linked_notes_first(server, topics):
    client, uri, at = await _writing(server, topics, "See [[impact")
    result = await _complete(client, uri, at)
    labels = [item.label for item in result.items]
    assert labels[0] == "Impact of AI on product management"
    first = result.items[0]
    assert first.text_edit.new_text == "impact_of_ai_on_product_management]]"
    assert "linked 2×" in first.detail
    # Topics linked but without a note are offered too, with their mention counts.
    topics_offered = [item for item in result.items if item.detail and "no note yet" in item.detail]
    assert any(item.label == "impact_of_ai_on_product_development" for item in topics_offered)
    development = next(item for item in topics_offered if item.label == "impact_of_ai_on_product_development")
    texts = [p.read_text(encoding="utf-8") for p in (topics / "seeds").glob("*.md")]
    mentions = sum(t.count("[[impact_of_ai_on_product_development") for t in texts)
    notes = sum(1 for t in texts if "[[impact_of_ai_on_product_development" in t)
    assert development.detail.startswith(f"{mentions} mentions in {notes} note")


@lsp
async def test_completion_by_alias_and_by_letters_in_order(server, topics):
    client, uri, at = await _writing(server, topics, "See [[ai imp")
    result = await _complete(client, uri, at)
    assert result.items[0].label == "Impact of AI on product management"
    assert result.items[0].filter_text.lower() == "ai impact"


@lsp
async def test_completion_of_headings_after_hash(server, topics):
    client, uri, at = await _writing(server, topics, "See [[impact_of_ai_on_product_management#ev")
    result = await _complete(client, uri, at)
    assert [item.label for item in result.items] == ["Evaluation"]
    assert result.items[0].text_edit.new_text == "Evaluation"


@lsp
async def test_completion_of_a_label_after_bar(server, topics):
    client, uri, at = await _writing(server, topics, "See [[impact_of_ai_on_product_management |")
    result = await _complete(client, uri, at)
    assert [item.text_edit.new_text for item in result.items] == [" Impact of AI on product management"]


@lsp
async def test_no_completion_outside_a_link(server, topics):
    client, uri, at = await _writing(server, topics, "See [[pricing]] and more")
    assert await _complete(client, uri, at) is None


@lsp
async def test_definition_goes_to_the_note_and_the_heading(server, topics):
    client, uri, _at = await _writing(
        server, topics, "See [[impact_of_ai_on_product_management#Hiring | hiring]] and [[pricing]]."
    )
    text = (topics / "docs" / "draft.md").read_text(encoding="utf-8")
    target = (topics / "docs" / "impact_of_ai_on_product_management.md").as_uri()
    found = await client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(uri), position_of(text, "impact_of", inside=3))
    )
    assert found.uri == target and found.range.start.line == TOPIC.splitlines().index("## Hiring")
    found = await client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(uri), position_of(text, "[[pricing", inside=4))
    )
    assert found.uri == (topics / "docs" / "pricing.md").as_uri() and found.range.start.line == 0


@lsp
async def test_definition_of_a_dangling_link_is_empty_and_a_code_action_creates_the_note(server, topics):
    client, uri, _at = await _writing(server, topics, "See [[Growth Loops Explained | loops]].")
    text = (topics / "docs" / "draft.md").read_text(encoding="utf-8")
    where = position_of(text, "Growth", inside=2)
    assert (
        await client.text_document_definition_async(types.DefinitionParams(types.TextDocumentIdentifier(uri), where))
        is None
    )
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=types.Range(where, where),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    create = next(a for a in found if a.title.startswith("Create note"))
    created, content = create.edit.document_changes
    assert created.uri == (topics / "docs" / "growth_loops_explained.md").as_uri()
    assert content.edits[0].new_text.startswith("---\ntitle: Growth Loops Explained\n---\n")


@lsp
async def test_references_of_a_note_list_every_link_to_it(server, topics):
    client = await server(topics)
    await ready(client)
    path = topics / "docs" / "impact_of_ai_on_product_management.md"
    uri = open_note(client, path)
    await diagnostics(client, uri, version=1)
    found = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri),
            position=types.Position(8, 3),  # anywhere in the note
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    linking = sorted({Path(loc.uri).name for loc in found})
    expected = sorted(
        p.name
        for p in (topics / "seeds").glob("*.md")
        if "[[impact_of_ai_on_product_management" in p.read_text(encoding="utf-8")
    )
    assert linking == expected and len(found) == 2
    for loc in found:
        text = (topics / "seeds" / Path(loc.uri).name).read_text(encoding="utf-8").splitlines()[loc.range.start.line]
        assert text[loc.range.start.character :].startswith("[[impact_of_ai_on_product_management")


@lsp
async def test_references_of_a_topic_without_a_note(server, topics):
    client, uri, _at = await _writing(server, topics, "About [[impact_of_ai_on_product_development]].")
    text = (topics / "docs" / "draft.md").read_text(encoding="utf-8")
    found = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri),
            position=position_of(text, "impact_of", inside=1),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    # The mentions in the seeds and the draft's own.
    seeds = sum(
        p.read_text(encoding="utf-8").count("[[impact_of_ai_on_product_development")
        for p in (topics / "seeds").glob("*.md")
    )
    assert len(found) == seeds + 1


@lsp
async def test_hover_on_a_shifted_timestamp_gives_the_moment_it_plays(server, topics):
    client = await server(topics)
    await ready(client)
    path = topics / "seeds" / SHIFTED
    text = path.read_text(encoding="utf-8")
    uri = open_note(client, path)
    await diagnostics(client, uri, version=1)
    found = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), position_of(text, 'data-t="06:33:00"', inside=3))
    )
    value = found.contents.value
    assert "Plays at **00:06:33**" in value
    assert "https://www.youtube.com/watch?v=E_rNotqs--I&t=393s" in value
    assert "anchors in this note end in :00" in value  # the evidence
    assert "Checked against the episode end 03:00:00" in value


@lsp
async def test_hover_on_a_link_gives_title_first_lines_and_backlinks(server, topics):
    client, uri, _at = await _writing(server, topics, "See [[impact_of_ai_on_product_management]].")
    text = (topics / "docs" / "draft.md").read_text(encoding="utf-8")
    found = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), position_of(text, "impact_of", inside=2))
    )
    value = found.contents.value
    assert value.startswith("**Impact of AI on product management**")
    assert "> Evals decide." in value
    assert "Linked from 3 notes" in value  # two seeds and the draft


@lsp
async def test_document_symbols_are_the_headings_nested(server, topics):
    client = await server(topics)
    await ready(client)
    uri = open_note(client, topics / "docs" / "impact_of_ai_on_product_management.md")
    found = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(uri))
    )
    assert [s.name for s in found] == ["Impact of AI on product management"]
    assert [s.name for s in found[0].children] == ["Evaluation", "Hiring"]


@lsp
async def test_workspace_symbols_are_notes_by_title(server, topics):
    client = await server(topics)
    await ready(client)
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="pricing"))
    assert found[0].name == "Pricing" and found[0].location.uri == (topics / "docs" / "pricing.md").as_uri()


@lsp
async def test_completion_sees_a_title_typed_in_another_buffer(server, topics):
    client, uri, at = await _writing(server, topics, "See [[zebra")
    other = open_note(client, topics / "docs" / "other.md", "---\ntitle: Zebra crossings\n---\n")
    await diagnostics(client, other, version=1)
    result = await _complete(client, uri, at)
    assert result.items[0].label == "Zebra crossings"


@lsp
async def test_hover_on_a_dangling_link_and_on_a_source_link(server, topics):
    client, uri, _at = await _writing(
        server, topics, "From: [[lennyspodcast]]\n\nSee [[impact_of_ai_on_product_development]]."
    )
    text = (topics / "docs" / "draft.md").read_text(encoding="utf-8")
    seeds = [p.read_text(encoding="utf-8") for p in (topics / "seeds").glob("*.md")]

    async def shown(needle: str) -> str:
        found = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), position_of(text, needle, inside=3))
        )
        return found.contents.value

    mentions = sum(t.count("[[impact_of_ai_on_product_development") for t in seeds) + 1
    notes = sum(1 for t in seeds if "[[impact_of_ai_on_product_development" in t) + 1
    assert await shown("[[impact_of_ai") == (
        f"**impact_of_ai_on_product_development**: no note yet (the site shows a topic page); {mentions} mentions in {notes} notes"
    )
    assert (await shown("[[lennyspodcast")).startswith("**lennyspodcast**: the source of this note")


@lsp
async def test_references_include_links_resolved_by_the_generator_rule(server, topics):
    """`[[Product-Market Fit]]` finds `productmarket_fit.md` only through the generator's key."""
    (topics / "docs" / "productmarket_fit.md").write_text("---\ntitle: PMF\n---\n", encoding="utf-8")
    client, _uri, _at = await _writing(server, topics, "About [[Product-Market Fit]].")
    target = topics / "docs" / "productmarket_fit.md"
    target_uri = open_note(client, target)
    await diagnostics(client, target_uri, version=1)
    found = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(target_uri),
            position=types.Position(0, 0),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    text = (topics / "docs" / "draft.md").read_text(encoding="utf-8")
    assert [loc.range.start for loc in found] == [position_of(text, "[[Product-Market")]
