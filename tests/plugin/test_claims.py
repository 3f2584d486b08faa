"""The claims of an episode's timeline, read from a note without a build."""

from __future__ import annotations

from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.times import analyse
from mkdocs_pmnotes.render.claims import UNPLAYABLE, claims
from mkdocs_pmnotes.render.headings import page_ids
from mkdocs_pmnotes.render.plan import by_start

TS = '<a class="yt-timestamp" data-t="{t}">[{t}]</a>'
NOTE = (
    "---\ntitle: N\nvideoId: E_rNotqs--I\n---\n\n"
    f"Opening words, then [[a | a link]] and a claim {TS.format(t='00:01:00')}. A second claim"
    f" in the same paragraph {TS.format(t='00:02:00')}.\n\n"
    f"## The [[b | second]] part\n\n{TS.format(t='00:03:00')} opens this sentence.\n\n"
    '<a class="yt-timestamp" data-t="99:99">[99:99]</a> is no time at all.\n'
)


def test_each_readable_anchor_is_a_claim_with_its_sentence_and_section():
    note = parse_note(NOTE, "n.md")
    reading = by_start(analyse(note, [note]))
    found = claims(note, reading, page_ids(note, reading))
    assert [c.seconds for c in found] == [60, 120, 180]  # the unreadable one is left out
    assert found[0].sentence == "Opening words, then a link and a claim"
    assert found[1].sentence == "A second claim in the same paragraph"
    assert found[2].sentence == "opens this sentence"  # an anchor opening its sentence
    assert [c.heading for c in found] == ["", "", "The second part"]
    assert found[2].heading_id == "the-second-part"
    assert {c.source for c in found} == {"n.md"}


def test_a_time_no_reading_fits_is_a_claim_apart_never_at_zero():
    text = (
        NOTE.replace("title: N\n", "title: N\nduration: 1:00:00\n")
        + f"\nPast every reading {TS.format(t='97:10:00')}.\n"
    )
    note = parse_note(text, "n.md")
    reading = by_start(analyse(note, [note]))
    found = claims(note, reading, page_ids(note, reading))
    assert [c.seconds for c in found] == [60, 120, 180, UNPLAYABLE]
    assert found[-1].data_t == "97:10:00" and found[-1].sentence == "Past every reading"
