"""Clock times written in brackets in a note's prose play like anchors, unless turned off."""

from __future__ import annotations

from .conftest import content, elements, page

NOTE = (
    "---\ntitle: Plain\nvideoId: dQw4w9WgXcQ\n---\n\n# Plain\n\n"
    "The pricing change came first [00:26:08], then the rollout [00:54:00, 01:06:00].\n\n"
    "Not times: [see above] and `[00:10:00]` in code.\n"
)


def test_bracketed_times_play_in_a_note_with_a_video(site):
    _, site_dir = site({"docs/index.md": "# Home\n", "docs/plain.md": NOTE})
    html = content(page(site_dir, "plain"))
    chips = elements(html, "yt-timestamp")
    assert [(c.text, c.attrs["data-pmn-seconds"]) for c in chips] == [
        ("[00:26:08]", "1568"),
        ("[00:54:00]", "3240"),
        ("[01:06:00]", "3960"),
    ]
    assert "</a>, <a" in html  # the list keeps its comma between the links
    assert "<code>[00:10:00]</code>" in html


def test_the_option_turns_them_off(site):
    _, site_dir = site(
        {"docs/index.md": "# Home\n", "docs/plain.md": NOTE}, {"plugins": [{"pmnotes": {"plain_timestamps": False}}]}
    )
    html = content(page(site_dir, "plain"))
    assert elements(html, "yt-timestamp") == []
    assert "[00:26:08]" in html and "[00:54:00, 01:06:00]" in html
