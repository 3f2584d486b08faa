"""The `pmnotes` Markdown extension on its own: plain Python-Markdown and Zensical's context."""

from __future__ import annotations

import logging

import markdown
import pytest
from markdown.preprocessors import Preprocessor

from mkdocs_pmnotes.core.words import printable_logger
from mkdocs_pmnotes.markdown_ext import PmnotesExtension
from mkdocs_pmnotes.render import standalone

SHIFTED_ANCHORS = "".join(
    f'Claim <a class="yt-timestamp" data-t="{m:02d}:{s:02d}:00">[{m:02d}:{s:02d}:00]</a>.\n'
    for m, s in [(6, 33), (7, 2), (8, 28), (9, 6), (9, 32), (10, 5)]
)
EPISODE = (
    "---\ntitle: The episode\nvideoId: E_rNotqs--I\n---\n\nSee [[pricing | the pricing note]], "
    "[[Pricing#Value metrics]], [[nowhere]] and `[[pricing]]`.\n\n" + SHIFTED_ANCHORS
)
PRICING = "---\ntitle: Pricing\n---\n\n# Pricing\n\n## Value metrics\n\nText.\n"


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "deep").mkdir()
    (tmp_path / "episode.md").write_text(EPISODE, encoding="utf-8")
    (tmp_path / "deep" / "pricing.md").write_text(PRICING, encoding="utf-8")
    standalone._sites.clear()  # each test gets its own index
    return tmp_path


def render(text: str, **config) -> str:
    return markdown.markdown(text, extensions=[PmnotesExtension(**config)])


def test_without_a_docs_folder_the_page_is_left_alone():
    assert render("[[x]]") == "<p>[[x]]</p>"


def test_plain_python_markdown_with_front_matter_left_in(docs):
    # Plain Python-Markdown does not strip front matter: the note is recognised all the same.
    html = render(EPISODE, docs_dir=str(docs))
    assert '<a class="pmn-link" href="/deep/pricing/">the pricing note</a>' in html
    assert '<a class="pmn-link" href="/deep/pricing/#value-metrics">Pricing &gt; Value metrics</a>' in html
    assert '<span class="pmn-dangling" title="No page for nowhere">nowhere</span>' in html
    assert "<code>[[pricing]]</code>" in html
    assert 'href="https://www.youtube.com/watch?v=E_rNotqs--I&amp;t=393s"' in html  # shifted, corrected
    assert html.startswith('<div class="pmn-player" data-pmn-video="E_rNotqs--I"></div>')


def test_page_recognised_by_its_text_when_front_matter_was_removed(docs):
    body = EPISODE.split("---\n", 2)[2].lstrip("\n").replace("\n", "\r\n")  # whitespace may differ
    html = render(body, docs_dir=str(docs), base_url="/site/")
    assert 'href="/site/deep/pricing/"' in html
    assert 'data-pmn-video="E_rNotqs--I"' in html and "t=393s" in html


def test_unknown_page_still_gets_links(docs):
    html = render("A new note about [[pricing]].", docs_dir=str(docs))
    assert '<a class="pmn-link" href="/deep/pricing/">pricing</a>' in html


def test_flat_urls(docs):
    html = render("[[pricing]]", docs_dir=str(docs), use_directory_urls=False)
    assert 'href="/deep/pricing.html"' in html


class _ZensicalPage:
    def __init__(self, path: str, url: str, meta: dict) -> None:
        self.path, self.url, self.meta = path, url, meta


class _ContextPreprocessor(Preprocessor):
    """The shape of Zensical's rendering context: a preprocessor holding `page` and `config`."""

    def __init__(self, md, page, config):
        super().__init__(md)
        self.page, self.config = page, config

    def run(self, lines):
        return lines


def test_zensical_context_gives_page_docs_dir_and_base(docs, monkeypatch):
    monkeypatch.chdir(docs.parent)
    page = _ZensicalPage("episode.md", "episode/", {"title": "The episode", "videoId": "E_rNotqs--I"})
    config = {"docs_dir": docs.name, "site_url": "https://example.org/notes/", "use_directory_urls": True}
    md = markdown.Markdown(extensions=[PmnotesExtension()])
    md.preprocessors.register(_ContextPreprocessor(md, page, config), "rendering_context", 0)
    body = EPISODE.split("---\n", 2)[2].lstrip("\n")
    html = md.convert(body)
    assert 'href="/notes/deep/pricing/"' in html
    assert 't=393s" data-t="06:33:00" data-pmn-video="E_rNotqs--I"' in html


def test_entry_point_name_loads_the_extension(docs):
    html = markdown.markdown(
        "[[pricing]]", extensions=["pmnotes"], extension_configs={"pmnotes": {"docs_dir": str(docs)}}
    )
    assert 'href="/deep/pricing/"' in html


def test_index_follows_a_new_note(docs):
    assert "pmn-dangling" in render("[[fresh]]", docs_dir=str(docs))
    (docs / "fresh.md").write_text("# Fresh\n", encoding="utf-8")
    # A page the index does not know makes it rebuild, at most every couple of seconds.
    standalone._sites[next(iter(standalone._sites))].built = 0
    assert 'href="/fresh/"' in render("[[fresh]]", docs_dir=str(docs))


def test_the_extension_log_escapes_what_a_note_holds(docs, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.pmnotes")
    render("A link to [[no\x1bc\x07where]].", docs_dir=str(docs))
    messages = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.pmnotes"]
    assert any("no\\x1bc\\x07where" in m for m in messages)
    assert [m for m in messages if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in m)] == []


def test_the_log_keeps_its_own_line_breaks_and_escapes_the_rest(caplog):
    logger = printable_logger("mkdocs.plugins.pmnotes")
    caplog.set_level(logging.INFO, logger=logger.name)
    logger.info("first %s\nsecond", "x\x1b[2J\rbuild ok")
    assert caplog.records[-1].getMessage() == "first x\\x1b[2J\\rbuild ok\nsecond"
