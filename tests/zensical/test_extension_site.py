"""The extension as Zensical runs it: a new Markdown instance per page, its options as written.

Zensical hands the page and its config to extensions through a preprocessor of its own
(`zensical.extensions.context`); `ZensicalContext` below has that shape, so these tests run
without Zensical. `test_zensical_build.py` builds a real site with it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import markdown
import pytest
from markdown.preprocessors import Preprocessor

from mkdocs_pmnotes.core.options import KEYS
from mkdocs_pmnotes.render import standalone
from mkdocs_pmnotes.render.site import NoteSite

SHIFTED = "".join(
    f'Claim <a class="yt-timestamp" data-t="{m:02d}:{s:02d}:00">[{m:02d}:{s:02d}:00]</a>.\n'
    for m, s in [(6, 33), (7, 2), (8, 28), (9, 6), (9, 32), (10, 5)]
)
NOTES = {
    "episode.md": "---\ntitle: The episode\nvideoId: E_rNotqs--I\nepisode: Pricing talk\n---\n\n"
    "## Why [[pricing | price]] matters\n\nWe talk [[pricing]] here "
    '<a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>.\n\n' + SHIFTED,
    "deep/pricing.md": "---\ntitle: Pricing\n---\n\n# Pricing\n\nSee [[nowhere]].\n",
    "other.md": "---\ntitle: Other\nvideoId: qNPPoj1qUG0\n---\n\nAlso [[Pricing]].\n",
}


class _Page:
    def __init__(self, path: str, url: str, meta: dict[str, object]) -> None:
        self.path, self.url, self.meta = path, url, meta


class ZensicalContext(Preprocessor):
    """What Zensical registers on each page's Markdown instance: the page and the config."""

    def __init__(self, md: markdown.Markdown, page: _Page, config: dict[str, object]) -> None:
        super().__init__(md)
        self.page, self.config = page, config

    def run(self, lines: list[str]) -> list[str]:
        return lines


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name, text in NOTES.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "zensical.toml").write_text(
        '[project]\nsite_name = "Notes"\n\n[project.markdown_extensions.pmnotes]\n', encoding="utf-8"
    )
    standalone._sites.clear()
    return root


def render(root: Path, path: str, **options: object) -> tuple[str, markdown.Markdown]:
    """A page as Zensical renders it: front matter removed, a new Markdown instance, options by name."""
    text = (root / "docs" / path).read_text(encoding="utf-8")
    body = standalone.body_of(text)[0].lstrip("\n")
    page = _Page(path, standalone.page_url(path), {})
    config = {"docs_dir": "docs", "root_dir": str(root), "use_directory_urls": True, "site_url": None}
    md = markdown.Markdown(extensions=["toc", "pmnotes"], extension_configs={"pmnotes": options})
    md.preprocessors.register(ZensicalContext(md, page, config), "rendering_context", 0)
    return md.convert(body), md


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time the extension reads the site, by folder."""
    made: list[Path] = []
    real = standalone.StandaloneSite.build.__func__  # type: ignore[attr-defined]

    def counted(cls, docs_dir, *args, **kwargs):
        made.append(docs_dir)
        return real(cls, docs_dir, *args, **kwargs)

    monkeypatch.setattr(standalone.StandaloneSite, "build", classmethod(counted))
    return made


def test_every_setting_of_the_linter_is_accepted_in_either_spelling(site):
    # Zensical passes each key of [project.markdown_extensions.pmnotes]; Python-Markdown
    # raises KeyError for one the extension does not declare.
    written = {key: "" for key in KEYS} | {key.replace("_", "-"): "" for key in KEYS}
    written |= {"severity": {"dangling-link": "info"}, "per-file-ignores": {"a.md": ["PMN201"]}}
    html, _ = render(site, "other.md", **written)
    assert '<a class="pmn-link" href="/deep/pricing/">Pricing</a>' in html


def test_the_site_is_read_once_per_build_and_again_when_a_rendered_page_changed(site, builds):
    for path in NOTES:
        render(site, path)
    assert len(builds) == 1
    note = site / "docs" / "other.md"
    os.utime(note, ns=(note.stat().st_atime_ns, note.stat().st_mtime_ns + 10**9))
    render(site, "other.md")  # `zensical serve` renders the edited page again
    render(site, "episode.md")
    assert len(builds) == 2


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The notes of each episode the extension analyses (reads with its episode)."""
    groups: list[list[str]] = []
    real = NoteSite.facts

    def counted(self, group):
        groups.append(sorted(note.path for note in group))
        return real(self, group)

    monkeypatch.setattr(NoteSite, "facts", counted)
    return groups


def test_a_rebuild_after_an_edit_analyses_the_edited_episode_only(site, analysed):
    assert 'data-pmn-count="3"' in render(site, "deep/pricing.md")[0]
    assert sorted(analysed) == [["deep/pricing.md"], ["episode.md"], ["other.md"]]
    analysed.clear()
    note = site / "docs" / "other.md"
    note.write_text(NOTES["other.md"].replace("Also [[Pricing]].", "No link now."), encoding="utf-8")
    os.utime(note, ns=(note.stat().st_atime_ns, note.stat().st_mtime_ns + 10**9))
    render(site, "other.md")
    assert analysed == [["other.md"]]
    assert 'data-pmn-count="2"' in render(site, "deep/pricing.md")[0]  # what was taken over, and the edit


def test_a_new_title_is_a_new_index_and_every_episode_is_read_again(site, analysed):
    render(site, "deep/pricing.md")
    analysed.clear()
    note = site / "docs" / "other.md"
    note.write_text(NOTES["other.md"].replace("title: Other", "title: Another"), encoding="utf-8")
    os.utime(note, ns=(note.stat().st_atime_ns, note.stat().st_mtime_ns + 10**9))
    render(site, "other.md")
    assert len(analysed) == 3  # any link may name the page by its title: nothing is taken over
    assert '<a class="pmn-link" href="/other/">Another</a>' in render(site, "deep/pricing.md")[0]


def test_a_note_ends_with_its_panel_out_of_the_table_of_contents(site):
    html, md = render(site, "deep/pricing.md")
    panel = html[html.index('<aside class="pmn-backlinks"') :]
    assert html.rstrip().endswith("</aside>")
    assert 'data-pmn-count="3"' in panel  # the heading's link, the sentence's, the other note's
    notes = re.findall(r'<p class="pmn-note-title"><a class="pmn-link" href="([^"]+)"', panel)
    assert sorted(notes) == ["/episode/", "/other/"]
    # No episode pages without a plugin API: an episode's heading leads to its video.
    episodes = re.findall(r'<h3><a class="pmn-link" href="([^"]+)">([^<]+)</a>', panel)
    assert sorted(episodes) == [
        ("//www.youtube.com/watch?v=E_rNotqs--I", "Pricing talk"),
        ("//www.youtube.com/watch?v=qNPPoj1qUG0", "Episode qNPPoj1qUG0"),
    ]
    assert "Linked from" not in str(md.toc_tokens)


def test_the_panel_follows_a_page_whose_first_heading_holds_a_link(site):
    # `toc` runs the postprocessors over each heading's HTML: the panel must not end up in one.
    html, md = render(site, "episode.md")
    assert [t["id"] for t in md.toc_tokens] == ["why-price-matters"]
    assert html.count('<aside class="pmn-backlinks"') == 1
    assert html.index("<aside") > html.index("10:05")


def test_an_unclosed_code_block_at_the_end_does_not_swallow_the_panel(site):
    note = site / "docs" / "deep" / "pricing.md"
    note.write_text(NOTES["deep/pricing.md"] + "\n    indented code\n```\nunclosed fence\n", encoding="utf-8")
    html, _ = render(site, "deep/pricing.md")
    assert html.rstrip().endswith("</aside>")
    assert "wzxhzdk" not in html


def test_the_episode_line_names_the_episode_and_leads_to_the_video(site):
    html, _ = render(site, "episode.md")
    assert html.startswith('<div class="pmn-player" data-pmn-video="E_rNotqs--I"></div>')
    assert '<a class="pmn-episode-ref" href="//www.youtube.com/watch?v=E_rNotqs--I">Pricing talk</a>' in html
    assert 'class="pmn-ts-note"' in html
    assert 'href="https://www.youtube.com/watch?v=E_rNotqs--I&amp;t=393s"' in html  # 06:33:00, corrected


def test_the_panel_is_left_out_when_asked(site):
    assert "pmn-backlinks" not in render(site, "deep/pricing.md", backlinks=False)[0]
    assert "pmn-backlinks" in render(site, "other.md")[0]  # nothing links here: an empty panel
    assert "pmn-backlinks" not in render(site, "other.md", backlinks_empty=False)[0]


def test_a_missing_target_is_styled_text_not_a_link(site):
    html, _ = render(site, "deep/pricing.md")
    assert '<span class="pmn-dangling" title="No page for nowhere">nowhere</span>' in html
    assert "/nowhere" not in html


def test_the_settings_are_those_of_the_config_zensical_read(site):
    # Zensical prefers zensical.toml to a mkdocs.yml beside it (the linter prefers mkdocs.yml).
    (site / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - pmnotes:\n      default_end: '1:00:00'\n", encoding="utf-8"
    )
    (site / "zensical.toml").write_text(
        '[project]\nsite_name = "x"\n\n[project.markdown_extensions.pmnotes]\ndefault_end = "2:00:00"\n',
        encoding="utf-8",
    )
    render(site, "other.md")
    assert [s.options.default_end for s in standalone._sites.values()] == [2 * 3600]
