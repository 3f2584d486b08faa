"""Random edits through one `mkdocs serve`: every rebuild writes what a clean build writes, page for page.

A seeded random author edits a small site (a sentence, a title, a link, the front
matter, a heading; adds, deletes and renames notes), and after each edit the site
is rebuilt through the plugin's serve state, with `--dirty` (only the pages whose
file or change key changed are written) or without (generated pages whose key is
the same get their kept output). The site folder must then equal a clean build of
the same sources. A page that shows something its change key does not cover stays
stale under `--dirty`, and this test sees it.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from dataclasses import dataclass, field

import pytest

from .conftest import build, write_site, written_tree

pytestmark = pytest.mark.slow

VIDEOS = ("E_rNotqs--I", "qNPPoj1qUG0", "dQw4w9WgXcQ")
TOPICS = ("pricing", "growth loops", "hiring", "lennyspodcast")
WORDS = ("teams", "ship", "early", "pricing", "retention", "matters", "users", "often", "slowly", "wins")
STEPS = 12


@dataclass
class Note:
    title: str | None
    video: str | None = None
    date: str | None = None
    episode: str | None = None
    source: str | None = None  # a `From:` line's target
    heading: bool = False  # a `## Details` section other notes may link to
    sentences: list[tuple[str, list[str], int | None]] = field(default_factory=list)  # text, links, second

    def text(self) -> str:
        front = [f"title: {self.title}"] if self.title else []
        front += [f"videoId: {self.video}"] if self.video else []
        front += [f"date: {self.date}"] if self.date else []
        front += [f"episode: {self.episode}"] if self.episode else []
        lines = ["---", *front, "---", ""] if front else []
        if self.source:
            lines += [f"From: [[{self.source}]]", ""]
        for sentence, links, second in self.sentences:
            linked = " ".join(f"[[{target}]]" for target in links)
            stamp = ""
            if second is not None:
                clock = f"{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
                stamp = f' <a class="yt-timestamp" data-t="{clock}">[{clock}]</a>'
            lines += [f"{sentence} {linked}{stamp}.".replace(" .", "."), ""]
        if self.heading:
            lines += ["## Details", "", "More on it.", ""]
        return "\n".join(lines)


class Author:
    """Random notes and random edits to them, from one seed."""

    def __init__(self, seed: int, docs) -> None:
        self.rng = random.Random(seed)
        self.docs = docs
        self.notes: dict[str, Note] = {}
        self.made = 0

    def sentence(self) -> tuple[str, list[str], int | None]:
        rng = self.rng
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).capitalize()
        links = [self.target() for _ in range(rng.randint(0, 2))]
        return text, links, rng.choice((None, rng.randint(5, 3000)))

    def target(self) -> str:
        rng = self.rng
        if self.notes and rng.random() < 0.6:
            name = rng.choice(sorted(self.notes))
            return f"{name}#Details" if rng.random() < 0.2 else name
        return rng.choice(TOPICS)

    def new_note(self) -> str:
        rng = self.rng
        self.made += 1
        name = f"n{self.made}"
        self.notes[name] = Note(
            title=rng.choice((f"Note {self.made}", None)),
            video=rng.choice((*VIDEOS, None)),
            date=rng.choice((None, f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")),
            source=rng.choice((None, "lennyspodcast", "n1")),
            heading=rng.random() < 0.3,
            sentences=[self.sentence() for _ in range(rng.randint(1, 3))],
        )
        self.write(name)
        return name

    def write(self, name: str) -> None:
        path = self.docs / f"{name}.md"
        path.write_text(self.notes[name].text(), encoding="utf-8")
        later = time.time() + 10  # newer than every page written so far, whatever the clock's grain
        os.utime(path, (later, later))

    def edit(self) -> str:
        """One random edit; returns what it was, for the failure message."""
        rng = self.rng
        kind = rng.choice(("body", "title", "links", "front matter", "heading", "add", "delete", "rename"))
        if kind == "add" or len(self.notes) < 2:
            return f"add {self.new_note()}"
        name = rng.choice(sorted(self.notes))
        note = self.notes[name]
        if kind == "delete":
            del self.notes[name]
            (self.docs / f"{name}.md").unlink()
            return f"delete {name}"
        if kind == "rename":
            self.made += 1
            new = f"n{self.made}"
            self.notes[new] = self.notes.pop(name)
            (self.docs / f"{name}.md").rename(self.docs / f"{new}.md")
            return f"rename {name} to {new}"
        index = rng.randrange(len(note.sentences))
        text, links, second = note.sentences[index]
        if kind == "body":
            note.sentences[index] = (f"{text} {rng.choice(WORDS)}", links, second)
        elif kind == "title":
            note.title = rng.choice((f"Renamed {rng.randint(1, 99)}", None))
        elif kind == "links":
            links = [*links, self.target()] if not links or rng.random() < 0.5 else links[1:]
            note.sentences[index] = (text, links, second)
        elif kind == "heading":
            note.heading = not note.heading
        else:
            field_name = rng.choice(("video", "date", "episode", "source"))
            value = {
                "video": rng.choice((*VIDEOS, None)),
                "date": rng.choice((None, "2025-01-02")),
                "episode": rng.choice((None, "A talk on pricing")),
                "source": rng.choice((None, "lennyspodcast", "other podcast")),
            }[field_name]
            setattr(note, field_name, value)
            kind = f"front matter {field_name}={value}"
        self.write(name)
        return f"{kind} of {name}"


def _clean_build(plugin, config_file, folder, dirty: bool) -> dict[str, bytes]:
    """A build with no serve state, into its own folder; the serve state is put back after."""
    serving = plugin.serve
    plugin.on_startup(command="build", dirty=False)
    shutil.rmtree(folder, ignore_errors=True)
    try:
        build(config_file, site_dir=str(folder))
    finally:
        plugin.on_startup(command="serve", dirty=dirty)
        plugin.serve = serving
    return written_tree(folder)


def _rebuild(config_file, dirty: bool) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    mkdocs_build(load_config(config_file=str(config_file)), dirty=dirty)


@pytest.mark.parametrize("dirty", [True, False], ids=["dirty", "plain"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_serve_rebuild_after_random_edits_equals_a_clean_build(tmp_path, seed, dirty):
    # A nav of its own: under `--dirty` MkDocs does not read the pages it leaves unwritten, so
    # their titles in an automatic nav are wrong (as MkDocs warns); the pages themselves are compared.
    config_file = write_site(
        tmp_path,
        {"docs/index.md": "# Home\n\nThe notes.\n"},
        {"nav": ["index.md"], "plugins": [{"pmnotes": {"graph": True, "index_in_nav": False}}]},
    )
    author = Author(seed, tmp_path / "docs")
    for _ in range(5):
        author.new_note()
    plugin = build(config_file).plugins["pmnotes"]
    plugin.on_startup(command="serve", dirty=dirty)
    edits: list[str] = []
    try:
        _rebuild(config_file, dirty)  # the first rebuild keeps what the next may take over
        assert plugin.serve is not None
        for _ in range(STEPS):
            edits.append(author.edit())
            _rebuild(config_file, dirty)
            served = written_tree(tmp_path / "site")
            clean = _clean_build(plugin, config_file, tmp_path / "clean", dirty)
            differ = sorted(name for name in served.keys() | clean.keys() if served.get(name) != clean.get(name))
            assert not differ, f"after {edits}: {differ}"
    finally:
        plugin.on_startup(command="build", dirty=False)
