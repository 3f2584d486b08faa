"""A timestamp some notes wrap in a Markdown link still renders as a timestamp."""

from __future__ import annotations

from .conftest import content, elements, page

TS = '<a class="yt-timestamp" data-t="{t}">[{t}]</a>'
NOTE = (
    "---\ntitle: Wrapped\nvideoId: dQw4w9WgXcQ\n---\n\n# Wrapped\n\n"
    f"A claim [00:40:58]({TS.format(t='00:40:58')}) and another [00:41:00]({TS.format(t='00:41:00')}).\n\n"
    f"- In a list [00:42:10]({TS.format(t='00:42:10')})\n"
)


def test_a_timestamp_wrapped_in_a_markdown_link_is_a_timestamp(site):
    _, site_dir = site({"docs/index.md": "# Home\n", "docs/wrapped.md": NOTE})
    html = content(page(site_dir, "wrapped"))
    chips = elements(html, "yt-timestamp")
    assert [(c.text, c.attrs["data-pmn-seconds"]) for c in chips] == [
        ("[00:40:58]", "2458"),
        ("[00:41:00]", "2460"),
        ("[00:42:10]", "2530"),
    ]
    assert 'href="&lt;a' not in html and 'href="<a' not in html
    assert "wzxhzdk" not in html and "\x02" not in html
