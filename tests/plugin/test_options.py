"""The plugin's options in real builds: links, dangling policy, logging, lint, mounting."""

from __future__ import annotations

from typing import ClassVar

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from .conftest import build, content, elements, page, write_site

pytestmark = pytest.mark.slow

NESTED = {
    "docs/index.md": "# Home\n\nSee [[Deep Note#Second part | the second part]] and [[missing topic]].\n",
    "docs/a/b/deep_note.md": "---\ntitle: Deep Note\n---\n\n# Deep\n\n## Second part\n\nText.\n",
    "docs/a/other.md": "Up to [[index]], across to [[deep_note#second-part]], ![[deep_note]], "
    "`[[deep_note]]`, and back [[#Local]].\n\n## Local\n",
}


def test_links_across_nested_folders_with_heading_ids(site):
    _, site_dir = site(NESTED)
    home = elements(content(page(site_dir, "")), "pmn-link")
    assert [(e.text, e.attrs["href"]) for e in home[:1]] == [("the second part", "a/b/deep_note/#second-part")]
    other = elements(content(page(site_dir, "a/other")), "pmn-link")
    assert [(e.text, e.attrs["href"]) for e in other] == [
        ("index", "../../"),
        ("deep_note > second-part", "../b/deep_note/#second-part"),
        ("deep_note", "../b/deep_note/"),
        ("Local", "#local"),
    ]
    assert 'id="second-part"' in page(site_dir, "a/b/deep_note")
    assert "<code>[[deep_note]]</code>" in page(site_dir, "a/other")


def test_flat_urls(site):
    _, site_dir = site(NESTED, {"use_directory_urls": False})
    html = (site_dir / "a/other.html").read_text(encoding="utf-8")
    assert 'href="b/deep_note.html#second-part"' in html and 'href="../index.html"' in html


def test_configured_toc_slugify_is_followed(site):
    config = {"markdown_extensions": [{"toc": {"separator": "_"}}]}
    _, site_dir = site(NESTED, config)
    assert 'href="a/b/deep_note/#second_part"' in page(site_dir, "")
    assert 'id="second_part"' in page(site_dir, "a/b/deep_note")


def test_warn_policy_makes_no_topic_pages(site):
    _, site_dir = site(NESTED, {"plugins": [{"pmnotes": {"dangling": "warn"}}]})
    assert '<span class="pmn-dangling" title="No page for missing topic">missing topic</span>' in page(site_dir, "")
    assert not (site_dir / "topics").exists()


def test_dangling_links_are_logged_at_the_configured_level(tmp_path, pmn_logs):
    build(write_site(tmp_path, NESTED, {"plugins": [{"pmnotes": {"dangling_level": "warn"}}]}))
    column = NESTED["docs/index.md"].splitlines()[2].index("[[missing") + 1
    assert (
        "WARNING",
        f"docs/index.md:3:{column}: link to 'missing topic' matches no page; linked to its topic page",
    ) in pmn_logs()


def test_strict_build_fails_on_dangling_links_at_warn(tmp_path):
    config = write_site(tmp_path, NESTED, {"plugins": [{"pmnotes": {"dangling_level": "warn"}}]})
    with pytest.raises(Abort):
        mkdocs_build(load_config(config_file=str(config), strict=True))
    # ... and passes when they are information.
    config = write_site(tmp_path, NESTED, {"plugins": [{"pmnotes": {"dangling_level": "info"}}]})
    mkdocs_build(load_config(config_file=str(config), strict=True))


def test_existing_target_lists_its_mentions_in_the_panel(site):
    _, site_dir = site(NESTED)
    panel = page(site_dir, "a/b/deep_note").split('<aside class="pmn-backlinks"')[1]
    mentions = [e.text for e in elements(panel, "pmn-mention")]
    assert len(mentions) == 3  # two links from a/other.md (one an embed), one from the home page
    assert "See the second part and missing topic." in mentions
    assert "Home" in [e.text for e in elements(panel, "pmn-note-title")]


def test_lint_findings_are_logged_once_per_build(tmp_path, pmn_logs):
    files = {"docs/n.md": 'Broken [[target\n\n<a class="yt-timestamp" data-t="1:2:3:4">[x]</a>\n'}
    build(write_site(tmp_path, files, {"plugins": [{"pmnotes": {"lint": True, "lint_level": "warn"}}]}))
    findings = [m for level, m in pmn_logs() if m.startswith("docs/n.md:") and " PMN" in m]
    assert findings and all(level == "WARNING" for level, m in pmn_logs() if m in findings)
    assert len(findings) == len(set(findings))
    assert any(" PMN202 " in m for m in findings)


def test_lint_runs_under_serve_by_default_not_in_build(tmp_path, pmn_logs):
    files = {"docs/n.md": "Broken [[target\n"}
    config = build(write_site(tmp_path, files))
    assert not [m for _, m in pmn_logs() if "PMN202" in m]
    plugin = config.plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=False)
    try:
        build(tmp_path / "mkdocs.yml")
    finally:
        plugin.on_startup(command="build", dirty=False)
    assert [m for _, m in pmn_logs() if "PMN202" in m]


def test_notes_folder_is_mounted_in_place_and_watched(tmp_path):
    files = {
        "docs/index.md": "See [[outside note]].\n",
        "notes_src/deep/outside note.md": "# Outside\n\nBack to [[index]].\n",
    }
    config_file = write_site(
        tmp_path, files, {"plugins": [{"pmnotes": {"notes": ["notes_src"], "mount": {"notes_src": "n"}}}]}
    )
    config = build(config_file)
    site_dir = tmp_path / "site"
    assert 'href="n/deep/outside%20note/"' in page(site_dir, "")
    assert 'href="../../../"' in page(site_dir, "n/deep/outside note")
    assert not (tmp_path / "docs" / "n").exists()

    class Server:
        watched: ClassVar[list[str]] = []

        def watch(self, path):
            self.watched.append(path)

    server = Server()
    config.plugins.on_serve(server, config=config, builder=None)
    assert str(tmp_path / "notes_src") in server.watched


def test_missing_notes_folder_stops_the_build_with_a_reason(tmp_path, caplog):
    config = write_site(tmp_path, {"docs/index.md": "x"}, {"plugins": [{"pmnotes": {"notes": ["nope"]}}]})
    with pytest.raises(Abort):
        mkdocs_build(load_config(config_file=str(config)))
    assert "pmnotes: notes folder 'nope' does not exist" in caplog.text


def test_mount_of_a_folder_not_in_notes_is_refused(tmp_path, caplog):
    (tmp_path / "elsewhere").mkdir()
    config = write_site(tmp_path, {"docs/index.md": "x"}, {"plugins": [{"pmnotes": {"mount": {"elsewhere": "x"}}}]})
    with pytest.raises(Abort):
        mkdocs_build(load_config(config_file=str(config)))
    assert "mount names 'elsewhere', which is not listed in `notes`" in caplog.text


def test_extension_listed_for_zensical_is_replaced_not_doubled(site):
    config = {"markdown_extensions": [{"pmnotes": {"docs_dir": "docs"}}]}
    _, site_dir = site(NESTED, config)
    assert elements(content(page(site_dir, "a/other")), "pmn-link")[0].attrs["href"] == "../../"


def test_generated_page_never_replaces_a_page_of_the_docs(site):
    files = dict(NESTED) | {"docs/topics/missing_topic.md": "# My own page\n"}
    _, site_dir = site(files)
    assert "My own page" in page(site_dir, "topics/missing_topic")


def test_ambiguous_link_is_a_styled_non_link_and_logged(tmp_path, pmn_logs):
    files = {"docs/a/twin.md": "A\n", "docs/b/twin.md": "B\n", "docs/c/x.md": "Which [[twin]]?\n"}
    build(write_site(tmp_path, files))
    html = content(page(tmp_path / "site", "c/x"))
    assert elements(html, "pmn-ambiguous")[0].text == "twin" and not elements(html, "pmn-link")
    assert ("INFO", "docs/c/x.md:1:7: link to 'twin' matches several pages: a/twin.md, b/twin.md") in pmn_logs()


def test_linter_settings_are_checked_like_the_linters_own(tmp_path, caplog):
    config = write_site(tmp_path, {"docs/index.md": "x"}, {"plugins": [{"pmnotes": {"select": ["PMN999"]}}]})
    with pytest.raises(Abort):
        mkdocs_build(load_config(config_file=str(config)))
    assert "unknown rule selector `PMN999`" in caplog.text


def test_pyproject_settings_apply_to_the_site_as_to_the_linter(tmp_path):
    files = {
        "docs/index.md": "See [[outside]].\n",
        "notes_src/outside.md": "# Outside\n",
        "pyproject.toml": '[tool.pmnotes]\nnotes = ["notes_src"]\nmount = { notes_src = "n" }\n',
    }
    build(write_site(tmp_path, files))
    assert 'href="n/outside/"' in page(tmp_path / "site", "")


@pytest.mark.parametrize("option", ["topics_dir", "episodes_dir", "sources_dir"])
@pytest.mark.parametrize("value", ["../../x", "a/../../x", "..", "a\\..\\..\\x"])
def test_a_generated_pages_folder_outside_the_site_is_refused(tmp_path, caplog, option, value):
    files = {
        "docs/index.md": "[[missing]]\n\nFrom: [[podcast]]\n",
        "docs/a.md": "---\nvideoId: E_rNotqs--I\n---\n",
        "docs/b.md": "---\nvideoId: E_rNotqs--I\n---\n",
    }
    config = write_site(tmp_path / "p" / "q", files, {"plugins": [{"pmnotes": {option: value}}]})
    with pytest.raises(Abort):
        mkdocs_build(load_config(config_file=str(config)))
    assert f"{value!r} leaves the site" in caplog.text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"] and not (tmp_path / "p" / "x").exists()


def test_a_mount_outside_the_site_is_refused(tmp_path, caplog):
    config = write_site(
        tmp_path,
        {"docs/index.md": "x", "notes/n.md": "N\n"},
        {"plugins": [{"pmnotes": {"notes": ["notes"], "mount": {"notes": "../up"}}}]},
    )
    with pytest.raises(Abort):
        mkdocs_build(load_config(config_file=str(config)))
    assert "mount of 'notes' is '../up', which leaves the site" in caplog.text
