"""Tables for the shared note parser: what counts as a link, and where it is."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_pmnotes.core.frontmatter import parse_front_matter, simple_mapping
from mkdocs_pmnotes.core.linktext import split_link_body
from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.scan import mask


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("target", ("target", None, None)),
        (" impact_of_ai | impact ", ("impact_of_ai", None, "impact")),
        ("page#Some Heading|label", ("page", "Some Heading", "label")),
        ("#Local", ("", "Local", None)),
        ("a\\|b", ("a", None, "b")),
        (" | x", ("", None, "x")),
    ],
)
def test_split_link_body(body, expected):
    assert split_link_body(body) == expected


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("See [[a]] and [[ b | B ]].", ["a", "b"]),
        ("Code `[[a]]` and ``x ` [[b]]`` then [[c]]", ["c"]),
        ("```\n[[a]]\n```\n[[b]]", ["b"]),
        ("~~~python\n[[a]]\n~~~\n[[b]]", ["b"]),
        ("````\n```\n[[a]]\n```\n````\n[[b]]", ["b"]),  # a longer fence holds a shorter one
        ("```\n[[a]]\n", []),  # an unclosed fence runs to the end
        ("~~~\n[[a]]\n```\n[[b]]", []),  # a backtick line does not close a tilde fence
        ("<!-- [[a]] -->[[b]]", ["b"]),
        ("<!-- [[a]]\nstill comment [[c]] -->[[b]]", ["b"]),
        ("`unclosed [[a]]", ["a"]),  # a lone backtick is literal
        ("![[embed]]", ["embed"]),
    ],
)
def test_links_skip_code_and_comments(text, targets):
    assert [link.target for link in parse_note(text).links] == targets


def test_link_positions_are_one_based_and_count_front_matter():
    text = "---\ntitle: T\n---\n\nab [[x | y]]\r\n[[z]]"
    note = parse_note(text)
    first, second = note.links
    assert (first.line, first.column) == (5, 4)
    assert text[first.start : first.end] == "[[x | y]]"
    assert (second.line, second.column) == (6, 1)
    assert first.label == "y" and second.label is None


def test_embed_flag_and_heading():
    (link,) = parse_note("![[page#Part two | see]]").links
    assert link.embed and link.heading == "Part two" and link.label == "see"
    assert link.start == 0


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a [[never closed\nnext", "never closed"),
        ("a [[]] b", "empty"),
        ("a [[ | label]] b", "empty"),
    ],
)
def test_broken_links(text, reason):
    note = parse_note(text)
    assert not note.links
    (broken,) = note.broken_links
    assert reason in broken.reason
    assert broken.line == 1 and broken.column == 3


def test_anchor_spans_locate_the_values():
    text = 'Claim <a class="yt-timestamp" data-t="00:28:47">[00:28:47]</a>.'
    (anchor,) = parse_note(text).anchors
    assert anchor.data_t == "00:28:47" and anchor.label == "00:28:47"
    assert text[slice(*anchor.data_t_span)] == "00:28:47"
    assert text[slice(*anchor.label_span)] == "00:28:47"
    assert text[anchor.start : anchor.end].endswith("</a>")
    assert anchor.problem is None and (anchor.line, anchor.column) == (1, 7)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('<a class="yt-timestamp">[00:01:00]</a>', "no `data-t`"),
        ('<a class="yt-timestamp" data-t="00:01:00">[00:01:00]\n</a>', "no closing `</a>`"),
        ('<a class="yt-timestamp" data-t="00:01:00"\n[00:01:00]</a>', "never closed by `>`"),
    ],
)
def test_malformed_anchors(text, problem):
    (anchor,) = parse_note(text).anchors
    assert problem in anchor.problem


def test_other_anchors_and_code_are_ignored():
    text = '<a class="x" data-t="1">x</a> `<a class="yt-timestamp" data-t="00:00:01">[1]</a>`'
    assert parse_note(text).anchors == ()


def test_headings_show_labels_and_get_toc_ids():
    text = (
        "# Title\n## The [[role_of_ai | Role of AI]] in *PM*\n```\n# not a heading\n```\n #indented\n#hashtag\n## C#\n"
    )
    headings = parse_note(text).headings
    # As in Python-Markdown: `#hashtag` is a heading, ` #indented` is not, `# C#` loses its `#`.
    assert [(h.level, h.text, h.slug, h.line) for h in headings] == [
        (1, "Title", "title", 1),
        (2, "The Role of AI in PM", "the-role-of-ai-in-pm", 2),
        (1, "hashtag", "hashtag", 7),
        (2, "C", "c", 8),
    ]


@pytest.mark.parametrize(
    ("text", "error", "line"),
    [
        ("---\ntitle: ok\n---\nbody", None, None),
        ("---\ntitle: [x\n---\n", "not valid YAML", 2),
        ("---\ntitle: x\nbody without end", "never closed", 1),
        ("---\n- a\n- b\n---\n", "not a mapping", 2),
        ("no front matter", None, None),
    ],
)
def test_front_matter_errors(text, error, line):
    front = parse_front_matter(text)
    if error is None:
        assert front.error is None
    else:
        assert error in front.error and front.error_line == line


def test_links_in_front_matter_are_not_links():
    note = parse_note("---\ntitle: '[[x]]'\n---\n[[y]]")
    assert [link.target for link in note.links] == ["y"]
    assert note.title == "[[x]]"


def test_mask_keeps_length_and_line_breaks():
    text = "a `b\nc` d\r\n```\nx\n```\n<!-- y -->"
    masked = mask(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c in "\r\n"] == [i for i, c in enumerate(text) if c in "\r\n"]
    assert "b" not in masked and "x" not in masked and "y" not in masked


def test_comments_are_collected_for_pragmas():
    note = parse_note("x <!-- pmnotes-disable PMN201 --> y")
    assert [c.body.strip() for c in note.comments] == ["pmnotes-disable PMN201"]


def test_never_raises_on_odd_input():
    for text in ["", "\x00\x00", "---", "---\n", "[[", "<a class='yt-timestamp'", "```", "<!--", "\ufeff---\n---\n"]:
        parse_note(text)


_KEY = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True)
_VALUE = st.from_regex(r"[A-Za-z][A-Za-z0-9_ ,.()?!/+#:-]{0,20}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_KEY, _VALUE), min_size=1, max_size=4))
def test_simple_front_matter_reads_exactly_as_yaml(pairs):
    """The fast path may decline a block, but what it accepts YAML reads the same way."""
    block = "".join(f"{key}: {value}\n" for key, value in pairs)
    fast = simple_mapping(block)
    if fast is not None:
        assert fast == yaml.safe_load(block)


def test_simple_front_matter_declines_what_yaml_would_change():
    for block in [
        "draft: yes\n",
        "NO: A\n",
        "on: x\n",
        "n: 3\n",
        "title: 'quoted'\n",
        "title: a: b\n",
        "t: x #c\n",
        "tags:\n- a\n",
        "a: x\na: y\n",
    ]:
        assert simple_mapping(block) is None
    assert simple_mapping("title: Role and impact of AI\nvideoId: E_rNotqs--I\n") == {
        "title": "Role and impact of AI",
        "videoId": "E_rNotqs--I",
    }
