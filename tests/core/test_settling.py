"""Whether fixes may rewrite a note is worked out once, when first asked, and holds no text."""

from __future__ import annotations

import gc

from mkdocs_pmnotes.core import settled
from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.times import analyse


def _note(times, path="n.md"):
    anchors = " ".join(f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>' for t in times)
    return parse_note(f"---\ntitle: T\nvideoId: abcdefghijk\n---\nA sentence {anchors}\n", path)


SHIFTED = ["06:33:00", "00:30:00", "24:45:00", "11:07:00", "03:02:00", "00:00:00"]


def test_the_second_reading_waits_for_the_first_question(monkeypatch):
    calls = []
    settles = settled.settles
    monkeypatch.setattr(settled, "settles", lambda *args: calls.append(args) or settles(*args))
    note = _note(SHIFTED, "waits.md")
    times = analyse(note, [note])
    assert any(t.corrected for t in times) and calls == []
    assert [t.rewritable for t in times] == [True] * len(times)
    assert len(calls) == 1  # one per note, shared by its anchors


def test_a_note_read_otherwise_once_written_is_not_rewritable():
    # `60:00:00` plays 60 min; written `01:00:00` it would be read as 1 min: the fixes leave it.
    for times, expected in ((["60:00:00"], False), (["60:00:00", "00:10:00"], True), (SHIFTED, True)):
        note = _note(times, f"{len(times)}-{times[0]}.md")
        read = analyse(note, [note])
        assert read[0].how.name == "SHIFTED"
        assert [t.rewritable for t in read] == [expected] * len(read)


def test_readings_hold_no_note_text_before_or_after_the_question():
    note = _note(SHIFTED, "memory.md")
    times = analyse(note, [note])
    text = note.text
    for asked in (False, True):
        if asked:
            assert all(t.rewritable for t in times)
        seen, todo = set(), list(times)
        while todo:
            item = todo.pop()
            if id(item) in seen or isinstance(item, type):
                continue
            seen.add(id(item))
            assert item is not text and item is not note
            todo.extend(gc.get_referents(item))
