"""Note content is text, never markup or a way out of the site (issue section 13)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from .conftest import build, content, elements, page, write_site

pytestmark = pytest.mark.slow

HOSTILE = (
    "---\n"
    "title: '</title><script>alert(\"title\")</script><img src=x onerror=alert(2)>'\n"
    'description: \'"><script>alert("description")</script>\'\n'
    "videoId: '\"><script>alert(3)</script>'\n"
    "---\n\n"
    "A [[../../etc/passwd]] and [[<script>alert(1)</script>]] and [[javascript:alert(1)]].\n\n"
    "Also [[good | <img src=x onerror=alert(4)>]] and [[good#<b>x</b>]]"
    ' <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>.\n'
)
# YAML types other than a string: a mapping or a list inside a list reaches the templates as its str().
NOT_TEXT = {
    "docs/map_title.md": '---\ntitle: {a: "</title></span><img src=x onerror=alert(3)>"}\n---\n\nBody.\n',
    "docs/list_title.md": '---\ntitle: [["</title><img src=x onerror=alert(5)>"]]\n---\n\nBody.\n',
    "docs/list_description.md": (
        '---\ntitle: Fine\ndescription: [["\\"><img src=x onerror=alert(6)>"]]\n'
        'extra: {deep: [{x: "<script>alert(7)</script>"}]}\n---\n\nBody.\n'
    ),
}
GOOD = "---\ntitle: Good\nvideoId: E_rNotqs--I\n---\n\nLinks back to [[hostile]] with <i>markup</i> &amp; more.\n"


class _Audit(HTMLParser):
    """Every element, attribute and script body of a page, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


@pytest.fixture(scope="module", params=["material", "mkdocs"])
def hostile_site(request, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp(f"hostile-{request.param}")
    config = write_site(
        root, {"docs/hostile.md": HOSTILE, "docs/good.md": GOOD, **NOT_TEXT}, {"theme": {"name": request.param}}
    )
    build(config)
    return root / "site"


def _pages(site: Path):
    return [p for p in site.rglob("*.html") if "search" not in p.parts]


def test_no_script_or_handler_from_a_note_reaches_any_page(hostile_site):
    for path in _pages(hostile_site):
        audit = _Audit()
        audit.feed(path.read_text(encoding="utf-8"))
        for tag, attrs in audit.tags:
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            assert attrs.get("src") != "x", (path, tag, attrs)
        assert not any("alert(" in script for script in audit.scripts), path


def test_crafted_targets_only_become_in_site_topic_links(hostile_site):
    html = content(page(hostile_site, "hostile"))
    links = elements(html, "pmn-link")
    assert [e.text for e in links][:3] == ["../../etc/passwd", "<script>alert(1)</script>", "javascript:alert(1)"]
    base = "http://site.test/hostile/"
    for element in links[:3]:
        assert "pmn-topic" in element.attrs["class"]
        url = urlparse(urljoin(base, element.attrs["href"]))
        assert (url.scheme, url.netloc) == ("http", "site.test") and url.path.startswith("/topics/")
        assert (hostile_site / url.path.strip("/") / "index.html").is_file()


def test_every_href_of_a_note_stays_in_the_site_or_goes_to_youtube(hostile_site):
    for name in ("hostile", "good"):
        for element in elements(content(page(hostile_site, name)), "pmn-link", "pmn-ts"):
            href = element.attrs.get("href")
            if href is None:
                continue
            url = urlparse(urljoin(f"http://site.test/{name}/", href))
            assert url.netloc in ("site.test", "www.youtube.com"), href


def test_labels_titles_and_sentences_are_text(hostile_site):
    html = page(hostile_site, "hostile")
    assert "&lt;img src=x onerror=alert(4)&gt;" in html  # the label, shown as written
    topic = page(hostile_site, "topics/scriptalert1script")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in topic
    panel = html[html.find('<aside class="pmn-backlinks"') :]
    assert "<q>Links back to hostile with markup &amp; more.</q>" in panel  # tags dropped, entity read


def test_an_invalid_video_id_never_reaches_a_url(hostile_site):
    html = page(hostile_site, "hostile")
    assert "pmn-player" not in content(html)
    assert [e.attrs["class"] for e in elements(content(html), "pmn-ts")] == ["pmn-ts pmn-ts-novideo"]
    assert "youtube" not in content(html)


def test_a_title_that_is_not_text_is_dropped_for_the_file_name(hostile_site):
    html = page(hostile_site, "map_title")
    assert "alert(3)" not in html
    assert "<title>Map title" in html


def test_no_control_character_of_a_note_reaches_the_build_log(tmp_path, pmn_logs):
    """ESC, BEL and CR would drive the terminal or CI log the build prints to: every line escapes them."""
    evil = (
        "---\ntitle: Evil\nvideoId: abcdefghijk\n---\n\n"
        "See [[a\x1b[2Jb]], [[c\x1b:owned\x07d]] and [[good | lab\x1b[31mel]] at"
        ' <a class="yt-timestamp" data-t="00:0\x071:0\r5">[00:01:05\x1b[0m]</a> and'
        ' <a class="yt-timestamp" data-t="00:02:05">[00:02:0\x075]</a>.\n'
    )
    files = {
        "docs/evil.md": evil,
        "docs/good.md": "---\ntitle: Good\n---\n\n# Good\n\nFine.\n",
        "docs/b\x1b[2Jad.md": "---\ntitle: [unclosed\x07\n---\n\nBody.\n",  # a file name is note text too
    }
    build(write_site(tmp_path, files, {"plugins": [{"pmnotes": {"lint": True}}]}))
    messages = [message for _, message in pmn_logs()]
    assert any("PMN101" in m and "\\x07" in m and "\\r" in m for m in messages)  # the data-t, escaped
    assert any("'c\\x1b:owned\\x07d'" in m for m in messages)  # a link target, escaped
    assert any(m.startswith("PMN401 docs/b\\x1b[2Jad.md") for m in messages)
    assert [m for m in messages if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in m)] == []


# The plugin's own short form of a timestamp, as a note could spell it in raw HTML: with the
# plugin's old fixed markup, with each reading mark, and with a guessed token.
FORGED = [
    '<a class="pmn-ts-c" data-t="x" data-s="5">[" onmouseover="alert(1)]</a>',
    '<a class="pmn-ts-c" data-t="x" data-s="5s">[" onmouseover="alert(2)]</a>',
    '<a class="pmn-ts-c" data-t="x" data-s="5l">[" onmouseover="alert(3)]</a>',
    '<a class="pmn-ts-c" data-t="x" data-s="5f">[" onmouseover="alert(4)]</a>',
    '<a class="pmn-ts-c" data-pmn-mark="000000000000000000000000" data-t="x" data-s="5">[" onmouseover="alert(5)]</a>',
    '<a class="pmn-ts-c" data-pmn-mark="" data-t="x" data-s="5">[" onmouseover="alert(6)]</a>',
]


def test_a_note_cannot_forge_the_short_timestamp_form(site):
    note = (
        "---\ntitle: Forger\nvideoId: E_rNotqs--I\n---\n\n"
        + "\n\n".join(f"Claim {i} {forged}" for i, forged in enumerate(FORGED))
        + '\n\nA real one <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>.\n'
    )
    _, site_dir = site({"docs/forger.md": note}, {"theme": {"name": "mkdocs"}})
    html = content(page(site_dir, "forger"))
    for forged in FORGED:
        assert forged in html  # left as written: inert, as it is without the plugin
    audit = _Audit()
    audit.feed(html)
    assert not [attrs for _, attrs in audit.tags if any(name.startswith("on") for name in attrs)]
    forged_tags = [attrs for tag, attrs in audit.tags if tag == "a" and attrs.get("data-t") == "x"]
    assert len(forged_tags) == len(FORGED)
    assert all(attrs["class"] == "pmn-ts-c" and "href" not in attrs for attrs in forged_tags)
    real = [e for e in elements(html, "pmn-ts") if e.attrs.get("data-t") == "00:01:05"]
    assert [e.attrs["href"] for e in real] == ["https://www.youtube.com/watch?v=E_rNotqs--I&t=65s"]
    assert html.count("pmn-ts-c") == len(FORGED)  # no real timestamp is left short, so no token is shown


def test_each_build_draws_its_own_timestamp_token():
    from mkdocs_pmnotes.render.markup import CompactTimestamps, Moment, timestamp

    moment = Moment("00:01:05", "00:01:05", "E_rNotqs--I", 65)
    first, second = CompactTimestamps(), CompactTimestamps()
    assert first.token != second.token
    short = first.compact(moment)
    assert first.expand(short, "E_rNotqs--I") == timestamp(moment)
    assert second.expand(short, "E_rNotqs--I") == short  # another build's short form stays as it is
