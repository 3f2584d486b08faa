"""A heading's id is the one its page gives it, for links and timelines alike.

The page shows a heading's timestamps as the time they play and its wiki links
by their labels; `toc` makes the id from that text and numbers repeats. Every
link to a heading, from a note or an episode timeline, must land on that id.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from mkdocs_pmnotes.core.times import How
from mkdocs_pmnotes.render import markup

TS = '<a class="yt-timestamp" data-t="{t}">[{label}]</a>'


def ts(t: str, label: str | None = None) -> str:
    return TS.format(t=t, label=label or t)


def _episode() -> str:
    # An hour-long episode written minutes:seconds as hours:minutes, headings included.
    parts = ["---\ntitle: A\nvideoId: dQw4w9WgXcQ\n---\n\n# A\n"]
    for i, (m, s) in enumerate([(1, 5), (6, 33), (12, 10), (20, 40), (31, 2), (40, 0), (52, 30)]):
        parts.append(
            f"## Part {i} {ts(f'{m:02d}:{s:02d}:00')}\n\nClaim {i} about [[b]] {ts(f'{m:02d}:{s + 1:02d}:00')}.\n"
        )
    parts.append(f"## Part 2 {ts('12:10:00')}\n\nThe same heading again {ts('12:20:00')}.\n")
    parts.append("## About [[b|Bee]] and [[c]]\n\n## Part_1\n\n## Part\n\n## Part\n\nLast words.\n")
    return "\n".join(parts)


FILES = {
    "docs/index.md": "# Home\n",
    "docs/a.md": _episode(),
    "docs/b.md": (
        "# B\n\nSee [[a#Part 1 06:33:00]], [[a#Part 2 12:10:00]], [[a#About Bee and c]], [[a#Part]] and [[a#Part_1]].\n"
    ),
    "docs/c.md": "# C\n",
}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])


def fragment_links(site_dir: Path) -> tuple[int, list[tuple[str, str]]]:
    """How many in-site links carry a fragment, and those whose page lacks that id."""
    pages = {}
    for path in site_dir.rglob("*.html"):
        parsed = _Page()
        parsed.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site_dir).as_posix()] = parsed
    count, broken = 0, []
    for name, parsed in pages.items():
        for href in parsed.hrefs:
            url = urlsplit(href)
            if url.scheme or url.netloc or not url.fragment or url.fragment.startswith("__"):
                continue
            target = name
            if url.path:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(url.path)))
                target = target if target.endswith(".html") else f"{target}/index.html".removeprefix("./")
            count += 1
            if unquote(url.fragment) not in pages.get(target, _Page()).ids:
                broken.append((name, href))
    return count, broken


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_every_link_to_a_heading_lands_on_its_id(site, theme):
    _, site_dir = site(FILES, {"theme": {"name": theme}})
    count, broken = fragment_links(site_dir)
    assert count >= 20  # the note's links and the episode timeline's sections
    assert broken == []
    html = (site_dir / "a/index.html").read_text(encoding="utf-8")
    assert 'id="part-1-000633"' in html  # the time it plays, as the heading shows it
    assert 'href="../a/#part-1-000633"' in (site_dir / "b/index.html").read_text(encoding="utf-8")
    assert 'id="part-2-001210_1"' in html  # a repeat numbered as `toc` numbers it


@pytest.mark.parametrize(
    "moment",
    [
        markup.Moment("06:33:00", "06:33:00", "dQw4w9WgXcQ", 393, How.SHIFTED),
        markup.Moment("00:00:05", "01:02:03", "dQw4w9WgXcQ", 3723, How.WRITTEN),  # label names another time
        markup.Moment("07:00", "07:00", "dQw4w9WgXcQ", 420, How.WRITTEN),
        markup.Moment("97:10:00", "97:10:00", "dQw4w9WgXcQ", None, How.NONE),
        markup.Moment("01:00:37:00", "01:00:37:00", "dQw4w9WgXcQ", 3637, How.FOUR),
        markup.Moment("00:10:00", "00:10:00", None, 600, How.WRITTEN),  # no video: shown as written
        markup.Moment("a<b", "00:10:00", "dQw4w9WgXcQ", 600, How.WRITTEN),
    ],
)
def test_shown_is_the_text_a_timestamp_link_shows(moment):
    html = markup.timestamp(moment)
    inner = html[html.rindex("[", 0, html.rindex("]")) + 1 : html.rindex("]")]
    assert markup.shown(moment) == inner.replace("&lt;", "<")
