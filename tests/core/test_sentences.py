"""A sentence never ends inside a wiki link, whatever its label holds."""

from __future__ import annotations

from mkdocs_pmnotes.core.mentions import context
from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.times import analyse
from mkdocs_pmnotes.render.claims import claims
from mkdocs_pmnotes.render.headings import page_ids
from mkdocs_pmnotes.render.plan import by_start

TS = '<a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>'
NOTE = (
    "---\ntitle: A\nvideoId: dQw4w9WgXcQ\n---\n\n"
    f"First things. We compared [[build_vs_buy | Build vs. buy]] and [[Pros vs. cons]] options {TS}. Then more.\n"
)


def test_the_backlink_sentence_keeps_a_label_with_a_full_stop():
    note = parse_note(NOTE, "a.md")
    for link in note.links:
        sentence, anchor = context(note, link)
        assert sentence == "We compared Build vs. buy and Pros vs. cons options."
        assert "]]" not in sentence and anchor is not None


def test_the_timeline_claim_keeps_it_too():
    note = parse_note(NOTE, "a.md")
    reading = by_start(analyse(note, [note]))
    (claim,) = claims(note, reading, page_ids(note, reading))
    assert claim.sentence == "We compared Build vs. buy and Pros vs. cons options"
