"""Tables for clock parsing and the shifted-timestamp analysis, on the real seeds too."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_pmnotes.core.mentions import context, plain
from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.times import analyse
from mkdocs_pmnotes.core.timestamps import format_clock, parse_clock, parse_duration

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("00:28:47", 28 * 60 + 47),
        ("1:02:03", 3723),
        ("06:33", 393),
        ("58:59:00", 58 * 3600 + 59 * 60),
        ("00:61:10", None),
        ("1:2", None),
        ("00:1a:00", None),
        ("00:00:60", None),
        ("1:2:03", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_clock(text, total):
    clock = parse_clock(text)
    assert (clock.total if clock else None) == total


@pytest.mark.parametrize(("value", "seconds"), [(3600, 3600), ("1:02:03", 3723), ("90", 90), ("soon", None), (True, None)])
def test_parse_duration(value, seconds):
    assert parse_duration(value) == seconds


def test_format_clock():
    assert format_clock(393) == "00:06:33"


def _anchors(times):
    return " ".join(f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>.' for t in times)


def _note(times, path="n.md", video="abcdefghijk", extra=""):
    return parse_note(f"---\ntitle: T\nvideoId: {video}\n{extra}---\n{_anchors(times)}\n", path)


def test_well_formed_note_past_an_hour_is_not_shifted():
    note = _note(["00:01:07", "00:12:45", "00:33:19", "01:02:58", "01:15:31", "01:40:09", "00:05:00"])
    assert all(t.corrected is None and not t.beyond_end for t in analyse(note, [note]))


def test_padded_note_is_read_as_minutes_seconds():
    note = _note(["06:33:00", "00:30:00", "24:45:00", "11:07:00", "03:02:00", "00:00:00"])
    times = analyse(note, [note])
    assert [t.corrected and format_clock(t.corrected.total) for t in times] == [
        "00:06:33", "00:00:30", "00:24:45", "00:11:07", "00:03:02", None,
    ]
    assert times[0].seconds == 393
    assert "5 of 6" not in times[0].evidence.describe()
    assert "6 of 6 anchors in this note end in :00" in times[0].evidence.describe()


def test_a_real_looking_last_field_is_kept_in_a_shifted_note():
    note = _note(["06:33:01", "07:02:02", "08:28:09", "09:32:02", "10:31:09", "01:00:43"])
    times = analyse(note, [note])
    assert times[-1].corrected is None and times[-1].seconds == 3643
    assert times[0].seconds == 393


def test_notes_on_the_same_video_are_evidence_for_each_other():
    weak = _note(["00:30:00", "00:44:00"], "weak.md")
    strong = _note(["06:33:00", "07:02:00", "08:28:00", "24:45:00", "11:07:00"], "strong.md")
    assert all(t.corrected is None for t in analyse(weak, [weak]))
    together = analyse(weak, [weak, strong])
    assert [t.seconds for t in together] == [30, 44]
    assert "2 notes on video" in together[0].evidence.describe()


def test_duration_bounds_the_episode():
    note = _note(["00:10:00", "01:30:00"], extra="duration: '1:00:00'\n")
    assert [t.beyond_end for t in analyse(note, [note])] == [False, True]


def _seed(name):
    path = next(SEEDS.glob(f"{name}_*.md"))
    return parse_note(path.read_text(encoding="utf-8"), path.name)


def test_seeds_shifted_reading():
    clean, shifted, mixed = _seed("000"), _seed("001"), _seed("004")
    assert not any(t.corrected or t.beyond_end for t in analyse(clean, [clean]))
    group = [shifted, mixed]
    first = analyse(shifted, group)
    assert sum(1 for t in first if t.corrected) == 51  # all but 01:10:10
    assert first[0].anchor.data_t == "06:33:00" and first[0].seconds == 393
    assert "50 of 52 anchors in this note end in :00" in first[0].evidence.describe()
    second = analyse(mixed, group)
    kept = [t.anchor.data_t for t in second if t.corrected is None]
    assert kept == ["00:00:00", "01:02:15", "01:00:43", "01:00:26"]


def test_mention_context_sentence_and_anchor():
    note = _seed("000")
    link = next(l for l in note.links if l.target == "challenges_in_ai_product_management")
    sentence, anchor = context(note, link)
    assert sentence == "Success in this field requires addressing specific challenges and adapting the product management mindset."
    assert anchor.data_t == "00:30:06"


def test_plain_drops_markup():
    assert plain('**Bold** [[a | b]] <a class="yt-timestamp" data-t="1:00">[1:00]</a>.') == "Bold b."


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("Intro line.\nThe [[x | topic]] runs\nover two lines.\n\nNext.", "The topic runs over two lines."),
        ("- item one [[x]] here\n- item two", "item one x here"),
        ("## Heading [[x]]\nBody text.", "Heading x"),
        ("A para.\n- list [[x]] item\n  continued.\nplain", "list x item continued."),
        ("Use `code` with [[x]].", "Use code with x."),
    ],
)
def test_mention_sentence_spans_hard_wrapped_blocks(text, sentence):
    note = parse_note(text)
    assert context(note, note.links[0])[0] == sentence


def test_fixing_one_note_of_a_pair_does_not_shift_it_again():
    """The sibling's evidence must not re-correct a note whose own anchors are fixed."""
    fixed = _note(["00:06:33", "00:07:02", "00:08:28", "00:10:05", "00:11:07", "00:24:45", "00:03:02"], "fixed.md")
    unfixed = _note(["06:33:00", "07:02:00", "08:28:00", "24:45:00", "11:07:00"], "unfixed.md")
    assert all(t.corrected is None for t in analyse(fixed, [fixed, unfixed]))
    assert all(t.corrected for t in analyse(unfixed, [fixed, unfixed]))
