"""Tables for clock parsing and the shifted-timestamp analysis, on the real seeds too."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_pmnotes.core.clock import format_clock, parse_clock, parse_duration
from mkdocs_pmnotes.core.mentions import context, plain
from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.times import analyse

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


@pytest.mark.parametrize(
    ("value", "seconds"), [(3600, 3600), ("1:02:03", 3723), ("90", 90), ("soon", None), (True, None)]
)
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
        "00:06:33",
        "00:00:30",
        "00:24:45",
        "00:11:07",
        "00:03:02",
        None,
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
    assert "strong.md (5 of 5 anchors read as minutes:seconds) on the same video" in together[0].evidence.describe()


def test_a_note_with_enough_anchors_is_not_outvoted_by_real_time_siblings():
    shifted = _note(["05:12:00", "12:40:00", "18:05:00", "27:31:00", "35:58:00", "44:19:00"], "shifted.md")
    real = [_note(["00:01:17", "00:11:43", "00:21:29", "00:31:51", "00:41:36", "01:01:12"], f"r{i}.md") for i in (1, 2)]
    times = analyse(shifted, [shifted, *real])
    assert [t.seconds for t in times] == [312, 760, 1085, 1651, 2158, 2659]
    assert times[0].evidence.scope == "note"
    assert all(t.corrected is None for r in real for t in analyse(r, [shifted, *real]))


def test_a_real_time_sibling_does_not_shift_a_weak_note():
    weak = _note(["00:30:00", "00:44:00"], "weak.md")
    real = _note(["00:01:17", "00:11:43", "00:21:29", "00:31:51", "00:41:36"], "real.md")
    assert [t.seconds for t in analyse(weak, [weak, real])] == [1800, 2640]


def test_a_stretch_of_shifted_writing_is_read_whole_and_real_time_after_it_stays():
    # The issue's own case: 01:46:00 ... 05:57:00 is minutes:seconds, then real time again.
    times = ["00:04:17", "00:19:43", "00:52:51", "01:46:00", "01:48:00", "02:59:00", "03:04:00", "05:57:00"]
    times += ["01:07:00", "01:07:35", "01:07:49", "01:09:21", "01:11:58"]
    note = _note(times)
    read = analyse(note, [note])
    assert [t.seconds for t in read] == [257, 1183, 3171, 106, 108, 179, 184, 357, 4020, 4055, 4069, 4161, 4318]
    assert [t.how.name for t in read] == ["WRITTEN"] * 3 + ["SHIFTED"] * 5 + ["WRITTEN"] * 5
    assert "as written it is past the end of the episode (03:00:00, the default end)" in read[6].why


def test_right_times_in_order_stay_as_written():
    for times in (["00:22:40", "00:24:06", "00:24:25"], ["00:04:57", "00:05:00", "00:05:06"]):
        note = _note(times)
        assert [t.how.name for t in analyse(note, [note])] == ["WRITTEN"] * 3
    note = _note(["01:02:36", "01:03:02", "01:07:10"])
    assert [t.seconds for t in analyse(note, [note])] == [3756, 3782, 4030]


def test_a_junk_last_field_past_the_end_plays_its_minutes_seconds_not_zero():
    note = _note(["10:12:00", "10:31:07", "10:51:31", "11:02:44", "42:30:54"])
    read = analyse(note, [note])
    assert [t.seconds for t in read] == [612, 631, 651, 662, 2550]
    assert all(t.seconds != 0 for t in read)


def test_two_real_time_notes_past_three_hours_prove_a_long_stream():
    times = ["02:31:17", "02:40:36", "02:49:02", "02:59:51", "03:00:08", "03:00:14", "03:28:40"]
    one = _note(times, "one.md")
    two = _note(["02:35:11", "02:52:43", "03:05:29", "03:19:37", "03:31:52"], "two.md")
    read = analyse(one, [one, two])
    assert [t.seconds for t in read] == [parse_clock(t).total for t in times]
    assert read[-1].end_from == "siblings" and read[-1].end >= 3 * 3600 + 31 * 60


def test_nothing_fits_plays_nothing_and_says_why():
    note = _note(["00:10:00", "00:21:07", "97:45:21"], extra="duration: '1:00:00'\n")
    read = analyse(note, [note])
    assert [t.seconds for t in read] == [600, 1267, None]
    assert read[-1].how.name == "NONE" and read[-1].beyond_end
    assert "no other reading fits" in read[-1].why


def test_four_fields_read_as_the_first_three():
    note = _note(["00:58:01", "01:00:37:00", "01:02:11"])
    read = analyse(note, [note])
    assert [t.seconds for t in read] == [3481, 3637, 3731] and read[1].how.name == "FOUR"


def test_hour_on_the_hour_in_a_shifted_note_reads_as_minutes():
    note = _note(["06:33:00", "07:02:00", "08:28:00", "24:45:00", "11:07:00", "03:00:00"])
    assert analyse(note, [note])[-1].seconds == 180


def test_a_label_that_fits_plays_when_data_t_cannot():
    anchors = _anchors(["00:58:12", "01:04:31"]) + ' <a class="yt-timestamp" data-t="11:11:00">[01:11:00]</a>.'
    note = parse_note(f"---\ntitle: T\nvideoId: abcdefghijk\n---\n{anchors}\n", "n.md")
    time = analyse(note, [note])[-1]
    assert time.corrected is None and time.how.name == "LABEL" and time.seconds == 4260


def test_duration_bounds_the_episode():
    note = _note(["00:10:00", "00:20:13", "71:30:17"], extra="duration: '1:00:00'\n")
    assert [t.beyond_end for t in analyse(note, [note])] == [False, False, True]
    padded = _note(["00:10:00", "01:30:00"], extra="duration: '1:00:00'\n")
    assert [t.seconds for t in analyse(padded, [padded])][-1] == 90  # past the end, read as 1:30


def _seed(name):
    path = next(SEEDS.glob(f"{name}_*.md"))
    return parse_note(path.read_text(encoding="utf-8"), path.name)


def test_seeds_shifted_reading():
    clean, shifted, mixed = _seed("000"), _seed("001"), _seed("004")
    assert not any(t.corrected or t.beyond_end for t in analyse(clean, [clean]))
    group = [shifted, mixed]
    first = analyse(shifted, group)
    assert sum(1 for t in first if t.corrected) == 52
    assert first[0].anchor.data_t == "06:33:00" and first[0].seconds == 393
    assert "50 of 52 anchors in this note end in :00" in first[0].evidence.describe()
    second = analyse(mixed, group)
    kept = [t.anchor.data_t for t in second if t.corrected is None]
    # 01:02:05 stands a minute from 01:00:43 and 01:00:26 in its paragraph: one style, real time.
    assert kept == ["00:00:00", "01:00:43", "01:02:05", "01:00:26"]


def test_mention_context_sentence_and_anchor():
    note = _seed("000")
    link = next(x for x in note.links if x.target == "challenges_in_ai_product_management")
    sentence, anchor = context(note, link)
    assert (
        sentence
        == "Success in this field requires addressing specific challenges and adapting the product management mindset."
    )
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
