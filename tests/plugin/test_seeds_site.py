"""A real `mkdocs build` of the seeds, mounted from outside docs_dir, checked page by page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mkdocs_pmnotes.core.clock import format_clock
from mkdocs_pmnotes.core.parse import parse_note
from mkdocs_pmnotes.core.times import analyse

from .conftest import SEEDS, build, content, elements, page, write_site

pytestmark = pytest.mark.slow

SEED_NAMES = sorted(p.stem for p in SEEDS.glob("*.md"))


def _seed(name: str):
    return parse_note((SEEDS / f"{name}.md").read_text(encoding="utf-8"), f"notes/{name}.md")


@pytest.fixture(scope="module", params=["material", "mkdocs"])
def seeds_site(request, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp(f"seeds-{request.param}")
    (root / "seeds").symlink_to(SEEDS, target_is_directory=True)
    config = write_site(
        root,
        {"docs/index.md": "# Home\n\nThe notes.\n"},
        {
            "theme": {"name": request.param},
            "plugins": ["search", {"pmnotes": {"notes": ["seeds"], "mount": {"seeds": "notes"}}}],
        },
    )
    build(config)
    return root / "site"


@pytest.mark.parametrize("name", SEED_NAMES)
def test_the_links_the_linter_sees_are_the_links_rewritten(seeds_site, name):
    note = _seed(name)
    html = content(page(seeds_site, f"notes/{name}"))
    rewritten = elements(html, "pmn-link", "pmn-dangling")
    assert [e.text for e in rewritten] == [link.text for link in note.links]
    assert "[[" not in html


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_anchor_is_a_youtube_link_at_the_seconds_the_core_reads(seeds_site, name):
    note = _seed(name)
    group = [_seed(other) for other in SEED_NAMES if _seed(other).video_id == note.video_id]
    times = analyse(note, group)
    links = elements(content(page(seeds_site, f"notes/{name}")), "pmn-ts")
    assert len(links) == len(note.anchors)
    assert [int(e.attrs["data-pmn-seconds"]) for e in links] == [t.seconds for t in times]
    for element, time in zip(links, times, strict=False):
        anchor = time.anchor
        assert (
            element.attrs["href"]
            == f"https://www.youtube.com/watch?v={note.video_id}&t={element.attrs['data-pmn-seconds']}s"
        )
        assert element.attrs["data-t"] == anchor.data_t
        # The label names the second the link plays; a corrected one keeps the written value.
        if time.corrected is not None:
            assert element.text == f"[{format_clock(time.seconds)}]"
            assert element.attrs["data-pmn-written"] == anchor.data_t
        else:
            assert element.text == f"[{anchor.label}]"


def test_a_shifted_note_says_so(seeds_site):
    links = elements(content(page(seeds_site, "notes/001_90afb0178530e277")), "pmn-ts")
    first = links[0]
    assert "pmn-ts-shifted" in first.attrs["class"]
    assert first.attrs["data-pmn-tip"] == (
        "Written as 06:33:00; plays 00:06:33, read as minutes:seconds (50 of 52 anchors in this note end"
        " in :00 and the hours field reaches 24: the whole note is written so)"
    )
    assert first.attrs["data-pmn-seconds"] == "393" and first.text == "[00:06:33]"
    html = content(page(seeds_site, "notes/001_90afb0178530e277"))
    (said,) = elements(html, "pmn-ts-note")
    assert said.text.startswith("52 timestamps in this note are written as minutes:seconds")
    assert html.find("pmn-player") < html.find("pmn-ts-note") < html.find("pmn-link")
    assert elements(content(page(seeds_site, "notes/000_89ad6f01fa81b329")), "pmn-ts-note") == []


def test_player_slot_once_at_the_top_of_each_note(seeds_site):
    for name in SEED_NAMES:
        html = content(page(seeds_site, f"notes/{name}"))
        slots = elements(html, "pmn-player")
        assert [s.attrs["data-pmn-video"] for s in slots] == [_seed(name).video_id]
        assert html.find("pmn-player") < html.find("pmn-link")


def test_episode_page_groups_the_notes_sharing_a_video(seeds_site):
    html = content(page(seeds_site, "episodes/E_rNotqs--I"))
    listed = [e.attrs["href"] for e in elements(html, "pmn-link")]
    assert "../../notes/001_90afb0178530e277/" in listed and "../../notes/004_8eb36e0c5cf3a945/" in listed
    assert "000_89ad6f01fa81b329" not in html


def test_episode_page_is_a_timeline_of_every_claim_in_playing_order(seeds_site):
    names = [n for n in SEED_NAMES if _seed(n).video_id == "E_rNotqs--I"]
    group = [_seed(n) for n in names]
    expected = sorted(t.seconds for note in group for t in analyse(note, group) if t.seconds is not None)
    html = content(page(seeds_site, "episodes/E_rNotqs--I"))
    chips = [e for e in elements(html[html.find('class="pmn-timeline"') :], "pmn-ts")]
    assert [int(e.attrs["data-pmn-seconds"]) for e in chips] == expected
    claims = elements(html, "pmn-claim")
    assert len(claims) == len(expected)
    assert all(c.text.count("[") == 1 for c in claims)  # each claim holds its own moment only
    # A claim says what was said there, and where it is written.
    # 001's 06:33:00 and 004's 06:33:07 both play 6 min 33 s, and both show it.
    said = [c.text for c in claims if "[00:00:00]" not in c.text and "[00:06:33]" in c.text]
    assert len(said) == 2 and not any("[06:33:0" in c.text for c in claims)
    assert any("bringing together design, engineering" in t and "Challenges and advantages of AI" in t for t in said)
    assert elements(html, "pmn-player")[0].attrs["data-pmn-video"] == "E_rNotqs--I"
    assert "<h1" in html and "Challenges and advantages" not in html[html.find("<h1") : html.find("</h1>")]


def test_a_video_with_one_note_has_its_episode_page_too(seeds_site):
    html = content(page(seeds_site, "episodes/qNPPoj1qUG0"))
    assert len(elements(html, "pmn-claim")) == len(_seed("000_89ad6f01fa81b329").anchors)
    note = content(page(seeds_site, "notes/000_89ad6f01fa81b329"))
    ref = elements(note, "pmn-episode-ref")
    assert [e.attrs["href"] for e in ref] == ["../../episodes/qNPPoj1qUG0/"]
    assert note.find("pmn-player") < note.find("pmn-episode-ref") < note.find("pmn-link")


def test_source_link_goes_to_a_source_page_listing_its_notes(seeds_site):
    note_html = content(page(seeds_site, "notes/000_89ad6f01fa81b329"))
    source = elements(note_html, "pmn-link")[0]
    assert (source.text, source.attrs["href"]) == ("lennyspodcast", "../../sources/lennyspodcast/")
    source_page = content(page(seeds_site, "sources/lennyspodcast"))
    assert re.search(r"<h1[^>]*>lennyspodcast</h1>", source_page)  # spelt as the notes spell it
    listed = {e.attrs["href"] for e in elements(source_page, "pmn-link")}
    assert {f"../../notes/{name}/" for name in SEED_NAMES} <= listed


def test_topic_page_lists_every_mention_with_sentence_and_moment(seeds_site):
    html = content(page(seeds_site, "topics/impact_of_ai_on_product_management"))
    mentions = elements(html, "pmn-mention")
    assert len(mentions) == sum(
        1 for name in SEED_NAMES for link in _seed(name).links if link.target == "impact_of_ai_on_product_management"
    )
    assert all("pmn-ts" in html for _ in mentions)
    titles = [e.text for e in elements(html, "pmn-note-title")]
    assert len(titles) == len(set(titles))  # each note's title once, above its mentions
    assert any("[00:00:37]" in m.text for m in mentions)
    # The moment links to the corrected second of a shifted note.
    assert 'href="https://www.youtube.com/watch?v=E_rNotqs--I&amp;t=37s"' in html


def test_every_dangling_target_has_a_topic_page(seeds_site):
    for name in SEED_NAMES:
        for element in elements(content(page(seeds_site, f"notes/{name}")), "pmn-topic"):
            target = (seeds_site / f"notes/{name}" / element.attrs["href"]).resolve()
            assert (target / "index.html").is_file(), element.attrs["href"]


def test_generated_pages_stay_out_of_the_nav_but_are_reachable(seeds_site):
    home = page(seeds_site, "")
    assert "topics/impact_of_ai_on_product_management" not in home
    for kind in ("topics", "episodes", "sources"):
        assert f'href="{kind}/"' in home
    index = page(seeds_site, "topics")
    assert 'href="impact_of_ai_on_product_management/"' in index


def test_panel_and_generated_listings_stay_out_of_the_search_index(seeds_site):
    text = (seeds_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Linked from" not in text and "No other note links here yet" not in text
    docs = json.loads(text)["docs"]
    topic = [d for d in docs if d["location"].startswith("topics/impact_of_ai_on_product_management/")]
    assert topic and not any("Higher Bar for Impact" in d["text"] for d in topic)
    assert any("Higher Bar for Impact" in d["text"] for d in docs if d["location"].startswith("notes/001"))


def test_search_finds_a_corrected_timestamp_as_the_page_shows_it(seeds_site):
    docs = json.loads((seeds_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    text = " ".join(d["text"] for d in docs if d["location"].startswith("notes/001_90afb0178530e277/"))
    # The page reads [00:06:33] where the note wrote 06:33:00; a search result must not say otherwise.
    assert "[00:06:33]" in text and "[06:33:00]" not in text


def test_assets_are_in_the_site_and_on_every_page(seeds_site):
    assert (seeds_site / "assets/pmnotes/pmnotes.js").is_file()
    assert (seeds_site / "assets/pmnotes/pmnotes.css").is_file()
    html = page(seeds_site, "notes/000_89ad6f01fa81b329")
    assert re.search(r'<script src="[./]*assets/pmnotes/pmnotes\.js"', html)
    assert re.search(r'href="[./]*assets/pmnotes/pmnotes\.css"', html)


def test_nothing_is_written_to_docs_or_seeds(seeds_site):
    assert sorted(p.name for p in (seeds_site.parent / "docs").iterdir()) == ["index.md"]
    assert sorted(p.stem for p in SEEDS.glob("*")) == SEED_NAMES
