"""Front matter that YAML aliases, depth or size would blow up is refused as PMN401."""

from __future__ import annotations

import pytest

from mkdocs_pmnotes.core.files import page_from_front
from mkdocs_pmnotes.core.frontmatter import MAX_YAML_DEPTH, MAX_YAML_VALUES, load_yaml
from mkdocs_pmnotes.core.parse import parse_note

from .support import MB, billion_laughs, peak_bytes


def test_billion_laughs_is_refused_in_a_few_megabytes():
    text = billion_laughs()
    assert len(text.encode()) < 1024
    note, peak = peak_bytes(lambda: parse_note(text, "bomb.md"))
    assert (
        note.front.error == f"front matter stands for more than {MAX_YAML_VALUES:,} values (YAML aliases repeat them)"
    )
    assert note.front.error_line == 6  # the line where the count passes the bound
    assert note.front.data == {} and note.title is None
    assert peak < 4 * MB
    assert page_from_front("bomb.md", note.front.data).title is None


def test_aliases_that_stay_small_are_loaded():
    data, error, _ = load_yaml("base: &b [x, y]\ntags: [*b, *b]\nmeta: &m {k: v}\nagain: *m\n")
    assert error is None
    assert data == {"base": ["x", "y"], "tags": [["x", "y"], ["x", "y"]], "meta": {"k": "v"}, "again": {"k": "v"}}


@pytest.mark.parametrize(
    ("block", "error"),
    [
        ("a: &x [1, *x]\n", "front matter has a YAML alias to an anchor that contains it"),
        (
            "a: " + "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1) + "\n",
            f"nests deeper than {MAX_YAML_DEPTH} levels",
        ),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nesting depth"),  # libyaml's own bound comes first
        ("a: [" + ", ".join(["1"] * (MAX_YAML_VALUES + 1)) + "]\n", "stands for more than"),
        ("a: '" + "x" * 1_000_001 + "'\n", "front matter is longer than 1,000,000 characters"),
    ],
)
def test_recursion_depth_and_size_are_bounded(block, error):
    data, found, line = load_yaml(block)
    assert data == {} and found is not None and error in found and line == 0


def test_the_depth_that_real_notes_use_is_fine():
    deep = "a: " + "[" * (MAX_YAML_DEPTH - 1) + "]" * (MAX_YAML_DEPTH - 1) + "\n"  # the mapping is a level too
    assert load_yaml(deep)[1] is None
