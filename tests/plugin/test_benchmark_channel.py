"""The generator's `--channel` note: the notes stay the same bytes, and a build titles every episode it names."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from mkdocs_pmnotes.core.parse import parse_note

from .conftest import build, content, elements, load_generator, page

NOTES = 40


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("channel") / "site"
    return folder, load_generator().generate(folder, NOTES, 5, channel=True)


def test_the_channel_note_leaves_the_notes_as_they_were(generated, tmp_path):
    folder, summary = generated
    plain = tmp_path / "plain"
    load_generator().generate(plain, NOTES, 5)
    with_channel = tree(folder / "docs")
    assert with_channel.pop("lennyspodcast.md")
    assert with_channel == tree(plain / "docs")
    again = tmp_path / "again"
    load_generator().generate(again, NOTES, 5, channel=True)
    assert tree(again) == tree(folder)
    assert 0 < summary["channel_titles"] <= summary["videos"]


def test_the_channel_note_names_its_episodes_as_the_parser_reads_them(generated):
    folder, summary = generated
    titles = json.loads((folder / "truth.json").read_text(encoding="utf-8"))["titles"]
    text = (folder / "docs/lennyspodcast.md").read_text(encoding="utf-8")
    assert dict(parse_note(text, "lennyspodcast.md").video_titles) == titles
    assert len(titles) == summary["channel_titles"] > 0
    assert text.count("\n### [") == len(titles)


@pytest.mark.slow
def test_a_build_titles_every_episode_the_channel_names(generated):
    folder, _ = generated
    build(folder / "mkdocs.yml")
    site_dir = folder / "site-plugin"
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    titles = truth["titles"]
    for name, entry in truth["notes"].items():
        (line,) = elements(content(page(site_dir, name.removesuffix(".md"))), "pmn-episode-ref")
        video = entry["video"]
        assert line.text == titles.get(video, f"{video} (lennyspodcast)"), name
    for video, title in titles.items():
        (h1,) = re.findall(r"<h1[^>]*>(.*?)</h1>", content(page(site_dir, f"episodes/{video}")))
        assert html.unescape(h1) == title
    panel = page(site_dir, "lennyspodcast")
    assert "From: lennyspodcast" not in panel
    listed = elements(panel[panel.find('class="pmn-episode pmn-source-episodes"') :], "pmn-mention")
    assert len(listed) == len({entry["video"] for entry in truth["notes"].values()})  # one entry per episode
