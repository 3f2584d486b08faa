"""Backlink sentences cost about the length of a paragraph, however many links it holds.

Each link's sentence was found by reading its whole paragraph again: a paragraph
of n links cost n paragraphs (4,000 links on one line took half a minute to
build). Work is counted (characters the patterns, `find` and `plain` look at),
never timed.
"""

from __future__ import annotations

import dataclasses

import pytest

from mkdocs_pmnotes.core import mentions
from mkdocs_pmnotes.core.index import SiteIndex
from mkdocs_pmnotes.core.parse import parse_note

from .support import scanning_work

HEAD = "---\ntitle: Bomb\nvideoId: E_rNotqs--I\n---\n\n"
ANCHOR = '<a class="yt-timestamp" data-t="00:01:02">[00:01:02]</a>'

PARAGRAPHS = {
    "one line": lambda n: " ".join(f"word [[t{i}]] and" for i in range(n)) + ".\n",
    "hard-wrapped lines": lambda n: "\n".join(f"word [[t{i}]] and" for i in range(n)) + ".\n",
    "a sentence each": lambda n: " ".join(f"Word [[t{i}]] said {ANCHOR}." for i in range(n)) + "\n",
    "a list item": lambda n: "- " + "\n  ".join(f"item [[t{i}]] {ANCHOR}" for i in range(n)) + "\n",
}


def _mention_work(monkeypatch, text: str) -> int:
    """Characters that collecting the mentions of the note `text` looks at."""
    parsed = parse_note(text, "bomb.md")
    plained = [0]
    real_plain = mentions.plain

    def counted_plain(fragment: str) -> str:
        plained[0] += len(fragment)
        return real_plain(fragment)

    def run(counted: str) -> object:
        note = dataclasses.replace(parsed, text=counted)
        found = mentions.collect(SiteIndex(), [note])
        assert sum(len(m) for m in found.to_topic.values()) == len(parsed.links)
        return found

    monkeypatch.setattr(mentions, "plain", counted_plain)
    return scanning_work((mentions,), monkeypatch, run, text) + plained[0]


@pytest.mark.parametrize("make", PARAGRAPHS.values(), ids=PARAGRAPHS.keys())
def test_mentions_of_one_paragraph_cost_its_length(monkeypatch, make):
    def work(count: int) -> tuple[int, int]:
        text = HEAD + make(count)
        return _mention_work(monkeypatch, text), len(text)

    (small, _), (large, size) = work(1_000), work(4_000)
    assert large <= 4.5 * small  # four times the links, four times the work: it was sixteen
    assert large <= 12 * size


def test_links_in_one_sentence_share_it():
    note = parse_note(HEAD + PARAGRAPHS["one line"](50), "bomb.md")
    contexts = mentions.Contexts(note)
    sentences = {id(contexts.of(link)[0]) for link in note.links}
    assert len(sentences) == 1
