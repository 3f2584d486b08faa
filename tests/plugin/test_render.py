"""The HTML renderers: escaping, videoId checks and the markup the assets rely on."""

from __future__ import annotations

import pytest

from mkdocs_pmnotes.core.times import How
from mkdocs_pmnotes.render import markup as render
from mkdocs_pmnotes.render.templates import default_templates
from mkdocs_pmnotes.render.views import EpisodeGroup, MentionView

HOSTILE = "<script>alert(\"x\")</script> & 'q'"


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("E_rNotqs--I", True),
        ("qNPPoj1qUG0", True),
        ("E_rNotqs--", False),  # 10 characters
        ("E_rNotqs--II", False),  # 12 characters
        ('E_rNotqs"-I', False),
        ("javascript:", False),
        ("abc def ghi", False),
        (None, False),
        (12345678901, False),
    ],
)
def test_video_id_is_checked(value, valid):
    assert (render.valid_video_id(value) is not None) is valid


def test_youtube_url_refuses_an_unchecked_video():
    assert render.youtube_url("E_rNotqs--I", 393) == "https://www.youtube.com/watch?v=E_rNotqs--I&t=393s"
    with pytest.raises(ValueError):
        render.youtube_url('x"><script>', 1)


def test_link_escapes_label_title_and_href():
    html = render.link('a/"b"/', HOSTILE, title=HOSTILE)
    assert "<script>" not in html
    assert 'href="a/&quot;b&quot;/"' in html
    assert html.endswith(">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;</a>")


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "mailto:a"])
def test_a_scheme_like_href_stays_in_site(href):
    assert f'href="./{href}"' in render.link(href, "x")


def test_topic_and_embed_classes():
    assert render.link("t/", "x", topic=True).startswith('<a class="pmn-link pmn-topic" href="t/">')
    assert render.link("t/", "x", embed=True).startswith('<a class="pmn-link pmn-embed"')


def test_dangling_and_ambiguous_are_not_links():
    warned = render.dangling(HOSTILE, HOSTILE)
    assert warned.startswith('<span class="pmn-dangling" title="No page for &lt;script&gt;')
    assert "<a " not in warned and "<script>" not in warned
    both = render.ambiguous("x", "t", ["a/t.md", "b/t.md"])
    assert both.startswith('<span class="pmn-dangling pmn-ambiguous"') and "a/t.md, b/t.md" in both


def test_timestamp_is_a_real_youtube_link():
    html = render.timestamp(render.Moment("00:28:47", "00:28:47", "E_rNotqs--I", 1727))
    assert html == (
        '<a class="yt-timestamp pmn-ts" href="https://www.youtube.com/watch?v=E_rNotqs--I&amp;t=1727s"'
        ' data-t="00:28:47" data-pmn-video="E_rNotqs--I" data-pmn-seconds="1727"'
        ' target="_blank" rel="noopener">[00:28:47]</a>'
    )


def test_shifted_timestamp_says_so():
    html = render.timestamp(render.Moment("06:33:00", "06:33:00", "E_rNotqs--I", 393, how=How.SHIFTED))
    assert 'class="yt-timestamp pmn-ts pmn-ts-shifted"' in html
    assert "t=393s" in html and 'data-pmn-seconds="393"' in html
    # Not `title`: Material's instant previews remove the title of the links they handle.
    assert " title=" not in html
    assert 'data-pmn-tip="Written as 06:33:00; plays 00:06:33, read as minutes:seconds"' in html
    assert 'data-pmn-written="06:33:00"' in html and html.endswith(">[00:06:33]</a>")


def test_label_reading_plays_the_label_and_keeps_it():
    html = render.timestamp(render.Moment("01:11:00", "11:11:00", "E_rNotqs--I", 4260, how=How.LABEL))
    assert "t=4260s" in html and "pmn-ts-corrected" in html and html.endswith(">[01:11:00]</a>")
    assert "plays the label's 01:11:00" in html


def test_a_time_nothing_fits_opens_the_video_without_a_time_and_says_why():
    why = "as written it is past the end of the episode (01:00:00, its `duration`) and no other reading fits"
    html = render.timestamp(render.Moment("74:12:37", "74:12:37", "E_rNotqs--I", None, how=How.NONE, why=why))
    assert 'href="https://www.youtube.com/watch?v=E_rNotqs--I"' in html and "&amp;t=" not in html
    # Never a silent 0 s: the chip keeps the written time, and the player does not take the click.
    assert html.endswith(">[74:12:37]</a>") and "data-pmn-video" not in html and "data-pmn-seconds" not in html
    assert "pmn-ts-beyond" in html and "no time in the episode fits it (as written it is past" in html


@pytest.mark.parametrize("how", list(How))
def test_compact_form_shows_the_label_the_full_link_shows(how):
    # Search plugins index the compact form: its text must be the page's.
    moment = render.Moment("06:33:00", "06:33:00", "E_rNotqs--I", 393 if how is not How.NONE else None, how=how)
    shown = render.timestamp(moment)
    assert render.compact_timestamp(moment).endswith(shown[shown.rfind(">[") :])


@pytest.mark.parametrize("how", list(How))
def test_compact_form_expands_to_the_full_link(how):
    moment = render.Moment("06:33:00", "06:33:00", "E_rNotqs--I", 393 if how is not How.NONE else None, how=how)
    assert render.expand_timestamps(render.compact_timestamp(moment), "E_rNotqs--I") == render.timestamp(moment)


@pytest.mark.parametrize("video", [None, "", "not a video", "short", 'E_rNotqs"-I'])
def test_timestamp_without_a_valid_video_is_a_plain_span(video):
    html = render.timestamp(render.Moment("<b>1:00</b>", "1:00", video, 60))
    assert html == '<span class="pmn-ts pmn-ts-novideo">[&lt;b&gt;1:00&lt;/b&gt;]</span>'


def test_unreadable_time_is_a_span():
    html = render.timestamp(render.Moment("99:99", "99:99", "E_rNotqs--I", None))
    assert html.startswith('<span class="pmn-ts pmn-ts-unreadable">')


def test_data_t_is_escaped():
    html = render.timestamp(render.Moment("x", '1:00" onmouseover="x', "E_rNotqs--I", 60))
    assert 'data-t="1:00&quot; onmouseover=&quot;x"' in html


def test_player_slot_is_empty():
    slot = default_templates().render("player", video="E_rNotqs--I")
    assert slot == '<div class="pmn-player" data-pmn-video="E_rNotqs--I"></div>'


def _panel(groups: list[EpisodeGroup]) -> str:
    count = sum(len(g.mentions) for g in groups)
    return default_templates().render("backlinks", groups=groups, count=count, preview=False)


def test_backlinks_panel_markup():
    views = (MentionView("../a/", "A <note>", 'said "this"', "<a>ts</a>"),)
    html = _panel([EpisodeGroup("Ep & co", "../ep/", views)])
    assert html.startswith('<aside class="pmn-backlinks" data-search-exclude data-pmn-count="1">')
    assert '<h2 id="linked-from">Linked from</h2>' in html
    assert '<section class="pmn-episode"><h3><a class="pmn-link" href="../ep/">Ep &amp; co</a></h3>' in html
    # The note's title once, above its mentions; each mention is its sentence and moment.
    assert (
        '<div class="pmn-note"><p class="pmn-note-title"><a class="pmn-link" href="../a/">A &lt;note&gt;</a></p>'
        '<ul class="pmn-mentions"><li class="pmn-mention"><q>said &quot;this&quot;</q> <a>ts</a></li></ul></div>'
    ) in html


def test_empty_panel_counts_zero():
    html = _panel([])
    assert 'data-pmn-count="0"' in html and 'class="pmn-none"' in html


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ("Short and sweet.", "Short and sweet."),
        ("word " * 100, ("word " * 80).rstrip() + "…"),  # cut at a space before the limit
        ("x" * 500, "x" * 400 + "…"),  # no space to cut at
    ],
)
def test_long_sentences_are_cut_at_a_word(sentence, shown):
    from mkdocs_pmnotes.render.backlinks import excerpt

    assert excerpt(sentence) == shown


def test_safe_meta_escapes_strings_at_any_depth_and_drops_a_title_that_is_not_text():
    from mkdocs_pmnotes.render.markup import safe_meta

    meta = {
        "title": {"a": "<img src=x onerror=alert(1)>"},
        "description": [['"><script>alert(2)</script>']],
        "extra": {"<k>": ({"x": "<b>"},), "n": 3, "on": True},
    }
    safe = safe_meta(meta)
    assert "title" not in safe
    assert safe["description"] == [["&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"]]
    assert safe["extra"] == {"&lt;k&gt;": [{"x": "&lt;b&gt;"}], "n": 3, "on": True}
    assert safe_meta({"title": 1.5})["title"] == "1.5"


def test_safe_meta_escapes_a_value_shared_by_aliases_once():
    from mkdocs_pmnotes.render.markup import safe_meta

    # What YAML makes of "billion laughs": each level lists the previous one ten times.
    level: object = ["<lol>"]
    for _ in range(30):
        level = [level] * 10
    safe = safe_meta({"description": level})["description"]
    for _ in range(30):
        assert len(safe) == 10 and all(item is safe[0] for item in safe)
        safe = safe[0]
    assert safe == ["&lt;lol&gt;"]


def test_a_chip_shows_what_it_plays_when_its_label_names_another_time():
    moment = render.Moment("01:04:14", "00:41:22", "E_rNotqs--I", 2482)
    html = render.timestamp(moment)
    assert html.endswith(">[00:41:22]</a>") and "t=2482s" in html
    assert 'data-pmn-written="01:04:14"' in html and "Labelled 01:04:14; plays 00:41:22" in html
    assert render.compact_timestamp(moment) == html
    same = render.timestamp(render.Moment("28:47", "00:28:47", "E_rNotqs--I", 1727))
    assert same.endswith(">[28:47]</a>") and "data-pmn-written" not in same


def test_the_corrections_note_agrees_in_number():
    templates = default_templates()
    one = templates.render("corrections", count=1, example="06:33:00", plays=393)
    assert "1 timestamp in this note is written" in one and "Its link plays" in one
    many = templates.render("corrections", count=3, example="06:33:00", plays=393)
    assert "3 timestamps in this note are written" in many and "Their links play" in many
