"""What readers meet on generated pages: topic titles, counts, groups, previews, the graph's data."""

from __future__ import annotations

import html as htmllib
import json
import re

import pytest

from mkdocs_pmnotes.render.names import Spellings

from .conftest import content, elements, page

pytestmark = pytest.mark.slow

NOTE = "---\ntitle: {title}\nvideoId: {video}\n---\n\n{body}\n"
TS = '<a class="yt-timestamp" data-t="{t}">[{t}]</a>'
FILES = {
    "docs/index.md": "# Guide\n\nThe guide mentions [[AI in Product Management]].\n",
    "docs/one.md": NOTE.format(
        title="One",
        video="E_rNotqs--I",
        body=(
            f"First [[ai_in_product_management | AI PM]] claim {TS.format(t='00:02:00')}. "
            f"Then [[ai_in_product_management | AI product management]] again {TS.format(t='00:01:00')}.\n\n"
            f"## Later part\n\nAlso [[two]] here {TS.format(t='00:03:00')}."
        ),
    ),
    "docs/two.md": NOTE.format(
        title="Two", video="qNPPoj1qUG0", body=(f"Two says [[AI in Product Management]] {TS.format(t='00:00:30')}.")
    ),
}


@pytest.fixture
def built(site):
    def make(**options):
        return site(FILES, {"plugins": [{"pmnotes": options}]})[1]

    return make


def test_a_topic_is_titled_as_its_links_spell_it():
    spellings = Spellings()
    spellings.add("ai_in_product_management", "ai_in_product_management", None)
    assert spellings.title("ai_in_product_management", "x") == "Ai in product management"
    spellings.add("", "Some page", "AI PM")  # the words of any link's label count
    assert spellings.title("ai_in_product_management", "x") == "AI in product management"
    spellings.add("ai_in_product_management", "AI in Product Management", None)
    assert spellings.title("ai_in_product_management", "x") == "AI in Product Management"
    spellings.add("lennyspodcast", "lennyspodcast", None)
    assert spellings.title("lennyspodcast", "Lennyspodcast") == "lennyspodcast"


def test_topic_page_counts_notes_and_lists_other_pages_apart(built):
    html = content(page(built(), "topics/ai_in_product_management"))
    assert re.search(r"<h1[^>]*>AI in Product Management</h1>", html)
    assert "3 mentions in 2 notes, and 1 other page" in html
    groups = [e.text for e in elements(html, "pmn-episode")]
    assert len(groups) == 3 and groups[-1].startswith("Other pages")
    titles = [e.text for e in elements(html, "pmn-note-title")]
    assert titles == ["Two", "One", "Guide"]  # newest note first (by name when undated), pages last
    one = html[html.find(">One</a>") :]
    assert one.find("[00:01:00]") < one.find("[00:02:00]")  # a note's mentions in playing order


def test_topic_pages_can_leave_other_pages_out(built):
    html = content(page(built(topics_other_pages=False), "topics/ai_in_product_management"))
    assert "3 mentions in 2 notes:" in html and "Other pages" not in html and ">Guide<" not in html


def test_wiki_links_carry_data_preview_and_timestamps_do_not(built):
    html = content(page(built(), "one"))
    links = elements(html, "pmn-link")
    assert links and all("data-preview" in e.attrs for e in links)
    assert not any("data-preview" in e.attrs for e in elements(html, "pmn-ts"))
    off = content(page(built(previews=False), "one"))
    assert "data-preview" not in off


def test_the_graph_is_off_by_default_and_holds_the_neighbours_when_on(built):
    assert "pmn-graph" not in page(built(), "one")
    html = page(built(graph=True), "one")
    found = re.search(r'<figure class="pmn-graph"[^>]* hidden data-pmn-graph="([^"]*)"', html)
    data = json.loads(htmllib.unescape(found[1]))
    nodes = {n["title"]: n for n in data["nodes"]}
    assert data["title"] == "One"
    assert nodes["AI in Product Management"]["links"] == 2 and nodes["AI in Product Management"]["kind"] == "topic"
    assert nodes["Two"]["dir"] == "out" and nodes["Two"]["kind"] == "note"
    topic = page(built(graph=True), "topics/ai_in_product_management")
    assert "pmn-graph" in topic


def test_an_episode_lists_claims_no_reading_fits_apart_not_at_zero(site):
    late = NOTE.format(
        title="Late",
        video="E_rNotqs--I",
        body=f"An early claim {TS.format(t='00:05:12')}.\n\nA claim past every reading {TS.format(t='97:10:00')}.",
    ).replace("title: Late\n", "title: Late\nduration: 1:00:00\n")
    root = site({**FILES, "docs/late.md": late})[1]
    html = content(page(root, "episodes/E_rNotqs--I"))
    timeline, rest = html.split('id="unplayable"')
    assert "97:10:00" not in timeline and "[00:00:00]" not in timeline
    (chip,) = [e for e in elements(rest, "pmn-ts") if e.text == "[97:10:00]"]
    assert chip.attrs["href"] == "https://www.youtube.com/watch?v=E_rNotqs--I" and "data-pmn-seconds" not in chip.attrs
    assert "A claim past every reading" in rest
