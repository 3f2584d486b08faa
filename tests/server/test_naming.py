"""A title written into front matter (a new note, a renamed title) reads back as itself."""

from __future__ import annotations

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from mkdocs_pmnotes.core.frontmatter import parse_front_matter
from mkdocs_pmnotes.server.naming import note_title, title_problem, title_value

# What a title may be (`title_problem`): no control characters, no link syntax.
TITLES = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40).filter(
    lambda t: title_problem(t) is None
)


@given(TITLES)
@example("Pricing: the hard parts")
@example("yes")
@example("2024")
@example("'quoted'")
@example(" \"both\" 'kinds' ")
@example("# not a comment")
@example("Café – naïve")
def test_a_title_value_reads_back_as_the_title(title):
    value = title_value(title)
    assert yaml.safe_load(f"title: {value}") == {"title": title}
    front = parse_front_matter(f"---\ntitle: {value}\n---\n")
    assert front.error is None and front.data == {"title": title}


def test_a_plain_title_stays_bare_and_others_are_double_quoted():
    assert title_value("Pricing lessons") == "Pricing lessons"
    assert title_value("Pricing: the hard parts") == '"Pricing: the hard parts"'
    assert title_value("yes") == '"yes"'


def test_a_slug_is_made_readable_and_a_written_name_kept():
    assert note_title("ai_product_strategy") == "Ai product strategy"
    assert note_title("AI Product Strategy ") == "AI Product Strategy"
