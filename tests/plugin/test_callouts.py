"""Obsidian callouts render as Material admonitions, folding as `details`, nested too."""

from __future__ import annotations

import markdown
import pytest

from mkdocs_pmnotes.markdown_ext import PmnotesExtension

from .conftest import content, elements, page


def render(text: str) -> str:
    return markdown.markdown(text, extensions=[PmnotesExtension()])


@pytest.mark.parametrize(
    ("first", "opening", "title"),
    [
        ("> [!NOTE]", '<div class="admonition note">', '<p class="admonition-title">Note</p>'),
        (
            "> [!tip] A *titled* tip",
            '<div class="admonition tip">',
            '<p class="admonition-title">A <em>titled</em> tip</p>',
        ),
        ("> [!FAQ]", '<div class="admonition question">', '<p class="admonition-title">Faq</p>'),
        ("> [!custom] Mine", '<div class="admonition note">', '<p class="admonition-title">Mine</p>'),
        ("> [!EXAMPLE]-", '<details class="example">', "<summary>Example</summary>"),
        ("> [!warning]+ Open", '<details class="warning" open="open">', "<summary>Open</summary>"),
    ],
)
def test_a_callout_is_an_admonition(first, opening, title):
    html = render(f"{first}\n> The body.\n")
    assert html.startswith(opening) and title in html
    assert "<p>The body.</p>" in html and "[!" not in html and "<blockquote>" not in html


def test_callouts_nest_and_plain_quotes_stay_quotes():
    html = render("Before\n> [!tip] Outer\n> Body\n> > [!bug]- Inner\n> > deep\n\n> Just a quote\n")
    assert html.index("<p>Before</p>") < html.index('<div class="admonition tip">')
    assert '<details class="bug">\n<summary>Inner</summary>\n<p>deep</p>\n</details>' in html
    assert "<blockquote>\n<p>Just a quote</p>\n</blockquote>" in html


def test_a_callout_in_a_list_item():
    html = render("- item\n\n    > [!note]\n    > inside\n")
    assert '<li>\n<p>item</p>\n<div class="admonition note">' in html


TS = '<a class="yt-timestamp" data-t="{t}">[{t}]</a>'


def test_links_and_timestamps_inside_callouts_work_on_the_site(site):
    note = (
        "---\ntitle: Callouts\nvideoId: dQw4w9WgXcQ\n---\n\n# Callouts\n\n"
        f"> [!NOTE] About [[other]]\n> A claim about [[other | the other note]] {TS.format(t='00:01:05')}.\n\n"
        f"> [!example]- Folded\n> > [!tip]\n> > Deep [[other]] {TS.format(t='00:02:10')}.\n"
    )
    _, site_dir = site({"docs/index.md": "# Home\n", "docs/callouts.md": note, "docs/other.md": "# Other\n"})
    html = content(page(site_dir, "callouts"))
    assert "[!" not in html and "[[" not in html
    assert [e.text for e in elements(html, "pmn-link")] == ["other", "the other note", "other"]
    assert [e.attrs["data-pmn-seconds"] for e in elements(html, "yt-timestamp")] == ["65", "130"]
    assert '<details class="example">' in html and '<div class="admonition tip">' in html
