"""The words of an anchor's sentence: ASCII text, read by a shortcut, reads as the definition says."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.readings import SENTENCE_REACH, sentence_words

TS = '<a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>'


def _definition(note, anchor):
    """The sentence before the anchor in its paragraph or list item, tags dropped; its words of 4+ letters."""
    text = note.text
    floor = max(note.front.body_start, anchor.start - SENTENCE_REACH)
    start = max(floor, text.rfind("\n\n", floor, anchor.start))
    items = list(re.finditer(r"\n[ \t]*(?:[-*+]|\d+[.)])[ \t]", text[: anchor.start][start:]))
    before = text[start + items[-1].end() if items else start : anchor.start]
    before = re.sub(r"<[^<>]*>", " ", before)
    sentence = re.split(r"[.!?]\s", before)[-1]
    return frozenset(word.lower() for word in re.findall(r"[^\W\d_]{4,}", sentence))


PIECES = ["Word", "more", "text", "is", ". ", "! ", "?\t", ".\x1c", ".\x0b", "..", "\n", "\n\n", "\n- ", "\n 2) "]
PIECES += ["<b>", "</b>", "<", ">", " ", "x_yz", "abc1defg", "Straße", "ΣΟΦΙΑ", "İstanbul", ".\xa0", "ＷＯＲＤ"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.lists(st.sampled_from(PIECES), max_size=20))
@example(["The first. Then a long sentence\n- an item with words"], [])
def test_sentence_words_read_as_the_definition(first, second):
    text = f"---\ntitle: A\n---\n\n{''.join(first)} {TS}{''.join(second)} {TS}\n"
    note = parse_note(text, "a.md")
    for anchor in note.anchors:
        assert sentence_words(note, anchor) == _definition(note, anchor)


def test_the_last_sentence_of_the_item_is_read():
    note = parse_note(
        f"---\ntitle: A\n---\n\nIntro words here.\n- First claim. Second claim about pricing {TS}\n", "a.md"
    )
    assert sentence_words(note, note.anchors[0]) == {"second", "claim", "about", "pricing"}
