"""Hover text is Markdown a client renders: a note's text in it is shown, never followed or fetched.

A client renders what the server says as CommonMark; VS Code runs `command:` links and fetches
images. The rendering is checked with markdown-it-py (a CommonMark parser, installed with
import-linter's `rich`): no link but the YouTube one, no image, no raw HTML, and the note's
text reads as written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lsprotocol import types
from markdown_it import MarkdownIt

from mkdocs_pmnotes.server.hover import text

from .lsp_support import diagnostics, lsp, open_note, position_of, ready

TITLE = "Trap [run](command:workbench.action.terminal.new) ![t](https://tracker.test/t.png) <img src=x onerror=y>"
TRAP = f"""\
---
title: {TITLE!r}
videoId: "x) [watch](command:evil"
---

![pixel](https://tracker.test/pixel.png)
See [this](command:workbench.action.terminal.sendSequence) and <img src="https://tracker.test/raw.png"> here.
Visit https://evil.test/page or www.evil.test or me@evil.test, `code` **bold** | a | b |
[ref]: https://evil.test/ref
Claim <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a> and <a class="yt-timestamp" data-t="[go](command:x)">[x]</a>.
"""
DRAFT = "---\ntitle: Draft\n---\n\nSee [[trap]] and [[**bold** <b>x</b> !(command:y) https://evil.test/z &amp; me@evil.test]].\n"

# What GitHub-flavoured renderers (VS Code's among them) make a link of by themselves.
_AUTOLINKED = re.compile(r"(?i)(?:https?|ftp)://|\bwww\.|[\w.+-]@[\w-]+\.")
_COMMONMARK = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _rendered(markdown: str) -> list:
    """Every inline and block token CommonMark makes of `markdown`."""
    tokens = []
    for token in _COMMONMARK.parse(markdown):
        tokens.append(token)
        tokens.extend(token.children or [])
    return tokens


def _shown(markdown: str) -> str:
    """The text a reader sees, a line break between lines and blocks."""
    breaks = ("softbreak", "hardbreak", "paragraph_close")
    return "".join(
        t.content if t.type in ("text", "code_inline") else "\n" * (t.type in breaks) for t in _rendered(markdown)
    )


def _inert(markdown: str, links: tuple[str, ...] = ()) -> None:
    """No image, raw HTML or link in `markdown`, but plain links to `links`; no bare URL a client would link."""
    kinds = {t.type for t in _rendered(markdown)}
    assert not kinds & {"image", "html_inline", "html_block"}, markdown
    hrefs = [t.attrs.get("href") for t in _rendered(markdown) if t.type == "link_open"]
    assert hrefs == [], markdown  # the YouTube address is written out, never a Markdown link
    for allowed in links:
        markdown = markdown.replace(allowed, "")
    assert _AUTOLINKED.search(markdown) is None, markdown


@pytest.fixture
def trap(site: Path) -> Path:
    (site / "docs" / "trap.md").write_text(TRAP, encoding="utf-8")
    (site / "docs" / "draft.md").write_text(DRAFT, encoding="utf-8")
    return site


async def _hover(client, path: Path, needle: str, inside: int = 3) -> str:
    uri = open_note(client, path)
    await diagnostics(client, uri, version=1)
    found = await client.text_document_hover_async(
        types.HoverParams(
            types.TextDocumentIdentifier(uri), position_of(path.read_text(encoding="utf-8"), needle, inside=inside)
        )
    )
    assert found.contents.kind == types.MarkupKind.Markdown
    return found.contents.value


@lsp
async def test_a_linked_note_is_shown_as_text(server, trap):
    client = await server(trap)
    await ready(client)
    value = await _hover(client, trap / "docs" / "draft.md", "[[trap")
    _inert(value)
    shown = _shown(value)
    assert TITLE in shown  # the title as written, markup and all, as text
    assert "See this and here." in shown  # a link is its words; the images and the tag are gone
    assert "pixel.png" not in value and "raw.png" not in value
    assert "Visit https://evil.test/page or www.evil.test or me@evil.test, `code` **bold** | a | b |" in shown
    assert "[ref]: https://evil.test/ref" in shown


@lsp
async def test_a_dangling_target_is_shown_as_text(server, trap):
    client = await server(trap)
    await ready(client)
    value = await _hover(client, trap / "docs" / "draft.md", "[[**bold")
    _inert(value)
    assert "**bold** <b>x</b> !(command:y) https://evil.test/z &amp; me@evil.test: no note yet" in _shown(value)


@lsp
async def test_a_timestamp_links_only_to_a_valid_video(server, trap):
    client = await server(trap)
    await ready(client)
    path = trap / "docs" / "trap.md"
    value = await _hover(client, path, 'data-t="00:01:05"')
    _inert(value)
    assert "youtube" not in value and "command:" not in value
    assert "not a YouTube video id" in value
    unreadable = await _hover(client, path, 'data-t="[go]')
    _inert(unreadable)
    assert _shown(unreadable).startswith("[go](command:x) is not a clock time")


@lsp
async def test_a_timestamp_of_a_valid_video_links_to_youtube(server, trap):
    path = trap / "docs" / "trap.md"
    path.write_text(TRAP.replace('"x) [watch](command:evil"', "E_rNotqs--I"), encoding="utf-8")
    client = await server(trap)
    await ready(client)
    value = await _hover(client, path, 'data-t="00:01:05"')
    _inert(value, links=("https://www.youtube.com/watch?v=E_rNotqs--I&t=65s",))
    assert "https://www.youtube.com/watch?v=E_rNotqs--I&t=65s" in value


NASTY = [
    "[run](command:workbench.action.terminal.new)",
    "![t](https://tracker.test/t.png)",
    '<img src="https://tracker.test/x.png"> <b>x</b> &amp; &#91;',
    "https://evil.test www.Evil.test me@evil.test <https://evil.test>",
    "`code` ``a`b`` **bold** _em_ ~~del~~ \\* \\",
    "[ref]: https://evil.test\n[x][ref] [ref]",
    "line\n# heading\n- item\n> quote\n| a | b |\n|---|---|",
    "a\x0bb\x0cc\x1cd\x85e\u2028f",
    "impact_of_ai __init__ 06:33:00 E_rNotqs--I",
]


@pytest.mark.parametrize("value", NASTY)
def test_text_renders_as_exactly_the_text(value):
    escaped = text(value)
    assert "\n" not in escaped
    _inert(escaped)
    assert _shown(escaped).strip() == re.sub(r"[\x00-\x1f\x85\u2028]+", " ", value).strip()


def test_text_leaves_plain_words_alone():
    assert text("impact_of_ai_on_product_development, 06:33:00. Evals decide.") == (
        "impact_of_ai_on_product_development, 06:33:00. Evals decide."
    )
