"""What a built page keeps: MkDocs holds every page's content until the build ends."""

from __future__ import annotations

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort

from mkdocs_pmnotes.render.site import Released

from .conftest import build, write_site, written_tree

pytestmark = pytest.mark.slow

NOTE = """---
title: Note A
videoId: abcdefghijk
---
A line at <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a> about [[Missing Topic]] and [[b]].
"""


def test_panels_and_listings_are_given_back_once_the_page_is_written(tmp_path, monkeypatch):
    pages = []
    original = mkdocs_build._build_page

    def recording(page, *args, **kwargs):
        pages.append(page)
        return original(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", recording)
    config_file = write_site(
        tmp_path,
        {"docs/a.md": NOTE, "docs/b.md": "# B\n\nSee [[a]].\n"},
    )
    build(config_file)

    by_url = {page.file.src_uri: page for page in pages}
    written = (tmp_path / "site" / "b" / "index.html").read_text(encoding="utf-8")
    assert 'class="pmn-backlinks' in written  # the panel is on the page as served
    assert "pmn-backlinks" not in by_url["b.md"].content
    assert "See" in by_url["b.md"].content  # the page's own HTML is still there

    topics = [page for uri, page in by_url.items() if "missing_topic" in uri]
    assert topics, sorted(by_url)
    topic_html = (tmp_path / "site" / topics[0].file.dest_uri).read_text(encoding="utf-8")
    assert "pmn-mentions" in topic_html
    assert "pmn-mentions" not in topics[0].content

    # The note's timestamps stay expanded: the compact form is only for the page being written.
    assert "youtube.com" in by_url["a.md"].content or "youtu.be" in by_url["a.md"].content


# --- the facts a `mkdocs build` lets go once a page is written --------------------------------

CHANNEL_NOTE = """---
title: Note A
videoId: abcdefghijk
date: 2024-05-01
---
From: [[Some Channel]]

## Pricing

At <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a> pricing comes up, see [[Missing Topic]] and [[b]].
"""

SECOND_NOTE = """---
title: Note A2
videoId: abcdefghijk
---
From: [[Some Channel]]

At <a class="yt-timestamp" data-t="00:02:10">[00:02:10]</a> [[a#Pricing]] again, and [[Missing Topic]].
"""

FILES = {
    "docs/a.md": CHANNEL_NOTE,
    "docs/a2.md": SECOND_NOTE,
    "docs/b.md": "# B\n\nSee [[a]] about [[Other Topic]].\n",
}
# No `index.md`: the plugin makes the home page, which lists the whole site.
OPTIONS = {"plugins": [{"pmnotes": {"graph": True}}]}


def _kept_site(monkeypatch):
    """The `NoteSite` of each build, as it stands when the build ends."""
    from mkdocs_pmnotes.plugin.plugin import PmnotesPlugin

    sites = []
    original = PmnotesPlugin.on_post_build

    def recording(self, **kwargs):
        sites.append(self.build.site)
        return original(self, **kwargs)

    monkeypatch.setattr(PmnotesPlugin, "on_post_build", recording)
    return sites


def test_a_build_keeps_no_page_facts_once_every_page_is_written(tmp_path, monkeypatch):
    sites = _kept_site(monkeypatch)
    build(write_site(tmp_path, FILES, OPTIONS))

    site = sites[0]
    notes = {"a.md", "a2.md", "b.md"}
    assert notes <= set(site.notes) and notes <= site.released
    assert all(site.notes[path].plan is None and not site.notes[path].corrections for path in notes)
    assert all(site.notes[path].outgoing == () for path in notes)
    assert dict(site.store.to_page) == {}
    assert set(site.store.to_topic) == set(site.store.source_keys) == {"some_channel"}
    assert site.packed == {}
    # What other pages read of a note is still there.
    assert site.title("a.md") == "Note A" and site.date("a.md") == "2024-05-01"
    with pytest.raises(Released):
        site.plan("a.md")


def test_serve_keeps_every_fact_for_the_next_rebuild(tmp_path, monkeypatch):
    sites = _kept_site(monkeypatch)
    config_file = write_site(tmp_path, FILES, OPTIONS)
    plugin = build(config_file).plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=False)
    try:
        build(config_file)
    finally:
        plugin.on_startup(command="build", dirty=False)
    site = sites[-1]
    assert not site.released and not site.released_topics and not site.released_videos
    assert site.plan("a.md") is not None
    assert site.store.to_page["a.md"] and site.store.to_topic["missing_topic"]
    assert site.packed["abcdefghijk"] and site.outgoing("a2.md")


def _kept_everything(config_file, folder):
    """The site as a build that lets nothing go writes it: the first build of a `mkdocs serve`."""
    plugin = build(config_file, site_dir=str(folder)).plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=False)
    try:
        build(config_file, site_dir=str(folder))
    finally:
        plugin.on_startup(command="build", dirty=False)
    return written_tree(folder)


# With a home of its own, the Topics index is the one page that counts every topic's mentions.
@pytest.mark.parametrize("home", ["generated", "own"])
@pytest.mark.parametrize("order", ["files", "reversed", "episode-first"])
def test_pages_written_in_any_order_are_as_if_nothing_were_let_go(tmp_path, monkeypatch, order, home):
    own = {"docs/index.md": "# Home\n\nThe notes.\n"} if home == "own" else {}
    config_file = write_site(tmp_path, {**FILES, **own}, OPTIONS)
    expected = _kept_everything(config_file, tmp_path / "kept")

    original = mkdocs_build._build_page
    queued = []

    def later(page, config, doc_files, *args, **kwargs):
        # Every page is queued, then written in `order` once the last one is handed over.
        queued.append((page, config, doc_files, args, kwargs))
        if len(queued) < len(doc_files):
            return
        if order == "reversed":
            queued.reverse()
        elif order == "episode-first":
            queued.sort(key=lambda call: "episodes/" not in call[0].file.src_uri)
        for page_, config_, files_, args_, kwargs_ in queued:
            original(page_, config_, files_, *args_, **kwargs_)

    monkeypatch.setattr(mkdocs_build, "_build_page", later)
    build(config_file, site_dir=str(tmp_path / "other-order"))
    got = written_tree(tmp_path / "other-order")
    assert any(name.startswith("episodes/") for name in expected)
    assert sorted(name for name in expected.keys() | got.keys() if expected.get(name) != got.get(name)) == []


def test_a_page_rendered_twice_in_one_build_is_a_clear_error(tmp_path, monkeypatch, caplog):
    original = mkdocs_build._build_page

    def twice(page, *args, **kwargs):
        original(page, *args, **kwargs)
        if page.file.src_uri == "a.md":
            original(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", twice)
    with pytest.raises(Abort):
        build(write_site(tmp_path, FILES, OPTIONS))
    assert any("a.md: the page is rendered a second time" in r.getMessage() for r in caplog.records)
