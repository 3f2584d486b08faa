"""`mkdocs serve` rebuilds: one plugin instance, several builds, nothing stale, nothing growing."""

from __future__ import annotations

import os
import re
import time

import pytest

from mkdocs_pmnotes.plugin import build as build_module

from .conftest import build, content, elements, page, write_site

pytestmark = pytest.mark.slow

A = '---\ntitle: Note A\nvideoId: E_rNotqs--I\n---\n\nPricing matters [[b | B]] <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>.\n'
A_WITHOUT = "---\ntitle: Note A\nvideoId: E_rNotqs--I\n---\n\nPricing matters, says nobody.\n"
B = "---\ntitle: Note B\n---\n\nAbout pricing.\n"
C = "---\ntitle: Note C\n---\n\nUnrelated, links to [[b]].\n"


def _panel(site_dir, url):
    html = page(site_dir, url)
    return elements(html[html.find('<aside class="pmn-backlinks"') :], "pmn-mention", "pmn-note-title")


@pytest.fixture
def project(tmp_path):
    config = write_site(tmp_path, {"docs/a.md": A, "docs/b.md": B, "docs/c.md": C})
    return tmp_path, config


def test_removed_link_leaves_the_panel_on_the_next_build(project):
    root, config_file = project
    first = build(config_file)
    assert [m.text for m in _panel(root / "site", "b") if "pmn-note-title" in m.attrs["class"]] == ["Note A", "Note C"]
    assert "Pricing matters" in _panel(root / "site", "b")[1].text
    (root / "docs/a.md").write_text(A_WITHOUT, encoding="utf-8")
    second = build(config_file)
    # `mkdocs serve` keeps a plugin that has on_startup; so does every load_config in one process.
    assert second.plugins["pmnotes"] is first.plugins["pmnotes"]
    assert [m.text for m in _panel(root / "site", "b") if "pmn-note-title" in m.attrs["class"]] == ["Note C"]


def test_nothing_grows_from_build_to_build(project):
    _, config_file = project
    config = build(config_file)
    plugin = config.plugins["pmnotes"]
    assert plugin.build is None and plugin.current is None  # released at the end of each build
    sizes = []
    for _ in range(3):
        state = {}
        # Look at the state of the build while it is alive: just before the pages are written.
        original = plugin.on_post_build

        def capture(*, config, _original=original, state=state):
            site = plugin.build.site
            state.update(
                notes=len(site.notes),
                targets=len(site.resolver._targets),
                resolved=len(site.resolver._resolved),
                records=sum(map(len, site.store.to_page.values())),
                generated=len(site.generated),
                extensions=sum(1 for e in config.markdown_extensions if type(e).__name__ == "PmnotesExtension"),
                css=config.extra_css.count("assets/pmnotes/pmnotes.css"),
            )
            return _original(config=config)

        plugin.on_post_build = capture
        try:
            build(config_file)
        finally:
            del plugin.on_post_build
        sizes.append(state)
    assert sizes[0] == sizes[1] == sizes[2]
    assert sizes[0]["extensions"] == 1 and sizes[0]["css"] == 1


def test_dirty_rebuild_rerenders_the_pages_whose_panel_changed(project):
    root, config_file = project
    config = build(config_file)
    plugin = config.plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=True)
    try:
        _dirty_build(config_file)
        c_page = root / "site/c/index.html"
        c_mtime = c_page.stat().st_mtime
        time.sleep(0.05)
        (root / "docs/a.md").write_text(A_WITHOUT, encoding="utf-8")
        future = time.time() + 5  # the edit must look newer than every page written so far
        os.utime(root / "docs/a.md", (future, future))
        _dirty_build(config_file)
        assert [m.text for m in _panel(root / "site", "b") if "pmn-note-title" in m.attrs["class"]] == ["Note C"]
        assert c_page.stat().st_mtime == c_mtime  # c shows nothing that changed: not re-rendered
    finally:
        plugin.on_startup(command="build", dirty=False)


def _dirty_build(config_file):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file))
    mkdocs_build(config, dirty=True)
    return config


def test_backlink_shows_sentence_timestamp_and_episode(project):
    root, config_file = project
    build(config_file)
    html = page(root / "site", "b")
    panel = html[html.find('<aside class="pmn-backlinks"') :]
    # The episode is named for its video (not after one of its notes) and leads to its timeline.
    assert (
        '<section class="pmn-episode"><h3><a class="pmn-link" href="../episodes/E_rNotqs--I/" data-preview>'
        "Episode E_rNotqs--I</a></h3>"
    ) in panel
    assert '<p class="pmn-note-title"><a class="pmn-link" href="../a/" data-preview>Note A</a></p>' in panel
    assert (
        '<q>Pricing matters B.</q> <a class="yt-timestamp pmn-ts" href="https://www.youtube.com/watch?v=E_rNotqs--I&amp;t=65s"'
        in panel
    )
    assert "<h3>Other pages</h3>" in panel  # c has no video
    assert 'data-pmn-count="2"' in panel
    assert not elements(content(page(root / "site", "a")), "pmn-mention")  # nothing links to a


def _tree(folder):
    # MkDocs writes the build's date into the home page (the plugin's own, for a site without one).
    return {
        p.relative_to(folder).as_posix(): re.sub(rb"Build Date UTC : [^\n]*", b"", p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("edit", ["body", "title", "heading", "video", "new note"])
def test_serve_rebuild_taking_over_unchanged_notes_equals_a_fresh_build(project, edit, pmn_logs, monkeypatch):
    root, config_file = project
    (root / "docs/d.md").write_text(
        "---\ntitle: Note D\nvideoId: E_rNotqs--I\n---\n\n# Top\n\nD on [[b#About]]"
        ' <a class="yt-timestamp" data-t="00:02:00">[00:02:00]</a>.\n',
        encoding="utf-8",
    )
    config = build(config_file)
    plugin = config.plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=False)
    try:
        build(config_file)  # leaves what the next rebuild may take over
        changes = {
            "body": ("docs/c.md", C.replace("Unrelated", "Related")),
            "title": ("docs/b.md", B.replace("Note B", "Note Bee")),
            "heading": ("docs/b.md", B + "\n## About\n"),
            "video": ("docs/a.md", A.replace("E_rNotqs--I", "qNPPoj1qUG0")),
            "new note": ("docs/e.md", "---\ntitle: E\n---\n\nE cites [[c]] and [[a]].\n"),
        }
        name, text = changes[edit]
        (root / name).write_text(text, encoding="utf-8")
        parsed = []
        original = build_module.read_docs_file
        monkeypatch.setattr(
            build_module,
            "read_docs_file",
            lambda file, shown, *rest: parsed.append(shown) or original(file, shown, *rest),
        )
        build(config_file)
        monkeypatch.undo()
        if edit == "body":
            assert parsed == ["docs/c.md"]  # the other notes are taken over, not parsed again
        served = _tree(root / "site")
        pmn_logs()
    finally:
        plugin.on_startup(command="build", dirty=False)
    assert plugin.serve is None  # `mkdocs build` keeps nothing for a next build
    build(config_file, site_dir=str(root / "fresh"))
    assert _tree(root / "fresh") == served


def test_dirty_rebuild_rerenders_a_note_whose_episode_was_renamed(tmp_path):
    d = "---\ntitle: Note D\nvideoId: E_rNotqs--I\n---\n\nSame episode.\n"
    named = A.replace("title: Note A\n", "title: Note A\nepisode: Pricing talk\n")
    config_file = write_site(tmp_path, {"docs/a.md": A, "docs/d.md": d})
    config = build(config_file)
    plugin = config.plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=True)
    try:
        _dirty_build(config_file)
        assert ">E_rNotqs--I</a>" in page(tmp_path / "site", "d")
        (tmp_path / "docs/a.md").write_text(named, encoding="utf-8")
        future = time.time() + 5
        os.utime(tmp_path / "docs/a.md", (future, future))
        _dirty_build(config_file)
        # d.md did not change, but the name of its episode did.
        assert 'Episode: <a class="pmn-episode-ref"' in page(tmp_path / "site", "d")
        assert ">Pricing talk</a>" in page(tmp_path / "site", "d")
    finally:
        plugin.on_startup(command="build", dirty=False)


def _graph_nodes(html):
    import html as html_module
    import json
    import re

    found = re.search(r'data-pmn-graph="([^"]*)"', html)
    return json.loads(html_module.unescape(found.group(1)))["nodes"] if found else []


def test_dirty_rebuild_redraws_a_graph_whose_neighbour_became_a_note(tmp_path):
    config_file = write_site(tmp_path, {"docs/a.md": A, "docs/b.md": B}, {"plugins": [{"pmnotes": {"graph": True}}]})
    config = build(config_file)
    plugin = config.plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=True)
    try:
        _dirty_build(config_file)
        assert [(n["title"], n["kind"]) for n in _graph_nodes(page(tmp_path / "site", "a"))] == [("Note B", "page")]
        (tmp_path / "docs/b.md").write_text(
            B.replace("title: Note B\n", "title: Note B\nvideoId: qNPPoj1qUG0\n"), encoding="utf-8"
        )
        future = time.time() + 5
        os.utime(tmp_path / "docs/b.md", (future, future))
        _dirty_build(config_file)
        # a.md did not change, but its graph draws b as a note now.
        assert [(n["title"], n["kind"]) for n in _graph_nodes(page(tmp_path / "site", "a"))] == [("Note B", "note")]
    finally:
        plugin.on_startup(command="build", dirty=False)


def test_dirty_rebuild_rerenders_the_notes_when_the_options_change(tmp_path):
    config_file = write_site(tmp_path, {"docs/a.md": A, "docs/b.md": B})
    config = build(config_file)
    plugin = config.plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=True)
    try:
        _dirty_build(config_file)
        assert 'href="../b/" data-preview>B</a>' in page(tmp_path / "site", "a")
        # `mkdocs serve` reloads mkdocs.yml into the same plugin; no note changed.
        write_site(tmp_path, {}, {"plugins": [{"pmnotes": {"previews": False}}]})
        _dirty_build(config_file)
        assert 'href="../b/">B</a>' in page(tmp_path / "site", "a")
    finally:
        plugin.on_startup(command="build", dirty=False)


@pytest.mark.parametrize(
    ("name", "before", "after", "shown"),
    [
        ("docs/d.md", "Same episode.", "Same episode, on [[pricing strategy]].", "pricing strategy"),  # a new topic
        ("docs/c.md", "title: Note C", "title: Note Sea", None),  # a linked page's title, set below
        ("docs/a.md", "Pricing matters", "Prices matter", "Prices matter"),  # a claim's sentence
    ],
)
def test_dirty_rebuild_rerenders_an_episode_page_when_what_it_shows_changes(tmp_path, name, before, after, shown):
    d = "---\ntitle: Note D\nvideoId: E_rNotqs--I\n---\n\nSame episode.\n"
    files = {"docs/a.md": A.replace("[[b | B]]", "[[c]]"), "docs/c.md": C, "docs/d.md": d}
    config_file = write_site(tmp_path, files)
    config = build(config_file)
    plugin = config.plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=True)
    episode = tmp_path / "site" / "episodes" / "E_rNotqs--I" / "index.html"
    try:
        _dirty_build(config_file)
        assert (shown or "Note Sea") not in episode.read_text(encoding="utf-8")
        path = tmp_path / name
        path.write_text(path.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")
        future = time.time() + 5
        os.utime(path, (future, future))
        _dirty_build(config_file)
        html = episode.read_text(encoding="utf-8")
        assert (shown or "Note Sea") in html
    finally:
        plugin.on_startup(command="build", dirty=False)


def test_dirty_rebuild_leaves_a_note_handed_to_mkdocs_as_text_unless_it_changed(tmp_path):
    """A note with broken front matter reaches MkDocs as text, which MkDocs would render on every rebuild."""
    broken = "---\ntitle: Episode 12: pricing\n---\n\nSee [[b]].\n"  # an unquoted colon: not YAML
    config_file = write_site(tmp_path, {"docs/broken.md": broken, "docs/b.md": B, "docs/c.md": C})
    config = build(config_file)
    plugin = config.plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=True)
    try:
        _dirty_build(config_file)
        shown = tmp_path / "site/broken/index.html"
        written = shown.stat().st_mtime_ns
        time.sleep(0.05)
        (tmp_path / "docs/c.md").write_text(C + "\nMore.\n", encoding="utf-8")  # another note's edit
        _dirty_build(config_file)
        assert shown.stat().st_mtime_ns == written
        (tmp_path / "docs/broken.md").write_text(broken.replace("See", "Now see"), encoding="utf-8")
        _dirty_build(config_file)
        assert shown.stat().st_mtime_ns != written and "Now see" in page(tmp_path / "site", "broken")
        assert "title: Episode 12: pricing" in content(page(tmp_path / "site", "broken"))  # still shown as text
    finally:
        plugin.on_startup(command="build", dirty=False)
