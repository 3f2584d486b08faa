"""Tables for link resolution, slugs and the site index."""

from __future__ import annotations

import pytest

from mkdocs_pmnotes.core.index import Page, SiteIndex
from mkdocs_pmnotes.core.notes import NoteCache
from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.slugs import generator_key, keys, loose_key


@pytest.mark.parametrize(
    ("text", "loose", "generator"),
    [
        ("Product-Market Fit", "product_market_fit", "productmarket_fit"),
        ("AI product management strategies", "ai_product_management_strategies", "ai_product_management_strategies"),
        ("  impact_of_ai  ", "impact_of_ai", "impact_of_ai"),
        ("What's next? (2024)", "whats_next_2024", "whats_next_2024"),
        ("a - b", "a_b", "a_b"),
        ("Café Crème", "café_crème", "café_crème"),
    ],
)
def test_keys(text, loose, generator):
    assert loose_key(text) == loose
    assert generator_key(text) == generator
    assert keys(text)[0] == loose


def _index(*pages: Page) -> SiteIndex:
    return SiteIndex.build(pages)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("impact_of_ai", "notes/impact_of_ai.md"),
        ("Impact of AI", "notes/impact_of_ai.md"),
        (" impact-of-ai ", "notes/impact_of_ai.md"),
        ("IMPACT_OF_AI", "notes/impact_of_ai.md"),
        ("Product-Market Fit", "notes/productmarket_fit.md"),  # the generator's own rule
        ("Overcoming challenges", "notes/000_abc.md"),  # by title
        ("shiny objects", "notes/000_abc.md"),  # by alias
        ("notes/impact_of_ai", "notes/impact_of_ai.md"),  # by path
        ("impact_of_ai.md", "notes/impact_of_ai.md"),
    ],
)
def test_resolution_finds_the_page(target, expected):
    index = _index(
        Page("notes/impact_of_ai.md"),
        Page("notes/productmarket_fit.md"),
        Page("notes/000_abc.md", title="Overcoming challenges", aliases=("Shiny Objects",)),
    )
    result = index.resolve(target, "notes/other.md")
    assert result.status == "found" and result.page.path == expected


def test_exact_stem_beats_normalised_match():
    index = _index(Page("a/Foo_Bar.md"), Page("b/foo_bar.md"))
    assert index.resolve("Foo_Bar").page.path == "a/Foo_Bar.md"
    assert index.resolve("foo bar").status == "ambiguous"


def test_same_folder_wins_then_ambiguity():
    index = _index(Page("x/topic.md"), Page("y/topic.md"), Page("y/Topic.md"))
    assert index.resolve("topic", "x/note.md").page.path == "x/topic.md"
    ambiguous = index.resolve("TOPIC", "z/note.md")
    assert ambiguous.status == "ambiguous" and len(ambiguous.candidates) == 3
    assert index.resolve("TOPIC", "y/note.md").status == "ambiguous"


def test_missing_and_crafted_targets():
    index = _index(Page("notes/a.md"))
    for target in ["nothing", "../../etc/passwd", "<script>alert(1)</script>", "javascript:alert(1)"]:
        assert index.resolve(target, "notes/a.md").status == "missing"


def test_empty_target_is_the_page_itself():
    index = _index(Page("notes/a.md"))
    assert index.resolve("", "notes/a.md").page.path == "notes/a.md"


def test_notes_are_loaded_once_and_headings_found():
    calls = []

    def load(path):
        calls.append(path)
        return parse_note("## Part Two\n", path)

    index = SiteIndex.build([Page("a.md")], NoteCache(load))
    assert index.find_heading("a.md", "part-two").text == "Part Two"
    assert index.find_heading("a.md", "Part two").slug == "part-two"
    assert index.find_heading("a.md", "missing") is None
    assert calls == ["a.md"]


def test_collisions_and_video_groups():
    index = _index(
        Page("a/foo_bar.md", video_id="v1"),
        Page("b/Foo-Bar.md", video_id="v1"),
        Page("c/other.md", title="Foo bar"),
        Page("d/unique.md"),
    )
    (owners,) = index.collisions().values()
    assert sorted(p.path for p in owners) == ["a/foo_bar.md", "b/Foo-Bar.md", "c/other.md"]
    assert [p.path for p in index.same_video("v1")] == ["a/foo_bar.md", "b/Foo-Bar.md"]
