"""`NoteCache`: parsed notes held beside the index, and let go when a front end is done with them."""

from __future__ import annotations

import pytest

from mkdocs_pmnotes.core.index import Page, SiteIndex
from mkdocs_pmnotes.core.notes import NoteCache
from mkdocs_pmnotes.core.parse import parse_note


def _counting(texts: dict[str, str]) -> tuple[NoteCache, list[str]]:
    calls: list[str] = []

    def load(path: str):
        calls.append(path)
        return parse_note(texts[path], path) if path in texts else None

    return NoteCache(load), calls


def test_a_note_is_parsed_once_until_it_is_let_go():
    notes, calls = _counting({"a.md": "# A\n"})
    first = notes.note("a.md")
    assert first is not None and first.headings[0].text == "A"
    assert notes.note("a.md") is first
    assert calls == ["a.md"]
    notes.release("a.md")
    assert notes.cached("a.md") is None
    assert notes.note("a.md") is not first
    assert calls == ["a.md", "a.md"]


def test_a_path_the_site_has_no_page_for_is_never_read():
    notes, calls = _counting({"a.md": "# A\n"})
    assert notes.note("a.md", known=False) is None
    assert calls == []
    assert NoteCache().note("a.md") is None  # no loader: nothing to read with


def test_an_unreadable_note_is_asked_for_once():
    notes, calls = _counting({})
    assert notes.note("gone.md") is None
    assert notes.note("gone.md") is None
    assert calls == ["gone.md"]


def test_a_note_parsed_elsewhere_is_not_parsed_again():
    notes, calls = _counting({"a.md": "# From disk\n"})
    held = parse_note("# From the editor\n", "a.md")
    notes.remember(held)
    assert notes.cached("a.md") is held
    assert notes.note("a.md") is held
    notes.remember(parse_note("# Other\n", "x.md"), "b.md")
    assert notes.cached("b.md").headings[0].text == "Other"
    assert calls == []


def test_forget_lets_every_note_go():
    notes, calls = _counting({"a.md": "a\n", "b.md": "b\n"})
    notes.note("a.md"), notes.note("b.md")
    notes.forget()
    assert notes.cached("a.md") is None and notes.cached("b.md") is None
    notes.note("a.md")
    assert calls == ["a.md", "b.md", "a.md"]


def test_the_index_reads_pages_through_its_cache_and_keeps_headings_after_a_release():
    notes, calls = _counting({"a.md": "## Part\n", "off.md": "## Off\n"})
    index = SiteIndex.build([Page("a.md")], notes)
    assert index.notes is notes
    assert index.note("off.md") is None  # not a page of the site: never read
    assert index.note("a.md") is notes.cached("a.md") is not None
    index.release("a.md")
    assert notes.cached("a.md") is None
    assert index.find_heading("a.md", "part") is not None  # kept by the index, not read again
    assert calls == ["a.md"]
    index.remember(parse_note("# Held\n", "a.md"))
    assert index.cached("a.md").headings[0].text == "Held"
    index.forget()
    assert index.cached("a.md") is None


def test_each_index_has_a_cache_of_its_own():
    one, two = SiteIndex(), SiteIndex.build([])
    one.remember(parse_note("x\n", "a.md"))
    assert two.cached("a.md") is None


def test_a_loader_given_the_old_way_still_works_with_a_warning():
    notes, calls = _counting({"a.md": "# A\n"})
    with pytest.warns(DeprecationWarning, match="NoteCache"):
        index = SiteIndex.build([Page("a.md")], load=notes.load)
    assert index.note("a.md").headings[0].text == "A"
    assert calls == ["a.md"]
