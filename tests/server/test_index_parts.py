"""The parts the server's index is made of agree with the core they stand in for.

The first pass reads page stubs faster than `files.read_page`, the second reads links
faster than `parse_note`, positions are computed from the core's columns, and
completion searches names in C: each must give exactly what the slower, plain way gives.
"""

from __future__ import annotations

import os
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_pmnotes.core.files import read_file, read_page
from mkdocs_pmnotes.core.index import Page
from mkdocs_pmnotes.core.parse import parse_links, parse_note
from mkdocs_pmnotes.core.site_files import SiteFiles
from mkdocs_pmnotes.server.lines import LineMap
from mkdocs_pmnotes.server.link_graph import LinkGraph, note_links, target_keys, target_span
from mkdocs_pmnotes.server.names import INSIDE, LETTERS, PREFIX, WORD, Names, tier_of
from mkdocs_pmnotes.server.scanner import page_stub, read_links

from .conftest import SEEDS

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "docs"
NOTES = sorted([*SEEDS.glob("*.md"), *HOSTILE.rglob("*.md")])

ODD_FILES = {
    "plain.md": b"---\ntitle: Plain\naliases: [A, B]\nvideoId: abcdefghijk\n---\n\nBody [[x]].\n",
    "dots.md": b"---\ntitle: Dots\n...\n\n---\ntitle: not this\n---\n",
    "bom.md": "\ufeff---\ntitle: With a BOM\n---\n".encode(),
    "crlf.md": b"---\r\ntitle: Windows\r\n---\r\n",
    "bare_cr.md": b"---\rtitle: Old Mac\r---\r",
    "none.md": b"No front matter, [[a link]].\n",
    "empty.md": b"",
    "unclosed.md": b"---\ntitle: Never closed\n",
    "latin.md": "---\ntitle: Café\n---\n".encode("cp1252"),
    "late_bad_byte.md": "---\ntitle: Café\n---\n".encode() + b"x" * 5000 + b"\x92" + b"y" * 5000,
    "long.md": b"---\ntitle: Long\nnotes: " + b"word " * 3000 + b"\n---\n",
    "yaml.md": b'---\ntitle: "Quoted: yes"\naliases:\n  - One\n  - Two\n---\n',
    "number.md": b"---\ntitle: 2024\n---\n",
    "colon.md": b"---\ntitle: Episode 12: a colon\n---\n",
    "dashes.md": b"--- \ntitle: Trailing space\n---  \n",
    # The first read is 1 KiB: a block closed past it, and bytes past it that decide how
    # the whole 8 KiB head (and so a title that is not ASCII) decodes.
    "past_first.md": b"---\ntitle: Far\nnotes: " + b"word " * 300 + b"\n---\nBody\n",
    "short_bad_byte.md": "---\ntitle: Café\n---\n".encode() + b"x" * 2000 + b"\x92",
    "cut_at_head.md": "---\ntitle: Café\n---\n".encode() + b"x" * (8192 - 22) + "é".encode(),
    "ascii_bad_byte.md": b"---\ntitle: Plain\n---\n" + b"x" * 2000 + b"\x92",
    "cr_after.md": b"---\ntitle: Unix block\n---\r\ntitle: x\n---\nBody\r\n",
    "four_dashes.md": b"---\ntitle: Four\n----\nmore: words\n---\n",
}


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.name)
def test_a_page_stub_is_the_one_read_page_makes(path):
    assert page_stub(str(path), path.name) == read_page(path, path.name)


@pytest.mark.parametrize("name", sorted(ODD_FILES))
def test_a_page_stub_of_an_odd_file_is_the_one_read_page_makes(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(ODD_FILES[name])
    assert page_stub(str(path), name) == read_page(path, name)


def test_a_page_stub_of_what_is_not_a_file_is_a_bare_page(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.md"
    folder.mkdir()
    huge = tmp_path / "huge.md"
    huge.write_bytes(b"---\ntitle: Too big\n---\n" + b"x" * 200)
    for path, limit in ((fifo, None), (huge, 100)):
        assert page_stub(str(path), path.name, limit) == read_page(path, path.name, limit) == Page(path.name)
    assert page_stub(str(folder), "folder.md") == Page("folder.md")


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.name)
def test_the_links_alone_are_the_links_of_the_whole_parse(path):
    text = read_file(path).text or ""
    assert parse_links(text) == parse_note(text).links


TEXTS = [
    *(read_file(p).text or "" for p in SEEDS.glob("*.md")),
    "a [[x]] b\r[[y|z]]\r\n[[ é ]] 😀 [[w#h]]",
    "😀[[a]]\n[[b]]",
    "é[[ab]] [[c\rd]]",
    "From: [[podcast]]\n\nSee ![[embedded]] and [[ spaced | label ]].",
]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_kept_link_positions_are_the_line_map_s(text, encoding):
    links = parse_links(text)
    kept = note_links(text, links, ["From:"], encoding)
    lines = LineMap(text, encoding)
    expected = array("i")
    for link in links:
        start, end = target_span(link)
        expected.extend((*lines.locate(link.start), *lines.locate(link.end), *lines.locate(start), *lines.locate(end)))
    assert kept.spots == expected
    assert kept.targets == tuple(link.target for link in links)


def test_a_source_line_is_kept_apart():
    text = "From: [[podcast]]\n\nSee [[topic]].\n"
    assert note_links(text, parse_links(text), ["From:"]).sources == ("podcast",)


def test_read_links_stamps_each_file_with_what_it_read(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.md").write_text("[[two]] and [[three#x]]\n", encoding="utf-8")
    (tmp_path / "two.md").write_text("no links\n", encoding="utf-8")
    files = SiteFiles.of([(tmp_path, "notes")]).walk()
    assert sorted(files) == ["notes/a/one.md", "notes/two.md"]
    found = dict(read_links(sorted(files.items()), ["From:"]))
    assert found["notes/a/one.md"].targets == ("two", "three")
    status = os.stat(files["notes/two.md"])
    assert found["notes/two.md"].stamp == (status.st_size, status.st_mtime_ns)


words = (
    st.text(alphabet="abc_", min_size=1, max_size=8).map(lambda t: t.strip("_")).filter(lambda t: t and "__" not in t)
)


@settings(max_examples=200, deadline=None)
@given(
    keys=st.lists(words, min_size=1, max_size=40, unique=True), query=st.text(alphabet="abc_", min_size=1, max_size=4)
)
def test_names_find_every_key_at_the_tier_tier_of_gives(keys, query):
    keys = sorted(keys)
    names = Names(keys)
    assert list(names.prefixed(query)) == [i for i, k in enumerate(keys) if tier_of(query, k) == PREFIX]
    for tier in (WORD, INSIDE, LETTERS):
        assert list(names.matches(query, tier)) == [i for i, k in enumerate(keys) if tier_of(query, k) == tier]


def test_tiers_order_closeness():
    assert [tier_of("pro", k) for k in ("product", "the_product", "reproduce", "p_r_o", "xyz")] == [
        PREFIX,
        WORD,
        INSIDE,
        LETTERS,
        None,
    ]


targets = st.sampled_from(["a", "A", "b c", "B_C", "folder/a", "a.md", "d-e", ""])


@settings(max_examples=150, deadline=None)
@given(steps=st.lists(st.tuples(st.sampled_from(["x", "y", "z"]), st.lists(targets, max_size=4)), max_size=12))
def test_link_counts_kept_up_to_date_are_a_fresh_count(steps):
    from mkdocs_pmnotes.server.link_graph import NoteLinks

    graph = LinkGraph()
    now: dict[str, list[str]] = {}
    for name, found in steps:
        graph.set(name, NoteLinks(tuple(found), array("i", [0] * 8 * len(found))))
        now[name] = found
    for key in {k for found in now.values() for t in found for k in target_keys(t)}:
        linkers = {n for n, found in now.items() if any(key in target_keys(t) for t in found)}
        assert set(graph.linkers(key)) == linkers
        first = {n for n, found in now.items() if any(target_keys(t)[0] == key for t in found)}
        assert set(graph.named(key)) == first
        assert graph.mentions(key) == sum(1 for found in now.values() for t in found if target_keys(t)[0] == key)
