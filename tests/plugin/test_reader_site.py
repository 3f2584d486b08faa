"""A generated site with everything real notes hold reads clean: no raw Markdown or placeholder on any page.

`--reader` adds callouts of every kind, admonitions and content tabs with links, a
timestamp wrapped in a Markdown link, plain-text times and a label holding "vs.";
`--channel` names the episodes. Every page's visible text is then read.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import build, content, load_generator, page

pytestmark = pytest.mark.slow
RAW = ("[[", "]]", "[!NOTE]", "[!tip]", "[!EXAMPLE]", "[!faq]", "[!warning]", "[!quote]", "wzxhzdk", "\x02", "\x03")


class _Text(HTMLParser):
    """The text a reader sees: no script, style or attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def text_of(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reader") / "site"
    summary = load_generator().generate(folder, 80, 3, channel=True, reader=True)
    assert summary["reader_notes"] > 5
    build(folder / "mkdocs.yml")
    return folder, folder / "site-plugin"


def test_no_page_shows_raw_markdown_or_a_placeholder(built):
    _, site_dir = built
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 100
    found = {}
    for path in pages:
        text = text_of(path)
        raw = [token for token in RAW if token in text]
        if raw:
            found[path.relative_to(site_dir).as_posix()] = raw
    assert found == {}


def test_reader_blocks_render_as_the_site_means_them(built):
    folder, site_dir = built
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    names = [name for name, entry in truth["notes"].items() if entry.get("reader")]
    for name in names:
        html_text = content(page(site_dir, name.removesuffix(".md")))
        assert re.search(r'<(div class="admonition|details class=")', html_text), name  # the callout
        assert '<div class="admonition note">' in html_text  # `!!! note` with its linked body
        assert 'class="tabbed-set' in html_text
        assert html_text.count('data-pmn-seconds="') >= 5  # wrapped and plain times play too
        assert "Build vs. buy" in html_text


def test_every_named_episode_has_its_title(built):
    folder, site_dir = built
    titles = json.loads((folder / "truth.json").read_text(encoding="utf-8"))["titles"]
    assert titles
    for video, title in titles.items():
        (h1,) = re.findall(r"<h1[^>]*>(.*?)</h1>", content(page(site_dir, f"episodes/{video}")))
        assert html.unescape(h1) == title
    index = text_of(site_dir / "episodes" / "index.html")
    assert [title for title in titles.values() if title not in index] == []
