"""Front matter is split exactly where MkDocs splits it, so a page never has two readings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from mkdocs_pmnotes.core.frontmatter import parse_front_matter, simple_mapping


def mkdocs_reads(text: str) -> tuple[dict, str]:
    """What MkDocs makes of a file with this text: it opens pages as utf-8-sig with universal newlines.

    The page's text is compared from its first non-blank character: MkDocs also
    drops a first line of spaces, which changes nothing on the page.
    """
    source = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    doc, data = get_data(source)
    return data, doc.lstrip()


def ours(text: str) -> tuple[dict, str]:
    front = parse_front_matter(text)
    if not front.usable:
        return {}, text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").lstrip()
    body = text[front.body_start :].replace("\r\n", "\n").replace("\r", "\n")
    return front.data, body.lstrip()


SEPARATORS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\r", "\r\n"]


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_block_split_by_any_line_break_reads_as_mkdocs_reads_it(separator):
    text = f"---\ntitle: A{separator}videoId: dQw4w9WgXcQ\n---\n# Body\n"
    assert ours(text) == mkdocs_reads(text)


@pytest.mark.parametrize("separator", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e"])
def test_a_block_mkdocs_refuses_is_an_error_not_a_title(separator):
    front = parse_front_matter(f"---\ntitle: A{separator}videoId: dQw4w9WgXcQ\n---\n# Body\n")
    assert front.present and not front.usable and "not valid YAML" in (front.error or "")
    assert simple_mapping(f"title: A{separator}videoId: dQw4w9WgXcQ") is None


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("---\n---\nbody\n", "empty"),
        ("---\ntitle: A\n---", "line break after it"),
        ("---\ntitle: A\nbody\n", "never closed"),
    ],
)
def test_a_block_mkdocs_does_not_take_says_why(text, error):
    front = parse_front_matter(text)
    assert not front.usable and error in (front.error or "")
    assert mkdocs_reads(text)[0] == {}


PIECES = st.sampled_from(
    [
        "---",
        "...",
        "----",
        "title: A",
        "Title: B",
        "    more",
        "\tmore",
        "From: [[x]]",
        "videoId: dQw4w9WgXcQ",
        "- a",
        "x: [1",
        " ",
        "\t",
        "\n",
        "\r",
        "\r\n",
        *SEPARATORS,
        "\ufeff",
        "body",
        "# H",
        "a: 'b'",
        "c: 2",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["", "\ufeff"]), st.sampled_from(["", " ", "\t "]), st.lists(PIECES, max_size=14))
def test_any_text_splits_as_mkdocs_splits_it(bom, space, pieces):
    # Texts that open a YAML block: MkDocs' MultiMarkdown meta-data is left aside (see parse_front_matter).
    text = f"{bom}---{space}\n" + "".join(pieces)
    assert ours(text) == mkdocs_reads(text)
