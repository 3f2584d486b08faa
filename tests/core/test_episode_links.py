"""Which Markdown links to a video name its episode (`core.episodes`), read by the parser."""

from __future__ import annotations

import pytest

from mkdocs_pmnotes.core.blocks import dialect_of
from mkdocs_pmnotes.core.episodes import is_title, video_of
from mkdocs_pmnotes.core.parse import parse_note

VIDEO = "YP_QghPLG-8"


@pytest.mark.parametrize(
    ("url", "video"),
    [
        (f"https://www.youtube.com/watch?v={VIDEO}", VIDEO),
        (f"https://youtube.com/watch?feature=share&v={VIDEO}", VIDEO),
        (f"http://m.youtube.com/watch?v={VIDEO}", VIDEO),
        (f"https://youtu.be/{VIDEO}", VIDEO),
        (f"https://youtu.be/{VIDEO}?si=abc", VIDEO),
        (f"https://www.youtube.com/embed/{VIDEO}", VIDEO),
        (f"https://www.youtube-nocookie.com/embed/{VIDEO}", VIDEO),
        (f"https://www.youtube.com/live/{VIDEO}", VIDEO),
        (f"//www.youtube.com/watch?v={VIDEO}", VIDEO),
        (f"https://www.youtube.com/watch?v={VIDEO}&t=0s", VIDEO),  # the start is the episode
        (f"https://www.youtube.com/watch?v={VIDEO}&t=95s", None),  # a moment names the moment
        (f"https://youtu.be/{VIDEO}?t=1h2m", None),
        (f"https://www.youtube.com/embed/{VIDEO}?start=30", None),
        ("https://www.youtube.com/watch?v=short", None),  # not a videoId
        ("https://www.youtube.com/@lennyspodcast", None),
        (f"https://example.com/watch?v={VIDEO}", None),
        (f"https://notyoutube.com/watch?v={VIDEO}", None),
        ("https://[broken/watch", None),
    ],
)
def test_video_of_an_address(url, video):
    assert video_of(url) == video


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("The art of product management | Shreyas Doshi (Stripe, ...)", True),
        ("Episode 12", True),
        ("00:26:08", False),
        ("[00:26:08]", False),
        ("00:54:00, 01:06:00", False),
        ("1", False),
        (f"https://www.youtube.com/watch?v={VIDEO}", False),
        (f"youtu.be/{VIDEO}", False),
        ("www.youtube.com", False),
        (VIDEO, False),
        ("here", False),
        ("Watch on YouTube!", False),
        ("video", False),
        ("[[a note]]", False),
        ("", False),
    ],
)
def test_which_link_texts_are_titles(text, title):
    assert is_title(text, VIDEO) is title


def test_the_parser_finds_titled_links_outside_code_first_per_video():
    text = (
        "---\ntitle: Lenny\nlink: [Front](https://youtu.be/AAAAAAAAAAA)\n---\n\n"
        f"### [The art of product management | Shreyas Doshi (Stripe, ...)](https://www.youtube.com/watch?v={VIDEO})\n"
        "- [[a note]]\n\n"
        "- [00:26:08](https://youtu.be/BBBBBBBBBBB)\n"
        "- `[In code](https://youtu.be/CCCCCCCCCCC)`\n"
        '- [Pricing **done** right & more](<https://youtu.be/DDDDDDDDDDD> "on YouTube")\n'
        f"- [A second title](https://youtu.be/{VIDEO})\n"
        "- ![A thumbnail](https://youtu.be/EEEEEEEEEEE)\n"
        "- \\[Escaped](https://youtu.be/FFFFFFFFFFF)\n\n"
        "```\n[Fenced](https://youtu.be/GGGGGGGGGGG)\n```\n\n"
        "    [Indented code](https://youtu.be/HHHHHHHHHHH)\n"
    )
    assert parse_note(text, "lenny.md").video_titles == (
        (VIDEO, "The art of product management | Shreyas Doshi (Stripe, ...)"),
        ("DDDDDDDDDDD", "Pricing done right & more"),
    )


def test_a_link_in_an_admonition_body_is_found_where_it_is_prose():
    text = '!!! note "Episodes"\n\n    [Pricing talk](https://youtu.be/AAAAAAAAAAA)\n'
    assert parse_note(text, "a.md").video_titles == ()  # core Markdown: an indented code block
    assert parse_note(text, "a.md", dialect_of(["admonition"])).video_titles == (("AAAAAAAAAAA", "Pricing talk"),)


def test_a_note_without_youtube_links_has_none():
    assert parse_note("---\ntitle: A\n---\n\n[Site](https://example.com) and [[b]].\n", "a.md").video_titles == ()
