"""One bad note never takes the site down, and no source file is ever changed."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from .conftest import build, content, elements, page, write_site

pytestmark = pytest.mark.slow

CP1252 = (
    "---\ntitle: Caf\u00e9 notes\n---\n\nThe caf\u00e9 \u2013 a \u201cthird place\u201d \u2013 and [[good]].\n".encode(
        "cp1252"
    )
)
BROKEN_FRONT = "---\ntitle: [unclosed\nvideoId: E_rNotqs--I\n---\n\nBody with [[good]] and `[[code]]`.\n"
UNCLOSED_FRONT = "---\ntitle: never closed\n\nBody with [[good]].\n"
GOOD = "---\ntitle: Good\n---\n\n# Good\n\nFine.\n"
FILES = {
    "docs/cp1252.md": CP1252,
    "docs/broken.md": BROKEN_FRONT,
    "docs/unclosed.md": UNCLOSED_FRONT,
    "docs/good.md": GOOD,
}


def _digests(root):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (root / "docs").iterdir()}


def test_plain_mkdocs_fails_on_the_cp1252_note(tmp_path):
    # The reason this matters: without the plugin the whole build stops.
    config = write_site(tmp_path, {"docs/cp1252.md": CP1252, "docs/good.md": GOOD}, {"plugins": []})
    with pytest.raises(UnicodeDecodeError):
        mkdocs_build(load_config(config_file=str(config)))


def test_bad_notes_build_and_say_why(tmp_path, pmn_logs):
    config = write_site(tmp_path, FILES)
    before = _digests(tmp_path)
    build(config)
    site = tmp_path / "site"
    assert "caf\u00e9 \u2013 a \u201cthird place\u201d" in page(site, "cp1252")
    assert [e.attrs["href"] for e in elements(content(page(site, "cp1252")), "pmn-link")] == ["../good/"]
    warnings = [message for level, message in pmn_logs() if level == "WARNING"]
    assert any(m.startswith("PMN305 docs/cp1252.md: not valid UTF-8") for m in warnings)
    assert any(re.match(r"PMN401 docs/broken.md:[23]: front matter is not valid YAML", m) for m in warnings)
    assert any(m.startswith("PMN401 docs/unclosed.md:1: front matter is never closed") for m in warnings)
    assert _digests(tmp_path) == before


def test_broken_front_matter_is_shown_as_plain_text(tmp_path):
    build(write_site(tmp_path, FILES))
    html = content(page(tmp_path / "site", "broken"))
    assert "title: [unclosed" in html and "<pre>" in html  # the block, as text
    assert [e.text for e in elements(html, "pmn-link")] == ["good"]  # body links still work
    assert "<code>[[code]]</code>" in html
    assert "pmn-player" not in html  # its videoId was never read


def test_other_pages_are_unaffected(tmp_path):
    build(write_site(tmp_path, {"docs/good.md": GOOD, "docs/other.md": "See [[good]].\n"}))
    clean = page(tmp_path / "site", "other")
    build(write_site(tmp_path, FILES | {"docs/other.md": "See [[good]].\n"}))
    assert content(page(tmp_path / "site", "other")).split("<aside")[0] == content(clean).split("<aside")[0]


def test_strict_build_fails_on_the_warnings(tmp_path):
    from mkdocs.exceptions import Abort

    config = write_site(tmp_path, FILES)
    with pytest.raises(Abort):
        mkdocs_build(load_config(config_file=str(config), strict=True))


def test_a_fifo_dev_zero_and_a_note_over_the_limit_are_left_out_with_a_warning(tmp_path, pmn_logs):
    import os

    big = "---\ntitle: Big\n---\n\n" + "x" * 5000 + "\n"
    config = write_site(
        tmp_path, {"docs/good.md": GOOD, "docs/big.md": big}, {"plugins": [{"pmnotes": {"max_file_size": "4KB"}}]}
    )
    os.mkfifo(tmp_path / "docs" / "x.md")  # no writer: reading it would wait forever
    os.symlink("/dev/zero", tmp_path / "docs" / "zero.md")
    build(config)
    site = tmp_path / "site"
    assert "Fine." in page(site, "good")
    assert not any((site / name).exists() for name in ("x", "zero", "big"))
    warnings = sorted(message for level, message in pmn_logs() if level == "WARNING")
    assert warnings == [
        "docs/big.md: is larger than the size limit (4,096 bytes, `max_file_size`); left out of the site",
        "docs/x.md: is a FIFO, not a regular file; left out of the site",
        "docs/zero.md: is a character device, not a regular file; left out of the site",
    ]


def test_billion_laughs_front_matter_builds_as_text_in_a_few_megabytes(tmp_path, pmn_logs):
    import tracemalloc

    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [{','.join(['*' + chr(96 + i)] * 9)}]")
    lines += ["title: *i", "aliases: *i", "description: *i"]
    bomb = "---\n" + "\n".join(lines) + "\n---\n\nA [[good]] note.\n"
    config = write_site(tmp_path, {"docs/good.md": GOOD, "docs/bomb.md": bomb}, {"theme": {"name": "material"}})
    tracemalloc.start()
    try:
        build(config)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    html = page(tmp_path / "site", "bomb")
    assert "lol" in content(html) and [e.text for e in elements(content(html), "pmn-link")] == ["good"]
    assert (
        "WARNING",
        "PMN401 docs/bomb.md:6: front matter stands for more than 10,000 values"
        " (YAML aliases repeat them); built as plain text",
    ) in pmn_logs()
    assert peak < 96 * 1024 * 1024  # 7.47 GB when the plugin expanded the aliases


@pytest.mark.parametrize("duration", ["²", "9" * 5_000], ids=["superscript-digit", "5000-digits"])
def test_a_duration_int_refuses_builds_as_no_duration(site, duration):
    anchor = '<a class="yt-timestamp" data-t="00:01:07">[00:01:07]</a>'
    note = f'---\ntitle: Odd\nvideoId: abcdefghijk\nduration: "{duration}"\n---\n\nClaim {anchor}.\n'
    _, site_dir = site({"docs/odd.md": note, "docs/good.md": GOOD})
    [stamp] = elements(content(page(site_dir, "odd")), "yt-timestamp")
    assert stamp.attrs["href"] == "https://www.youtube.com/watch?v=abcdefghijk&t=67s"
    assert "Fine." in page(site_dir, "good")


def test_a_topic_of_long_four_byte_characters_gets_a_file_name_the_disk_takes(site):
    # 64 characters, under the 80-character cut, are 256 bytes: one more than a file name may hold.
    wide, long = "𝒜" * 64, "𝒜" * 79 + "x"
    text = f"See [[{wide}]], [[{wide}b]], [[{long}]] and [[{long}y]].\n"
    _, site_dir = site({"docs/a.md": text, "docs/good.md": GOOD})
    hrefs = [e.attrs["href"] for e in elements(content(page(site_dir, "a")), "pmn-link")]
    assert len(set(hrefs)) == 4  # four topics, four pages
    for href in hrefs:
        assert href.startswith("../topics/")
        folder = site_dir / "topics" / unquote(href.removeprefix("../topics/").strip("/"))
        assert (folder / "index.html").is_file()
        assert len(folder.name.encode("utf-8")) <= 200
    names = [p.name for p in site_dir.rglob("*")]
    assert max(len(name.encode("utf-8")) for name in names) <= 255
