"""Episodes named by the site's own links, source pages and panels by episode, a home page when there is none."""

from __future__ import annotations

import json
import os
import re
import time

import pytest

from mkdocs_pmnotes.render.titles import EpisodeNames, newest_first
from mkdocs_pmnotes.render.views import EpisodeEntry

from .conftest import build, content, elements, page, write_site, written_tree

pytestmark = pytest.mark.slow

A, B, C, D, E = "YP_QghPLG-8", "E_rNotqs--I", "qNPPoj1qUG0", "AAAAAAAAAAA", "BBBBBBBBBBB"
TITLE_A = "The art of product management | Shreyas Doshi (Stripe, ...)"
TITLE_B = "Pricing your product | Madhavan Ramanujam"
TITLE_C = "Building a second brain"
TS = '<a class="yt-timestamp" data-t="{t}">[{t}]</a>'

CHANNEL = f"""---
title: Lenny's Podcast
---

# Lenny's Podcast

### [{TITLE_A}](https://www.youtube.com/watch?v={A})
- [[a1]]
- [[a2]]

### [{TITLE_B}](https://youtu.be/{B})
- [[b1]]

Also listened to:

- [{TITLE_C}](https://www.youtube.com/watch?v={C}), notes in [[c1]]
- [00:12:00](https://www.youtube.com/watch?v={D}) is not a title, nor is [https://youtu.be/{D}](https://youtu.be/{D})
- `[A title in code](https://youtu.be/{E})`
"""


def note(title: str, video: str, source: str, body: str, *, date: str | None = None, episode: str | None = None) -> str:
    front = f"title: {title}\nvideoId: {video}\n"
    front += f"date: {date}\n" if date else ""
    front += f"episode: {episode}\n" if episode else ""
    return f"---\n{front}---\n\nFrom: [[{source}]] <br/>\n\n{body}\n"


FILES = {
    "docs/lennyspodcast.md": CHANNEL,
    "docs/a1.md": note(
        "Note A1", A, "lennyspodcast", f"A1 on [[pricing]] {TS.format(t='00:01:00')}.", date="2023-01-05"
    ),
    "docs/a2.md": note(
        "Note A2", A, "lennyspodcast", f"A2 on [[Pricing]] {TS.format(t='00:02:00')}.", date="2023-01-06"
    ),
    "docs/b1.md": note(
        "Note B1",
        B,
        "lennyspodcast",
        f"B1 quotes [[lennyspodcast]] on [[pricing]] {TS.format(t='00:03:00')}.",
        date="2024-03-01",
        episode="Pricing talk",
    ),
    "docs/c1.md": note("Note C1", C, "lennyspodcast", f"C1 builds on [[a1]] {TS.format(t='00:04:00')}."),
    "docs/d1.md": note("Note D1", D, "otherpod", f"D1 on [[pricing]] {TS.format(t='00:05:00')}.", date="2022-05-01"),
    "docs/e1.md": note("Note E1", E, "otherpod", f"E1 on [[a1]] {TS.format(t='00:06:00')}.", date="2022-06-01"),
    "docs/guide.md": "---\ntitle: Guide\n---\n\nFrom: [[otherpod]]\n\nA page without a video.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("titles")
    build(write_site(root, FILES, {"plugins": ["search", "pmnotes"]}))
    return root / "site"


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0], [1, 2, 0]])
def test_names_do_not_depend_on_the_order_episodes_are_taken_in(order):
    groups = [
        ((), [("z.md", A, "Z's title")], [(A, "lenny")]),
        ((), [("c.md", A, "C's title"), ("c.md", B, "B from c")], [(B, "lenny")]),
        (((B, "Named"),), [("a.md", C, "C from a")], ()),
    ]
    names = EpisodeNames()
    for i in order:
        names.take(*groups[i])
    assert [names.title(v) for v in (A, B, C, D)] == ["C's title", "Named", "C from a", f"Episode {D}"]
    assert names.is_made_up(D) and not names.is_made_up(C)
    names.take((), (), [(D, "otherpod")])
    assert names.title(D) == f"Episode {D} (otherpod)"


def test_newest_first_then_by_title():
    entries = [
        EpisodeEntry(None, title, 1, (), date)
        for title, date in [
            ("b", None),
            ("A", None),
            ("old", "2022-01-01"),
            ("new", "2024-01-01"),
            ("also new", "2024-01-01"),
        ]
    ]
    assert [e.title for e in newest_first(entries)] == ["also new", "new", "old", "A", "b"]


def _episode_line(site_dir, url):
    (line,) = elements(content(page(site_dir, url)), "pmn-episode-ref")
    return line.text


def _panel(html):
    return html[html.find('<aside class="pmn-backlinks"') :]


def test_a_titled_link_names_its_episode_wherever_the_episode_is_named(built):
    assert _episode_line(built, "a1") == TITLE_A
    assert _episode_line(built, "c1") == TITLE_C  # a list item names it as well as a heading
    episode = page(built, f"episodes/{A}")
    assert re.search(r"<h1[^>]*>The art of product management \| Shreyas Doshi \(Stripe, \.\.\.\)</h1>", episode)
    assert "<title>The art of product management | Shreyas Doshi (Stripe, ...) - Test</title>" in episode
    # The Linked-from headings of a note c1 and e1 link to.
    headings = [e.text for e in elements(_panel(page(built, "a1")), "pmn-episode")]
    assert any(h.startswith(TITLE_C) for h in headings)
    docs = json.loads((built / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert TITLE_A in {d["title"] for d in docs if d["location"] == f"episodes/{A}/"}


def test_times_addresses_and_code_are_not_titles(built):
    assert _episode_line(built, "d1") == f"{D} (otherpod)"  # the plugin's own name, "Episode" said once
    assert _episode_line(built, "e1") == f"{E} (otherpod)"


def test_episode_front_matter_wins_over_a_titled_link(built):
    assert _episode_line(built, "b1") == "Pricing talk"
    assert TITLE_B not in page(built, f"episodes/{B}")


def test_the_episodes_index_groups_by_source_newest_first(built):
    html = content(page(built, "episodes"))
    sections = [
        [link.text for link in elements(section, "pmn-link")]
        for section in re.findall(r'<section class="pmn-episode">.*?</section>', html)
    ]
    assert sections == [
        ["Lenny's Podcast", "Pricing talk", TITLE_A, TITLE_C],  # dated newest first, the undated after
        ["otherpod", f"Episode {E} (otherpod)", f"Episode {D} (otherpod)"],
    ]
    assert "(2 notes, 2023-01-06)" in html


def test_the_channel_note_lists_its_episodes_once_each_not_its_notes_from_lines(built):
    panel = _panel(page(built, "lennyspodcast"))
    (compact,) = re.findall(r'<section class="pmn-episode pmn-source-episodes">.*?</section>', panel)
    assert [m.text for m in elements(compact, "pmn-mention")] == [
        "Pricing talk (1 note)",
        f"{TITLE_A} (2 notes)",
        f"{TITLE_C} (1 note)",
    ]
    assert "4 episodes" not in compact and "3 episodes from this source" in compact
    assert "From: lennyspodcast" not in panel
    # A mention in the prose is quoted as always.
    quoted = [q.text for q in elements(panel, "pmn-mention") if "quotes" in q.text]
    assert quoted == ["B1 quotes lennyspodcast on pricing. [00:03:00]"]
    assert 'data-pmn-count="5"' in panel


def test_a_page_without_from_lines_keeps_its_quoted_panel(built):
    panel = _panel(page(built, "a1"))
    assert "pmn-source-episodes" not in panel
    assert [e.text for e in elements(panel, "pmn-note-title")] == ["Note E1", "Note C1", "Lenny's Podcast"]


def test_a_source_page_lists_its_episodes_by_title_with_their_notes(built):
    html = content(page(built, "sources/otherpod"))
    assert "2 episodes, 3 notes from this source:" in html
    sections = re.findall(r'<section class="pmn-episode"><h2>(.*?)</h2>(.*?)</section>', html)
    shown = [
        (
            [e.text for e in elements(heading, "pmn-link")] or [re.sub("<[^>]+>", "", heading)],
            [e.text for e in elements(notes, "pmn-link")],
        )
        for heading, notes in sections
    ]
    assert shown == [
        ([f"Episode {E} (otherpod)"], ["Note E1"]),
        ([f"Episode {D} (otherpod)"], ["Note D1"]),
        (["Other pages"], ["Guide"]),
    ]
    assert "· episode" not in html


def test_a_site_without_index_md_gets_a_home_page(built):
    html = page(built, "")
    assert elements(page(built, "a1"), "nav-link")[0].text.strip() == "Home"  # first in the nav
    body = content(html)
    assert re.search(r"<h1[^>]*>Test</h1>", body)
    assert "6 notes on 5 episodes from 2 sources." in body
    sources = body[body.find('id="sources"') : body.find('id="episodes"')]
    assert [e.text for e in elements(sources, "pmn-mention")] == [
        "Lenny's Podcast (3 episodes, 4 notes)",
        "otherpod (2 episodes, 3 notes)",
    ]
    episodes = body[body.find('id="episodes"') : body.find('id="topics"')]
    assert [e.text for e in elements(episodes, "pmn-link")][:3] == ["Pricing talk", TITLE_A, f"Episode {E} (otherpod)"]
    topics = body[body.find('id="topics"') :]
    assert [e.text for e in elements(topics, "pmn-link")][:2] == ["Pricing", "Note A1"]  # 4 notes, then 2
    assert elements(topics, "pmn-topic")[0].attrs["href"] == "topics/pricing/"


@pytest.mark.parametrize("home", ["docs/index.md", "docs/README.md"])
def test_a_site_with_its_own_home_page_keeps_it(tmp_path, home):
    files = {"docs/a1.md": FILES["docs/a1.md"], home: "# Our notes\n\nWelcome.\n"}
    build(write_site(tmp_path, files))
    html = page(tmp_path / "site", "")
    assert "Welcome." in html and "pmn-home" not in html


def test_the_first_title_in_path_order_wins(tmp_path):
    files = {
        "docs/a1.md": FILES["docs/a1.md"],
        "docs/z_list.md": f"# Z\n\n- [Z's name for it](https://youtu.be/{A})\n",
        "docs/m_list.md": f"# M\n\n- [M's name for it](https://youtu.be/{A})\n",
        "docs/sub/a_list.md": f"# Sub\n\n- [Sub's name for it](https://youtu.be/{A})\n",
    }
    build(write_site(tmp_path, files))
    assert _episode_line(tmp_path / "site", "a1") == "M's name for it"  # `m_list.md` < `sub/...` < `z_list.md`


def _dirty_build(config_file):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    mkdocs_build(load_config(config_file=str(config_file)), dirty=True)


def _touch(path, text):
    path.write_text(text, encoding="utf-8")
    future = time.time() + 5  # newer than every page written so far
    os.utime(path, (future, future))


def test_a_dirty_rebuild_renames_episodes_on_pages_that_did_not_change(tmp_path):
    config_file = write_site(tmp_path, FILES, {"plugins": ["search", "pmnotes"]})
    config = build(config_file)
    plugin = config.plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=True)
    site_dir = tmp_path / "site"
    try:
        _dirty_build(config_file)
        _touch(tmp_path / "docs/lennyspodcast.md", CHANNEL.replace(TITLE_A, "Product sense, renamed"))
        _dirty_build(config_file)
        assert _episode_line(site_dir, "a1") == "Product sense, renamed"
        assert re.search(r"<h1[^>]*>Product sense, renamed</h1>", page(site_dir, f"episodes/{A}"))
        assert "Product sense, renamed" in page(site_dir, "episodes") and TITLE_A not in page(site_dir, "episodes")
        assert "Product sense, renamed" in page(site_dir, "")
        _touch(
            tmp_path / "docs/a2.md",
            FILES["docs/a2.md"].replace("title: Note A2\n", "title: Note A2\nepisode: Own name\n"),
        )
        _dirty_build(config_file)
        assert _episode_line(site_dir, "a1") == "Own name"
        listed = [e.text for e in elements(_panel(page(site_dir, "lennyspodcast")), "pmn-mention")]
        assert "Own name (2 notes)" in listed
    finally:
        plugin.on_startup(command="build", dirty=False)


def test_a_serve_rebuild_taking_over_unchanged_episodes_names_them_as_a_fresh_build(tmp_path):
    config_file = write_site(tmp_path, FILES, {"plugins": ["search", "pmnotes"]})
    config = build(config_file)
    plugin = config.plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=False)
    try:
        build(config_file)  # leaves what the next rebuild may take over
        (tmp_path / "docs/lennyspodcast.md").write_text(CHANNEL.replace(TITLE_A, "Renamed"), encoding="utf-8")
        build(config_file)
        served = written_tree(tmp_path / "site")
    finally:
        plugin.on_startup(command="build", dirty=False)
    assert plugin.serve is None  # a fresh build: nothing taken over
    build(config_file, site_dir=str(tmp_path / "fresh"))
    fresh = written_tree(tmp_path / "fresh")
    assert fresh == served
    assert b">Renamed</a>" in fresh["a1/index.html"]
